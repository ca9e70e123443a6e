package tile

import (
	"cmp"
	"math"
	"slices"

	"github.com/chronoatlas/chronoatlas/geo/ring"
	"github.com/chronoatlas/chronoatlas/geo/valid"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
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
		return oneOrMany(out)
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
	g, _ := shapePolygonsAt(mp, []float64{tolerance, tolerance / 4, 0}, true)
	return g
}

// shapeOnce shapes g at one tolerance, and reports false when simplifying
// made polygons' rings cross: then only a finer tolerance or the
// unsimplified source will do.
func shapeOnce(g orb.Geometry, tolerance float64) (orb.Geometry, bool) {
	switch g := g.(type) {
	case orb.Polygon:
		return shapePolygonsAt(orb.MultiPolygon{g}, []float64{tolerance}, false)
	case orb.MultiPolygon:
		return shapePolygonsAt(g, []float64{tolerance}, false)
	}
	return shape(g, tolerance), true
}

// shapePolygonsAt shapes mp at each tolerance in turn until no rings
// cross, then, if mend is set, takes out vertices where snapping still
// made them cross; it reports whether the result is free of crossings.
func shapePolygonsAt(mp orb.MultiPolygon, tolerances []float64, mend bool) (orb.Geometry, bool) {
	var out orb.MultiPolygon
	crossed := false
	for _, tol := range tolerances {
		out = out[:0]
		for _, p := range mp {
			if p := shapePolygon(p, tol); p != nil {
				out = append(out, splitTouching(p)...)
			}
		}
		out = dropCovered(out)
		if crossed = len(out) > 0 && valid.Crossings(out) != nil; !crossed {
			break
		}
	}
	// Snapping to the grid can still fold a near-degenerate corner so
	// that edges cross: take out a vertex of a crossing edge at a time.
	for i := 0; mend && crossed && i < 32; i++ {
		cr, ok := valid.FirstCrossing(out)
		crossed = ok && (dropVertex(out, cr.Poly, cr.Ring, cr.Index+1) || dropVertex(out, cr.OtherPoly, cr.OtherRing, cr.OtherIndex+1))
	}
	return oneOrMany(out), !crossed
}

// dropCovered takes out the polygons that lie inside another: islands in a
// bay or an estuary that simplifying the coast has closed over. They are
// drawn by the land around them anyway, and a MultiPolygon may not nest.
func dropCovered(mp orb.MultiPolygon) orb.MultiPolygon {
	covered := valid.Covered(mp) // in increasing order
	if len(covered) == 0 {
		return mp
	}
	out := mp[:0]
	for i, p := range mp {
		if len(covered) > 0 && covered[0] == i {
			covered = covered[1:]
			continue
		}
		out = append(out, p)
	}
	return out
}

// splitTouching splits rings that pass a point twice, which clipping
// along the tile's edge and snapping to the grid leave, into simple loops
// (ring.Split): loops wound like the exterior are polygons of their own,
// loops wound like a hole are holes of the polygon around them.
func splitTouching(p orb.Polygon) []orb.Polygon {
	ix := newAxisIndex(p)
	for i := range p {
		p[i] = nodeAxisEdges(p[i], ix)
	}
	if !slices.ContainsFunc(p, ring.SelfTouching) {
		return []orb.Polygon{fillEdgeHoles(p)}
	}
	// Holes in no shell are dropped with the rest of what collapses.
	out, _ := ring.Split(p, spikeTolerance, 0)
	for i, q := range out {
		out[i] = fillEdgeHoles(q)
	}
	return out
}

// fillEdgeHoles drops the holes of p that share an edge with its exterior:
// such a hole lies against the tile's edge, in the buffer no one sees.
func fillEdgeHoles(p orb.Polygon) orb.Polygon {
	out := p[:1]
	for _, h := range p[1:] {
		if !sharesEdge(p[0], h) {
			out = append(out, h)
		}
	}
	return out
}

// sharesEdge reports whether two rings have an edge in common.
func sharesEdge(a, b orb.Ring) bool {
	edges := make(map[[2]orb.Point]bool, len(a))
	for i := 1; i < len(a); i++ {
		edges[[2]orb.Point{a[i-1], a[i]}] = true
		edges[[2]orb.Point{a[i], a[i-1]}] = true
	}
	for i := 1; i < len(b); i++ {
		if edges[[2]orb.Point{b[i-1], b[i]}] {
			return true
		}
	}
	return false
}

// axisIndex holds the vertices of a polygon that lie on the line of one
// of its vertical edges sorted by x then y (byX), and those on the line
// of one of its horizontal edges sorted by y then x (byY, each point's
// coordinates swapped), so that the vertices on such a line are one run.
type axisIndex struct{ byX, byY []orb.Point }

func newAxisIndex(p orb.Polygon) axisIndex {
	var xs, ys []float64 // the lines of the vertical and horizontal edges
	for _, r := range p {
		for i := 0; i+1 < len(r); i++ {
			a, b := r[i], r[i+1]
			switch {
			case a[0] == b[0] && a[1] != b[1]:
				xs = append(xs, a[0])
			case a[1] == b[1] && a[0] != b[0]:
				ys = append(ys, a[1])
			}
		}
	}
	slices.Sort(xs)
	slices.Sort(ys)
	xs, ys = slices.Compact(xs), slices.Compact(ys)
	var ix axisIndex
	for _, r := range p {
		for _, q := range r {
			if _, ok := slices.BinarySearch(xs, q[0]); ok {
				ix.byX = append(ix.byX, q)
			}
			if _, ok := slices.BinarySearch(ys, q[1]); ok {
				ix.byY = append(ix.byY, orb.Point{q[1], q[0]})
			}
		}
	}
	slices.SortFunc(ix.byX, comparePoints)
	slices.SortFunc(ix.byY, comparePoints)
	return ix
}

func comparePoints(a, b orb.Point) int {
	if c := cmp.Compare(a[0], b[0]); c != 0 {
		return c
	}
	return cmp.Compare(a[1], b[1])
}

// between appends to mids, in order from from to to, the vertices on the
// line at u (of sorted, whose points are (u, v)) strictly between v = from
// and v = to, each once, as point(u, v) makes them.
func between(mids []orb.Point, sorted []orb.Point, u, from, to float64, point func(u, v float64) orb.Point) []orb.Point {
	lo, hi := min(from, to), max(from, to)
	i, _ := slices.BinarySearchFunc(sorted, orb.Point{u, lo}, comparePoints)
	for i < len(sorted) && sorted[i][0] == u && sorted[i][1] == lo {
		i++
	}
	j := i
	for j < len(sorted) && sorted[j][0] == u && sorted[j][1] < hi {
		j++
	}
	start := len(mids)
	for k := i; k < j; k++ {
		if k == i || sorted[k][1] != sorted[k-1][1] {
			mids = append(mids, point(u, sorted[k][1]))
		}
	}
	if from > to {
		slices.Reverse(mids[start:])
	}
	return mids
}

// nodeAxisEdges puts into each horizontal or vertical edge of a ring the
// polygon's vertices that lie on it, from axisIndex. Clipping to the tile
// leaves rings that run along the tile's edge more than once; noded, those
// runs meet at shared vertices, where splitTouching can split them.
func nodeAxisEdges(r orb.Ring, ix axisIndex) orb.Ring {
	out := make(orb.Ring, 0, len(r))
	for i := 0; i+1 < len(r); i++ {
		a, b := r[i], r[i+1]
		out = append(out, a)
		switch {
		case a[0] == b[0] && a[1] != b[1]:
			out = between(out, ix.byX, a[0], a[1], b[1], func(x, y float64) orb.Point { return orb.Point{x, y} })
		case a[1] == b[1] && a[0] != b[0]:
			out = between(out, ix.byY, a[1], a[0], b[0], func(y, x float64) orb.Point { return orb.Point{x, y} })
		}
	}
	return append(out, r[len(r)-1])
}

// dropVertex takes vertex i out of ring r of polygon p, if the ring keeps
// an area and its winding; it reports whether it did.
func dropVertex(mp orb.MultiPolygon, p, r, i int) bool {
	rg := mp[p][r]
	n := len(rg) - 1 // rg[n] closes the ring
	if n <= 3 {
		return false
	}
	open := append([]orb.Point(nil), rg[:n]...)
	i %= n
	open = append(open[:i], open[i+1:]...)
	next := append(orb.Ring(open), open[0])
	if a := planar.Area(next); a == 0 || (a > 0) != (planar.Area(rg) > 0) {
		return false
	}
	mp[p][r] = next
	return true
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
		out = append(out, r)
	}
	// Exterior rings get a positive area in tile coordinates (clockwise
	// on screen), holes a negative one.
	ring.Wind(out, orb.CCW)
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
	r = ring.Despike(r, spikeTolerance)
	if len(r) < 4 || planar.Area(r) == 0 {
		return nil
	}
	return r
}

// spikeTolerance is the |cross product| up to which a turn back counts as
// a spike: a spike whose sides are less than a grid unit apart folds onto
// itself once snapped, and crosses.
const spikeTolerance = 2
