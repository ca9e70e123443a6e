package cql2json

import (
	"strings"
	"testing"

	"github.com/chronoatlas/chronoatlas/internal/cql2"
	"github.com/paulmach/orb"
)

// items are what the fuzzer matches its filters against.
var items = []cql2.Props{
	{"polity": cql2.Text("jin"), "start": cql2.Day(400000), "geometry": cql2.Geom(orb.Point{1, 1})},
	{},
}

func TestParseJSONErrors(t *testing.T) {
	tests := []struct{ json, want string }{
		{`{`, "at $: not JSON"},
		{`{}`, "at $: expected an object with op and args"},
		{`true false`, "more than one JSON value"},
		{`{"op":"="}`, "at $.args: expected an array"},
		{`{"op":"=","args":[1]}`, "at $.args: = takes 2 arguments, not 1"},
		{`{"op":"and","args":[true]}`, "and takes at least 2"},
		{`{"op":"and","args":[true, {"op":"=","args":[{"property":1},2]}]}`, "at $.args[1].args[0].property: expected a property name"},
		{`{"op":"+","args":[1,2]}`, `at $.op: the operator "+" is not supported`},
		{`{"op":"=","args":[{"property":"start"},{"date":"1141"}]}`, "at $.args[1].date"},
		{`{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}]}`, "at $.args[1]: a polygon's ring"},
		{`{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Blob","coordinates":[1,2]}]}`, "not a GeoJSON geometry"},
		{`{"op":"in","args":[{"property":"id"},"a"]}`, "at $.args[1]: expected the list"},
		{`{"op":"=","args":[{"property":"id"},{"op":"casei","args":["a"]}]}`, "at $.args[1]: a function or operator here is not supported"},
		{`{"op":"t_intersects","args":[{"interval":["1141-01-01"]},{"date":"1141-01-01"}]}`, "at $.args[0].interval: expected an array of a start and an end"},
		{`{"op":"=","args":[{"property":"id"},{"bbox":[1,2,3]}]}`, "a BBOX takes 4 or 6 numbers"},
		{`[1]`, "at $: expected an object"},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			_, err := Parse([]byte(tt.json))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error with %q", err, tt.want)
			}
		})
	}
}

func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{`{"op":"=","args":[{"property":"polity"},"song"]}`, `true`,
		`{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[0,0,1,1]}]}`,
		`{"op":"t_intersects","args":[{"interval":[{"property":"start"},".."]},{"date":"1141-01-01"}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := Parse(b)
		if err != nil {
			if _, ok := err.(*cql2.Error); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		for _, it := range items {
			e.Match(it)
		}
	})
}
