package server

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/chronoatlas/chronoatlas/internal/fault"
)

// FuzzParseBbox: any bbox is either refused with a message naming bbox or
// gives bounds inside the world, south of north.
func FuzzParseBbox(f *testing.F) {
	for _, s := range []string{"114,34,115,35", "170,-10,-170,10", "1,2,3", "1,2,0,3,4,0", "NaN,0,1,1", "-181,0,0,1", "0,10,1,5", " 1 , 2 , 3 , 4 ", "1e308,0,1,1", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		bs, err := parseBbox(url.Values{"bbox": {s}})
		if err != nil {
			var fe *fault.Error
			if !errors.As(err, &fe) || fe.Kind != fault.Invalid || fe.Param != "bbox" {
				t.Fatalf("bbox %q: error %v does not name bbox as a bad request", s, err)
			}
			return
		}
		if len(bs) == 0 || len(bs) > 2 {
			t.Fatalf("bbox %q: %d bounds", s, len(bs))
		}
		for _, b := range bs {
			if b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90 || b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1] {
				t.Fatalf("bbox %q: bound %v out of the world or inside out", s, b)
			}
		}
	})
}

// FuzzParseTile: a tile path is refused with a 400 or 404, or names a tile
// that exists at its zoom, and printing it back gives the same path.
func FuzzParseTile(f *testing.F) {
	for _, s := range []string{"5/26/12.mvt", "0/0/0.mvt", "14/16383/16383.mvt", "15/0/0.mvt", "5/32/0.mvt", "5/-1/0.mvt", "5/0/0.png", "5/0/0.mvt/x", "a/b/c.mvt", "05/001/002.mvt", "5/0/99999999999.mvt"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tile, err := parseTile(s)
		if err != nil {
			var fe *fault.Error
			if !errors.As(err, &fe) || (fe.Kind != fault.Invalid && fe.Kind != fault.NotFound) {
				t.Fatalf("path %q: error %v is neither 400 nor 404", s, err)
			}
			return
		}
		if tile.Z > 14 || tile.X >= 1<<tile.Z || tile.Y >= 1<<tile.Z {
			t.Fatalf("path %q: tile %v does not exist", s, tile)
		}
		parts := strings.Split(strings.TrimSuffix(s, ".mvt"), "/")
		if len(parts) != 3 {
			t.Fatalf("path %q accepted with %d parts", s, len(parts))
		}
	})
}

// FuzzCheckQuery: checkQuery refuses exactly the query strings net/http's
// parser would drop a pair of, with a bad-request error that names a
// parameter.
func FuzzCheckQuery(f *testing.F) {
	for _, s := range []string{"datetime=1141", "datetime=%ZZ", "datetime=1141;x=1", "a=1&&b=2", "%ZZ=1", "bbox=1,2%2C3,4", "x", "=", "a=%", "k=%e6%b1%b4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		err := checkQuery(raw)
		_, perr := url.ParseQuery(raw)
		if (err == nil) != (perr == nil) {
			t.Fatalf("query %q: checkQuery says %v, url.ParseQuery %v", raw, err, perr)
		}
		if err != nil {
			var fe *fault.Error
			if !errors.As(err, &fe) || fe.Kind != fault.Invalid || fe.Param == "" {
				t.Fatalf("query %q: error %v is not a bad request naming a parameter", raw, err)
			}
		}
	})
}
