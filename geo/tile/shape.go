package tile

import (
	"math"

	"github.com/chronoatlas/chronoatlas/geo/valid"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"
)

// shape simplifies a projected, clipped geometry, snaps it to the integer
// grid of the tile and makes it valid for MVT: lines of two distinct points
// or more, rings of four points or more with an area, exterior rings
// clockwise and holes counter-clockwise with y pointing down (that is,
// positive and negative area in tile coordinates). It returns nil when
// nothing is left.
func shape(g orb.Geometry, tolerance float64) orb.Geometry {
	switch g := g.(type) {
	case orb.Point:
		return snapPoint(g)
	case orb.MultiPoint:
		if len(g) == 0 {
			return nil
		}
		out := make(orb.MultiPoint, len(g))
		for i, p := range g {
			out[i] = snapPoint(p)
		}
		return out
	case orb.LineString:
		if l := shapeLine(g, tolerance); l != nil {
			return l
		}
		return nil
	case orb.MultiLineString:
		var out orb.MultiLineString
		for _, l := range g {
			if l := shapeLine(l, tolerance); l != nil {
				out = append(out, l)
			}
		}
		switch len(out) {
		case 0:
			return nil
		case 1:
			return out[0]
		}
		return out
	case orb.Polygon:
		return shapePolygons(orb.MultiPolygon{g}, tolerance)
	case orb.MultiPolygon:
		return shapePolygons(g, tolerance)
	}
	return nil
}

// shapePolygons shapes each polygon; where simplifying makes rings cross,
// it tries again with a finer tolerance, and at last with none, so that
// what a strict client reads is valid.
func shapePolygons(mp orb.MultiPolygon, tolerance float64) orb.Geometry {
	var out orb.MultiPolygon
	for _, tol := range []float64{tolerance, tolerance / 4, 0} {
		out = out[:0]
		for _, p := range mp {
			if p := shapePolygon(p, tol); p != nil {
				out = append(out, p)
			}
		}
		if len(out) == 0 || valid.Crossings(out) == nil {
			break
		}
	}
	switch len(out) {
	case 0:
		return nil
	case 1:
		return out[0]
	}
	return out
}

func snapPoint(p orb.Point) orb.Point {
	return orb.Point{math.Round(p[0]), math.Round(p[1])}
}

// snap rounds points to the grid and drops repeated ones.
func snap(ps []orb.Point) []orb.Point {
	out := ps[:0]
	for _, p := range ps {
		q := snapPoint(p)
		if len(out) > 0 && out[len(out)-1] == q {
			continue
		}
		out = append(out, q)
	}
	return out
}

func shapeLine(l orb.LineString, tolerance float64) orb.LineString {
	if len(l) < 2 {
		return nil
	}
	l = simplify.DouglasPeucker(tolerance).LineString(l.Clone())
	l = snap(l)
	if len(l) < 2 {
		return nil
	}
	return l
}

// shapePolygon keeps the exterior ring and the holes that survive; a
// polygon whose exterior collapses is dropped with its holes.
func shapePolygon(p orb.Polygon, tolerance float64) orb.Polygon {
	if len(p) == 0 {
		return nil
	}
	var out orb.Polygon
	for i, r := range p {
		r = shapeRing(r, tolerance)
		if r == nil {
			if i == 0 {
				return nil
			}
			continue
		}
		a := area(r)
		// Exterior rings get a positive area in tile coordinates (clockwise
		// on screen), holes a negative one.
		if (i == 0) != (a > 0) {
			r.Reverse()
		}
		out = append(out, r)
	}
	return out
}

func shapeRing(r orb.Ring, tolerance float64) orb.Ring {
	if len(r) < 4 {
		return nil
	}
	r = simplify.DouglasPeucker(tolerance).Ring(r.Clone())
	r = orb.Ring(snap(r))
	if len(r) > 1 && r[0] != r[len(r)-1] {
		r = append(r, r[0])
	}
	r = dropSpikes(r)
	if len(r) < 4 || area(r) == 0 {
		return nil
	}
	return r
}

// dropSpikes removes vertices where a closed ring turns back on itself
// (a, b, a), which snapping to the grid can create.
func dropSpikes(r orb.Ring) orb.Ring {
	if len(r) < 4 {
		return r
	}
	pts := append([]orb.Point(nil), r[:len(r)-1]...)
	for changed := true; changed && len(pts) >= 3; {
		changed = false
		for i := 0; i < len(pts) && len(pts) >= 3; i++ {
			prev := pts[(i+len(pts)-1)%len(pts)]
			next := pts[(i+1)%len(pts)]
			cur := pts[i]
			if prev == next || prev == cur || collinearBack(prev, cur, next) {
				pts = append(pts[:i], pts[i+1:]...)
				changed = true
				i--
			}
		}
	}
	if len(pts) < 3 {
		return nil
	}
	return append(orb.Ring(pts), pts[0])
}

// collinearBack reports whether b lies on a line with a and c and the ring
// turns back at b (the angle at b is zero).
func collinearBack(a, b, c orb.Point) bool {
	cross := (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
	if cross != 0 {
		return false
	}
	dot := (b[0]-a[0])*(c[0]-b[0]) + (b[1]-a[1])*(c[1]-b[1])
	return dot < 0
}

// area returns twice the signed area of a ring in its own coordinates.
func area(r orb.Ring) float64 {
	var a float64
	for i := 1; i < len(r); i++ {
		a += r[i-1][0]*r[i][1] - r[i][0]*r[i-1][1]
	}
	return a
}
