// Package geomconv converts orb geometries, the type chronoatlas works in,
// to go-geom's, which the format encoders at the edges (KML, WKB) take. It
// is the one place the two meet.
package geomconv

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom"
)

// ToGeom converts an orb geometry to the go-geom geometry of the same kind,
// in two dimensions.
func ToGeom(g orb.Geometry) (geom.T, error) {
	switch g := g.(type) {
	case orb.Point:
		return geom.NewPointFlat(geom.XY, []float64{g[0], g[1]}), nil
	case orb.MultiPoint:
		return geom.NewMultiPointFlat(geom.XY, flat(g)), nil
	case orb.LineString:
		return geom.NewLineStringFlat(geom.XY, flat(g)), nil
	case orb.MultiLineString:
		var coords []float64
		ends := make([]int, 0, len(g))
		for _, ls := range g {
			coords = append(coords, flat(ls)...)
			ends = append(ends, len(coords))
		}
		return geom.NewMultiLineStringFlat(geom.XY, coords, ends), nil
	case orb.Ring:
		return geom.NewPolygonFlat(geom.XY, flat(g), []int{2 * len(g)}), nil
	case orb.Polygon:
		coords, ends := polygon(g, nil)
		return geom.NewPolygonFlat(geom.XY, coords, ends), nil
	case orb.MultiPolygon:
		var coords []float64
		endss := make([][]int, 0, len(g))
		for _, p := range g {
			var ends []int
			coords, ends = polygon(p, coords)
			endss = append(endss, ends)
		}
		return geom.NewMultiPolygonFlat(geom.XY, coords, endss), nil
	case orb.Collection:
		c := geom.NewGeometryCollection()
		for _, part := range g {
			t, err := ToGeom(part)
			if err != nil {
				return nil, err
			}
			if err := c.Push(t); err != nil {
				return nil, err
			}
		}
		return c, nil
	case orb.Bound:
		return ToGeom(g.ToPolygon())
	case nil:
		return nil, fmt.Errorf("geomconv: no geometry")
	}
	return nil, fmt.Errorf("geomconv: unsupported geometry %T", g)
}

// polygon appends a polygon's rings to coords and returns where each ring
// ends, counted from the start of coords as go-geom's flat layout asks.
func polygon(p orb.Polygon, coords []float64) ([]float64, []int) {
	ends := make([]int, 0, len(p))
	for _, r := range p {
		coords = append(coords, flat(r)...)
		ends = append(ends, len(coords))
	}
	return coords, ends
}

func flat[P ~[]orb.Point](ps P) []float64 {
	out := make([]float64, 0, 2*len(ps))
	for _, p := range ps {
		out = append(out, p[0], p[1])
	}
	return out
}
