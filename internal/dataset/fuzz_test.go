package dataset

import (
	"context"
	"errors"
	"os"
	"testing"
	"testing/fstest"

	"github.com/paulmach/orb/geojson"
)

// FuzzLoad feeds the loader a fuzzed dataset.json and a fuzzed places file
// beside the test atlas's other files: it must load or report problems,
// never panic, and a dataset it accepts must have what it promised.
func FuzzLoad(f *testing.F) {
	read := func(name string) []byte {
		b, err := os.ReadFile("testdata/mini/" + name)
		if err != nil {
			f.Fatal(err)
		}
		return b
	}
	meta, places := read("dataset.json"), read("places.geojson")
	f.Add(meta, places)
	f.Add(meta, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","id":"x","properties":{"start":"1127~","end":"..","sources":["test-book"]},"geometry":{"type":"Point","coordinates":[114,34]}}]}`))
	f.Add(meta, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}}]}`))
	f.Add([]byte(`{}`), places)
	f.Add([]byte(`{"start":"1200","end":"1100"}`), []byte(`null`))
	files := fstest.MapFS{}
	for _, name := range []string{"territories.geojson", "events.geojson", "rivers.geojson"} {
		files[name] = &fstest.MapFile{Data: read(name)}
	}
	f.Fuzz(func(t *testing.T, meta, places []byte) {
		fsys := fstest.MapFS{"dataset.json": {Data: meta}, "places.geojson": {Data: places}}
		for k, v := range files {
			fsys[k] = v
		}
		ds, err := Load(fsys)
		if err != nil {
			var inv *InvalidError
			if !errors.As(err, &inv) || len(inv.Problems) == 0 {
				t.Fatalf("error %v is not a list of problems", err)
			}
			return
		}
		for _, c := range ds.Collections() {
			if c.Life.End < c.Life.Start {
				t.Fatalf("collection %s lives from %v to %v", c.ID, c.Life.Start, c.Life.End)
			}
			for _, ft := range c.Features {
				if ft.Geometry == nil || ft.Life.End <= ft.Life.Start {
					t.Fatalf("%s: accepted with geometry %v and life %v", ft.Key, ft.Geometry, ft.Life)
				}
			}
		}
	})
}

// FuzzSplitFeatures: the loader's one-pass decoding of a collection takes
// what orb's geojson.UnmarshalFeatureCollection takes, with as many
// features, and refuses what it refuses.
func FuzzSplitFeatures(f *testing.F) {
	for _, s := range []string{
		`{"type": "FeatureCollection", "features": []}`,
		`{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": {"id": "a"}}]}`,
		`{"type": "FeatureCollection", "features": [null]}`,
		`{"type": "FeatureCollection", "bbox": [1, 2, 3, 4], "features": [], "features": [{"type": "Feature"}]}`,
		`{"type": "Feature"}`,
		`{"features": [1]}`,
		`{"type": "FeatureCollection", "bbox": 1, "features": []}`,
		`null`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		l := &loader{ctx: context.Background(), lim: Limits{TrustGeometry: true}}
		got, err := l.parseFeatures(raw)
		want, werr := geojson.UnmarshalFeatureCollection(raw)
		if werr == nil && len(want.Features) == 0 && want.Type == "" {
			return // orb takes a bare null as an empty collection; the loader refuses it
		}
		if (err == nil) != (werr == nil) {
			t.Fatalf("%q: parseFeatures says %v, orb %v", raw, err, werr)
		}
		if err == nil && len(got) != len(want.Features) {
			t.Fatalf("%q: %d features, orb %d", raw, len(got), len(want.Features))
		}
	})
}
