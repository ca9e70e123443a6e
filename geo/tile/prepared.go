package tile

import (
	"fmt"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/geo/tile/mvtwrite"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/maptile"
)

// Prepared is one tile and every feature version that may show in it,
// each shaped (projected, clipped, simplified, snapped and made valid) the
// first time a state of the tile needs it and then kept. A version's
// shape inside a tile does not depend on the date, so one Prepared serves
// the tile at every time: Encode only chooses among the shapes. It is safe
// for concurrent use.
type Prepared struct {
	Tile   maptile.Tile
	Layers []PreparedLayer

	opt    Options
	proj   projection
	lonlat orb.Bound // the tile and its buffer in WGS 84
	box    orb.Bound // the same in tile coordinates
	near   orb.Bound // the same in the world coordinates of the zoom
	bytes  atomic.Int64
}

// PreparedLayer is one layer of a Prepared tile.
type PreparedLayer struct {
	Name string
	// Features are the versions whose bound meets the tile and its
	// buffer; some may leave nothing once clipped and simplified.
	Features []*Shaped
}

// Shaped is one feature version as drawn in one tile.
type Shaped struct {
	Feature *feature.Feature

	once  sync.Once
	kind  uint32 // the MVT geometry type; 0 when nothing shows
	geom  []byte // the geometry's command integers, packed
	props *featureProps
}

// Prepare lists the features of layers that may show in tile t, whatever
// their life; opt.At is ignored. Nothing is shaped yet.
func Prepare(t maptile.Tile, layers []Layer, opt Options) (*Prepared, error) {
	if !Valid(t) {
		return nil, fmt.Errorf("%w: %d/%d/%d", ErrTile, t.Z, t.X, t.Y)
	}
	opt = opt.withDefaults()
	if opt.Shared == nil {
		opt.Shared = &Shared{}
	}
	p := &Prepared{Tile: t, Layers: make([]PreparedLayer, 0, len(layers)), opt: opt, proj: newProjection(t, opt.Extent)}
	p.lonlat = p.proj.lonlatBound(opt.Buffer)
	p.box = orb.Bound{Min: orb.Point{-opt.Buffer, -opt.Buffer}, Max: orb.Point{float64(opt.Extent) + opt.Buffer, float64(opt.Extent) + opt.Buffer}}
	p.near = orb.Bound{Min: orb.Point{p.proj.x0 + p.box.Min[0], p.proj.y0 + p.box.Min[1]}, Max: orb.Point{p.proj.x0 + p.box.Max[0], p.proj.y0 + p.box.Max[1]}}
	for _, l := range layers {
		pl := PreparedLayer{Name: l.Name}
		for _, f := range l.Features {
			if f.Bound.Intersects(p.lonlat) && opt.Shared.partNear(f, p.lonlat) {
				pl.Features = append(pl.Features, &Shaped{Feature: f})
			}
		}
		p.Layers = append(p.Layers, pl)
	}
	return p, nil
}

// Empty reports whether no feature at all may show in the tile.
func (p *Prepared) Empty() bool {
	for _, l := range p.Layers {
		if len(l.Features) > 0 {
			return false
		}
	}
	return true
}

// Bytes returns roughly the memory the shapes made so far take.
func (p *Prepared) Bytes() int64 { return p.bytes.Load() }

// shape shapes s the first time and reports whether anything of it shows
// in the tile.
func (p *Prepared) shape(s *Shaped) bool {
	s.once.Do(func() {
		f := s.Feature
		g, ok := p.shapeZoomed(f)
		if !ok {
			// Simplified whole, the source's rings crossed once clipped:
			// simplify the clipped source instead, finer if need be.
			if g = p.proj.project(f.Geometry, p.lonlat); g == nil {
				return
			}
			g = shape(clip.Geometry(p.box, g), p.opt.Tolerance)
		}
		if g == nil {
			return
		}
		s.kind, s.geom = mvtwrite.Geometry(g)
		s.geom = slices.Clip(s.geom)
		s.props = p.opt.Shared.propsOf(f)
		p.bytes.Add(int64(cap(s.geom) + shapedOverhead))
	})
	return s.kind != 0
}

// shapedOverhead is the memory a shaped version takes besides its
// geometry's bytes and its tags.
const shapedOverhead = 96

// shapeZoomed shapes f from its geometry simplified once for the tile's
// zoom (for lines and polygons) or projected anew (for points); it
// reports false when that made polygons cross.
func (p *Prepared) shapeZoomed(f *feature.Feature) (orb.Geometry, bool) {
	var z *zoomed
	if p.Tile.Z <= MaxSharedZoom {
		z = p.opt.Shared.zoomedOf(f, p.proj.scale, p.opt.Tolerance)
	}
	var g orb.Geometry
	switch {
	case z == nil:
		g = clip.Geometry(p.box, p.proj.project(f.Geometry, p.lonlat))
	case z.rings != nil:
		g = p.opt.Shared.clipPolygons(z, p.near, p.box, p.proj.x0, p.proj.y0)
	default:
		g = clip.Geometry(p.box, z.in(p.near, p.proj.x0, p.proj.y0))
	}
	if g == nil {
		return nil, true
	}
	return shapeOnce(g, p.opt.Tolerance)
}

// Encode returns the tile as it stood during at, with the features whose
// life overlaps at and their properties on the day that stands for it
// (feature.Moment); or with every version and its own properties when at
// is nil. It returns nil when nothing shows.
func (p *Prepared) Encode(at *chrono.Interval) ([]byte, error) {
	var day chrono.Day
	if at != nil {
		day = feature.Moment(*at)
	}
	// Shape first, outside the lock: the first state of a tile does most.
	shown := make([][]*Shaped, len(p.Layers))
	n := 0
	for li, l := range p.Layers {
		for _, s := range l.Features {
			if (at == nil || s.Feature.Life.Overlaps(*at)) && p.shape(s) {
				shown[li] = append(shown[li], s)
				n++
			}
		}
	}
	if n == 0 {
		return nil, nil
	}
	sh := p.opt.Shared
	fs := make([]mvtwrite.Feature, 0, n)
	for _, ss := range shown {
		for _, s := range ss {
			var tags []uint32
			if at != nil {
				tags = sh.tagsAt(s.props, s.Feature, day)
			} else {
				tags = sh.ownTags(s.props, s.Feature)
			}
			fs = append(fs, mvtwrite.Feature{Type: s.kind, Geometry: s.geom, Tags: tags})
		}
	}
	keys, vals := sh.table()

	w, _ := sh.writers.Get().(*mvtwrite.Writer)
	if w == nil {
		w = new(mvtwrite.Writer)
	}
	defer sh.writers.Put(w)
	w.Reset()
	for li, ss := range shown {
		if len(ss) > 0 {
			w.Layer(p.Layers[li].Name, p.opt.Extent, keys, vals, fs[:len(ss)])
			fs = fs[len(ss):]
		}
	}
	return w.Bytes(), nil
}

// sameMap reports whether a and b are one map, not merely equal ones.
func sameMap(a, b map[string]any) bool {
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// points counts the points of a geometry, and a point for each slice of
// them.
func points(g orb.Geometry) int {
	switch g := g.(type) {
	case orb.Point:
		return 1
	case orb.MultiPoint:
		return len(g) + 1
	case orb.LineString:
		return len(g) + 1
	case orb.MultiLineString:
		n := 1
		for _, l := range g {
			n += len(l) + 1
		}
		return n
	case orb.Polygon:
		n := 1
		for _, r := range g {
			n += len(r) + 1
		}
		return n
	case orb.MultiPolygon:
		n := 1
		for _, pg := range g {
			n += points(pg)
		}
		return n
	}
	return 0
}
