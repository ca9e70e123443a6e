package valid_test

import (
	"context"
	"errors"
	"testing"

	"github.com/chronoatlas/chronoatlas/geo/valid"
	"github.com/paulmach/orb"
)

// comb is a ring of n teeth, each a long thin spike: n·4 edges whose
// extents along x all overlap. slant tilts it by 45°, so that they
// overlap along y too.
func comb(n int, slant bool) orb.Polygon {
	var r orb.Ring
	for i := range n {
		y := float64(i) * 1e-4
		r = append(r, orb.Point{0, y}, orb.Point{10, y + 0.5e-4})
	}
	r = append(r, orb.Point{10, -1}, orb.Point{0, -1}, r[0])
	if slant {
		for i, p := range r {
			r[i] = orb.Point{p[0], p[1] + p[0]}
		}
	}
	return orb.Polygon{r}
}

// TestCheckContext: a check gives up with the context's error when the
// context ends, and agrees with Check when it does not.
func TestCheckContext(t *testing.T) {
	for _, slant := range []bool{false, true} {
		g := comb(500, slant)
		want := valid.Check(g)
		got, err := valid.CheckContext(context.Background(), g)
		if err != nil || len(got) != len(want) {
			t.Errorf("slant %v: got %d problems and %v, want %d and no error", slant, len(got), err, len(want))
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := valid.CheckContext(ctx, g); !errors.Is(err, context.Canceled) {
			t.Errorf("slant %v: with a cancelled context got %v, want context.Canceled", slant, err)
		}
	}
}

// BenchmarkCheckComb: the crossing sweep runs across a comb's teeth, not
// along them (a 200,000-point comb took over a minute along them).
func BenchmarkCheckComb(b *testing.B) {
	g := comb(20000, false)
	b.ReportAllocs()
	for b.Loop() {
		valid.Check(g)
	}
}
