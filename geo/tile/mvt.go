package tile

import (
	"encoding/binary"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"
)

// The tile is written here as protocol buffers directly, in the bytes
// orb's mvt.Marshal wrote for the same features (fields in order, keys and
// values numbered by first use, each feature's keys sorted), so that a
// version's geometry is encoded once per tile and its properties once per
// span of its names, and a state of the tile only copies them out.

// MVT geometry types and commands.
const (
	geomPoint   = 1
	geomLine    = 2
	geomPolygon = 3

	cmdMoveTo    = 1
	cmdLineTo    = 2
	cmdClosePath = 7
)

// Protocol buffer keys of the fields written: field number and wire type
// (0 varint, so nothing to add; 1 fixed 64 bits; 2 length-delimited
// bytes). A tile holds layers.
const keyTileLayer = 3<<3 | 2

// A layer holds its name, features, keys and values (length-delimited),
const (
	keyLayerName    = 1<<3 | 2
	keyLayerFeature = 2<<3 | 2
	keyLayerKey     = 3<<3 | 2
	keyLayerValue   = 4<<3 | 2
)

// and its extent and version (varints).
const (
	keyLayerExtent  = 5 << 3
	keyLayerVersion = 15 << 3
	mvtVersion      = 2
)

// A feature holds tags, a geometry type and a geometry.
const (
	keyFeatureTags = 2<<3 | 2
	keyFeatureType = 3 << 3
	keyFeatureGeom = 4<<3 | 2
)

// A value holds a string, a double or a boolean here.
const (
	keyValueString = 1<<3 | 2
	keyValueDouble = 3<<3 | 1
	keyValueBool   = 7 << 3
)

// prop is one property as a tile holds it: val is a string, a float64 or
// a bool.
type prop struct {
	key string
	val any
}

// geometry returns g's MVT geometry type and its command integers as
// packed varints; g is snapped to the grid.
func geometry(g orb.Geometry) (uint32, []byte) {
	var e geomEncoder
	switch g := g.(type) {
	case orb.Point:
		return geometry(orb.MultiPoint{g})
	case orb.MultiPoint:
		e.command(cmdMoveTo, len(g))
		for _, q := range g {
			e.point(q)
		}
		return geomPoint, e.out
	case orb.LineString:
		return geometry(orb.MultiLineString{g})
	case orb.MultiLineString:
		e.lines(g)
		return geomLine, e.out
	case orb.Polygon:
		return geometry(orb.MultiPolygon{g})
	case orb.MultiPolygon:
		e.polygons(g)
		return geomPolygon, e.out
	}
	return 0, nil
}

// geomEncoder writes command integers, each point relative to the last.
type geomEncoder struct {
	x, y int32
	out  []byte
}

func (e *geomEncoder) command(id, count int) {
	e.out = binary.AppendUvarint(e.out, uint64(uint32(count)<<3|uint32(id)))
}

func (e *geomEncoder) point(q orb.Point) {
	x, y := int32(q[0]), int32(q[1])
	dx, dy := x-e.x, y-e.y
	e.x, e.y = x, y
	e.out = binary.AppendUvarint(e.out, uint64(uint32(dx<<1^dx>>31)))
	e.out = binary.AppendUvarint(e.out, uint64(uint32(dy<<1^dy>>31)))
}

func (e *geomEncoder) moveTo(q orb.Point) {
	e.command(cmdMoveTo, 1)
	e.point(q)
}

func (e *geomEncoder) lines(ls orb.MultiLineString) {
	for _, l := range ls {
		e.moveTo(l[0])
		e.command(cmdLineTo, len(l)-1)
		for _, q := range l[1:] {
			e.point(q)
		}
	}
}

func (e *geomEncoder) polygons(mp orb.MultiPolygon) {
	for _, p := range mp {
		for _, r := range p {
			e.moveTo(r[0])
			rest := r[1:]
			if r.Closed() {
				rest = r[1 : len(r)-1]
			}
			e.command(cmdLineTo, len(rest))
			for _, q := range rest {
				e.point(q)
			}
			e.command(cmdClosePath, 1)
		}
	}
}

// table numbers the keys and values of the properties of every version
// and span of time encoded so far (Shared holds one); a layer of a tile
// renumbers the ones it uses.
type table struct {
	keys  []string
	keyOf map[string]uint32
	vals  [][]byte // each a Value message's bytes
	valOf map[any]uint32
}

// tags returns props as pairs of the table's key and value numbers,
// adding the new ones, and roughly the memory those take.
func (t *table) tags(props []prop) ([]uint32, int64) {
	if t.keyOf == nil {
		t.keyOf, t.valOf = map[string]uint32{}, map[any]uint32{}
	}
	out := make([]uint32, 0, 2*len(props))
	size := int64(4 * cap(out))
	for _, p := range props {
		k, ok := t.keyOf[p.key]
		if !ok {
			k = uint32(len(t.keys))
			t.keys = append(t.keys, p.key)
			t.keyOf[p.key] = k
			size += int64(64 + len(p.key))
		}
		v, ok := t.valOf[p.val]
		if !ok {
			v = uint32(len(t.vals))
			b := value(p.val)
			t.vals = append(t.vals, b)
			t.valOf[p.val] = v
			size += int64(88 + 2*cap(b)) // the bytes, and the value as the map's key
		}
		out = append(out, k, v)
	}
	return out, size
}

// value returns the bytes of a Value message holding v.
func value(v any) []byte {
	switch v := v.(type) {
	case float64:
		return binary.LittleEndian.AppendUint64([]byte{keyValueDouble}, math.Float64bits(v))
	case bool:
		b := byte(0)
		if v {
			b = 1
		}
		return []byte{keyValueBool, b}
	case string:
		return appendBytes([]byte{keyValueString}, v)
	}
	panic("tile: a property that is not a string, number or boolean")
}

// appendBytes appends a length-delimited field's length and s.
func appendBytes[S string | []byte](b []byte, s S) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// encoded is one version as a state of a layer shows it.
type encoded struct {
	kind uint32
	geom []byte
	tags []uint32 // the table's numbers
}

// layerWriter writes one layer of one state, renumbering the table's keys
// and values in the order the layer first uses them.
type layerWriter struct {
	gen            uint32   // the layer being written
	keyNum, valNum []number // by the table's number
	keys, vals     []uint32 // the table's numbers, by the layer's
	tags, body     []byte
	out            []byte // the tile
}

// number is the layer's number for one of the table's, valid while gen
// is the writer's.
type number struct{ gen, n uint32 }

// appendLayer appends, as a field of a tile, the layer named name holding
// fs, whose tags number keys and vals.
func (w *layerWriter) appendLayer(out []byte, name string, extent uint32, keys []string, vals [][]byte, fs []encoded) []byte {
	w.gen++
	if w.gen == 0 {
		clear(w.keyNum)
		clear(w.valNum)
		w.gen = 1
	}
	w.keyNum = grow(w.keyNum, len(keys))
	w.valNum = grow(w.valNum, len(vals))
	w.keys, w.vals = w.keys[:0], w.vals[:0]
	body := appendBytes(append(w.body[:0], keyLayerName), name)
	for _, f := range fs {
		w.tags = w.tags[:0]
		for i := 0; i+1 < len(f.tags); i += 2 {
			w.tags = binary.AppendUvarint(w.tags, uint64(w.renumber(w.keyNum, &w.keys, f.tags[i])))
			w.tags = binary.AppendUvarint(w.tags, uint64(w.renumber(w.valNum, &w.vals, f.tags[i+1])))
		}
		size := 1 + varintLen(uint64(f.kind)) + 1 + varintLen(uint64(len(f.geom))) + len(f.geom)
		if len(w.tags) > 0 {
			size += 1 + varintLen(uint64(len(w.tags))) + len(w.tags)
		}
		body = append(body, keyLayerFeature)
		body = binary.AppendUvarint(body, uint64(size))
		if len(w.tags) > 0 {
			body = append(body, keyFeatureTags)
			body = appendBytes(body, w.tags)
		}
		body = append(body, keyFeatureType)
		body = binary.AppendUvarint(body, uint64(f.kind))
		body = append(body, keyFeatureGeom)
		body = appendBytes(body, f.geom)
	}
	for _, k := range w.keys {
		body = append(body, keyLayerKey)
		body = appendBytes(body, keys[k])
	}
	for _, v := range w.vals {
		body = append(body, keyLayerValue)
		body = appendBytes(body, vals[v])
	}
	body = append(body, keyLayerExtent)
	body = binary.AppendUvarint(body, uint64(extent))
	body = append(body, keyLayerVersion, mvtVersion)
	w.body = body
	out = append(out, keyTileLayer)
	return appendBytes(out, body)
}

// renumber returns the layer's number for the table's number n, giving
// it the next one the first time.
func (w *layerWriter) renumber(num []number, order *[]uint32, n uint32) uint32 {
	if num[n].gen != w.gen {
		num[n] = number{w.gen, uint32(len(*order))}
		*order = append(*order, n)
	}
	return num[n].n
}

// grow returns s with at least n elements, the new ones zero.
func grow(s []number, n int) []number {
	if len(s) >= n {
		return s
	}
	return append(s, make([]number, n-len(s))...)
}

func varintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// sortProps sorts properties by key, the order a feature's tags take.
func sortProps(ps []prop) {
	slices.SortFunc(ps, func(a, b prop) int { return strings.Compare(a.key, b.key) })
}
