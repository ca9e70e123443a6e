package atlasbuild

import (
	"math"

	"github.com/peterstace/simplefeatures/geom"
)

// Small planar helpers on simplefeatures coordinates; the coast package
// has its own copies of the few it needs.

func seq(pts []geom.XY) geom.Sequence {
	fs := make([]float64, 0, 2*len(pts))
	for _, p := range pts {
		fs = append(fs, p.X, p.Y)
	}
	return geom.NewSequence(fs, geom.DimXY)
}

// points lists the points of a sequence.
func points(s geom.Sequence) []geom.XY {
	out := make([]geom.XY, s.Length())
	for i := range out {
		out[i] = s.GetXY(i)
	}
	return out
}

// polygons lists the polygons in g, dropping points and lines that an
// overlay may leave where shapes touch.
func polygons(g geom.Geometry) []geom.Geometry {
	var out []geom.Geometry
	for _, d := range g.Dump() {
		if d.Type() == geom.TypePolygon && !d.IsEmpty() {
			out = append(out, d)
		}
	}
	return out
}

func signedArea(r []geom.XY) float64 {
	var a float64
	for i := 0; i+1 < len(r); i++ {
		a += r[i].X*r[i+1].Y - r[i+1].X*r[i].Y
	}
	return a / 2
}

func dist2(a, b geom.XY) float64 { return (a.X-b.X)*(a.X-b.X) + (a.Y-b.Y)*(a.Y-b.Y) }

// winding is the winding number of the ring around p.
func winding(r []geom.XY, p geom.XY) int {
	w := 0
	for i := 0; i+1 < len(r); i++ {
		a, b := r[i], r[i+1]
		cross := (b.X-a.X)*(p.Y-a.Y) - (p.X-a.X)*(b.Y-a.Y)
		switch {
		case a.Y <= p.Y && b.Y > p.Y && cross > 0:
			w++
		case a.Y > p.Y && b.Y <= p.Y && cross < 0:
			w--
		}
	}
	return w
}

// leftOf returns a point a hair's breadth to the left of the middle of the
// longest segment of a line, far below the data's 1e-6° grid and far
// above the rounding of coordinates near 100°.
func leftOf(l []geom.XY) (geom.XY, bool) {
	var a, b geom.XY
	longest := 0.0
	for i := 0; i+1 < len(l); i++ {
		if d := math.Hypot(l[i+1].X-l[i].X, l[i+1].Y-l[i].Y); d > longest {
			longest, a, b = d, l[i], l[i+1]
		}
	}
	if longest == 0 {
		return geom.XY{}, false
	}
	const eps = 1e-9
	return geom.XY{X: (a.X+b.X)/2 - eps*(b.Y-a.Y)/longest, Y: (a.Y+b.Y)/2 + eps*(b.X-a.X)/longest}, true
}
