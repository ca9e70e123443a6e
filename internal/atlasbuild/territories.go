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

// territories makes one feature per polity and period between changes: at
// each instant when any cell changes hands, each holder's set of cells is
// compared with the one before, and a holder whose set changed starts a new
// version.
func territories(cells []Cell, hist [][]holding, g *graph, names map[string][2]string, start, end chrono.Day, endText string) ([]Feature, error) {
	areas := g.cellAreas(len(cells))
	// The instants, and for each the holdings that begin then.
	days := map[chrono.Day]bool{start: true}
	for _, hs := range hist {
		for _, h := range hs {
			days[h.day] = true
		}
	}
	var instants []chrono.Day
	for d := range days {
		instants = append(instants, d)
	}
	sort.Slice(instants, func(i, j int) bool { return instants[i] < instants[j] })

	// holderAt[k][c] is the index into hist[c] of the holder at instant k.
	holderAt := make([][]int, len(instants))
	for k, d := range instants {
		holderAt[k] = make([]int, len(cells))
		for c, hs := range hist {
			j := 0
			for j+1 < len(hs) && hs[j+1].day <= d {
				j++
			}
			holderAt[k][c] = j
		}
	}
	setAt := func(k int, key string) []int {
		var s []int
		for c := range cells {
			if hist[c][holderAt[k][c]].key() == key {
				s = append(s, c)
			}
		}
		return s
	}
	keys := map[string]holding{}
	for _, hs := range hist {
		for _, h := range hs {
			keys[h.key()] = h
		}
	}
	var keyList []string
	for k := range keys {
		keyList = append(keyList, k)
	}
	sort.Strings(keyList)

	var versions []version
	for _, key := range keyList {
		var cur *version
		for k := range instants {
			s := setAt(k, key)
			if cur != nil && equalInts(s, cur.cells) {
				continue
			}
			if cur != nil {
				cur.to = k
				versions = append(versions, *cur)
				cur = nil
			}
			if len(s) > 0 {
				cur = &version{polity: keys[key].Polity, overlord: keys[key].Overlord, from: k, to: len(instants), cells: s}
			}
		}
		if cur != nil {
			versions = append(versions, *cur)
		}
	}

	// changes lists the holdings that begin at instant k in cells that
	// key gained or lost then.
	changes := func(k int, key string) []holding {
		var out []holding
		for c := range cells {
			h := hist[c][holderAt[k][c]]
			if h.day != instants[k] || k == 0 {
				continue
			}
			prev := hist[c][holderAt[k-1][c]]
			if h.key() == key || prev.key() == key {
				out = append(out, h)
			}
		}
		return out
	}
	text := func(k int, key string) string {
		if k == len(instants) {
			return endText
		}
		if k == 0 {
			return hist[0][0].Start
		}
		return changes(k, key)[0].Start
	}

	sort.SliceStable(versions, func(i, j int) bool {
		if versions[i].from != versions[j].from {
			return versions[i].from < versions[j].from
		}
		return versions[i].polity < versions[j].polity
	})
	ids := map[string]bool{}
	var out []Feature
	for _, v := range versions {
		key := v.polity + "/" + v.overlord
		startText, endT := text(v.from, key), text(v.to, key)
		sources := map[string]bool{}
		var notes, dated, regions []string
		// The territory is as certain as most of its land: the certainty
		// of the holdings in force, weighed by the area they cover. How
		// sure the dates are is said by the start and end themselves.
		area := map[string]float64{}
		for _, c := range v.cells {
			h := hist[c][holderAt[v.from][c]]
			area[h.cert] += areas[c]
			for _, s := range append(append([]string{}, cells[c].Sources...), h.Sources...) {
				sources[s] = true
			}
			regions = append(regions, cells[c].Name)
		}
		cert := chrono.Certain
		for _, c := range []string{chrono.Approximate, chrono.Uncertain} {
			if area[c] >= area[cert] {
				cert = c
			}
		}
		var began []holding
		if v.from == 0 {
			for _, c := range v.cells {
				began = append(began, hist[c][0])
			}
		} else {
			began = changes(v.from, key)
		}
		seenNote := map[string]bool{}
		for _, h := range began {
			if h.key() != key {
				continue // a loss: its note belongs to the gainer
			}
			if h.Note != "" && !seenNote[h.Note] {
				seenNote[h.Note] = true
				notes = append(notes, h.Note)
			}
			if h.DateSource != "" && !seenNote["ds:"+h.DateSource] {
				seenNote["ds:"+h.DateSource] = true
				dated = append(dated, h.DateSource)
			}
		}
		u, err := g.shape(v.cells)
		if err != nil {
			return nil, fmt.Errorf("%s from %s: %w", v.polity, startText, err)
		}
		id := uniqueID(ids, v.polity, startText)
		n := names[v.polity]
		props := map[string]any{
			"id":        id,
			"polity":    v.polity,
			"name":      n[0],
			"start":     startText,
			"end":       endT,
			"certainty": cert,
			"sources":   sortedSet(sources),
			"regions":   regions,
		}
		if n[1] != "" {
			props["name_zh"] = n[1]
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
		out = append(out, Feature{ID: id, Properties: props, Geometry: u})
	}
	return out, nil
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
