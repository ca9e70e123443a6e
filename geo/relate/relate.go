package relate

import (
	"github.com/chronoatlas/chronoatlas/geo/ring"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// parts is a geometry taken apart: its points, its lines (every polygon's
// rings among them), and its polygons.
type parts struct {
	points []orb.Point
	lines  []orb.LineString
	polys  []orb.Polygon
}

func decompose(g orb.Geometry, p *parts) {
	switch g := g.(type) {
	case orb.Point:
		p.points = append(p.points, g)
	case orb.MultiPoint:
		p.points = append(p.points, g...)
	case orb.LineString:
		p.lines = append(p.lines, g)
	case orb.MultiLineString:
		p.lines = append(p.lines, g...)
	case orb.Ring:
		decompose(orb.Polygon{g}, p)
	case orb.Polygon:
		if len(g) == 0 {
			return
		}
		p.polys = append(p.polys, g)
		for _, r := range g {
			p.lines = append(p.lines, orb.LineString(r))
		}
	case orb.MultiPolygon:
		for _, pg := range g {
			decompose(pg, p)
		}
	case orb.Collection:
		for _, m := range g {
			decompose(m, p)
		}
	case orb.Bound:
		decompose(g.ToPolygon(), p)
	}
}

// Intersects reports whether a and b have at least one point in common.
func Intersects(a, b orb.Geometry) bool {
	if a == nil || b == nil || !a.Bound().Intersects(b.Bound()) {
		return false
	}
	var pa, pb parts
	decompose(a, &pa)
	decompose(b, &pb)
	if linesMeet(pa.lines, pb.lines, b.Bound()) {
		return true
	}
	// No boundaries cross, so each connected piece of one lies wholly
	// inside or wholly outside the other's pieces: one point of each
	// piece decides.
	return reaches(pa, pb) || reaches(pb, pa)
}

// Disjoint reports whether a and b have no point in common.
func Disjoint(a, b orb.Geometry) bool { return !Intersects(a, b) }

// reaches reports whether a point standing for one of a's pieces lies on
// or in one of b's.
func reaches(a, b parts) bool {
	for _, p := range a.points {
		if covers(b, p) {
			return true
		}
	}
	for _, l := range a.lines {
		if len(l) > 0 && covers(b, l[0]) {
			return true
		}
	}
	return false
}

// covers reports whether p lies on one of the lines or in one of the
// polygons of g, or is one of its points.
func covers(g parts, p orb.Point) bool {
	for _, q := range g.points {
		if q == p {
			return true
		}
	}
	for _, l := range g.lines {
		for i := 1; i < len(l); i++ {
			if onSegment(l[i-1], l[i], p) {
				return true
			}
		}
		if len(l) == 1 && l[0] == p {
			return true
		}
	}
	for _, pg := range g.polys {
		if planar.PolygonContains(pg, p) {
			return true
		}
	}
	return false
}

// Within reports whether every point of a lies in b (on its boundary
// or inside), for a point, line or polygon a and a polygonal b. Lines and
// polygons are within when no edge of b crosses them and a vertex of each
// of their pieces lies in b.
func Within(a, b orb.Geometry) bool {
	if a == nil || b == nil {
		return false
	}
	ab, bb := a.Bound(), b.Bound()
	if !bb.Intersects(ab) || !bb.Contains(ab.Min) || !bb.Contains(ab.Max) {
		return false
	}
	var pa, pb parts
	decompose(a, &pa)
	decompose(b, &pb)
	if len(pb.polys) == 0 {
		// Within a line or points: every vertex of a on b, and a itself
		// no wider than a point or a line.
		return len(pa.polys) == 0 && covered(pa, pb)
	}
	if properCross(pa.lines, pb.lines) || !covered(pa, pb) {
		return false
	}
	// b's boundary must not enter a's interior (a hole of b inside a).
	for _, l := range pb.lines {
		for i, p := range l {
			if inside(pa, p) || (i > 0 && inside(pa, mid(l[i-1], p))) {
				return false
			}
		}
	}
	return true
}

// covered reports whether b covers every point of a and every vertex and
// the middle of every edge of a's lines: an edge between two boundary
// points may still run outside (across a bay), and its middle decides.
func covered(a, b parts) bool {
	for _, p := range a.points {
		if !covers(b, p) {
			return false
		}
	}
	for _, l := range a.lines {
		for i, p := range l {
			if !covers(b, p) || i > 0 && !covers(b, mid(l[i-1], p)) {
				return false
			}
		}
	}
	return true
}

// inside reports whether p lies in the interior of one of g's polygons:
// in it and on none of its lines.
func inside(g parts, p orb.Point) bool {
	if len(g.polys) == 0 {
		return false
	}
	for _, l := range g.lines {
		for i := 1; i < len(l); i++ {
			if onSegment(l[i-1], l[i], p) {
				return false
			}
		}
	}
	for _, pg := range g.polys {
		if planar.PolygonContains(pg, p) {
			return true
		}
	}
	return false
}

// Contains reports whether b lies within a.
func Contains(a, b orb.Geometry) bool { return Within(b, a) }

func mid(a, b orb.Point) orb.Point { return orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2} }

// linesMeet reports whether a segment of as touches or crosses one of bs.
func linesMeet(as, bs []orb.LineString, bb orb.Bound) bool {
	for _, a := range as {
		for i := 1; i < len(a); i++ {
			sb := orb.Bound{Min: a[i-1], Max: a[i-1]}.Extend(a[i])
			if !sb.Intersects(bb) {
				continue
			}
			for _, b := range bs {
				for j := 1; j < len(b); j++ {
					if segmentsMeet(a[i-1], a[i], b[j-1], b[j]) {
						return true
					}
				}
			}
		}
	}
	return false
}

// properCross reports whether a segment of as crosses one of bs at a point
// inside both (touching at an end or running along does not count).
func properCross(as, bs []orb.LineString) bool {
	for _, a := range as {
		for i := 1; i < len(a); i++ {
			for _, b := range bs {
				for j := 1; j < len(b); j++ {
					d1 := ring.Orient(b[j-1], b[j], a[i-1])
					d2 := ring.Orient(b[j-1], b[j], a[i])
					d3 := ring.Orient(a[i-1], a[i], b[j-1])
					d4 := ring.Orient(a[i-1], a[i], b[j])
					if d1*d2 < 0 && d3*d4 < 0 {
						return true
					}
				}
			}
		}
	}
	return false
}

// onSegment reports whether p lies on the closed segment ab.
func onSegment(a, b, p orb.Point) bool {
	return ring.Orient(a, b, p) == 0 &&
		min(a[0], b[0]) <= p[0] && p[0] <= max(a[0], b[0]) &&
		min(a[1], b[1]) <= p[1] && p[1] <= max(a[1], b[1])
}

// segmentsMeet reports whether the closed segments ab and cd share a point.
func segmentsMeet(a, b, c, d orb.Point) bool {
	d1, d2 := ring.Orient(c, d, a), ring.Orient(c, d, b)
	d3, d4 := ring.Orient(a, b, c), ring.Orient(a, b, d)
	if d1*d2 < 0 && d3*d4 < 0 {
		return true
	}
	return onSegment(c, d, a) || onSegment(c, d, b) || onSegment(a, b, c) || onSegment(a, b, d)
}
