package fault

import (
	"errors"
	"fmt"
	"io"
	"testing"
)

func TestWrap(t *testing.T) {
	notFound := Errorf(NotFound, "no collection %q", "roads")
	param := Param("bbox", "four numbers, not %d", 3)
	for _, tc := range []struct {
		name    string
		err     error
		kind    Kind
		message string // what the client is told
		param   string
	}{
		{"a plain error is internal", io.ErrUnexpectedEOF, Internal, "internal error", ""},
		{"a fault keeps its kind", notFound, NotFound, `no collection "roads"`, ""},
		{"and its parameter", param, Invalid, "bbox: four numbers, not 3", "bbox"},
		{"through another wrapper", fmt.Errorf("loading: %w", param), Invalid, "bbox: four numbers, not 3", "bbox"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Wrap(tc.err, "cannot serve %s", "it")
			if got.Kind != tc.kind || Message(got) != tc.message || got.Param != tc.param {
				t.Errorf("got kind %s, message %q, param %q; want %s, %q, %q", got.Kind, Message(got), got.Param, tc.kind, tc.message, tc.param)
			}
			if !errors.Is(got, tc.err) {
				t.Errorf("the cause %v is lost", tc.err)
			}
			if KindOf(got) != tc.kind {
				t.Errorf("KindOf: %s, want %s", KindOf(got), tc.kind)
			}
		})
	}
	if got := Wrap(io.EOF, "cannot read %s", "x").Error(); got != "cannot read x: EOF" {
		t.Errorf("an internal error's text for the log: %q", got)
	}
}
