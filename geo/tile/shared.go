package tile

import (
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/geo/tile/mvtwrite"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"
)

// Shared holds what the tiles of one set of features share, each piece
// made the first time a tile needs it: a feature's properties as MVT holds
// them, and its lines and polygons projected to Web Mercator and
// simplified for each zoom, which every tile of that zoom then only
// shifts and clips instead of projecting and simplifying the whole
// source again, up to zoom MaxSharedZoom (deeper, simplifying takes out
// next to nothing and tiles are small beside the features). It is safe
// for concurrent use and keeps everything it made: its size is bounded by
// the features and the zooms asked for.
type Shared struct {
	props sync.Map // *feature.Feature to *featureProps
	mu    sync.Mutex
	tab   mvtwrite.Table // the keys and values of props, guarded by mu
	zooms sync.Map       // zoomKey to *zoomed
	parts sync.Map       // *feature.Feature to []orb.Bound
	bytes atomic.Int64

	writers sync.Pool // of *mvtwrite.Writer, reused by Encode
	clips   sync.Pool // of *[3][]orb.Point, clipRing's scratch
}

// MaxSharedZoom is the deepest zoom whose simplified geometry Shared
// keeps.
const MaxSharedZoom = 10

// Bytes returns roughly the memory the properties and the simplified
// geometry take.
func (sh *Shared) Bytes() int64 { return sh.bytes.Load() }

// featureProps are one feature's properties as tiles hold them, as tags
// numbering the Shared table's keys and values, at each span of time in
// which they stay the same, each made the first time a tile needs it.
type featureProps struct {
	// days are the feature's Changes: its properties on a day depend only
	// on how many of them are at or before it.
	days []chrono.Day

	mu    sync.Mutex
	own   []uint32   // Feature.Properties, the tile with every version's
	spans [][]uint32 // by span; nil until made
}

// propsOf returns f's properties as tiles hold them.
func (sh *Shared) propsOf(f *feature.Feature) *featureProps {
	if v, ok := sh.props.Load(f); ok {
		return v.(*featureProps)
	}
	fp := &featureProps{days: f.Changes()}
	v, loaded := sh.props.LoadOrStore(f, fp)
	if !loaded {
		sh.bytes.Add(int64(160 + 8*cap(fp.days)))
	}
	return v.(*featureProps)
}

// Changes returns f.Changes(), found once: the days on which f begins or
// ends or its properties change. The slice is shared: do not change it.
func (sh *Shared) Changes(f *feature.Feature) []chrono.Day {
	return sh.propsOf(f).days
}

// ownTags returns the tags of f's own properties (the tile with every
// version's).
func (sh *Shared) ownTags(fp *featureProps, f *feature.Feature) []uint32 {
	fp.mu.Lock()
	defer fp.mu.Unlock()
	return sh.ownLocked(fp, f)
}

// ownLocked is ownTags with fp.mu held.
func (sh *Shared) ownLocked(fp *featureProps, f *feature.Feature) []uint32 {
	if fp.own == nil {
		sh.mu.Lock()
		own, size := sh.tab.Tags(properties(f.Properties, f))
		sh.mu.Unlock()
		fp.own = own
		sh.bytes.Add(size)
	}
	return fp.own
}

// span returns the number of the span of time that holds day d.
func (fp *featureProps) span(d chrono.Day) int {
	n, _ := slices.BinarySearch(fp.days, d+1)
	return n
}

// tagsAt returns the tags of f on day d.
func (sh *Shared) tagsAt(fp *featureProps, f *feature.Feature, d chrono.Day) []uint32 {
	span := fp.span(d)
	fp.mu.Lock()
	defer fp.mu.Unlock()
	if fp.spans == nil {
		fp.spans = make([][]uint32, len(fp.days)+1)
		sh.bytes.Add(int64(24 * len(fp.spans)))
	}
	if fp.spans[span] == nil {
		if pa := f.PropertiesAt(d); sameMap(pa, f.Properties) {
			fp.spans[span] = sh.ownLocked(fp, f)
		} else {
			sh.mu.Lock()
			tags, size := sh.tab.Tags(properties(pa, f))
			sh.mu.Unlock()
			fp.spans[span] = tags
			sh.bytes.Add(size)
		}
	}
	return fp.spans[span]
}

// table returns the keys and values numbered so far. They only grow, so
// what they number now stays as it is.
func (sh *Shared) table() ([]string, [][]byte) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	return sh.tab.Numbered()
}

// partNear reports whether a part of f has a bound that meets b: a
// feature in pieces (a line of border walls, islands) may have a bound
// over the tile while every piece lies outside it. The parts' bounds are
// found once per feature.
func (sh *Shared) partNear(f *feature.Feature, b orb.Bound) bool {
	v, ok := sh.parts.Load(f)
	if !ok {
		var bounds []orb.Bound
		switch g := f.Geometry.(type) {
		case orb.MultiPoint:
			for _, q := range g {
				bounds = append(bounds, q.Bound())
			}
		case orb.MultiLineString:
			for _, l := range g {
				bounds = append(bounds, l.Bound())
			}
		case orb.MultiPolygon:
			for _, pg := range g {
				if len(pg) > 0 {
					bounds = append(bounds, pg[0].Bound())
				}
			}
		default:
			bounds = []orb.Bound{f.Bound}
		}
		v, _ = sh.parts.LoadOrStore(f, bounds)
	}
	for _, pb := range v.([]orb.Bound) {
		if pb.Intersects(b) {
			return true
		}
	}
	return false
}

type zoomKey struct {
	f         *feature.Feature
	scale     float64 // world width in the zoom's tile coordinates
	tolerance float64
}

// zoomed is a feature's lines or polygons in the world coordinates of one
// zoom (the tile coordinates of tile 0/0 grown 2^z times), simplified,
// each part with its bound.
type zoomed struct {
	once   sync.Once
	parts  []orb.Geometry // orb.LineString or orb.Polygon
	bounds []orb.Bound
	rings  [][]orb.Bound // for polygons, each ring's bound
	chunks [][]chunked   // and the bounds of its runs of points
	multi  bool
}

// zoomedOf returns f's geometry at the zoom whose world is scale wide,
// simplified at tolerance; nil for points, which need neither.
func (sh *Shared) zoomedOf(f *feature.Feature, scale, tolerance float64) *zoomed {
	switch f.Geometry.(type) {
	case orb.LineString, orb.MultiLineString, orb.Polygon, orb.MultiPolygon:
	default:
		return nil
	}
	k := zoomKey{f, scale, tolerance}
	v, ok := sh.zooms.Load(k)
	if !ok {
		v, _ = sh.zooms.LoadOrStore(k, &zoomed{})
	}
	z := v.(*zoomed)
	z.once.Do(func() { sh.bytes.Add(z.make(f.Geometry, scale, tolerance)) })
	return z
}

// make fills z and returns roughly the memory it takes.
func (z *zoomed) make(g orb.Geometry, scale, tolerance float64) int64 {
	dp := simplify.DouglasPeucker(tolerance)
	world := func(ps []orb.Point) []orb.Point {
		out := make([]orb.Point, len(ps))
		for i, q := range ps {
			out[i] = worldPoint(q, scale)
		}
		return out
	}
	line := func(l orb.LineString) {
		w := dp.LineString(orb.LineString(world(l)))
		z.parts = append(z.parts, slicesClip(w))
		z.bounds = append(z.bounds, w.Bound())
	}
	poly := func(p orb.Polygon) {
		w := make(orb.Polygon, 0, len(p))
		rb := make([]orb.Bound, 0, len(p))
		ch := make([]chunked, 0, len(p))
		for _, r := range p {
			w = append(w, slicesClip(dp.Ring(orb.Ring(world(r)))))
			rb = append(rb, w[len(w)-1].Bound())
			ch = append(ch, chunk(w[len(w)-1], chunkPoints))
		}
		z.parts = append(z.parts, w)
		z.bounds = append(z.bounds, rb[0])
		z.rings = append(z.rings, rb)
		z.chunks = append(z.chunks, ch)
	}
	switch g := g.(type) {
	case orb.LineString:
		line(g)
	case orb.MultiLineString:
		z.multi = true
		for _, l := range g {
			line(l)
		}
	case orb.Polygon:
		if len(g) > 0 {
			poly(g)
		}
	case orb.MultiPolygon:
		z.multi = true
		for _, p := range g {
			if len(p) > 0 {
				poly(p)
			}
		}
	}
	size := int64(256 + 56*len(z.parts))
	for i, rb := range z.rings {
		size += int64(24 + 32*cap(rb))
		for _, c := range z.chunks[i] {
			size += int64(32 + 32*cap(c.bounds))
		}
	}
	for _, part := range z.parts {
		size += int64(16*points(part) + 24)
	}
	return size
}

// slicesClip copies ps into a slice of its own length: simplifying
// shortens a slice but keeps its array.
func slicesClip[S ~[]orb.Point](ps S) S {
	return append(S(nil), ps...)
}

// worldPoint projects q to Web Mercator in a world scale wide, y down.
func worldPoint(q orb.Point, scale float64) orb.Point {
	lat := math.Max(-maxLat, math.Min(maxLat, q[1]))
	s := math.Sin(lat * math.Pi / 180)
	return orb.Point{(q[0] + 180) / 360 * scale, (0.5 - math.Log((1+s)/(1-s))/(4*math.Pi)) * scale}
}

// in returns the lines whose bound meets near (in world coordinates),
// shifted by (-x0, -y0) into a tile's coordinates, or nil; clipPolygons
// does this and more for polygons.
func (z *zoomed) in(near orb.Bound, x0, y0 float64) orb.Geometry {
	var lines orb.MultiLineString
	for i, part := range z.parts {
		l, ok := part.(orb.LineString)
		if !ok || !z.bounds[i].Intersects(near) {
			continue
		}
		out := make(orb.LineString, len(l))
		for j, q := range l {
			out[j] = orb.Point{q[0] - x0, q[1] - y0}
		}
		lines = append(lines, out)
	}
	switch {
	case len(lines) > 0 && z.multi:
		return lines
	case len(lines) > 0:
		return lines[0]
	}
	return nil
}
