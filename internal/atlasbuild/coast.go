package atlasbuild

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"

	"github.com/peterstace/simplefeatures/geom"
)

// CoastOptions say how the Natural Earth land is cut down to the atlas.
type CoastOptions struct {
	// Region is the box kept: west, south, east, north.
	Region [4]float64
	// Tolerance is the Douglas–Peucker tolerance in degrees.
	Tolerance float64
	// MinArea drops islands smaller than this, in square degrees.
	MinArea float64
}

// DefaultCoastOptions keep the atlas region, 70°E–145°E and 15°N–55°N, with
// the coast simplified to some 500 m and islands of some 20 km² and
// more.
var DefaultCoastOptions = CoastOptions{
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

// Coast reads Natural Earth's land as TopoJSON (the world-atlas package's
// land-50m.json), keeps the region, simplifies it and drops the smallest
// islands. The result is a valid MultiPolygon with coordinates on a 1e-6°
// grid, ordered so that the same input always gives the same output.
func Coast(topo []byte, o CoastOptions) (geom.Geometry, error) {
	var t topology
	if err := json.Unmarshal(topo, &t); err != nil {
		return geom.Geometry{}, fmt.Errorf("reading TopoJSON: %w", err)
	}
	if t.Type != "Topology" {
		return geom.Geometry{}, fmt.Errorf("reading TopoJSON: type is %q, not Topology", t.Type)
	}
	arcs := make([][]geom.XY, len(t.Arcs))
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
		arcs[i] = pts
	}
	ring := func(refs []int) ([]geom.XY, error) {
		var out []geom.XY
		for k, r := range refs {
			i, rev := r, false
			if r < 0 {
				i, rev = ^r, true
			}
			if i >= len(arcs) {
				return nil, fmt.Errorf("arc %d out of range", i)
			}
			a := arcs[i]
			if rev {
				b := make([]geom.XY, len(a))
				for j := range a {
					b[j] = a[len(a)-1-j]
				}
				a = b
			}
			if k > 0 {
				a = a[1:]
			}
			out = append(out, a...)
		}
		return out, nil
	}
	box := geom.NewEnvelope(geom.XY{X: o.Region[0], Y: o.Region[1]}, geom.XY{X: o.Region[2], Y: o.Region[3]}).AsGeometry()
	var parts []geom.Geometry
	land, ok := t.Objects["land"]
	if !ok {
		return geom.Geometry{}, fmt.Errorf("reading TopoJSON: no object named land")
	}
	for _, g := range land.Geometries {
		var polys [][][]int
		switch g.Type {
		case "Polygon":
			var p [][]int
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				return geom.Geometry{}, err
			}
			polys = [][][]int{p}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				return geom.Geometry{}, err
			}
		default:
			continue
		}
		for _, p := range polys {
			var rings [][]geom.XY
			for _, refs := range p {
				pts, err := ring(refs)
				if err != nil {
					return geom.Geometry{}, err
				}
				rings = append(rings, westOfAntimeridian(pts))
			}
			if len(rings) == 0 || len(rings[0]) < 4 || !seq(rings[0]).Envelope().Intersects(box.Envelope()) {
				continue
			}
			poly, err := mend(rings, box.Envelope())
			if err != nil {
				return geom.Geometry{}, err
			}
			clipped, err := geom.Intersection(poly, box)

			if err != nil {
				return geom.Geometry{}, fmt.Errorf("clipping the land to the region: %w", err)
			}
			for _, q := range polygons(clipped) {
				s := simplify(q, o.Tolerance)
				for _, r := range polygons(s) {
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

// simplify simplifies g with the tolerance, or a smaller one where the
// larger would leave a ring crossing itself.
func simplify(g geom.Geometry, tol float64) geom.Geometry {
	for ; tol > 1e-4; tol /= 2 {
		if s, err := g.Simplify(tol); err == nil {
			return s
		}
	}
	return g
}

// westOfAntimeridian drops the far north-east of Asia from a ring that
// crosses the antimeridian: Natural Earth's Eurasia runs on past 180° into
// Chukotka at -180°, and its ring touches itself there. The atlas ends at
// 145°E and 55°N, so the points north of 50°N and east of 150°E (or west of
// 0°) are not needed; without them the ring is simple, and the chord that
// replaces them lies outside the atlas.
func westOfAntimeridian(r []geom.XY) []geom.XY {
	lo, hi := r[0].X, r[0].X
	for _, p := range r {
		lo, hi = min(lo, p.X), max(hi, p.X)
	}
	if hi-lo < 300 {
		return r
	}
	out := make([]geom.XY, 0, len(r))
	for _, p := range r {
		if p.Y > 50 && (p.X < 0 || p.X > 150) {
			continue
		}
		out = append(out, p)
	}
	if len(out) < 3 {
		return nil // all of it is out there, as Wrangel Island is
	}
	if out[0] != out[len(out)-1] {
		out = append(out, out[0])
	}
	return out
}

// mend makes a valid polygon of rings from Natural Earth, whose rings
// sometimes touch themselves at a point (where the antimeridian cuts
// Chukotka, and at a few islets): each such ring is split at the repeated
// point into simple loops, the loops wound like the ring become polygons and
// the holes are taken out of them.
func mend(rings [][]geom.XY, box geom.Envelope) (geom.Geometry, error) {
	var outer []geom.Geometry
	sign := 0.0
	for _, l := range loops(rings[0]) {
		a := signedArea(l)
		if sign == 0 {
			sign = signedArea(rings[0])
		}
		if a*sign <= 0 || len(l) < 4 || !seq(l).Envelope().Intersects(box) {
			continue
		}
		p := geom.NewPolygon([]geom.LineString{geom.NewLineString(seq(l))}).AsGeometry()
		if err := p.Validate(); err != nil {
			u, uerr := geom.UnaryUnion(p)
			if uerr != nil || math.Abs(u.Area()-math.Abs(a)) > 1e-6*math.Abs(a) {
				return geom.Geometry{}, fmt.Errorf("mending a land polygon near %v: %w", seq(l).Envelope(), err)
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
		for _, l := range loops(h) {
			if len(l) < 4 || !seq(l).Envelope().Intersects(box) {
				continue
			}
			hole := geom.NewPolygon([]geom.LineString{geom.NewLineString(seq(l))}).AsGeometry()
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

// loops splits a closed ring at every point it passes twice.
func loops(ring []geom.XY) [][]geom.XY {
	var out [][]geom.XY
	var stack []geom.XY
	seen := map[geom.XY]int{}
	for _, p := range ring[:len(ring)-1] {
		if i, ok := seen[p]; ok {
			loop := append([]geom.XY{}, stack[i:]...)
			loop = append(loop, p)
			out = append(out, loop)
			for _, q := range stack[i+1:] {
				delete(seen, q)
			}
			stack = stack[:i+1]
			continue
		}
		seen[p] = len(stack)
		stack = append(stack, p)
	}
	stack = append(stack, stack[0])
	return append(out, stack)
}

func signedArea(r []geom.XY) float64 {
	var a float64
	for i := 0; i+1 < len(r); i++ {
		a += r[i].X*r[i+1].Y - r[i+1].X*r[i].Y
	}
	return a / 2
}

func seq(pts []geom.XY) geom.Sequence {
	fs := make([]float64, 0, 2*len(pts))
	for _, p := range pts {
		fs = append(fs, p.X, p.Y)
	}
	return geom.NewSequence(fs, geom.DimXY)
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

// Normalize snaps g to a 1e-6° grid, keeps its polygons only, winds them as
// RFC 7946 asks (exterior rings counterclockwise) and orders them by their
// first point, so equal shapes are written as equal bytes.
func Normalize(g geom.Geometry) (geom.Geometry, error) {
	ps := polygons(g.SnapToGrid(6))
	var out []geom.Polygon
	for _, p := range ps {
		// Snapping can fold a sliver onto itself; mend such a polygon.
		if err := p.Validate(); err != nil {
			u, err := geom.UnaryUnion(p)
			if err != nil {
				return geom.Geometry{}, err
			}
			for _, q := range polygons(u) {
				out = append(out, q.ForceCCW().MustAsPolygon())
			}
			continue
		}
		out = append(out, p.ForceCCW().MustAsPolygon())
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
