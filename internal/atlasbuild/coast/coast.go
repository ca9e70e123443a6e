// Package coast cuts Natural Earth's land, read as TopoJSON, down to an
// atlas's region: clipped edge by edge to a box, mended where rings touch
// themselves, simplified without crossing itself, and normalized so the
// same input always gives the same bytes.
package coast

import (
	"encoding/json"
	"fmt"
	"github.com/chronoatlas/chronoatlas/internal/atlasbuild/xy"
	"math"

	"github.com/chronoatlas/chronoatlas/geo/ring"
	"github.com/chronoatlas/chronoatlas/geo/valid"
	"github.com/paulmach/orb"
	"github.com/peterstace/simplefeatures/geom"
)

// Options say how the Natural Earth land is cut down to the atlas.
type Options struct {
	// Region is the box kept: west, south, east, north.
	Region [4]float64
	// Tolerance is the Douglas–Peucker tolerance in degrees.
	Tolerance float64
	// MinArea drops islands smaller than this, in square degrees.
	MinArea float64
}

// Default keeps the atlas region, 70°E–145°E and 15°N–55°N, with
// the coast simplified to some 500 m and islands of some 20 km² and
// more.
var Default = Options{
	Region:    [4]float64{70, 15, 145, 55},
	Tolerance: 0.005,
	MinArea:   0.002,
}

type topology struct {
	Type      string `json:"type"`
	Transform *struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Arcs    [][][2]float64 `json:"arcs"`
	Objects map[string]struct {
		Type       string `json:"type"`
		Geometries []struct {
			Type string          `json:"type"`
			Arcs json.RawMessage `json:"arcs"`
		} `json:"geometries"`
	} `json:"objects"`
}

// Land reads Natural Earth's land as TopoJSON (the world-atlas package's
// land-50m.json), keeps the region, simplifies it and drops the smallest
// islands. The result is a valid MultiPolygon with coordinates on a 1e-6°
// grid, ordered so that the same input always gives the same output.
func Land(topo []byte, o Options) (geom.Geometry, error) {
	t, polys, err := readTopology(topo)
	if err != nil {
		return geom.Geometry{}, err
	}
	box := geom.NewEnvelope(geom.XY{X: o.Region[0], Y: o.Region[1]}, geom.XY{X: o.Region[2], Y: o.Region[3]}).AsGeometry()
	// Rings are first cut, edge by edge, to a box a little larger than the
	// region, whose edges miss Natural Earth's grid; what is left is simple
	// enough for the exact overlay with the region.
	margin := 0.5 + 1/math.Pi*1e-4
	rough := geom.NewEnvelope(geom.XY{X: o.Region[0] - margin, Y: o.Region[1] - margin}, geom.XY{X: o.Region[2] + margin, Y: o.Region[3] + margin})
	var parts []geom.Geometry
	for _, p := range polys {
		outers, holes, err := t.cut(p, rough)
		if err != nil {
			return geom.Geometry{}, err
		}
		for _, outer := range outers {
			poly, err := mend(append([][]geom.XY{outer}, holes...), box.Envelope())
			if err != nil {
				return geom.Geometry{}, err
			}
			clipped, err := geom.Intersection(poly, box)
			if err != nil {
				return geom.Geometry{}, fmt.Errorf("clipping the land to the region: %w", err)
			}
			for _, q := range xy.Polygons(clipped) {
				for _, r := range xy.Polygons(simplify(q, o.Tolerance)) {
					if r.Area() >= o.MinArea {
						parts = append(parts, r)
					}
				}
			}
		}
	}
	all, err := geom.UnionMany(parts)
	if err != nil {
		return geom.Geometry{}, fmt.Errorf("joining the land: %w", err)
	}
	return Normalize(all)
}

// arcs are a topology's arcs decoded to coordinates.
type arcs [][]geom.XY

// readTopology decodes the TopoJSON's arcs and lists the polygons of its
// land object, each a list of rings, each a list of arc references.
func readTopology(topo []byte) (arcs, [][][]int, error) {
	var t topology
	if err := json.Unmarshal(topo, &t); err != nil {
		return nil, nil, fmt.Errorf("reading TopoJSON: %w", err)
	}
	if t.Type != "Topology" {
		return nil, nil, fmt.Errorf("reading TopoJSON: type is %q, not Topology", t.Type)
	}
	out := make(arcs, len(t.Arcs))
	for i, a := range t.Arcs {
		var x, y float64
		pts := make([]geom.XY, len(a))
		for j, p := range a {
			if t.Transform != nil {
				x, y = x+p[0], y+p[1]
				pts[j] = geom.XY{X: x*t.Transform.Scale[0] + t.Transform.Translate[0], Y: y*t.Transform.Scale[1] + t.Transform.Translate[1]}
			} else {
				pts[j] = geom.XY{X: p[0], Y: p[1]}
			}
		}
		out[i] = pts
	}
	land, ok := t.Objects["land"]
	if !ok {
		return nil, nil, fmt.Errorf("reading TopoJSON: no object named land")
	}
	var polys [][][]int
	for _, g := range land.Geometries {
		switch g.Type {
		case "Polygon":
			var p [][]int
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				return nil, nil, err
			}
			polys = append(polys, p)
		case "MultiPolygon":
			var mp [][][]int
			if err := json.Unmarshal(g.Arcs, &mp); err != nil {
				return nil, nil, err
			}
			polys = append(polys, mp...)
		}
	}
	return out, polys, nil
}

// ring joins arcs into a ring; a negative reference ^i is arc i reversed.
func (t arcs) ring(refs []int) ([]geom.XY, error) {
	var out []geom.XY
	for k, r := range refs {
		i, rev := r, false
		if r < 0 {
			i, rev = ^r, true
		}
		if i >= len(t) {
			return nil, fmt.Errorf("arc %d out of range", i)
		}
		a := t[i]
		if rev {
			a = reversed(a)
		}
		if k > 0 {
			a = a[1:]
		}
		out = append(out, a...)
	}
	return out, nil
}

// cut makes the rings of one polygon and cuts them to the rough box: the
// pieces of its exterior ring, and of its holes.
func (t arcs) cut(p [][]int, rough geom.Envelope) (outers, holes [][]geom.XY, err error) {
	for k, refs := range p {
		pts, err := t.ring(refs)
		if err != nil {
			return nil, nil, err
		}
		if len(pts) < 4 || !xy.Seq(pts).Envelope().Intersects(rough) {
			continue
		}
		// Natural Earth's 1:10m rings have spikes that run out and back
		// along one line; take them out first, so that none is the edge
		// by which clipRing tells inside from out.
		if pts = despike(pts); len(pts) < 4 {
			continue
		}
		clipped, err := clipRing(pts, rough)
		if err != nil {
			return nil, nil, err
		}
		for _, c := range clipped {
			if c = despike(c); len(c) < 4 {
				continue
			}
			if k == 0 {
				outers = append(outers, c)
			} else {
				holes = append(holes, c)
			}
		}
	}
	return outers, holes, nil
}

// simplify simplifies each ring of the polygon g with the tolerance,
// keeping more of a ring's points only where fewer would make it cross
// itself (see simplifyRing); should a hole and its exterior then meet, the
// whole polygon is simplified at a finer tolerance instead.
func simplify(g geom.Geometry, tol float64) geom.Geometry {
	if p, ok := g.AsPolygon(); ok {
		var rings []geom.LineString
		for _, c := range p.Coordinates() {
			rings = append(rings, geom.NewLineString(xy.Seq(simplifyRing(xy.Points(c), tol))))
		}
		if s := geom.NewPolygon(rings).AsGeometry(); s.Validate() == nil {
			return s
		}
	}
	for ; tol > 1e-4; tol /= 2 {
		if s, err := g.Simplify(tol); err == nil {
			return s
		}
	}
	return g
}

// simplifyRing simplifies a closed ring by Douglas–Peucker and then, while
// the result crosses or touches itself, puts back the original point
// farthest from each of the two edges that meet, as finer simplification
// there would have kept. A detailed coast, simplified as a whole, nearly
// always crosses itself somewhere (an estuary, a narrow strait), and
// giving up the tolerance for the whole ring would keep all of its points.
func simplifyRing(r []geom.XY, tol float64) []geom.XY {
	n := len(r)
	if n < 8 {
		return r
	}
	keep := make([]bool, n)
	keep[0], keep[n-1] = true, true
	// The point farthest from the first splits the ring into two chains,
	// each simplified on its own.
	far := 0
	for i := range r {
		if xy.Dist2(r[i], r[0]) > xy.Dist2(r[far], r[0]) {
			far = i
		}
	}
	keep[far] = true
	var dp func(i, j int)
	dp = func(i, j int) {
		if k, d := farthest(r, i, j); d > tol {
			keep[k] = true
			dp(i, k)
			dp(k, j)
		}
	}
	dp(0, far)
	dp(far, n-1)
	for {
		var idx []int
		for i, k := range keep {
			if k {
				idx = append(idx, i)
			}
		}
		ring := make(orb.Ring, len(idx))
		for i, k := range idx {
			ring[i] = orb.Point{r[k].X, r[k].Y}
		}
		cr, crossed := valid.FirstCrossing(orb.MultiPolygon{{ring}})
		if !crossed {
			out := make([]geom.XY, len(idx))
			for i, k := range idx {
				out[i] = r[k]
			}
			return out
		}
		added := false
		for _, e := range []int{cr.Index, cr.OtherIndex} {
			if e+1 < len(idx) {
				if k, d := farthest(r, idx[e], idx[e+1]); d > 0 {
					keep[k], added = true, true
				}
			}
		}
		if !added {
			return r // the crossing is in the original
		}
	}
}

// farthest finds the point of r strictly between i and j farthest from the
// segment r[i]–r[j], and its distance.
func farthest(r []geom.XY, i, j int) (int, float64) {
	best, bestD := -1, 0.0
	a, b := r[i], r[j]
	dx, dy := b.X-a.X, b.Y-a.Y
	l2 := dx*dx + dy*dy
	for k := i + 1; k < j; k++ {
		p := r[k]
		var d float64
		if l2 == 0 {
			d = xy.Dist2(p, a)
		} else {
			t := math.Max(0, math.Min(1, ((p.X-a.X)*dx+(p.Y-a.Y)*dy)/l2))
			d = xy.Dist2(p, geom.XY{X: a.X + t*dx, Y: a.Y + t*dy})
		}
		if d > bestD {
			best, bestD = k, d
		}
	}
	return best, math.Sqrt(bestD)
}

// mend makes a valid polygon of rings from Natural Earth, whose rings
// sometimes touch themselves at a point (at a few islets): each such ring is split at the repeated
// point into simple loops, the loops wound like the ring become polygons and
// the holes are taken out of them.
func mend(rings [][]geom.XY, box geom.Envelope) (geom.Geometry, error) {
	var outer []geom.Geometry
	sign := xy.SignedArea(rings[0])
	for _, l := range ring.Loops(rings[0]) {
		a := xy.SignedArea(l)
		if a*sign <= 0 || len(l) < 4 || !xy.Seq(l).Envelope().Intersects(box) {
			continue
		}
		p := geom.NewPolygon([]geom.LineString{geom.NewLineString(xy.Seq(l))}).AsGeometry()
		if err := p.Validate(); err != nil {
			u, uerr := geom.UnaryUnion(p)
			if uerr != nil || math.Abs(u.Area()-math.Abs(a)) > 1e-6*math.Abs(a) {
				return geom.Geometry{}, fmt.Errorf("mending a land polygon near %v: %w", xy.Seq(l).Envelope(), err)
			}
			p = u
		}
		outer = append(outer, p)
	}
	g, err := geom.UnionMany(outer)
	if err != nil {
		return geom.Geometry{}, fmt.Errorf("mending a land polygon: %w", err)
	}
	for _, h := range rings[1:] {
		if len(h) < 4 {
			continue
		}
		for _, l := range ring.Loops(h) {
			if len(l) < 4 || !xy.Seq(l).Envelope().Intersects(box) {
				continue
			}
			hole := geom.NewPolygon([]geom.LineString{geom.NewLineString(xy.Seq(l))}).AsGeometry()
			if hole.Validate() != nil {
				continue
			}
			if g, err = geom.Difference(g, hole); err != nil {
				return geom.Geometry{}, fmt.Errorf("mending a land polygon: %w", err)
			}
		}
	}
	return g, nil
}
