// Package xy holds the small planar helpers that the atlas builder
// (internal/atlasbuild) and its coast package share, on simplefeatures
// coordinates: sequences and their points, signed area, winding numbers,
// and a point just left of a line.
package xy

import (
	"math"

	"github.com/peterstace/simplefeatures/geom"
)

// Seq makes a sequence of pts.
func Seq(pts []geom.XY) geom.Sequence {
	fs := make([]float64, 0, 2*len(pts))
	for _, p := range pts {
		fs = append(fs, p.X, p.Y)
	}
	return geom.NewSequence(fs, geom.DimXY)
}

// Points lists the points of a sequence.
func Points(s geom.Sequence) []geom.XY {
	out := make([]geom.XY, s.Length())
	for i := range out {
		out[i] = s.GetXY(i)
	}
	return out
}

// Polygons lists the polygons in g, dropping points and lines that an
// overlay may leave where shapes touch.
func Polygons(g geom.Geometry) []geom.Geometry {
	var out []geom.Geometry
	for _, d := range g.Dump() {
		if d.Type() == geom.TypePolygon && !d.IsEmpty() {
			out = append(out, d)
		}
	}
	return out
}

// SignedArea is the area of a closed ring, positive when it runs
// counter-clockwise.
func SignedArea(r []geom.XY) float64 {
	var a float64
	for i := 0; i+1 < len(r); i++ {
		a += r[i].X*r[i+1].Y - r[i+1].X*r[i].Y
	}
	return a / 2
}

// Dist2 is the squared distance between a and b.
func Dist2(a, b geom.XY) float64 { return (a.X-b.X)*(a.X-b.X) + (a.Y-b.Y)*(a.Y-b.Y) }

// Winding is the winding number of the closed ring r around p.
func Winding(r []geom.XY, p geom.XY) int {
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

// LeftOf returns a point eps to the left of the middle of the longest
// segment of a line: with eps far below the data's grid, a point of the
// area on the line's left. It is false for a line of no length.
func LeftOf(l []geom.XY, eps float64) (geom.XY, bool) {
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
	return geom.XY{X: (a.X+b.X)/2 - eps*(b.Y-a.Y)/longest, Y: (a.Y+b.Y)/2 + eps*(b.X-a.X)/longest}, true
}
