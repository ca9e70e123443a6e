package ring

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// wobbly returns a closed ring of n points round a circle on an integer
// grid, with some spikes, as a tile's snapped coast has.
func wobbly(n int) orb.Ring {
	rng := rand.New(rand.NewPCG(1, 2))
	r := make(orb.Ring, 0, n+1)
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		rad := 2000 + 30*rng.Float64()
		p := orb.Point{math.Round(2048 + rad*math.Cos(a)), math.Round(2048 + rad*math.Sin(a))}
		r = append(r, p)
		if i%50 == 0 {
			r = append(r, orb.Point{p[0] + 40, p[1]}, p)
		}
	}
	return append(r, r[0])
}

// BenchmarkDespike is the despiking of a tile's ring of 2,000 points.
func BenchmarkDespike(b *testing.B) {
	r := wobbly(2000)
	b.ReportAllocs()
	for range b.N {
		Despike(r, 2)
	}
}

// BenchmarkSplit is the repair of a ring of 2,000 points that does not
// touch itself: what every polygon that clipping leaves at a tile's edge
// pays.
func BenchmarkSplit(b *testing.B) {
	p := orb.Polygon{wobbly(2000)}
	b.ReportAllocs()
	for range b.N {
		Split(p, 2, 0)
	}
}

// BenchmarkSelfTouching is the check every ring of a tile gets before it is
// split, on 2,000 points: one that passes a point twice (at its spikes'
// bases) and one that does not.
func BenchmarkSelfTouching(b *testing.B) {
	round := make(orb.Ring, 0, 2001)
	for i := range 2000 {
		a := 2 * math.Pi * float64(i) / 2000
		round = append(round, orb.Point{math.Round(2048 + 2000*math.Cos(a)), math.Round(2048 + 2000*math.Sin(a))})
	}
	round = append(round, round[0])
	for _, c := range []struct {
		name  string
		r     orb.Ring
		touch bool
	}{{"touching", wobbly(2000), true}, {"simple", round, false}} {
		if SelfTouching(c.r) != c.touch {
			b.Fatalf("%s: SelfTouching = %v", c.name, !c.touch)
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				SelfTouching(c.r)
			}
		})
	}
}
