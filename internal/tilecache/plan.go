package tilecache

import (
	"hash/maphash"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/geo/tile"
)

// A plan is one tile's every feature version, shaped once, and what it
// takes to tell which of them a time shows: a version's shape inside a
// tile does not depend on the date, so every state of the tile is encoded
// from one plan, and states that show the same versions with the same
// properties are one entry of the cache.
type plan struct {
	prep *tile.Prepared
	// lives are the days on which a shaped version starts or ends, sorted,
	// open ends included: which versions a time shows depends only on
	// where its first and last days fall among them.
	lives []chrono.Day
	// props are the days on which a shaped version's properties change
	// (names, kind), sorted: the properties a time shows depend only on
	// where the day that stands for it falls among them.
	props []chrono.Day
	// own holds, for each shaped version in layer order, the days its own
	// properties change; nil for most.
	own  [][]chrono.Day
	size int64 // the heap the plan takes, its shapes left out

	mu      sync.Mutex
	states  map[state]content // the content of each state seen
	nstates atomic.Int64      // len(states)
}

// state is where a time falls among a plan's days: it fixes the versions
// shown and their properties.
type state struct{ first, end, prop int32 }

// content names what a state shows: the hash of the versions alive and of
// which of their properties' spans holds the day; empty when nothing shows.
type content struct {
	sum   uint64
	empty bool
}

// maxStates bounds the states a plan remembers; past it, it forgets them
// all and starts again (intervals over a busy tile make many).
const maxStates = 256

// Sizes in bytes of what a plan and an entry hold beyond their shapes and
// bodies, measured with runtime.MemStats (TestCountedBytes checks them).
const (
	planOverhead      = 900
	candidateOverhead = 128 // a tile.Shaped not yet shaped, and its days
	stateOverhead     = 48  // one remembered state
	tileOverhead      = 400 // a Tile in an interface: its headers and ETag
	gzippedOverhead   = 200 // its gzip form's headers and ETag
)

func newPlan(prep *tile.Prepared, shared *tile.Shared) *plan {
	p := &plan{prep: prep, states: map[state]content{}}
	n := 0
	for _, l := range prep.Layers {
		for _, s := range l.Features {
			f := s.Feature
			p.lives = append(p.lives, f.Life.Start, f.Life.End)
			days := propertyDays(f, shared.Changes(f))
			p.props = append(p.props, days...)
			p.own = append(p.own, days)
			n += 1 + len(days)
		}
	}
	p.lives = sortedSet(p.lives)
	p.props = sortedSet(p.props)
	p.size = planOverhead + int64(n)*candidateOverhead
	return p
}

// propertyDays returns the days on which f's properties change (its
// names, its kind), its life's ends left out, from f's changes.
func propertyDays(f *feature.Feature, changes []chrono.Day) []chrono.Day {
	var days []chrono.Day
	for _, d := range changes {
		if d != f.Life.Start && d != f.Life.End {
			days = append(days, d)
		}
	}
	return days
}

func sortedSet(days []chrono.Day) []chrono.Day {
	slices.Sort(days)
	return slices.Compact(days)
}

// count returns how many of the sorted days are before d, or at d too
// when orAt is set.
func count(days []chrono.Day, d chrono.Day, orAt bool) int32 {
	if orAt {
		return int32(sort.Search(len(days), func(i int) bool { return days[i] > d }))
	}
	return int32(sort.Search(len(days), func(i int) bool { return days[i] >= d }))
}

// content returns what the plan shows during when, with seed keying the
// hash. A version is alive when its life overlaps when: it starts before
// when ends and ends after when starts; where when's ends fall among the
// lives decides that for every version at once.
// It reports whether the plan remembers one more state now.
func (p *plan) content(when chrono.Interval, seed maphash.Seed) (content, bool) {
	day := feature.Moment(when)
	st := state{first: count(p.lives, when.Start, true), end: count(p.lives, when.End, false), prop: count(p.props, day, true)}
	p.mu.Lock()
	ct, ok := p.states[st]
	p.mu.Unlock()
	if ok {
		return ct, false
	}
	var h maphash.Hash
	h.SetSeed(seed)
	alive, i := 0, 0
	for li, l := range p.prep.Layers {
		for _, s := range l.Features {
			own := p.own[i]
			i++
			if !s.Feature.Life.Overlaps(when) {
				continue
			}
			alive++
			maphash.WriteComparable(&h, li)
			h.WriteString(s.Feature.Key)
			maphash.WriteComparable(&h, count(own, day, true))
		}
	}
	ct = content{sum: h.Sum64(), empty: alive == 0}
	p.mu.Lock()
	if len(p.states) >= maxStates {
		clear(p.states)
	}
	p.states[st] = ct
	p.nstates.Store(int64(len(p.states)))
	p.mu.Unlock()
	return ct, true
}

// memory returns the heap the plan takes: its shapes made so far and its
// remembered states.
func (p *plan) memory() int64 {
	return p.size + p.prep.Bytes() + stateOverhead*p.nstates.Load()
}
