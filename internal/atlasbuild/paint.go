package atlasbuild

import (
	"fmt"
	"sort"
	"strings"

	"github.com/peterstace/simplefeatures/geom"
)

// sliver is the area in square degrees (about 1,000 m² at these latitudes)
// under which a polygon left by an overlay is dropped as noise.
const sliver = 1e-7

// paint cuts the land into the cells: each cell is its ring cut to the
// land, less the cells before it. Land that no cell covers is an error that
// says where it is, so the cells cover the land exactly.
func paint(cells []Cell, r resolver, land geom.Geometry) ([]geom.Geometry, error) {
	out := make([]geom.Geometry, len(cells))
	// The cells' outlines so far. Taking them, rather than the land already
	// painted, out of each new cell keeps the coast out of the running
	// union: overlay after overlay along a detailed coast leaves fans of
	// vertices a hair apart, which the next overlay misreads.
	var done geom.Geometry
	for i, c := range cells {
		ring, err := r.polygon(c)
		if err != nil {
			return nil, fmt.Errorf("cell %s: %w", c.ID, err)
		}
		g, err := geom.Intersection(ring, land)
		if err != nil {
			return nil, fmt.Errorf("cell %s: cutting to the land: %w", c.ID, err)
		}
		if i > 0 {
			if g, err = geom.Difference(g, done); err != nil {
				return nil, fmt.Errorf("cell %s: taking out earlier cells: %w", c.ID, err)
			}
		}
		if g, err = clean(g); err != nil {
			return nil, fmt.Errorf("cell %s: %w", c.ID, err)
		}
		if g.IsEmpty() {
			return nil, fmt.Errorf("cell %s: no land is left in it", c.ID)
		}
		out[i] = g
		if i == 0 {
			done = ring
		} else if done, err = geom.Union(done, ring); err != nil {
			return nil, fmt.Errorf("cell %s: %w", c.ID, err)
		}
	}
	rest, err := geom.Difference(land, done)
	if err != nil {
		return nil, fmt.Errorf("finding land outside every cell: %w", err)
	}
	var missed []string
	for _, p := range polygons(rest) {
		if a := p.Area(); a > 1e-4 {
			c, _ := p.Centroid().XY()
			missed = append(missed, fmt.Sprintf("%.4f deg² around %.2f,%.2f (%v)", a, c.X, c.Y, p.Envelope()))
		}
	}
	if len(missed) > 0 {
		sort.Strings(missed)
		return nil, fmt.Errorf("land in no cell:\n  %s", strings.Join(missed, "\n  "))
	}
	return out, nil
}

// clean keeps the polygons of g, drops slivers and normalizes the rest.
func clean(g geom.Geometry) (geom.Geometry, error) {
	var keep []geom.Geometry
	for _, p := range polygons(g) {
		if p.Area() >= sliver {
			keep = append(keep, p)
		}
	}
	if len(keep) == 0 {
		return geom.NewMultiPolygon(nil).AsGeometry(), nil
	}
	u, err := geom.UnionMany(keep)
	if err != nil {
		return geom.Geometry{}, fmt.Errorf("joining its pieces: %w", err)
	}
	return Normalize(u)
}
