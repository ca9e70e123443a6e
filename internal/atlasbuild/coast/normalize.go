package coast

import (
	"fmt"
	"github.com/chronoatlas/chronoatlas/internal/atlasbuild/xy"
	"math"
	"sort"

	"github.com/chronoatlas/chronoatlas/geo/ring"
	"github.com/chronoatlas/chronoatlas/geo/valid"
	"github.com/paulmach/orb"
	"github.com/peterstace/simplefeatures/geom"
)

// sliver is the area in square degrees (about 1,000 m² at these latitudes)
// under which a polygon left by an overlay is dropped as noise.
const sliver = 1e-7

// Normalize snaps g to a 1e-6° grid, keeps its polygons only, winds them as
// RFC 7946 asks (exterior rings counterclockwise), rewrites rings that touch
// themselves, and orders the polygons by their first point, so equal shapes
// are written as equal bytes. The result passes the dataset validator.
func Normalize(g geom.Geometry) (geom.Geometry, error) { return Tidy(g, sliver, 6) }

// Tidy is Normalize dropping loops of minArea square degrees or less and
// rounding coordinates to the given number of decimals (none if it is
// negative).
func Tidy(g geom.Geometry, minArea float64, decimals int) (geom.Geometry, error) {
	var out []geom.Polygon
	for _, p := range xy.Polygons(g) {
		parts, err := tidy(p, decimals, minArea)
		if err != nil || checkPolygons(parts) != nil {
			// Snapping folded a ring onto itself; keep the polygon as the
			// overlay left it, tidied.
			if parts, err = tidy(p, -1, minArea); err != nil {
				return geom.Geometry{}, err
			}
			if err := checkPolygons(parts); err != nil {
				return geom.Geometry{}, fmt.Errorf("a polygon near %v: %w", p.Envelope(), err)
			}
		}
		out = append(out, parts...)
	}
	sort.Slice(out, func(i, j int) bool {
		a, _ := out[i].ExteriorRing().StartPoint().XY()
		b, _ := out[j].ExteriorRing().StartPoint().XY()
		if a.X != b.X {
			return a.X < b.X
		}
		return a.Y < b.Y
	})
	mp := geom.NewMultiPolygon(out).AsGeometry()
	if err := mp.Validate(); err != nil {
		return geom.Geometry{}, fmt.Errorf("after snapping to the grid: %w", err)
	}
	return mp, nil
}

// checkPolygons runs the dataset validator over polygons.
func checkPolygons(ps []geom.Polygon) error {
	mp := make(orb.MultiPolygon, len(ps))
	for i, p := range ps {
		for _, r := range p.Coordinates() {
			ring := make(orb.Ring, r.Length())
			for k := range ring {
				xy := r.GetXY(k)
				ring[k] = orb.Point{xy.X, xy.Y}
			}
			mp[i] = append(mp[i], ring)
		}
	}
	return valid.Geometry(mp)
}

// spikeTol is the |cross product| of two edges under which a vertex where
// a ring turns back counts as a spike's tip (see ring.Despike).
const spikeTol = 1e-14

// tidy rounds a polygon's coordinates to some decimals (if not negative), drops repeated
// points and spikes, and rewrites rings that pass a point twice (which an
// overlay leaves where two islands meet at a point) as RFC 7946 readers
// expect: each ring is split there into loops; loops wound like a shell
// are polygons, loops wound like a hole are holes of the shell around them
// (ring.Split). Loops of minArea square degrees or less are dropped.
func tidy(p geom.Geometry, decimals int, minArea float64) ([]geom.Polygon, error) {
	k := math.Pow10(decimals)
	var op orb.Polygon
	for _, r := range p.MustAsPolygon().Coordinates() {
		pts := xy.Points(r)
		if decimals >= 0 {
			for i, xy := range pts {
				pts[i] = geom.XY{X: math.Round(xy.X*k) / k, Y: math.Round(xy.Y*k) / k}
			}
		}
		op = append(op, toRing(pts))
	}
	ring.Wind(op, orb.CCW) // the exterior ring may have come wound either way
	polys, strays := ring.Split(op, spikeTol, minArea)
	if len(strays) > 0 {
		return nil, fmt.Errorf("a hole near %v lies in no shell", strays[0].Bound())
	}
	out := make([]geom.Polygon, len(polys))
	for i, q := range polys {
		rings := make([]geom.LineString, len(q))
		for k, r := range q {
			rings[k] = geom.NewLineString(xy.Seq(fromRing(r)))
		}
		out[i] = geom.NewPolygon(rings)
	}
	return out, nil
}

// despike drops repeated points and the tips of spikes from a closed ring
// (ring.Despike); a ring that collapses comes back with fewer than four
// points.
func despike(r []geom.XY) []geom.XY { return fromRing(ring.Despike(toRing(r), spikeTol)) }

// toRing and fromRing convert a ring between simplefeatures, in which the
// build computes, and orb, in which geo/ring repairs rings.
func toRing(pts []geom.XY) orb.Ring {
	r := make(orb.Ring, len(pts))
	for i, p := range pts {
		r[i] = orb.Point{p.X, p.Y}
	}
	return r
}

func fromRing(r orb.Ring) []geom.XY {
	pts := make([]geom.XY, len(r))
	for i, p := range r {
		pts[i] = geom.XY{X: p[0], Y: p[1]}
	}
	return pts
}
