package dataset

import (
	"errors"
	"os"
	"testing"
	"testing/fstest"
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
