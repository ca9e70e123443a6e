package params

import (
	"errors"
	"net/url"
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
		bs, err := Bbox(url.Values{"bbox": {s}})
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

// FuzzCheckQuery: CheckQuery refuses exactly the query strings net/http's
// parser would drop a pair of, with a bad-request error that names a
// parameter.
func FuzzCheckQuery(f *testing.F) {
	for _, s := range []string{"datetime=1141", "datetime=%ZZ", "datetime=1141;x=1", "a=1&&b=2", "%ZZ=1", "bbox=1,2%2C3,4", "x", "=", "a=%", "k=%e6%b1%b4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		err := CheckQuery(raw)
		_, perr := url.ParseQuery(raw)
		if (err == nil) != (perr == nil) {
			t.Fatalf("query %q: CheckQuery says %v, url.ParseQuery %v", raw, err, perr)
		}
		if err != nil {
			var fe *fault.Error
			if !errors.As(err, &fe) || fe.Kind != fault.Invalid || fe.Param == "" {
				t.Fatalf("query %q: error %v is not a bad request naming a parameter", raw, err)
			}
		}
	})
}
