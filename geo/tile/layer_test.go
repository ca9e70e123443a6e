package tile

import (
	"os"
	"testing"

	"github.com/paulmach/orb/encoding/mvt"
)

func TestLayer(t *testing.T) {
	for _, name := range []string{"3-6-3.mvt", "5-26-12.mvt", "8-214-110.mvt"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		all, err := mvt.Unmarshal(b)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range all {
			got, ok, err := ExtractLayer(b, want.Name)
			if err != nil || !ok {
				t.Fatalf("%s: ExtractLayer(%s) = %v, %v", name, want.Name, ok, err)
			}
			ls, err := mvt.Unmarshal(got)
			if err != nil {
				t.Fatalf("%s: the layer %s alone does not decode: %v", name, want.Name, err)
			}
			if len(ls) != 1 || ls[0].Name != want.Name || len(ls[0].Features) != len(want.Features) {
				t.Errorf("%s: layer %s alone: %d layers, want 1 with %d features", name, want.Name, len(ls), len(want.Features))
			}
		}
		if _, ok, err := ExtractLayer(b, "nothing"); ok || err != nil {
			t.Errorf("%s: a missing layer: %v, %v", name, ok, err)
		}
		for cut := 1; cut < len(b); cut += len(b)/7 + 1 {
			ExtractLayer(b[:cut], "places") // must not panic
		}
	}
	if _, _, err := ExtractLayer([]byte{0x1a, 0xff}, "x"); err == nil {
		t.Error("a truncated tile: no error")
	}
}

func FuzzLayer(f *testing.F) {
	if b, err := os.ReadFile("testdata/5-26-12.mvt"); err == nil {
		f.Add(b, "territories")
	}
	f.Add([]byte{0x1a, 0x03, 0x0a, 0x01, 'a'}, "a")
	f.Fuzz(func(t *testing.T, b []byte, name string) {
		if got, ok, err := ExtractLayer(b, name); ok && err == nil && len(got) > len(b) {
			t.Fatal("a layer longer than its tile")
		}
	})
}
