package tile

import (
	"errors"
	"math"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/geo/tile/mvtwrite"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"
)

// MaxZoom is the deepest zoom Encode accepts.
const MaxZoom = 22

// ErrTile is returned for a tile address outside the tile pyramid.
var ErrTile = errors.New("tile: address out of range")

// Layer is one layer of a tile: a name and the features to draw in it.
type Layer struct {
	Name     string
	Features []*feature.Feature
}

// Options control the encoding.
type Options struct {
	// Extent is the tile's size in its own coordinates; 4096 by default.
	Extent uint32
	// Buffer is how far, in tile coordinates, geometry reaches beyond the
	// tile's edge, so that lines and fills join seamlessly; 64 by default.
	Buffer float64
	// Tolerance is the Douglas–Peucker tolerance in tile coordinates; 4
	// by default (a sixteenth of a pixel on a 256-pixel tile is 1).
	Tolerance float64
	// At, when set, is the time the tile shows: place names are those in
	// force then. Without it the tile holds every version and the caller
	// has chosen the features accordingly.
	At *chrono.Interval
	// Shared, when set, keeps what tiles share across them (properties,
	// geometry simplified per zoom): share one among the tiles of one set
	// of features. Without it each Prepared tile makes its own.
	Shared *Shared
}

func (o Options) withDefaults() Options {
	if o.Extent == 0 {
		o.Extent = mvt.DefaultExtent
	}
	if o.Buffer == 0 {
		o.Buffer = 64
	}
	if o.Tolerance == 0 {
		o.Tolerance = 4
	}
	return o
}

// Valid reports whether t is a tile of the pyramid up to MaxZoom.
func Valid(t maptile.Tile) bool {
	return t.Z <= MaxZoom && t.Valid()
}

// Encode returns the tile t holding layers, or nil when nothing of them
// falls inside the tile. Layers come out in the order given, empty ones
// left out. With opt.At set, only the features whose life overlaps it are
// drawn, with their properties as they stood then.
func Encode(t maptile.Tile, layers []Layer, opt Options) ([]byte, error) {
	p, err := Prepare(t, layers, opt)
	if err != nil {
		return nil, err
	}
	return p.Encode(opt.At)
}

// projection maps WGS 84 to the coordinates of one tile.
type projection struct {
	scale  float64 // tile coordinates per world width
	x0, y0 float64 // the tile's origin in world tile coordinates
	t      maptile.Tile
	extent float64
}

func newProjection(t maptile.Tile, extent uint32) projection {
	e := float64(extent)
	return projection{scale: math.Exp2(float64(t.Z)) * e, x0: float64(t.X) * e, y0: float64(t.Y) * e, t: t, extent: e}
}

// maxLat is the latitude where Web Mercator ends.
const maxLat = 85.05112877980659

func (p projection) point(q orb.Point) orb.Point {
	lat := math.Max(-maxLat, math.Min(maxLat, q[1]))
	x := (q[0] + 180) / 360 * p.scale
	s := math.Sin(lat * math.Pi / 180)
	y := (0.5 - math.Log((1+s)/(1-s))/(4*math.Pi)) * p.scale
	return orb.Point{x - p.x0, y - p.y0}
}

// lonlatBound returns the tile's bound in WGS 84, grown by buffer tile
// units.
func (p projection) lonlatBound(buffer float64) orb.Bound {
	b := p.t.Bound()
	dx := (b.Max[0] - b.Min[0]) * buffer / p.extent
	dy := (b.Max[1] - b.Min[1]) * buffer / p.extent
	return orb.Bound{Min: orb.Point{b.Min[0] - dx, b.Min[1] - dy}, Max: orb.Point{b.Max[0] + dx, b.Max[1] + dy}}
}

// project returns a projected copy of g, leaving out the parts whose bound
// misses the tile, or nil when nothing is left.
func (p projection) project(g orb.Geometry, near orb.Bound) orb.Geometry {
	line := func(ps []orb.Point) []orb.Point {
		out := make([]orb.Point, len(ps))
		for i, q := range ps {
			out[i] = p.point(q)
		}
		return out
	}
	poly := func(pg orb.Polygon) orb.Polygon {
		if len(pg) == 0 || !pg[0].Bound().Intersects(near) {
			return nil
		}
		out := make(orb.Polygon, 0, len(pg))
		for i, r := range pg {
			if i > 0 && !r.Bound().Intersects(near) {
				continue
			}
			out = append(out, orb.Ring(line(r)))
		}
		return out
	}
	switch g := g.(type) {
	case orb.Point:
		if !near.Contains(g) {
			return nil
		}
		return p.point(g)
	case orb.MultiPoint:
		var out orb.MultiPoint
		for _, q := range g {
			if near.Contains(q) {
				out = append(out, p.point(q))
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case orb.LineString:
		return orb.LineString(line(g))
	case orb.MultiLineString:
		var out orb.MultiLineString
		for _, l := range g {
			if l.Bound().Intersects(near) {
				out = append(out, line(l))
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case orb.Polygon:
		if pg := poly(g); pg != nil {
			return pg
		}
		return nil
	case orb.MultiPolygon:
		var out orb.MultiPolygon
		for _, pg := range g {
			if q := poly(pg); q != nil {
				out = append(out, q)
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	}
	return nil
}

// properties returns src, the properties of f at some time, as MVT can
// hold them, sorted by key: scalars as they are, lists and objects as JSON
// text, plus f's life as EDTF and as decimal years (start_year, end_year;
// left out for an open end).
func properties(src map[string]any, f *feature.Feature) []mvtwrite.Prop {
	props := make([]mvtwrite.Prop, 0, len(src)+4)
	startYear, endYear := f.Life.Start != chrono.MinDay, f.Life.End != chrono.MaxDay
	for k, v := range src {
		switch {
		case k == "start_date" || k == "end_date":
			continue // the life is start_year and end_year here
		case k == "start" || k == "end" || k == "start_year" && startYear || k == "end_year" && endYear:
			continue // set below
		}
		switch v := v.(type) {
		case string, float64, bool:
			props = append(props, mvtwrite.Prop{Key: k, Val: v})
		case nil:
		default:
			props = append(props, mvtwrite.Prop{Key: k, Val: feature.Text(v)})
		}
	}
	props = append(props, mvtwrite.Prop{Key: "start", Val: f.Start.Text}, mvtwrite.Prop{Key: "end", Val: f.End.Text})
	if startYear {
		props = append(props, mvtwrite.Prop{Key: "start_year", Val: f.Life.Start.DecimalYear()})
	}
	if endYear {
		props = append(props, mvtwrite.Prop{Key: "end_year", Val: f.Life.End.DecimalYear()})
	}
	mvtwrite.SortProps(props)
	return props
}
