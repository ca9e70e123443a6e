package coast

import (
	"github.com/chronoatlas/chronoatlas/internal/atlasbuild/xy"
	"math"
	"testing"

	"github.com/peterstace/simplefeatures/geom"
)

// TestClipRing cuts rings to the box 0–10 × 0–10 and compares the area and
// winding of what is left with the exact overlay, rings that cross
// themselves outside the box included.
func TestClipRing(t *testing.T) {
	box := geom.NewEnvelope(geom.XY{X: 0, Y: 0}, geom.XY{X: 10, Y: 10})
	for _, tc := range []struct {
		name   string
		ring   []geom.XY
		pieces int
		area   float64 // of the part inside, signed as the ring is wound
	}{
		{"inside", xys(2, 2, 4, 2, 4, 4, 2, 4, 2, 2), 1, 4},
		{"inside, clockwise", xys(2, 2, 2, 4, 4, 4, 4, 2, 2, 2), 1, -4},
		{"outside", xys(20, 2, 24, 2, 24, 4, 20, 4, 20, 2), 0, 0},
		{"around the box", xys(-5, -5, 15, -5, 15, 15, -5, 15, -5, -5), 1, 100},
		{"around the box, clockwise", xys(-5, -5, -5, 15, 15, 15, 15, -5, -5, -5), 1, -100},
		{"across the east edge", xys(8, 2, 12, 2, 12, 4, 8, 4, 8, 2), 1, 4},
		{"over a corner", xys(8, 8, 12, 8, 12, 12, 8, 12, 8, 8), 1, 4},
		{"a tongue, clockwise", xys(2, -5, 4, -5, 4, 3, 6, 3, 6, -5, 8, -5, 8, -8, 2, -8, 2, -5), 1, -2 * 3},
		{"a U that reaches in twice", xys(2, -8, 8, -8, 8, 3, 6, 3, 6, -5, 4, -5, 4, 3, 2, 3, 2, -8), 2, 2*3 + 2*3},
		{"a U that reaches in twice, clockwise", xys(2, -8, 2, 3, 4, 3, 4, -5, 6, -5, 6, 3, 8, 3, 8, -8, 2, -8), 2, -(2*3 + 2*3)},
		{"a U around the box's middle", xys(-2, -2, 12, -2, 12, 12, 7, 12, 7, 3, 3, 3, 3, 12, -2, 12, -2, -2), 1, 100 - 4*7},
		// A ring that wraps round the world, as Eurasia does at the
		// antimeridian, has the wrong sign of area as a whole; inside the
		// box it is plainly anticlockwise land.
		{"a ring that wraps round the world", xys(-2, -2, 12, -2, 12, 5, 180, 5, 180, 60, -180, 60, -180, 50, 179, 50, 179, 6, 12, 6, 12, 12, -2, 12, -2, -2), 1, 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := clipRing(tc.ring, box)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tc.pieces {
				t.Fatalf("%d pieces, want %d: %v", len(got), tc.pieces, got)
			}
			area := 0.0
			for _, r := range got {
				if r[0] != r[len(r)-1] {
					t.Errorf("ring %v is not closed", r)
				}
				for _, p := range r {
					if p.X < 0 || p.X > 10 || p.Y < 0 || p.Y > 10 {
						t.Errorf("point %v outside the box", p)
					}
				}
				p := geom.NewPolygon([]geom.LineString{geom.NewLineString(xy.Seq(r))}).AsGeometry()
				if err := p.Validate(); err != nil {
					t.Errorf("ring %v: %v", r, err)
				}
				area += xy.SignedArea(r)
			}
			if math.Abs(area-tc.area) > 1e-9 {
				t.Errorf("area %g, want %g", area, tc.area)
			}
		})
	}
}

// TestClipRingRefuses: a ring whose parts in the box wind both ways has no
// one inside to keep; clipRing says so rather than give a wrong answer.
func TestClipRingRefuses(t *testing.T) {
	box := geom.NewEnvelope(geom.XY{X: 0, Y: 0}, geom.XY{X: 10, Y: 10})
	// A bow tie crossing itself at (5, -2), below the box: its lobes wind
	// opposite ways, and both reach into the box.
	eight := xys(1, 8, 9, -12, 9, 8, 1, -12, 1, 8)
	if _, err := clipRing(eight, box); err == nil {
		t.Error("a figure eight with lobes wound both ways clipped without complaint")
	}
}

// TestSimplifyRing: a thin crescent, simplified as a whole, would cross
// itself where the chords of its outer arc cut into the inner one; the
// simplifier keeps the points it needs there, and not all of them.
func TestSimplifyRing(t *testing.T) {
	var ring []geom.XY
	arc := func(r, from, to float64) {
		for i := 0; i < 200; i++ {
			a := (from + (to-from)*float64(i)/200) * math.Pi / 180
			ring = append(ring, geom.XY{X: r * math.Cos(a), Y: r * math.Sin(a)})
		}
	}
	arc(10, 0, 300)
	arc(9.8, 300, 0)
	ring = append(ring, ring[0])
	poly := func(r []geom.XY) geom.Geometry {
		return geom.NewPolygon([]geom.LineString{geom.NewLineString(xy.Seq(r))}).AsGeometry()
	}
	if err := poly(ring).Validate(); err != nil {
		t.Fatalf("the test ring is not valid: %v", err)
	}
	if _, err := poly(ring).Simplify(0.5); err == nil {
		t.Fatal("plain Douglas–Peucker gives a valid ring: the test tests nothing")
	}
	got := simplifyRing(ring, 0.5)
	if err := poly(got).Validate(); err != nil {
		t.Errorf("simplified ring: %v", err)
	}
	if len(got) >= len(ring)*3/4 {
		t.Errorf("kept %d of %d points", len(got), len(ring))
	}
	if a, b := xy.SignedArea(got), xy.SignedArea(ring); math.Abs(a-b) > 0.5*math.Abs(b) {
		t.Errorf("area %g, was %g", a, b)
	}
	t.Logf("kept %d of %d points", len(got), len(ring))
}
