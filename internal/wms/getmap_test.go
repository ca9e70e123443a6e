package wms

import (
	"errors"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/chronoatlas/chronoatlas/internal/gate"
	"github.com/chronoatlas/chronoatlas/internal/pictures"
	"github.com/chronoatlas/chronoatlas/internal/render"
)

// mustMiniPictures returns the pictures of the small test dataset.
func mustMiniPictures(tb testing.TB) *pictures.Pictures {
	tb.Helper()
	ds, err := dataset.Load(os.DirFS("../dataset/testdata/mini"))
	if err != nil {
		tb.Fatal(err)
	}
	r, err := render.New()
	if err != nil {
		tb.Fatal(err)
	}
	return pictures.New(atlas.New(ds, time.Now()), r, gate.New(1, 0, time.Minute), 1<<20)
}

// FuzzWMSGetMap: any GetMap query is refused with a WMS exception or gives
// a picture inside the world, at most the largest size, at one moment.
func FuzzWMSGetMap(f *testing.F) {
	p := mustMiniPictures(f)
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
		q, err := foldParams(v)
		if err != nil {
			return
		}
		pic, err := picture(p, q)
		if err != nil {
			var we *wmsError
			if !errors.As(err, &we) || we.code == "" || we.status != 400 {
				t.Fatalf("%q: error %v is not a WMS exception with a code", raw, err)
			}
			return
		}
		b := pic.Extent.Bound
		if pic.Width < 1 || pic.Width > pictures.MaxSide || pic.Height < 1 || pic.Height > pictures.MaxSide ||
			b.Min[0] < -180.001 || b.Max[0] > 180.001 || b.Min[1] < -90.001 || b.Max[1] > 90.001 || !(b.Min[0] < b.Max[0]) || !(b.Min[1] < b.Max[1]) {
			t.Fatalf("%q: picture %gx%g of %v", raw, pic.Width, pic.Height, b)
		}
	})
}
