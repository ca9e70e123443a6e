package publish

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chronoatlas/chronoatlas/data"
	"github.com/chronoatlas/chronoatlas/internal/atlas"
)

// TestPreviews: a published site carries PNG previews of its years at a
// link card's size, the pages name the one of the year they open at, and
// the pictures show the years' different holders.
func TestPreviews(t *testing.T) {
	ds := mustLoad(t, data.JinSong())
	dir, _ := mustSite(t, ds, Options{MinZoom: 0, MaxZoom: 2, BaseURL: "https://example.org/atlas"})
	a := atlas.New(ds, time.Unix(0, 0))
	counts := map[int]int{}
	for _, y := range previewYears(a) {
		f, err := os.Open(filepath.Join(dir, filepath.FromSlash(previewPath(y))))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%d: %v", y, err)
		}
		if b := img.Bounds(); b.Dx() != previewW || b.Dy() != previewH {
			t.Errorf("%d: %v, want %d×%d", y, b, previewW, previewH)
		}
		// Territories are drawn translucent over the land: count the
		// pixels whose hue is the Jin's blue.
		for x := 0; x < previewW; x += 4 {
			for yy := 0; yy < previewH; yy += 4 {
				r, g, b, _ := img.At(x, yy).RGBA()
				if b>>8 > r>>8+40 && b>>8 > g>>8+10 {
					counts[y]++
				}
			}
		}
	}
	t.Logf("Jin-blue pixels by year: %v", counts)
	years := previewYears(a)
	first, def := years[0], ds.Meta.View.Year
	if counts[def] <= 4*counts[first] {
		t.Errorf("Jin-blue pixels: %d in %d, %d in %d; want many more once the Jin hold the north", counts[def], def, counts[first], first)
	}
	page, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	want := `<meta property="og:image" content="https://example.org/atlas/` + previewPath(def) + `">`
	if !bytes.Contains(page, []byte(want)) || !strings.Contains(string(page), `twitter:card`) {
		t.Errorf("index.html lacks %s", want)
	}
}
