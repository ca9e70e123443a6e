package tilecache

import (
	"bytes"
	"context"
	"testing"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/valid"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"
)

// TestAtlasTilesAreValid makes the atlas's tiles over China at zooms 2 to
// 8, with every version and at a few years, and decodes them as a strict
// client would: no polygon may have rings that cross or touch themselves
// or share an edge (what clipping along the tile's edge and snapping to a
// coarse grid leave), nor parts that overlap.
func TestAtlasTilesAreValid(t *testing.T) {
	ds := mustAtlas(t)
	c := New(ds, DefaultConfig())
	years := []*chrono.Interval{nil}
	for _, y := range []int{1120, 1141, 1162, 1210, 1233} {
		iv := chrono.YearInterval(y)
		years = append(years, &iv)
	}
	checked := 0
	for z := maptile.Zoom(2); z <= 8; z++ {
		tiles := viewport(z)
		if z > 6 {
			// The Huai frontier and Kaifeng, where borders are busiest.
			a, b := maptile.At(orb.Point{112, 36}, z), maptile.At(orb.Point{120, 31}, z)
			tiles = tiles[:0]
			for x := a.X; x <= b.X; x++ {
				for y := a.Y; y <= b.Y; y++ {
					tiles = append(tiles, maptile.New(x, y, z))
				}
			}
		}
		for _, tl := range tiles {
			for _, when := range years {
				got, err := c.Tile(context.Background(), tl, when)
				if err != nil {
					t.Fatal(err)
				}
				if got.Empty() {
					continue
				}
				layers, err := mvt.Unmarshal(got.Raw)
				if err != nil {
					t.Fatalf("%v: %v", tl, err)
				}
				// Package tile writes the bytes orb's encoder writes for
				// the features a client decodes.
				if again, err := mvt.Marshal(layers); err != nil || !bytes.Equal(again, got.Raw) {
					t.Errorf("tile %d/%d/%d at %v: %d bytes, orb's encoder writes %d for its features (%v)", tl.Z, tl.X, tl.Y, when, len(got.Raw), len(again), err)
				}
				for _, l := range layers {
					for _, f := range l.Features {
						var mp orb.MultiPolygon
						switch g := f.Geometry.(type) {
						case orb.Polygon:
							mp = orb.MultiPolygon{g}
						case orb.MultiPolygon:
							mp = g
						default:
							continue
						}
						checked++
						if err := valid.Crossings(mp); err != nil {
							t.Errorf("tile %d/%d/%d at %v: %s %v: %v", tl.Z, tl.X, tl.Y, when, l.Name, f.Properties["id"], err)
						}
					}
				}
			}
		}
	}
	if checked < 1000 {
		t.Errorf("only %d polygons checked", checked)
	}
	t.Logf("%d polygons checked", checked)
}
