package server

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// pixelOf returns the tile at zoom z holding p and p's pixel in it, for a
// tile size pixels wide.
func pixelOf(p orb.Point, z maptile.Zoom, size int) (maptile.Tile, int, int) {
	f := maptile.Fraction(p, z)
	tl := maptile.New(uint32(f[0]), uint32(f[1]), z)
	return tl, int((f[0] - math.Floor(f[0])) * float64(size)), int((f[1] - math.Floor(f[1])) * float64(size))
}

func TestRasterTile(t *testing.T) {
	s := mustAtlasServer(t)
	kaifeng := orb.Point{114.31, 34.8}
	for _, tt := range []struct {
		when, suffix string
		size         int
		holder       string
	}{
		{"1120", ".png", 256, "song"},
		{"1141", ".png", 256, "jin"},
		{"1141", "@2x.png", 512, "jin"},
	} {
		t.Run(tt.when+tt.suffix, func(t *testing.T) {
			tl, x, y := pixelOf(kaifeng, 6, tt.size)
			target := "/tiles/6/" + strconv.Itoa(int(tl.X)) + "/" + strconv.Itoa(int(tl.Y)) + tt.suffix + "?datetime=" + tt.when + "&layers=territories"
			res := get(t, s, "GET", target, nil)
			img := mustPNG(t, res)
			if got := img.Bounds().Dx(); got != tt.size {
				t.Errorf("width %d, want %d", got, tt.size)
			}
			if got := holderAt(t, s, img, x, y); got != tt.holder {
				t.Errorf("Kaifeng drawn in %s's colour, want %s's", got, tt.holder)
			}
			etag := res.Header.Get("ETag")
			if etag == "" || res.Header.Get("Cache-Control") == "" {
				t.Fatalf("ETag %q, Cache-Control %q", etag, res.Header.Get("Cache-Control"))
			}
			if got := get(t, s, "GET", target, map[string]string{"If-None-Match": etag}).StatusCode; got != http.StatusNotModified {
				t.Errorf("If-None-Match: status %d, want 304", got)
			}
		})
	}
	// a tile far from any change is the same in two years: one ETag
	a := get(t, s, "GET", "/tiles/6/50/28.png?datetime=1150", nil).Header.Get("ETag")
	b := get(t, s, "GET", "/tiles/6/50/28.png?datetime=1151", nil).Header.Get("ETag")
	if a == "" || a != b {
		t.Errorf("the same state in 1150 and 1151: ETags %s and %s", a, b)
	}
	for _, bad := range []string{"/tiles/19/0/0.png", "/tiles/5/26/12.png?datetime=x", "/tiles/5/26/12.png?width=3"} {
		if got := get(t, s, "GET", bad, nil).StatusCode; got != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", bad, got)
		}
	}
}

func TestRasterTileJSON(t *testing.T) {
	s := mustAtlasServer(t)
	var tj struct {
		TileJSON string   `json:"tilejson"`
		Tiles    []string `json:"tiles"`
		MaxZoom  int      `json:"maxzoom"`
		Vector   any      `json:"vector_layers"`
	}
	mustJSON(t, get(t, s, "GET", "/tiles.json?format=png&datetime=1141&scale=2&lang=zh", nil), &tj)
	if tj.TileJSON != "3.0.0" || len(tj.Tiles) != 1 || tj.Vector != nil {
		t.Fatalf("got %+v", tj)
	}
	if want := "/tiles/{z}/{x}/{y}@2x.png?datetime=1141&lang=zh"; !strings.HasSuffix(tj.Tiles[0], want) {
		t.Errorf("tiles %q, want …%s", tj.Tiles[0], want)
	}
	if got := get(t, s, "GET", "/tiles.json?format=png&scale=3", nil).StatusCode; got != http.StatusBadRequest {
		t.Errorf("scale=3: status %d, want 400", got)
	}
}
