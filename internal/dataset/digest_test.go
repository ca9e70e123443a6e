package dataset

import (
	"os"
	"testing"
	"testing/fstest"
)

// TestDigest: the same files give the same digest, a change to any byte of
// any file another.
func TestDigest(t *testing.T) {
	base := fstest.MapFS{}
	for _, name := range []string{"dataset.json", "territories.geojson", "places.geojson", "rivers.geojson", "events.geojson"} {
		raw, err := os.ReadFile("testdata/mini/" + name)
		if err != nil {
			t.Fatal(err)
		}
		base[name] = &fstest.MapFile{Data: raw}
	}
	load := func(fsys fstest.MapFS) string {
		t.Helper()
		ds, err := Load(fsys)
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		return ds.Digest()
	}
	want := load(base)
	if len(want) != 64 {
		t.Fatalf("Digest() = %q, want 64 hex digits", want)
	}
	if got := load(base); got != want {
		t.Errorf("a second load: got %s, want %s", got, want)
	}
	if got := mustLoad(t, "testdata/mini").Digest(); got != want {
		t.Errorf("from the folder: got %s, want %s", got, want)
	}
	changed := fstest.MapFS{}
	for k, v := range base {
		changed[k] = v
	}
	raw := append([]byte(nil), base["places.geojson"].Data...)
	changed["places.geojson"] = &fstest.MapFile{Data: append(raw, ' ')}
	if got := load(changed); got == want {
		t.Errorf("a space added to places.geojson left the digest at %s", got)
	}
}
