package render

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/tdewolff/canvas"
)

// minStep is the shortest step, in pixels, kept between projected points:
// shorter ones are invisible and only cost drawing time.
const minStep = 0.5

// pixels projects g onto the map and clips it to box (in pixels), leaving
// out points closer than minStep to the last one kept. It returns nil when
// nothing of g is in the box.
func (p projection) pixels(g orb.Geometry, box orb.Bound) orb.Geometry {
	switch g := g.(type) {
	case orb.Polygon:
		return p.pixels(orb.MultiPolygon{g}, box)
	case orb.MultiPolygon:
		var out orb.MultiPolygon
		for _, poly := range g {
			var pp orb.Polygon
			for i, r := range poly {
				pr := orb.Ring(p.line(r))
				if len(pr) < 4 {
					if i == 0 {
						break
					}
					continue
				}
				pp = append(pp, pr)
			}
			if len(pp) > 0 {
				out = append(out, pp)
			}
		}
		out = clip.MultiPolygon(box, out)
		if len(out) == 0 {
			return nil
		}
		return out
	case orb.LineString:
		return p.pixels(orb.MultiLineString{g}, box)
	case orb.MultiLineString:
		var out orb.MultiLineString
		for _, l := range g {
			if pl := p.line(l); len(pl) >= 2 {
				out = append(out, pl)
			}
		}
		out = clip.MultiLineString(box, out)
		if len(out) == 0 {
			return nil
		}
		return out
	case orb.Point:
		q := p.point(g)
		if !box.Contains(q) {
			return nil
		}
		return q
	}
	return nil
}

// line projects the points of l, dropping those within minStep of the last
// one kept (but never the last point, which closes a ring).
func (p projection) line(l []orb.Point) orb.LineString {
	out := make(orb.LineString, 0, len(l))
	for i, q := range l {
		pq := p.point(q)
		if n := len(out); n > 0 && i < len(l)-1 {
			last := out[n-1]
			if math.Abs(pq[0]-last[0]) < minStep && math.Abs(pq[1]-last[1]) < minStep {
				continue
			}
		}
		out = append(out, pq)
	}
	return out
}

// path turns a geometry in map pixels (y down) into a canvas path (y up on
// a map height pixels tall).
func path(g orb.Geometry, height float64) *canvas.Path {
	pa := &canvas.Path{}
	line := func(ps []orb.Point, closed bool) {
		for i, q := range ps {
			if i == 0 {
				pa.MoveTo(q[0], height-q[1])
			} else {
				pa.LineTo(q[0], height-q[1])
			}
		}
		if closed {
			pa.Close()
		}
	}
	switch g := g.(type) {
	case orb.MultiPolygon:
		for _, poly := range g {
			for _, r := range poly {
				line(r, true)
			}
		}
	case orb.Polygon:
		for _, r := range g {
			line(r, true)
		}
	case orb.MultiLineString:
		for _, l := range g {
			line(l, false)
		}
	case orb.LineString:
		line(g, false)
	}
	return pa
}

// labelPoint returns a point well inside the largest polygon of mp (in
// pixels), and the width of the inside there: the middle of the widest run
// inside it along the horizontal line through its centre of area.
func labelPoint(mp orb.MultiPolygon) (orb.Point, float64, bool) {
	var best orb.Polygon
	bestArea := 0.0
	for _, poly := range mp {
		if len(poly) == 0 {
			continue
		}
		if a := math.Abs(ringArea(poly[0])); a > bestArea {
			best, bestArea = poly, a
		}
	}
	if best == nil {
		return orb.Point{}, 0, false
	}
	y := centroidY(best[0])
	var xs []float64
	for _, r := range best {
		for i := 0; i+1 < len(r); i++ {
			a, b := r[i], r[i+1]
			if (a[1] <= y) != (b[1] <= y) {
				xs = append(xs, a[0]+(y-a[1])*(b[0]-a[0])/(b[1]-a[1]))
			}
		}
	}
	slices.Sort(xs)
	var at orb.Point
	width := 0.0
	for i := 0; i+1 < len(xs); i += 2 {
		if w := xs[i+1] - xs[i]; w > width {
			width, at = w, orb.Point{(xs[i] + xs[i+1]) / 2, y}
		}
	}
	return at, width, width > 0
}

func ringArea(r orb.Ring) float64 {
	a := 0.0
	for i := 0; i+1 < len(r); i++ {
		a += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return a / 2
}

func centroidY(r orb.Ring) float64 {
	a, cy := 0.0, 0.0
	for i := 0; i+1 < len(r); i++ {
		c := r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
		a += c
		cy += (r[i][1] + r[i+1][1]) * c
	}
	if a == 0 {
		return r[0][1]
	}
	return cy / (3 * a)
}
