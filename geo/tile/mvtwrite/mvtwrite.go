package mvtwrite

import (
	"bytes"
	"encoding/binary"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"
)

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

// Prop is one property as a tile holds it: Val is a string, a float64 or
// a bool.
type Prop struct {
	Key string
	Val any
}

// Geometry returns g's MVT geometry type and its command integers as
// packed varints, or 0 and nil for a geometry MVT does not hold; g's
// coordinates are integers of the tile's grid.
func Geometry(g orb.Geometry) (uint32, []byte) {
	var e geomEncoder
	switch g := g.(type) {
	case orb.Point:
		return Geometry(orb.MultiPoint{g})
	case orb.MultiPoint:
		e.command(cmdMoveTo, len(g))
		for _, q := range g {
			e.point(q)
		}
		return geomPoint, e.out
	case orb.LineString:
		return Geometry(orb.MultiLineString{g})
	case orb.MultiLineString:
		e.lines(g)
		return geomLine, e.out
	case orb.Polygon:
		return Geometry(orb.MultiPolygon{g})
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

// Table numbers the keys and values of properties, and keeps a Value
// message for each value; a layer of a tile renumbers the ones it uses.
// It is not safe for concurrent use, but what it numbered stays as it is
// while it grows.
type Table struct {
	keys  []string
	keyOf map[string]uint32
	vals  [][]byte // each a Value message's bytes
	valOf map[any]uint32
}

// Tags returns props as pairs of the table's key and value numbers,
// adding the new ones, and roughly the memory those take.
func (t *Table) Tags(props []Prop) ([]uint32, int64) {
	if t.keyOf == nil {
		t.keyOf, t.valOf = map[string]uint32{}, map[any]uint32{}
	}
	out := make([]uint32, 0, 2*len(props))
	size := int64(4 * cap(out))
	for _, p := range props {
		k, ok := t.keyOf[p.Key]
		if !ok {
			k = uint32(len(t.keys))
			t.keys = append(t.keys, p.Key)
			t.keyOf[p.Key] = k
			size += int64(64 + len(p.Key))
		}
		v, ok := t.valOf[p.Val]
		if !ok {
			v = uint32(len(t.vals))
			b := value(p.Val)
			t.vals = append(t.vals, b)
			t.valOf[p.Val] = v
			size += int64(88 + 2*cap(b)) // the bytes, and the value as the map's key
		}
		out = append(out, k, v)
	}
	return out, size
}

// Numbered returns the keys and the values' Value messages numbered so
// far, by their numbers.
func (t *Table) Numbered() ([]string, [][]byte) { return t.keys, t.vals }

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
	panic("mvtwrite: a property that is not a string, number or boolean")
}

// appendBytes appends a length-delimited field's length and s.
func appendBytes[S string | []byte](b []byte, s S) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// Feature is one feature of a layer: its geometry type and geometry (from
// Geometry) and its tags (from Table.Tags).
type Feature struct {
	Type     uint32
	Geometry []byte
	Tags     []uint32
}

// Writer writes a tile a layer at a time, renumbering each layer's keys
// and values in the order its features first use them, as orb's
// mvt.Marshal does: the bytes are those it writes for the same features.
// Keep one to reuse its buffers; it is not safe for concurrent use.
type Writer struct {
	gen            uint32   // the layer being written
	keyNum, valNum []number // by the table's number
	keys, vals     []uint32 // the table's numbers, by the layer's
	tags, body     []byte
	out            []byte // the tile
}

// number is the layer's number for one of the table's, valid while gen
// is the writer's.
type number struct{ gen, n uint32 }

// Reset starts a new tile.
func (w *Writer) Reset() { w.out = w.out[:0] }

// Bytes returns a copy of the tile written since Reset.
func (w *Writer) Bytes() []byte { return bytes.Clone(w.out) }

// Layer adds the layer named name, of the given extent, holding fs, whose
// tags number keys and vals (Table.Numbered).
func (w *Writer) Layer(name string, extent uint32, keys []string, vals [][]byte, fs []Feature) {
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
		for i := 0; i+1 < len(f.Tags); i += 2 {
			w.tags = binary.AppendUvarint(w.tags, uint64(w.renumber(w.keyNum, &w.keys, f.Tags[i])))
			w.tags = binary.AppendUvarint(w.tags, uint64(w.renumber(w.valNum, &w.vals, f.Tags[i+1])))
		}
		size := 1 + varintLen(uint64(f.Type)) + 1 + varintLen(uint64(len(f.Geometry))) + len(f.Geometry)
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
		body = binary.AppendUvarint(body, uint64(f.Type))
		body = append(body, keyFeatureGeom)
		body = appendBytes(body, f.Geometry)
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
	w.out = append(w.out, keyTileLayer)
	w.out = appendBytes(w.out, body)
}

// renumber returns the layer's number for the table's number n, giving
// it the next one the first time.
func (w *Writer) renumber(num []number, order *[]uint32, n uint32) uint32 {
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

// SortProps sorts properties by key, the order orb gives a feature's tags.
func SortProps(ps []Prop) {
	slices.SortFunc(ps, func(a, b Prop) int { return strings.Compare(a.Key, b.Key) })
}
