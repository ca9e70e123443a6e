package atlasbuild

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/chronoatlas/chronoatlas/internal/atlasbuild/xy"
	"slices"
	"strings"

	"github.com/peterstace/simplefeatures/geom"
)

// Lines is data/src/lines.json: the named points and lines that borders
// and rivers are drawn from, and the river and frontier features made of
// them. A border that follows a river names the river's line, so the two
// are the same line.
type Lines struct {
	// Nodes are named points where lines meet.
	Nodes map[string][2]float64 `json:"nodes"`
	// Lines are named polylines. Each point is a node's name or [lon, lat].
	Lines map[string][]Point `json:"lines"`
	// Features are the rivers and frontiers, each a chain of lines.
	Features []LineFeature `json:"features"`
}

// LineFeature is a river or frontier made of named lines.
type LineFeature struct {
	// Collection is "rivers" or "frontiers".
	Collection string `json:"collection"`
	// Lines are the line names, each a part of a MultiLineString; within a
	// part, "a+b" joins lines end to end and "-a" reverses one.
	Lines []string `json:"lines"`
	// Properties are written as they are, with id, start, end and sources.
	Properties map[string]any `json:"properties"`
}

// Point is a node's name or a [lon, lat] pair.
type Point struct {
	Node string
	XY   [2]float64
}

// UnmarshalJSON reads a name or a pair.
func (p *Point) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &p.Node)
	}
	return json.Unmarshal(b, &p.XY)
}

// Cells is data/src/cells.json: the land cut into cells, in painting
// order, and who held each cell when.
type Cells struct {
	Cells []Cell `json:"cells"`
	// Enclaves are the places where a polity's land lay wholly inside
	// another polity's: the data tests allow no other.
	Enclaves []Enclave `json:"enclaves"`
}

// Enclave says that the land of Polity round a place (a place's id, or
// At, a [lon, lat]) lay wholly inside Within's from Start to End (EDTF),
// and why.
type Enclave struct {
	Polity  string      `json:"polity"`
	Within  string      `json:"within"`
	Place   string      `json:"place,omitempty"`
	At      *[2]float64 `json:"at,omitempty"`
	Start   string      `json:"start"`
	End     string      `json:"end"`
	Sources []string    `json:"sources"`
	Note    string      `json:"note"`
}

// Cell is a piece of land that changed hands as a whole. Its shape is its
// ring cut to the land, less every cell before it: so an earlier cell wins
// where rings overlap, and a later cell may be drawn loosely against it.
type Cell struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	NameZh string `json:"name_zh,omitempty"`
	// Ring is a closed outline: line names ("-name" reversed), node names
	// and [lon, lat] pairs, in order. It need not repeat its first point.
	Ring []Point `json:"ring"`
	// Held lists the holders in time order. Its first entry's start is the
	// atlas's start.
	Held []Holding `json:"held"`
	// Like names a cell whose holders this one shares.
	Like    string   `json:"like,omitempty"`
	Sources []string `json:"sources"`
	Note    string   `json:"note,omitempty"`
}

// Holding is one holder of a cell from a date on.
type Holding struct {
	Polity   string `json:"polity"`
	Overlord string `json:"overlord,omitempty"`
	// Start is an EDTF date; its earliest day is when the holding begins.
	Start string `json:"start"`
	// DateSource is the sources' own dating, in a reign era for example.
	DateSource string   `json:"date_source,omitempty"`
	Certainty  string   `json:"certainty,omitempty"`
	Sources    []string `json:"sources,omitempty"`
	Note       string   `json:"note,omitempty"`
}

// resolver turns points and line names into coordinates.
type resolver struct{ l *Lines }

func (r resolver) point(p Point) ([]geom.XY, error) {
	if p.Node == "" {
		return []geom.XY{{X: p.XY[0], Y: p.XY[1]}}, nil
	}
	name, rev := strings.CutPrefix(p.Node, "-")
	if xy, ok := r.l.Nodes[name]; ok && !rev {
		return []geom.XY{{X: xy[0], Y: xy[1]}}, nil
	}
	line, ok := r.l.Lines[name]
	if !ok {
		return nil, fmt.Errorf("no node or line named %q", name)
	}
	var out []geom.XY
	for _, q := range line {
		if q.Node != "" {
			xy, ok := r.l.Nodes[q.Node]
			if !ok {
				return nil, fmt.Errorf("line %s: no node named %q", name, q.Node)
			}
			out = append(out, geom.XY{X: xy[0], Y: xy[1]})
			continue
		}
		out = append(out, geom.XY{X: q.XY[0], Y: q.XY[1]})
	}
	if rev {
		slices.Reverse(out)
	}
	return out, nil
}

// chain joins points and lines end to end, dropping a point that repeats
// the one before it.
func (r resolver) chain(ps []Point) ([]geom.XY, error) {
	var out []geom.XY
	for _, p := range ps {
		xys, err := r.point(p)
		if err != nil {
			return nil, err
		}
		for _, xy := range xys {
			if len(out) > 0 && out[len(out)-1] == xy {
				continue
			}
			out = append(out, xy)
		}
	}
	return out, nil
}

// polygon makes the cell's ring a polygon, reporting where it is not
// simple.
func (r resolver) polygon(c Cell) (geom.Geometry, error) {
	pts, err := r.chain(c.Ring)
	if err != nil {
		return geom.Geometry{}, err
	}
	if len(pts) > 0 && pts[0] != pts[len(pts)-1] {
		pts = append(pts, pts[0])
	}
	if len(pts) < 4 {
		return geom.Geometry{}, fmt.Errorf("ring has %d points", len(pts))
	}
	p := geom.NewPolygon([]geom.LineString{geom.NewLineString(xy.Seq(pts))}).AsGeometry()
	if err := p.Validate(); err != nil {
		return geom.Geometry{}, fmt.Errorf("ring is not a simple polygon: %w", err)
	}
	return p, nil
}

// multiLine makes a line feature's geometry: one part per entry, each
// entry one or more lines joined with "+".
func (r resolver) multiLine(f LineFeature) (geom.Geometry, error) {
	var parts []geom.LineString
	for _, entry := range f.Lines {
		var ps []Point
		for _, name := range strings.Split(entry, "+") {
			ps = append(ps, Point{Node: name})
		}
		pts, err := r.chain(ps)
		if err != nil {
			return geom.Geometry{}, err
		}
		if len(pts) < 2 {
			return geom.Geometry{}, fmt.Errorf("line %s has fewer than two points", entry)
		}
		parts = append(parts, geom.NewLineString(xy.Seq(pts)))
	}
	return geom.NewMultiLineString(parts).AsGeometry(), nil
}
