package tile

import (
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
)

// TestClipLikeOrb clips the fixture's ragged island and random rings,
// shifted into tiles across them at many sizes, and checks that clipRing
// gives orb's clip.Ring point for point.
func TestClipLikeOrb(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 3))
	rings := []orb.Ring{coast(0, 0, 1000, 4000, 1), coast(0, 0, 1000, 50, 2)}
	for range 20 {
		r := make(orb.Ring, 0, 41)
		for range 40 {
			r = append(r, orb.Point{rnd.Float64()*2000 - 1000, rnd.Float64()*2000 - 1000})
		}
		rings = append(rings, append(r, r[0]), r) // closed and open
		// On a grid, points fall on the box's edges.
		g := make(orb.Ring, 0, 41)
		for range 40 {
			g = append(g, orb.Point{float64(rnd.IntN(40) - 20), float64(rnd.IntN(40) - 20)})
		}
		rings = append(rings, append(g, g[0]))
	}
	buf := new([3][]orb.Point)
	checked := 0
	for k, r := range rings {
		rb := r.Bound()
		// runs of points bounded, of several lengths, or none
		chunks := chunk(r, []int{2, 3, 5, 8, chunkPoints}[k%5])
		if k%7 == 6 {
			chunks = chunked{}
		}
		for range 200 {
			size := 10 + rnd.Float64()*3000
			x0, y0 := rnd.Float64()*2400-1200-size/2, rnd.Float64()*2400-1200-size/2
			if rb.Max[0] < 100 {
				size, x0, y0 = float64(4+rnd.IntN(30)), float64(rnd.IntN(40)-30), float64(rnd.IntN(40)-30)
			}
			box := orb.Bound{Min: orb.Point{-size / 16, -size / 16}, Max: orb.Point{size, size}}
			shifted := make(orb.Ring, len(r))
			for i, q := range r {
				shifted[i] = orb.Point{q[0] - x0, q[1] - y0}
			}
			want := clip.Ring(box, shifted)
			got := clipRing(r, rb, chunks, box, x0, y0, buf)
			if !orb.Equal(got, want) && (len(got) > 0 || len(want) > 0) {
				t.Fatalf("ring of %d points in box %v at %g,%g: %d points, orb %d", len(r), box, x0, y0, len(got), len(want))
			}
			if len(want) > 0 {
				checked++
			}
		}
	}
	if checked < 1000 {
		t.Errorf("only %d clipped rings checked", checked)
	}
}
