package geojson

import (
	"errors"
	"reflect"
	"testing"

	"github.com/paulmach/orb"
	orbjson "github.com/paulmach/orb/geojson"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want *Feature // nil: left to orb
	}{
		{"point", `{"type":"Feature","id":"a","geometry":{"type":"Point","coordinates":[114.3,34.8]},"properties":{"name":"Kaifeng"}}`,
			&Feature{ID: "a", Geometry: orb.Point{114.3, 34.8}, Properties: map[string]any{"name": "Kaifeng"}}},
		{"members in any order, white space", " {\n\"properties\" : null , \"geometry\":{ \"coordinates\" : [ [1,2] , [3,4.5e1] ], \"type\":\"LineString\", \"bbox\":[1,2,3,4]}, \"type\":\"Feature\", \"x\": {\"y\": [true]} } ",
			&Feature{Geometry: orb.LineString{{1, 2}, {3, 45}}}},
		{"a third number is dropped", `{"type":"Feature","geometry":{"type":"MultiPoint","coordinates":[[1,2,3]]}}`,
			&Feature{Geometry: orb.MultiPoint{{1, 2}}}},
		{"polygon", `{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}`,
			&Feature{Geometry: orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}},
		{"multipolygon and multilinestring", `{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[0,0]]],[]]}}`,
			&Feature{Geometry: orb.MultiPolygon{{{{0, 0}, {1, 0}, {0, 0}}}, {}}}},
		{"null geometry", `{"type":"Feature","geometry":null,"properties":{"n":-1.5e-3,"l":[1,"x",null,false],"o":{}}}`,
			&Feature{Properties: map[string]any{"n": -1.5e-3, "l": []any{1.0, "x", nil, false}, "o": map[string]any{}}}},
		{"escapes", `{"type":"Feature","properties":{"name":"Bian\u4eac \"x\"\n"}}`,
			&Feature{Properties: map[string]any{"name": "Bian京 \"x\"\n"}}},
		{"long numbers", `{"type":"Feature","geometry":{"type":"Point","coordinates":[117.12345678901234567,0.1e-400]}}`,
			&Feature{Geometry: orb.Point{117.12345678901234567, 0}}},
		{"duplicate member", `{"type":"Feature","type":"Feature"}`, nil},
		{"geometry collection", `{"type":"Feature","geometry":{"type":"GeometryCollection","geometries":[]}}`, nil},
		{"member differing in case", `{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2],"Coordinates":[3,4]}}`, nil},
		{"one number", `{"type":"Feature","geometry":{"type":"Point","coordinates":[1]}}`, nil},
		{"not a feature", `{"type":"Point"}`, nil},
		{"trailing comma", `{"type":"Feature",}`, nil},
		{"leading zero", `{"type":"Feature","id":01}`, nil},
		{"text after", `{"type":"Feature"} x`, nil},
		{"bad utf-8", "{\"type\":\"Feature\",\"id\":\"\xff\"}", nil},
		{"huge number", `{"type":"Feature","id":1e999}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode([]byte(tt.in))
			if tt.want == nil {
				if !errors.Is(err, ErrUnusual) {
					t.Fatalf("got %#v, %v; want ErrUnusual", got, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v\nwant %#v", got, tt.want)
			}
			sameAsOrb(t, []byte(tt.in), got)
		})
	}
}

func TestSplit(t *testing.T) {
	tests := []struct {
		in   string
		want int // -1: left to orb
	}{
		{`{"type":"FeatureCollection","features":[]}`, 0},
		{`{"features":[{"a":1}, null ,[]],"bbox":[1,2,3,4],"type":"FeatureCollection","x":{}}`, 3},
		{`{"type":"FeatureCollection","bbox":null,"features":[{}]}`, 1},
		{`{"type":"FeatureCollection","bbox":"x","features":[]}`, -1},
		{`{"type":"FeatureCollection","features":[],"features":[]}`, -1},
		{`{"type":"FeatureCollection"}`, -1},
		{`{"type":"Feature","features":[]}`, -1},
		{`{"type":"FeatureCollection","features":[1,]}`, -1},
		{`{"type":"FeatureCollection","features":[]}]`, -1},
	}
	for _, tt := range tests {
		got, err := Split([]byte(tt.in))
		if tt.want < 0 {
			if !errors.Is(err, ErrUnusual) {
				t.Errorf("%s: got %q, %v; want ErrUnusual", tt.in, got, err)
			}
			continue
		}
		if err != nil || len(got) != tt.want {
			t.Errorf("%s: got %q, %v; want %d features", tt.in, got, err, tt.want)
		}
	}
}

// sameAsOrb fails unless orb decodes raw to f.
func sameAsOrb(t *testing.T, raw []byte, f *Feature) {
	t.Helper()
	o, err := orbjson.UnmarshalFeature(raw)
	if err != nil {
		t.Fatalf("%q: accepted, but orb says %v", raw, err)
	}
	want := &Feature{ID: o.ID, Geometry: o.Geometry, Properties: o.Properties}
	if want.Properties == nil {
		want.Properties = nil // a nil orb Properties is a nil map
	}
	if !reflect.DeepEqual(f, want) {
		t.Fatalf("%q:\n got %#v\n orb %#v", raw, f, want)
	}
}

// FuzzDecode holds the fast path to orb: what it accepts, orb decodes to
// the same feature.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"type":"Feature","id":"a","geometry":{"type":"Point","coordinates":[114.3,34.8]},"properties":{"name":"Kaifeng","n":[1,{"a":null}]}}`,
		`{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]],[]]]}}`,
		`{"type":"Feature","geometry":{"type":"MultiLineString","coordinates":[[[0,0],[1,-0.5e3]]]},"properties":null}`,
		`{"type":"Feature","properties":{"s":"a\\b\u00e9\ud83d\ude00"}}`,
		`{"type":"Feature","id":12345678901234567890}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, err := Decode(raw)
		if err != nil {
			if !errors.Is(err, ErrUnusual) {
				t.Fatalf("%q: %v is not ErrUnusual", raw, err)
			}
			return
		}
		sameAsOrb(t, raw, got)
	})
}
