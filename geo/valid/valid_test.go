package valid

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func square(x, y, size float64) orb.Ring {
	return orb.Ring{{x, y}, {x + size, y}, {x + size, y + size}, {x, y + size}, {x, y}}
}

func reversed(r orb.Ring) orb.Ring {
	r = r.Clone()
	r.Reverse()
	return r
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		g    orb.Geometry
		want string // a part of the first problem, or "" for valid
	}{
		{"point", orb.Point{114.31, 34.8}, ""},
		{"square", orb.Polygon{square(0, 0, 1)}, ""},
		{"square with hole", orb.Polygon{square(0, 0, 4), reversed(square(1, 1, 1))}, ""},
		{"two squares side by side", orb.MultiPolygon{{square(0, 0, 1)}, {square(1, 0, 1)}}, ""},
		{"line", orb.LineString{{0, 0}, {1, 1}}, ""},
		{"NaN", orb.Point{math.NaN(), 1}, "not a number"},
		{"latitude 91", orb.Point{0, 91}, "out of range"},
		{"longitude 181", orb.LineString{{0, 0}, {181, 0}}, "out of range"},
		{"one point line", orb.LineString{{1, 1}, {1, 1}}, "two distinct points"},
		{"unclosed", orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}, "not closed"},
		{"too short", orb.Polygon{{{0, 0}, {1, 0}, {0, 0}}}, "at least 4 points"},
		{"flat", orb.Polygon{{{0, 0}, {1, 0}, {2, 0}, {0, 0}}}, "no area"},
		{"clockwise", orb.Polygon{reversed(square(0, 0, 1))}, "exterior ring is clockwise"},
		{"hole counter-clockwise", orb.Polygon{square(0, 0, 4), square(1, 1, 1)}, "hole is counter-clockwise"},
		{"bowtie", orb.Polygon{{{0, 0}, {2, 2}, {2, 0}, {0, 1}, {0, 0}}}, "crosses itself"},
		{"spike", orb.Polygon{{{0, 0}, {2, 0}, {2, 2}, {1, 2}, {1, 3}, {1, 2}, {0, 2}, {0, 0}}}, "spike"},
		{"self touch", orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {2, 0}, {0, 4}, {0, 0}}}, "touches itself"},
		{"hole outside", orb.Polygon{square(0, 0, 1), reversed(square(5, 5, 1))}, "not inside"},
		{"hole crossing", orb.Polygon{square(0, 0, 2), reversed(square(1, 1, 2))}, "crosses ring"},
		{"overlapping polygons", orb.MultiPolygon{{square(0, 0, 2)}, {square(1, 1, 2)}}, "overlaps polygon"},
		{"polygon inside polygon", orb.MultiPolygon{{square(0, 0, 4)}, {square(1, 1, 1)}}, "lies inside"},
		{"island in a hole", orb.MultiPolygon{{square(0, 0, 4), reversed(square(1, 1, 2))}, {square(1.5, 1.5, 1)}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := Check(tt.g)
			if tt.want == "" {
				if len(ps) > 0 {
					t.Fatalf("got %v, want no problem", ps)
				}
				return
			}
			var all []string
			for _, p := range ps {
				all = append(all, p.Error())
			}
			if !strings.Contains(strings.Join(all, "\n"), tt.want) {
				t.Fatalf("got %v, want a problem with %q", ps, tt.want)
			}
			if err := Geometry(tt.g); err == nil {
				t.Error("Geometry returned nil")
			}
		})
	}
}

func TestRFC7946(t *testing.T) {
	g := orb.MultiPolygon{{reversed(square(0, 0, 4)), square(1, 1, 1)}}
	if len(Check(g)) == 0 {
		t.Fatal("the badly wound polygon passes")
	}
	fixed := RFC7946(g)
	if ps := Check(fixed); len(ps) > 0 {
		t.Errorf("rewound: %v", ps)
	}
	if ps := Check(g); len(ps) == 0 {
		t.Error("RFC7946 changed its input")
	}
}

// star returns a star-shaped ring of n vertices with a ragged edge, like a
// coastline: simple, and with many edges side by side for the sweep.
func star(n int, seed uint64) orb.Ring {
	rnd := rand.New(rand.NewPCG(seed, seed))
	r := make(orb.Ring, 0, n+1)
	for i := 0; i < n; i++ {
		a := 2 * math.Pi * float64(i) / float64(n)
		rad := 8 + 0.05*rnd.Float64()
		r = append(r, orb.Point{110 + rad*math.Cos(a), 30 + rad*math.Sin(a)})
	}
	return append(r, r[0])
}

func TestStar(t *testing.T) {
	if ps := Check(orb.Polygon{star(20000, 1)}); len(ps) > 0 {
		t.Errorf("a star is simple, got %v", ps[:min(3, len(ps))])
	}
}

func BenchmarkCheckRing(b *testing.B) {
	p := orb.Polygon{star(20000, 1)}
	b.ReportAllocs()
	for b.Loop() {
		if len(Check(p)) > 0 {
			b.Fatal("problems")
		}
	}
}

func FuzzCheck(f *testing.F) {
	f.Add([]byte{0, 0, 10, 0, 10, 10, 0, 10, 0, 0})
	f.Add([]byte{0, 0, 10, 10, 10, 0, 0, 10, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		var r orb.Ring
		for i := 0; i+1 < len(b) && len(r) < 64; i += 2 {
			r = append(r, orb.Point{float64(int8(b[i])), float64(int8(b[i+1])) / 2})
		}
		Check(orb.Polygon{r})
		Check(orb.MultiPolygon{{r}, {square(0, 0, 3)}})
		Check(orb.LineString(r))
	})
}

func TestCrossings(t *testing.T) {
	square := orb.Ring{{0, 0}, {4096, 0}, {4096, 4096}, {0, 4096}, {0, 0}}
	for _, tc := range []struct {
		name string
		mp   orb.MultiPolygon
		want string
	}{
		{"tile coordinates, clockwise", orb.MultiPolygon{{square}}, ""},
		{"bow tie", orb.MultiPolygon{{{{0, 0}, {10, 10}, {10, 0}, {0, 10}, {0, 0}}}}, "crosses itself"},
		{"a part inside another", orb.MultiPolygon{{square}, {{{10, 10}, {20, 10}, {20, 20}, {10, 10}}}}, "inside polygon 0"},
		{"crossing parts", orb.MultiPolygon{{square}, {{{4000, 10}, {5000, 10}, {5000, 20}, {4000, 10}}}}, "overlaps polygon"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Crossings(tc.mp)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("got %v, want none", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func TestCovered(t *testing.T) {
	square := func(x0, y0, x1, y1 float64) orb.Ring {
		return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
	}
	land := orb.Polygon{square(0, 0, 10, 10)}
	lake := orb.Polygon{square(0, 0, 10, 10), square(2, 2, 6, 6)}
	for _, tc := range []struct {
		name string
		mp   orb.MultiPolygon
		want []int
	}{
		{"apart", orb.MultiPolygon{land, {square(20, 0, 30, 10)}}, nil},
		{"an island swallowed by the land", orb.MultiPolygon{{square(3, 3, 4, 4)}, land}, []int{0}},
		{"an island in a lake", orb.MultiPolygon{lake, {square(3, 3, 4, 4)}}, nil},
		{"the same twice", orb.MultiPolygon{land, land}, []int{1}},
		{"an island reaching out of the land", orb.MultiPolygon{{square(8, 8, 12, 9)}, land}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Covered(tc.mp); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("Covered: %v, want %v", got, tc.want)
			}
		})
	}
}
