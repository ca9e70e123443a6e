package atlasbuild

import (
	"fmt"
	"github.com/chronoatlas/chronoatlas/internal/atlasbuild/xy"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/peterstace/simplefeatures/geom"
)

// minFace is the area in square degrees (about 10,000 m² at these
// latitudes) under which a piece of land that the cells' rings and the
// coast cut out is noise of the drawing: it goes to the neighbour it
// shares the longest edge with, so it neither leaves a hole nor an island.
const minFace = 1e-6

// label says what lies on the left of a half-edge: the cell whose ring
// claims the face there first (-1 for none) and whether the face is land.
type label struct {
	cell int
	land bool
}

// graph is the coast and every cell's ring noded once into one planar
// graph, TopoJSON-style: edges meet only at shared vertices, so a border
// two territories share is the same edges in both, and any union of faces
// is read off the graph with no overlay and no slivers. Half-edge h runs
// from orig[h] to orig[h^1]; h^1 is its twin.
type graph struct {
	pts   []geom.XY
	orig  []int
	out   [][]int // each vertex's outgoing half-edges, anticlockwise
	pos   []int   // where h is in out[orig[h]]
	left  []label
	faces [][]int // the cycles of half-edges round each face
}

// newGraph nodes the rings: every crossing becomes a vertex and each edge
// is kept once. Vertices stay where the noding puts them, so that a face
// can be probed a hair's breadth from its edge; rounding (to 1e-9°) comes
// last, on each territory, and moves a shared vertex the same way in every
// territory that has it.
func newGraph(rings [][]geom.XY) (*graph, error) {
	ls := make([]geom.LineString, 0, len(rings))
	for _, r := range rings {
		ls = append(ls, geom.NewLineString(xy.Seq(r)))
	}
	noded, err := geom.UnaryUnion(geom.NewMultiLineString(ls).AsGeometry())
	if err != nil {
		return nil, fmt.Errorf("noding the rings and the coast: %w", err)
	}
	g := &graph{}
	index := map[geom.XY]int{}
	vertex := func(p geom.XY) int {
		i, ok := index[p]
		if !ok {
			i = len(g.pts)
			index[p] = i
			g.pts = append(g.pts, p)
		}
		return i
	}
	seen := map[[2]int]bool{}
	for _, d := range noded.Dump() {
		if d.Type() != geom.TypeLineString {
			continue
		}
		s := d.MustAsLineString().Coordinates()
		for i := 0; i+1 < s.Length(); i++ {
			a, b := vertex(s.GetXY(i)), vertex(s.GetXY(i+1))
			if k := [2]int{min(a, b), max(a, b)}; a != b && !seen[k] {
				seen[k] = true
				g.orig = append(g.orig, a, b)
			}
		}
	}
	g.out = make([][]int, len(g.pts))
	for h, v := range g.orig {
		g.out[v] = append(g.out[v], h)
	}
	g.pos = make([]int, len(g.orig))
	for v, o := range g.out {
		p := g.pts[v]
		angle := func(h int) float64 {
			q := g.pts[g.orig[h^1]]
			return math.Atan2(q.Y-p.Y, q.X-p.X)
		}
		sort.Slice(o, func(i, j int) bool { return angle(o[i]) < angle(o[j]) })
		for i, h := range o {
			g.pos[h] = i
		}
	}
	return g, nil
}

// cw is the half-edge out of the same vertex next clockwise from h.
func (g *graph) cw(h int) int {
	o := g.out[g.orig[h]]
	return o[(g.pos[h]+len(o)-1)%len(o)]
}

// turn is the half-edge after h round the face on h's left: at h's end,
// the first one clockwise from h's twin.
func (g *graph) turn(h int) int { return g.cw(h ^ 1) }

// label finds every face and what it is: land or sea by the coast, and
// the first cell, in painting order, whose ring holds it. Each face is
// probed a hair's breadth left of its longest edge.
func (g *graph) label(cells [][]geom.XY, land [][]geom.XY) {
	g.left = make([]label, len(g.orig))
	done := make([]bool, len(g.orig))
	for h := range g.orig {
		if done[h] {
			continue
		}
		var face []int
		for e := h; !done[e]; e = g.turn(e) {
			done[e] = true
			face = append(face, e)
		}
		p := g.probe(face)
		l := label{cell: -1, land: evenOdd(land, p)}
		for c, r := range cells {
			if xy.Winding(r, p) != 0 {
				l.cell = c
				break
			}
		}
		for _, e := range face {
			g.left[e] = l
		}
		g.faces = append(g.faces, face)
	}
}

// probe is a point just left of the middle of the longest of the edges.
func (g *graph) probe(edges []int) geom.XY {
	var a, b geom.XY
	longest := -1.0
	for _, e := range edges {
		p, q := g.pts[g.orig[e]], g.pts[g.orig[e^1]]
		if d := math.Hypot(q.X-p.X, q.Y-p.Y); d > longest {
			longest, a, b = d, p, q
		}
	}
	const eps = 1e-9
	return geom.XY{X: (a.X+b.X)/2 - eps*(b.Y-a.Y)/longest, Y: (a.Y+b.Y)/2 + eps*(b.X-a.X)/longest}
}

// evenOdd tells whether p lies inside the rings by the even–odd rule.
func evenOdd(rings [][]geom.XY, p geom.XY) bool {
	in := false
	for _, r := range rings {
		for i := 0; i+1 < len(r); i++ {
			a, b := r[i], r[i+1]
			if (a.Y > p.Y) != (b.Y > p.Y) && p.X < a.X+(p.Y-a.Y)*(b.X-a.X)/(b.Y-a.Y) {
				in = !in
			}
		}
	}
	return in
}

// area is the signed area of a cycle of half-edges, positive when it runs
// anticlockwise round the face on its left.
func (g *graph) area(edges []int) float64 {
	var a float64
	for _, e := range edges {
		p, q := g.pts[g.orig[e]], g.pts[g.orig[e^1]]
		a += p.X*q.Y - q.X*p.Y
	}
	return a / 2
}

// mergeSlivers gives each piece of land under minFace to the land next to
// it that it shares the longest edge with, and reports land that no cell
// holds.
func (g *graph) mergeSlivers() error {
	var missed []string
	for _, face := range g.faces {
		l := g.left[face[0]]
		a := g.area(face)
		if !l.land || a <= 0 {
			continue
		}
		if a >= minFace {
			if l.cell < 0 {
				c := g.probe(face)
				missed = append(missed, fmt.Sprintf("%.6f deg² at %.3f,%.3f", a, c.X, c.Y))
			}
			continue
		}
		shared := map[int]float64{}
		for _, e := range face {
			if n := g.left[e^1]; n.land && n.cell != l.cell && n.cell >= 0 {
				p, q := g.pts[g.orig[e]], g.pts[g.orig[e^1]]
				shared[n.cell] += math.Hypot(q.X-p.X, q.Y-p.Y)
			}
		}
		best, length := l.cell, 0.0
		for c, d := range shared {
			if d > length || (d == length && c < best) {
				best, length = c, d
			}
		}
		for _, e := range face {
			g.left[e].cell = best
		}
	}
	if len(missed) > 0 {
		sort.Strings(missed)
		return fmt.Errorf("land in no cell:\n  %s", strings.Join(missed, "\n  "))
	}
	return nil
}

// rings traces the boundary of the faces for which in is true: closed
// rings with those faces on their left, so shells run anticlockwise and
// holes clockwise. Where the region touches itself at a vertex, each
// corner of it is a ring of its own.
func (g *graph) rings(in func(label) bool) [][]geom.XY {
	used := make([]bool, len(g.orig))
	var out [][]geom.XY
	for h := range g.orig {
		if used[h] || !in(g.left[h]) || in(g.left[h^1]) {
			continue
		}
		var ring []geom.XY
		for e := h; !used[e]; {
			used[e] = true
			ring = append(ring, g.pts[g.orig[e]])
			n := g.turn(e)
			for in(g.left[n^1]) { // both sides inside: not a boundary
				n = g.cw(n)
			}
			e = n
		}
		out = append(out, append(ring, ring[0]))
	}
	return out
}

// polygons makes polygons of rings traced by rings: each hole goes into
// the smallest shell round it.
func polygonsOf(rings [][]geom.XY) (geom.Geometry, error) {
	var shells, holes [][]geom.XY
	for _, r := range rings {
		if xy.SignedArea(r) > 0 {
			shells = append(shells, r)
		} else {
			holes = append(holes, r)
		}
	}
	parts := make([][]geom.LineString, len(shells))
	for i, s := range shells {
		parts[i] = []geom.LineString{geom.NewLineString(xy.Seq(s))}
	}
	for _, h := range holes {
		p, ok := xy.LeftOf(longestEdge(h), 1e-9) // inside the region, beside the hole
		best := -1
		for i, s := range shells {
			if ok && xy.Winding(s, p) != 0 && (best < 0 || xy.SignedArea(s) < xy.SignedArea(shells[best])) {
				best = i
			}
		}
		if best < 0 {
			return geom.Geometry{}, fmt.Errorf("a hole near %v lies in no shell", xy.Seq(h).Envelope())
		}
		parts[best] = append(parts[best], geom.NewLineString(xy.Seq(h)))
	}
	ps := make([]geom.Polygon, len(parts))
	for i, p := range parts {
		ps[i] = geom.NewPolygon(p)
	}
	return geom.NewMultiPolygon(ps).AsGeometry(), nil
}

// longestEdge is the longest edge of a ring as a two-point line.
func longestEdge(r []geom.XY) []geom.XY {
	best := 0
	for i := 0; i+1 < len(r); i++ {
		if xy.Dist2(r[i], r[i+1]) > xy.Dist2(r[best], r[best+1]) {
			best = i
		}
	}
	return slices.Clone(r[best : best+2])
}
