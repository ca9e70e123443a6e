package feature

import (
	"sort"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/paulmach/orb"
)

// Feature is one version of a thing on the map: a territory as it stood
// between two changes, a place, an event, a river in one course.
type Feature struct {
	// ID is stable and readable, such as "kaifeng" or "song-1142". Versions
	// of one thing (a river before and after a change of course) may share
	// an ID; their lives never overlap.
	ID string
	// Key is unique within the collection: the ID, or for a thing with
	// several versions the ID and the version's start, as in
	// "yellow-river@1128". NewCollection sets it.
	Key string
	// Geometry is in WGS 84 longitude and latitude.
	Geometry orb.Geometry
	// Bound is the geometry's bounding box, computed once.
	Bound orb.Bound
	// Start and End are the EDTF dates as written in the data.
	Start, End chrono.Date
	// Life is the half-open interval the feature existed for.
	Life chrono.Interval
	// Properties are the feature's properties as in the data, including
	// id, start and end.
	Properties map[string]any
	// Names are the feature's names over time, parsed from the names
	// property; empty when the name never changed.
	Names []Name
	// Roles are the parts the feature played over time, parsed from the
	// roles property; a capital role makes a place a capital while it
	// lasts (KindAt).
	Roles []Role
}

// New returns a feature with its bound and life computed.
func New(id string, g orb.Geometry, start, end chrono.Date, props map[string]any) (*Feature, error) {
	life, err := chrono.Life(start, end)
	if err != nil {
		return nil, err
	}
	if props == nil {
		props = map[string]any{}
	}
	return &Feature{ID: id, Geometry: g, Bound: g.Bound(), Start: start, End: end, Life: life, Properties: props}, nil
}

// StringProp returns the value of the string property key, or "" when it
// is absent or not a string. It is a property getter, not a fmt.Stringer.
func (f *Feature) StringProp(key string) string {
	s, _ := f.Properties[key].(string)
	return s
}

// Collection is a named set of features, such as the territories or the
// places of a dataset.
type Collection struct {
	ID          string
	Title       string
	Description string
	// Features are sorted by ID, then by start.
	Features []*Feature
	// Bound covers every feature; Life spans every feature's life.
	Bound orb.Bound
	Life  chrono.Interval

	byID  map[string][]*Feature
	byKey map[string]*Feature
}

// NewCollection sorts the features and indexes them by ID.
func NewCollection(id, title, description string, fs []*Feature) *Collection {
	c := &Collection{ID: id, Title: title, Description: description, Features: fs,
		byID: map[string][]*Feature{}, byKey: map[string]*Feature{}}
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].ID != fs[j].ID {
			return fs[i].ID < fs[j].ID
		}
		return fs[i].Life.Start < fs[j].Life.Start
	})
	for i, f := range fs {
		if i == 0 {
			c.Bound, c.Life = f.Bound, f.Life
		} else {
			c.Bound = c.Bound.Union(f.Bound)
			c.Life = c.Life.Union(f.Life)
		}
		c.byID[f.ID] = append(c.byID[f.ID], f)
	}
	for _, f := range fs {
		f.Key = f.ID
		if len(c.byID[f.ID]) > 1 {
			f.Key = f.ID + "@" + f.Start.Text
		}
		c.byKey[f.Key] = f
	}
	return c
}

// Lookup returns the feature with the given key.
func (c *Collection) Lookup(key string) (*Feature, bool) {
	f, ok := c.byKey[key]
	return f, ok
}

// Get returns the versions of the feature with the given ID, oldest first.
func (c *Collection) Get(id string) []*Feature { return c.byID[id] }

// Query returns, in collection order, the features whose life overlaps
// when and whose bound intersects bound. A zero bound matches everything.
func (c *Collection) Query(when chrono.Interval, bound orb.Bound) []*Feature {
	all := bound == orb.Bound{}
	var out []*Feature
	for _, f := range c.Features {
		if !f.Life.Overlaps(when) {
			continue
		}
		if !all && !f.Bound.Intersects(bound) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// Changes returns the sorted, distinct days on which any feature of the
// collection starts or ends, leaving out open ends.
func (c *Collection) Changes() []chrono.Day {
	seen := map[chrono.Day]bool{}
	var days []chrono.Day
	add := func(d chrono.Day) {
		if d == chrono.MinDay || d == chrono.MaxDay || seen[d] {
			return
		}
		seen[d] = true
		days = append(days, d)
	}
	for _, f := range c.Features {
		add(f.Life.Start)
		add(f.Life.End)
	}
	sort.Slice(days, func(i, j int) bool { return days[i] < days[j] })
	return days
}
