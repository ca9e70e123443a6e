package pictures

import (
	"errors"
	"testing"

	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/paulmach/orb/maptile"
)

func TestParseRasterTile(t *testing.T) {
	tests := []struct {
		path  string
		tile  maptile.Tile
		scale float64
		err   bool
	}{
		{"5/26/12.png", maptile.New(26, 12, 5), 1, false},
		{"5/26/12@2x.png", maptile.New(26, 12, 5), 2, false},
		{"0/0/0.png", maptile.New(0, 0, 0), 1, false},
		{"5/32/12.png", maptile.Tile{}, 0, true},
		{"19/0/0.png", maptile.Tile{}, 0, true},
		{"5/26/12@3x.png", maptile.Tile{}, 0, true},
		{"5/26/-1.png", maptile.Tile{}, 0, true},
		{"5/26.png", maptile.Tile{}, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			tl, scale, err := parseRasterTile(tt.path)
			if (err != nil) != tt.err {
				t.Fatalf("error %v, want error: %t", err, tt.err)
			}
			if err == nil && (tl != tt.tile || scale != tt.scale) {
				t.Errorf("got %v at %g, want %v at %g", tl, scale, tt.tile, tt.scale)
			}
		})
	}
}

// FuzzParseRasterTile: a raster tile path is refused with a 400 or 404, or
// names a tile that exists, at scale 1 or 2.
func FuzzParseRasterTile(f *testing.F) {
	for _, s := range []string{"5/26/12.png", "5/26/12@2x.png", "0/0/0.png", "18/262143/262143.png", "19/0/0.png", "5/32/0.png", "5/0/0@3x.png", "5/0/0.mvt", "a/b/c.png", "5/0/@2x.png"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tile, scale, err := parseRasterTile(s)
		if err != nil {
			var fe *fault.Error
			if !errors.As(err, &fe) || (fe.Kind != fault.Invalid && fe.Kind != fault.NotFound) {
				t.Fatalf("path %q: error %v is neither 400 nor 404", s, err)
			}
			return
		}
		if tile.Z > MaxZoom || tile.X >= 1<<tile.Z || tile.Y >= 1<<tile.Z || (scale != 1 && scale != 2) {
			t.Fatalf("path %q: tile %v at scale %g does not exist", s, tile, scale)
		}
	})
}
