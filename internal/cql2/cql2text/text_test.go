package cql2text

import (
	"strings"
	"testing"

	"github.com/chronoatlas/chronoatlas/internal/cql2"
	"github.com/paulmach/orb"
)

// items are what the fuzzer matches its filters against.
var items = []cql2.Props{
	{"polity": cql2.Text("song"), "a": cql2.Num(1), "b": cql2.Text("x"), "geometry": cql2.Geom(orb.Point{0.5, 0.5}), "start": cql2.Day(0)},
	{},
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ text, want string }{
		{``, "at byte 0: expected a value or a property name, found the end of the filter"},
		{`polity = `, "at byte 9: expected a value or a property name"},
		{`polity = 'song`, "at byte 9: a string is not closed"},
		{`polity == 'song'`, "at byte 8: expected a value or a property name"},
		{`polity = 'song' AND`, "at byte 19: expected a value"},
		{`polity = 'song' jin`, "at byte 16: expected AND, OR or the end of the filter"},
		{`(polity = 'song'`, "at byte 16: expected \")\""},
		{`population + 1 > 2`, "at byte 11: arithmetic is not supported"},
		{`CASEI(name) = 'x'`, "at byte 0: the function CASEI is not supported"},
		{`S_INTERSECTS(geometry, POINT(1))`, "at byte 30: expected a coordinate"},
		{`S_INTERSECTS(geometry, POINT Z (1 2 3))`, "only two-dimensional"},
		{`S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 2)))`, "must end where it starts"},
		{`S_INTERSECTS(geometry, BBOX(1, 2, 3))`, "a BBOX takes 4 or 6 numbers, not 3"},
		{`start > DATE('1141')`, "is not a date"},
		{`start > TIMESTAMP('1141-01-01')`, "is not a timestamp"},
		{`start > DATE('1141-13-01')`, "is not a date"},
		{`id LIKE`, "expected a value"},
		{`id BETWEEN 1 OR 2`, "expected AND in BETWEEN"},
		{`id IN 'a'`, "expected \"(\""},
		{`id IN ('a' 'b')`, "expected ',' or ')' in the IN list"},
		{`id IS 'a'`, "expected NULL after IS"},
		{`id # 1`, "at byte 3: unexpected '#'"},
		{`"id = 1`, "at byte 0: a quoted property name is not closed"},
		{strings.Repeat("(", 100) + "TRUE" + strings.Repeat(")", 100), "nests deeper than 64"},
		{strings.Repeat("NOT ", 100) + "TRUE", "nests deeper than 64"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			_, err := Parse(tt.text)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error with %q", err, tt.want)
			}
		})
	}
}

func FuzzParseText(f *testing.F) {
	for _, s := range []string{`polity = 'song'`, `NOT (a = 1) OR b IN (1, 'x')`, `S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 0)))`,
		`T_DURING(INTERVAL(start, end), INTERVAL('1141-01-01', '..'))`, `a LIKE 'x\%_'`, `a IS NOT NULL`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := Parse(s)
		if err != nil {
			if _, ok := err.(*cql2.Error); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		for _, it := range items {
			e.Match(it)
		}
		cql2.Properties(e)
	})
}

func TestLongPattern(t *testing.T) {
	if _, err := Parse("id LIKE '" + strings.Repeat("%", cql2.MaxPattern+1) + "'"); err == nil {
		t.Error("a pattern over cql2.MaxPattern was accepted")
	}
}

func TestNestedCollections(t *testing.T) {
	s := "S_INTERSECTS(geometry, " + strings.Repeat("GEOMETRYCOLLECTION(", 100) + "POINT(0 0)" + strings.Repeat(")", 100) + ")"
	if _, err := Parse(s); err == nil || !strings.Contains(err.Error(), "nests deeper") {
		t.Errorf("got %v, want a nesting error", err)
	}
}
