package atlasbuild

import (
	"fmt"
	"sort"
	"strings"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
)

// holding is a Holding with its date parsed.
type holding struct {
	Holding
	day  chrono.Day
	cert string
}

func (h holding) key() string { return h.Polity + "/" + h.Overlord }

// certaintyRank orders certainties from the surest.
var certaintyRank = map[string]int{chrono.Certain: 0, chrono.Approximate: 1, chrono.Uncertain: 2}

// histories parses each cell's holders and checks they are in time order
// from the atlas's start.
func histories(cells []Cell, start chrono.Day, end chrono.Day) ([][]holding, error) {
	byID := map[string]int{}
	for i, c := range cells {
		if _, dup := byID[c.ID]; dup {
			return nil, fmt.Errorf("cell %s is listed twice", c.ID)
		}
		byID[c.ID] = i
	}
	out := make([][]holding, len(cells))
	for i, c := range cells {
		held := c.Held
		if c.Like != "" {
			j, ok := byID[c.Like]
			if !ok || j >= i {
				return nil, fmt.Errorf("cell %s: like %q must name a cell before it", c.ID, c.Like)
			}
			if len(held) > 0 {
				return nil, fmt.Errorf("cell %s: has both like and held", c.ID)
			}
			out[i] = out[j]
			continue
		}
		if len(held) == 0 {
			return nil, fmt.Errorf("cell %s: no holders", c.ID)
		}
		for k, h := range held {
			d, err := chrono.ParseEDTF(h.Start)
			if err != nil || d.Open {
				return nil, fmt.Errorf("cell %s: holder %d: start %q is not a date", c.ID, k, h.Start)
			}
			cert := h.Certainty
			if cert == "" {
				cert = d.Certainty()
			}
			if _, ok := certaintyRank[cert]; !ok {
				return nil, fmt.Errorf("cell %s: holder %d: certainty %q", c.ID, k, cert)
			}
			hh := holding{Holding: h, day: d.Earliest, cert: cert}
			switch {
			case k == 0 && hh.day != start:
				return nil, fmt.Errorf("cell %s: the first holder starts %s, not at the atlas's start", c.ID, h.Start)
			case k > 0 && hh.day <= out[i][k-1].day:
				return nil, fmt.Errorf("cell %s: holder %d (%s) does not start after the one before", c.ID, k, h.Start)
			case hh.day >= end:
				return nil, fmt.Errorf("cell %s: holder %d starts after the atlas's end", c.ID, k)
			case k > 0 && hh.key() == out[i][k-1].key():
				return nil, fmt.Errorf("cell %s: holder %d repeats the one before", c.ID, k)
			}
			out[i] = append(out[i], hh)
		}
	}
	return out, nil
}

// version is one territory: a polity's land between two changes.
type version struct {
	polity, overlord string
	from, to         int // instants
	cells            []int
}

func (v version) key() string { return v.polity + "/" + v.overlord }

// timeline is the cells' holders at each instant when any cell changes
// hands.
type timeline struct {
	cells    []Cell
	hist     [][]holding
	instants []chrono.Day
	holderAt [][]int // holderAt[k][c] indexes hist[c] at instant k
	endText  string  // the atlas's end, as the last versions' end
}

func newTimeline(cells []Cell, hist [][]holding, start chrono.Day, endText string) *timeline {
	days := map[chrono.Day]bool{start: true}
	for _, hs := range hist {
		for _, h := range hs {
			days[h.day] = true
		}
	}
	tl := &timeline{cells: cells, hist: hist, endText: endText}
	for d := range days {
		tl.instants = append(tl.instants, d)
	}
	sort.Slice(tl.instants, func(i, j int) bool { return tl.instants[i] < tl.instants[j] })
	tl.holderAt = make([][]int, len(tl.instants))
	for k, d := range tl.instants {
		tl.holderAt[k] = make([]int, len(cells))
		for c, hs := range hist {
			j := 0
			for j+1 < len(hs) && hs[j+1].day <= d {
				j++
			}
			tl.holderAt[k][c] = j
		}
	}
	return tl
}

// at is the holding of cell c at instant k.
func (tl *timeline) at(k, c int) holding { return tl.hist[c][tl.holderAt[k][c]] }

// versions compares, at each instant, each holder's set of cells with the
// one before: a holder whose set changed starts a new version. They come
// in order of start, then polity.
func (tl *timeline) versions() []version {
	keys := map[string]holding{}
	for _, hs := range tl.hist {
		for _, h := range hs {
			keys[h.key()] = h
		}
	}
	keyList := make([]string, 0, len(keys))
	for k := range keys {
		keyList = append(keyList, k)
	}
	sort.Strings(keyList)
	var out []version
	for _, key := range keyList {
		var cur *version
		for k := range tl.instants {
			var set []int
			for c := range tl.cells {
				if tl.at(k, c).key() == key {
					set = append(set, c)
				}
			}
			if cur != nil && equalInts(set, cur.cells) {
				continue
			}
			if cur != nil {
				cur.to = k
				out = append(out, *cur)
				cur = nil
			}
			if len(set) > 0 {
				cur = &version{polity: keys[key].Polity, overlord: keys[key].Overlord, from: k, to: len(tl.instants), cells: set}
			}
		}
		if cur != nil {
			out = append(out, *cur)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].from != out[j].from {
			return out[i].from < out[j].from
		}
		return out[i].polity < out[j].polity
	})
	return out
}

// changes lists the holdings that begin at instant k in cells that key
// gained or lost then.
func (tl *timeline) changes(k int, key string) []holding {
	var out []holding
	for c := range tl.cells {
		h := tl.at(k, c)
		if h.day != tl.instants[k] || k == 0 {
			continue
		}
		if h.key() == key || tl.at(k-1, c).key() == key {
			out = append(out, h)
		}
	}
	return out
}

// text is the EDTF of instant k as the sources give it for key.
func (tl *timeline) text(k int, key string) string {
	switch k {
	case len(tl.instants):
		return tl.endText
	case 0:
		return tl.hist[0][0].Start
	}
	return tl.changes(k, key)[0].Start
}

// began lists the holdings with which v began: its own cells' first
// holdings at the atlas's start, the gains and losses at its instant
// after.
func (tl *timeline) began(v version) []holding {
	if v.from > 0 {
		return tl.changes(v.from, v.key())
	}
	var out []holding
	for _, c := range v.cells {
		out = append(out, tl.hist[c][0])
	}
	return out
}

// territories makes one feature per polity and period between changes,
// its shape read off the graph.
func territories(cells []Cell, hist [][]holding, g *graph, names map[string][2]string, start chrono.Day, endText string) ([]Feature, error) {
	tl := newTimeline(cells, hist, start, endText)
	areas := g.cellAreas(len(cells))
	ids := map[string]bool{}
	var out []Feature
	for _, v := range tl.versions() {
		props := tl.properties(v, areas)
		u, err := g.shape(v.cells)
		if err != nil {
			return nil, fmt.Errorf("%s from %s: %w", v.polity, props["start"], err)
		}
		id := uniqueID(ids, v.polity, props["start"].(string))
		n := names[v.polity]
		props["id"], props["name"] = id, n[0]
		if n[1] != "" {
			props["name_zh"] = n[1]
		}
		out = append(out, Feature{ID: id, Properties: props, Geometry: u})
	}
	return out, nil
}

// properties are a version's properties but its id and names: its dates,
// certainty, sources, regions, and the notes and dating of the holdings
// it began with.
func (tl *timeline) properties(v version, areas []float64) map[string]any {
	key := v.key()
	sources := map[string]bool{}
	var notes, dated, regions []string
	// The territory is as certain as most of its land: the certainty of
	// the holdings in force, weighed by the area they cover. How sure the
	// dates are is said by the start and end themselves.
	area := map[string]float64{}
	for _, c := range v.cells {
		h := tl.at(v.from, c)
		area[h.cert] += areas[c]
		for _, s := range append(append([]string{}, tl.cells[c].Sources...), h.Sources...) {
			sources[s] = true
		}
		regions = append(regions, tl.cells[c].Name)
	}
	cert := chrono.Certain
	for _, c := range []string{chrono.Approximate, chrono.Uncertain} {
		if area[c] >= area[cert] {
			cert = c
		}
	}
	seen := map[string]bool{}
	for _, h := range tl.began(v) {
		if h.key() != key {
			continue // a loss: its note belongs to the gainer
		}
		if h.Note != "" && !seen[h.Note] {
			seen[h.Note] = true
			notes = append(notes, h.Note)
		}
		if h.DateSource != "" && !seen["ds:"+h.DateSource] {
			seen["ds:"+h.DateSource] = true
			dated = append(dated, h.DateSource)
		}
	}
	props := map[string]any{
		"polity":    v.polity,
		"start":     tl.text(v.from, key),
		"end":       tl.text(v.to, key),
		"certainty": cert,
		"sources":   sortedSet(sources),
		"regions":   regions,
	}
	if v.overlord != "" {
		props["overlord"] = v.overlord
	}
	if len(notes) > 0 {
		props["note"] = strings.Join(notes, " ")
	}
	if len(dated) > 0 {
		props["date_source"] = strings.Join(dated, "; ")
	}
	return props
}

// uniqueID is polity-year, made longer with the month and day, or a
// counter, when a polity has two versions in a year.
func uniqueID(seen map[string]bool, polity, start string) string {
	d, err := chrono.ParseEDTF(start)
	y, m, day := 0, 0, 0
	if err == nil {
		y, m, day = d.Earliest.Date()
	}
	for _, id := range []string{
		fmt.Sprintf("%s-%d", polity, y),
		fmt.Sprintf("%s-%d-%02d", polity, y, m),
		fmt.Sprintf("%s-%d-%02d-%02d", polity, y, m, day),
	} {
		if !seen[id] {
			seen[id] = true
			return id
		}
	}
	for n := 2; ; n++ {
		id := fmt.Sprintf("%s-%d-%02d-%02d-%d", polity, y, m, day, n)
		if !seen[id] {
			seen[id] = true
			return id
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
