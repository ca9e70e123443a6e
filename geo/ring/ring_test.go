package ring

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func square(x0, y0, x1, y1 float64) orb.Ring {
	return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
}

func TestLoops(t *testing.T) {
	for _, tc := range []struct {
		name string
		ring orb.Ring
		want []int // the loops' lengths
	}{
		{"simple", orb.Ring{{0, 0}, {1, 0}, {1, 1}, {0, 0}}, []int{4}},
		{"two islands meeting at a point", orb.Ring{{0, 0}, {1, 1}, {2, 0}, {2, 2}, {1, 1}, {0, 2}, {0, 0}}, []int{4, 4}},
		{"a loop too small to keep", orb.Ring{{0, 0}, {1, 0}, {0, 0}}, nil},
		{"too short", orb.Ring{{0, 0}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []int
			for _, l := range Loops(tc.ring) {
				if l[0] != l[len(l)-1] {
					t.Errorf("loop %v is not closed", l)
				}
				got = append(got, len(l))
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("loop lengths %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSelfTouching(t *testing.T) {
	for _, tc := range []struct {
		name string
		ring orb.Ring
		want bool
	}{
		{"simple", square(0, 0, 1, 1), false},
		{"figure of eight", orb.Ring{{0, 0}, {1, 1}, {2, 0}, {2, 2}, {1, 1}, {0, 2}, {0, 0}}, true},
		{"empty", nil, false},
		{"-0 is 0", orb.Ring{{0, 0}, {1, 1}, {2, 0}, {math.Copysign(0, -1), 0}, {0, 0}}, true},
		{"NaN is no point", orb.Ring{{math.NaN(), 0}, {1, 1}, {math.NaN(), 0}, {math.NaN(), 0}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := SelfTouching(tc.ring); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// TestSelfTouchingLikeAMap: the table finds a repeated point exactly when a
// map of the points seen does, on random rings of a small grid (so that
// some repeat) of every length to 300.
func TestSelfTouchingLikeAMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 2; n <= 300; n++ {
		for range 20 {
			r := make(orb.Ring, n, n+1)
			for i := range r {
				r[i] = orb.Point{float64(rng.IntN(n * 2)), float64(rng.IntN(n * 2))}
			}
			r = append(r, r[0])
			seen, want := map[orb.Point]bool{}, false
			for _, q := range r[:n] {
				want = want || seen[q]
				seen[q] = true
			}
			if got := SelfTouching(r); got != want {
				t.Fatalf("%v: got %v, want %v", r, got, want)
			}
		}
	}
}

func TestDespike(t *testing.T) {
	for _, tc := range []struct {
		name string
		ring orb.Ring
		tol  float64
		want orb.Ring
	}{
		{"clean", square(0, 0, 2, 2), 0, square(0, 0, 2, 2)},
		{"repeated point", orb.Ring{{0, 0}, {2, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}, 0, square(0, 0, 2, 2)},
		{"spike out and back", orb.Ring{{0, 0}, {2, 0}, {5, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}, 0,
			orb.Ring{{0, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}},
		{"spike back short of where it came from", orb.Ring{{0, 0}, {4, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}, 0,
			orb.Ring{{0, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}},
		{"a thin spike kept without tolerance", orb.Ring{{0, 0}, {2, 0}, {9, 1}, {2, 1}, {2, 2}, {0, 2}, {0, 0}}, 0,
			orb.Ring{{0, 0}, {2, 0}, {9, 1}, {2, 1}, {2, 2}, {0, 2}, {0, 0}}},
		{"a thin spike dropped with tolerance", orb.Ring{{0, 0}, {2, 0}, {9, 1}, {2, 1}, {2, 2}, {0, 2}, {0, 0}}, 7,
			orb.Ring{{0, 0}, {2, 0}, {2, 1}, {2, 2}, {0, 2}, {0, 0}}},
		{"all spike", orb.Ring{{0, 0}, {3, 0}, {0, 0}, {3, 0}, {0, 0}}, 0, nil},
		{"too short to look at", orb.Ring{{0, 0}, {1, 0}, {0, 0}}, 0, orb.Ring{{0, 0}, {1, 0}, {0, 0}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Despike(tc.ring.Clone(), tc.tol)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Despike (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWind(t *testing.T) {
	ccw, cw := square(0, 0, 4, 4), square(1, 1, 2, 2)
	cw.Reverse()
	for _, tc := range []struct {
		name        string
		p           orb.Polygon
		o           orb.Orientation
		shell, hole orb.Orientation
	}{
		{"already counter-clockwise", orb.Polygon{ccw.Clone(), cw.Clone()}, orb.CCW, orb.CCW, orb.CW},
		{"wrong way round", orb.Polygon{reversed(ccw), reversed(cw)}, orb.CCW, orb.CCW, orb.CW},
		{"clockwise asked", orb.Polygon{ccw.Clone(), cw.Clone()}, orb.CW, orb.CW, orb.CCW},
	} {
		t.Run(tc.name, func(t *testing.T) {
			Wind(tc.p, tc.o)
			if got := tc.p[0].Orientation(); got != tc.shell {
				t.Errorf("shell wound %v, want %v", got, tc.shell)
			}
			if got := tc.p[1].Orientation(); got != tc.hole {
				t.Errorf("hole wound %v, want %v", got, tc.hole)
			}
		})
	}
}

func reversed(r orb.Ring) orb.Ring {
	r = r.Clone()
	r.Reverse()
	return r
}

func TestSplit(t *testing.T) {
	lake := reversed(square(1, 1, 2, 2))
	for _, tc := range []struct {
		name    string
		p       orb.Polygon
		minArea float64
		want    []int // each polygon's ring count
		strays  int
	}{
		{"simple", orb.Polygon{square(0, 0, 4, 4)}, 0, []int{1}, 0},
		{"with a hole", orb.Polygon{square(0, 0, 4, 4), lake}, 0, []int{2}, 0},
		{"two islands meeting at a point", orb.Polygon{{{0, 0}, {2, 0}, {2, 2}, {4, 2}, {4, 4}, {2, 4}, {2, 2}, {0, 2}, {0, 0}}}, 0, []int{1, 1}, 0},
		{"a hole pinched off the shell", orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {2, 4}, {2, 3}, {3, 3}, {3, 1}, {1, 1}, {1, 3}, {2, 3}, {2, 4}, {0, 4}, {0, 0}}}, 0, []int{2}, 0},
		{"a hole outside every shell", orb.Polygon{square(0, 0, 4, 4), reversed(square(10, 10, 11, 11))}, 0, []int{1}, 1},
		{"a sliver dropped", orb.Polygon{square(0, 0, 4, 4), lake}, 1, []int{1}, 0},
		{"only a hole", orb.Polygon{lake}, 0, []int{}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			polys, strays := Split(tc.p, 0, tc.minArea)
			got := []int{}
			for _, p := range polys {
				got = append(got, len(p))
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) || len(strays) != tc.strays {
				t.Errorf("rings per polygon %v and %d strays, want %v and %d", got, len(strays), tc.want, tc.strays)
			}
			checkSplit(t, polys, strays)
		})
	}
}

// checkSplit checks what Split promises: closed loops of four points or
// more that pass no point twice, shells with a positive area and holes
// with a negative one.
func checkSplit(t *testing.T, polys []orb.Polygon, strays []orb.Ring) {
	t.Helper()
	check := func(what string, r orb.Ring, positive bool) {
		if len(r) < 4 || r[0] != r[len(r)-1] {
			t.Fatalf("%s %v: fewer than 4 points or open", what, r)
		}
		if SelfTouching(r) {
			t.Fatalf("%s %v passes a point twice", what, r)
		}
		if a := planar.Area(r); (a > 0) != positive || a == 0 {
			t.Fatalf("%s %v has area %g", what, r, a)
		}
	}
	for _, p := range polys {
		check("shell", p[0], true)
		for _, h := range p[1:] {
			check("hole", h, false)
		}
	}
	for _, h := range strays {
		check("stray hole", h, false)
	}
}

// FuzzSplit reads a ring of small integer points (two bytes a point, as a
// grid of 16 by 16 makes many that touch) and checks what Split promises.
func FuzzSplit(f *testing.F) {
	f.Add([]byte{0, 0, 4, 0, 4, 4, 0, 4})
	f.Add([]byte{0, 0, 2, 0, 2, 2, 4, 2, 4, 4, 2, 4, 2, 2, 0, 2})
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 512 {
			return
		}
		var r orb.Ring
		for len(b) >= 2 {
			v := binary.BigEndian.Uint16(b)
			r = append(r, orb.Point{float64(v >> 8 & 15), float64(v & 15)})
			b = b[2:]
		}
		if len(r) < 3 {
			return
		}
		r = append(r, r[0])
		polys, strays := Split(orb.Polygon{r}, 0, 0)
		checkSplit(t, polys, strays)
	})
}
