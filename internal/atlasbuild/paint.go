package atlasbuild

import (
	"fmt"
	"github.com/chronoatlas/chronoatlas/internal/atlasbuild/xy"
	"slices"
	"sort"
	"strings"

	"github.com/chronoatlas/chronoatlas/internal/atlasbuild/coast"
	"github.com/peterstace/simplefeatures/geom"
)

// paint nodes the cells' rings and the coast into one graph and gives each
// face to the first cell, in painting order, whose ring holds it. It is an
// error for land to lie in no cell, and for a cell to come apart into
// pieces: a cell is closed by the lines it shares with its neighbours, and
// a loose ring that only picks up what other cells leave over is a
// catch-all that hides gaps as enclaves.
func paint(cells []Cell, r resolver, land geom.Geometry) (*graph, error) {
	g, err := graphOf(cells, r, land)
	if err != nil {
		return nil, err
	}
	if err := g.whole(cells); err != nil {
		return nil, err
	}
	return g, nil
}

// graphOf nodes the cells' rings and the coast and labels the faces.
func graphOf(cells []Cell, r resolver, land geom.Geometry) (*graph, error) {
	var rings, coast [][]geom.XY
	for _, c := range cells {
		if _, err := r.polygon(c); err != nil {
			return nil, fmt.Errorf("cell %s: %w", c.ID, err)
		}
		pts, _ := r.chain(c.Ring) // polygon has resolved it
		if pts[0] != pts[len(pts)-1] {
			pts = append(pts, pts[0])
		}
		rings = append(rings, pts)
	}
	for _, p := range xy.Polygons(land) {
		for _, s := range p.MustAsPolygon().Coordinates() {
			coast = append(coast, xy.Points(s))
		}
	}
	g, err := newGraph(append(slices.Clone(rings), coast...))
	if err != nil {
		return nil, err
	}
	g.label(rings, coast)
	return g, g.mergeSlivers()
}

// whole checks that no cell comes apart: that the faces a cell claims form
// one piece of the plane, sea included, wherever they hold land. A cell
// in two pieces is reported with the land in each and where it lies.
func (g *graph) whole(cells []Cell) error {
	var loose []string
	for i, c := range cells {
		var where []string
		pieces := 0
		for _, r := range g.rings(func(l label) bool { return l.cell == i }) {
			if xy.SignedArea(r) <= 0 {
				continue
			}
			land := 0.0
			for _, face := range g.faces {
				if l := g.left[face[0]]; l.land && l.cell == i && g.area(face) > 0 && xy.Winding(r, g.probe(face)) != 0 {
					land += g.area(face)
				}
			}
			if land > 0 {
				pieces++
				p, _ := xy.LeftOf(longestEdge(r), 1e-9)
				where = append(where, fmt.Sprintf("%.4f deg² of land near %.3f,%.3f", land, p.X, p.Y))
			}
		}
		switch {
		case pieces == 0:
			return fmt.Errorf("cell %s: no land is left in it", c.ID)
		case pieces > 1:
			loose = append(loose, fmt.Sprintf("cell %s comes apart: %s", c.ID, strings.Join(where, "; ")))
		}
	}
	if len(loose) > 0 {
		sort.Strings(loose)
		return fmt.Errorf("%s", strings.Join(loose, "\n  "))
	}
	return nil
}

// cellAreas is the area of land each cell holds, in square degrees.
func (g *graph) cellAreas(n int) []float64 {
	out := make([]float64, n)
	for _, face := range g.faces {
		if l := g.left[face[0]]; l.land && l.cell >= 0 {
			out[l.cell] += g.area(face)
		}
	}
	return out
}

// shape is the land of a set of cells as a normalized MultiPolygon, read
// off the graph.
func (g *graph) shape(set []int) (geom.Geometry, error) {
	in := make(map[int]bool, len(set))
	for _, c := range set {
		in[c] = true
	}
	u, err := polygonsOf(g.rings(func(l label) bool { return l.land && in[l.cell] }))
	if err != nil {
		return geom.Geometry{}, err
	}
	return coast.Tidy(u, 0, 9)
}
