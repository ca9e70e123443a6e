package server

import (
	"errors"
	"net/url"
	"testing"

	"github.com/chronoatlas/chronoatlas/internal/fault"
)

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
		if tile.Z > maxRasterZoom || tile.X >= 1<<tile.Z || tile.Y >= 1<<tile.Z || (scale != 1 && scale != 2) {
			t.Fatalf("path %q: tile %v at scale %g does not exist", s, tile, scale)
		}
	})
}

// FuzzWMSGetMap: any GetMap query is refused with a WMS exception or gives
// a picture inside the world, at most the largest size, at one moment.
func FuzzWMSGetMap(f *testing.F) {
	s := mustServer(f)
	st := s.current()
	for _, q := range []string{
		"VERSION=1.3.0&LAYERS=atlas&CRS=EPSG:4326&BBOX=20,97,45,127&WIDTH=600&HEIGHT=500&FORMAT=image/png&TIME=1141",
		"VERSION=1.3.0&LAYERS=territories,places&STYLES=,&CRS=EPSG:3857&BBOX=0,0,1000,1000&WIDTH=1&HEIGHT=1&FORMAT=image/png",
		"VERSION=1.1.1&LAYERS=land&SRS=EPSG:4326&BBOX=-180,-90,180,90&WIDTH=2048&HEIGHT=2048&FORMAT=image/png&TRANSPARENT=TRUE",
		"VERSION=1.3.0&LAYERS=atlas&CRS=CRS:84&BBOX=1,1,1,1&WIDTH=0&HEIGHT=-1&FORMAT=image/png&TIME=../..",
	} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := wmsParams(v)
		if err != nil {
			return
		}
		pic, err := wmsPicture(st, q)
		if err != nil {
			var we *wmsError
			if !errors.As(err, &we) || we.code == "" || we.status != 400 {
				t.Fatalf("%q: error %v is not a WMS exception with a code", raw, err)
			}
			return
		}
		b := pic.extent.Bound
		if pic.width < 1 || pic.width > maxMapSide || pic.height < 1 || pic.height > maxMapSide ||
			b.Min[0] < -180.001 || b.Max[0] > 180.001 || b.Min[1] < -90.001 || b.Max[1] > 90.001 || !(b.Min[0] < b.Max[0]) || !(b.Min[1] < b.Max[1]) {
			t.Fatalf("%q: picture %gx%g of %v", raw, pic.width, pic.height, b)
		}
	})
}
