package dataset

import (
	"sort"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/geo/relate"
	"github.com/chronoatlas/chronoatlas/internal/cql2"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Query selects features of a collection.
type Query struct {
	// When, if set, keeps the features whose life overlaps it.
	When *chrono.Interval
	// Bounds, if any, keep the features whose geometry intersects one of
	// them (two when a bbox crosses the antimeridian): the geometry, as
	// OGC API Features asks, not only its bounding box.
	Bounds []orb.Bound
	// Filter, if set, keeps the features it matches (a CQL2 filter; see
	// Item for the properties it sees).
	Filter cql2.Expr
	// Filters keep the features whose property equals the value, compared
	// as text ("1141" matches the number 1141); with When, the property as
	// it stood then (feature.Moment), so kind=capital keeps the capitals of
	// that day.
	Filters map[string]string
	// SortBy, if set, orders the matches by these properties, the first
	// first (features otherwise keep the collection's order: by id, then
	// start).
	SortBy []SortKey
	// Offset and Limit select a page of the matches.
	Offset, Limit int
	// Properties, when not nil, are the only properties the page carries
	// (OGC API Features Part 6's properties parameter); SkipGeometry
	// leaves the geometries out. Neither changes which features match.
	Properties   []string
	SkipGeometry bool
}

// SortKey is a property to sort by, ascending unless Desc.
type SortKey struct {
	Property string
	Desc     bool
}

// Page is one page of a query's matches.
type Page struct {
	Features []*feature.Feature
	// Matched counts every match, on every page.
	Matched int
}

// Items runs q over c.
func Items(c *feature.Collection, q Query) Page {
	var p Page
	for _, f := range c.Features {
		if q.When != nil && !f.Life.Overlaps(*q.When) {
			continue
		}
		if len(q.Bounds) > 0 && !intersectsAny(f, q.Bounds) {
			continue
		}
		if q.Filter != nil {
			if ok, err := q.Filter.Match(Item(f, q.When)); err != nil || !ok {
				continue
			}
		}
		if !matchesFilters(f, q.Filters, q.When) {
			continue
		}
		if len(q.SortBy) > 0 {
			p.Features = append(p.Features, f) // paged once sorted
			p.Matched++
			continue
		}
		if p.Matched >= q.Offset && len(p.Features) < q.Limit {
			p.Features = append(p.Features, f)
		}
		p.Matched++
	}
	if len(q.SortBy) > 0 {
		sortFeatures(p.Features, q.SortBy, q.When)
		from := min(q.Offset, len(p.Features))
		to := min(from+q.Limit, len(p.Features))
		p.Features = p.Features[from:to]
	}
	return p
}

// intersectsAny reports whether f's geometry meets one of the boxes: the
// bounds first, then the geometry itself.
func intersectsAny(f *feature.Feature, bs []orb.Bound) bool {
	for _, q := range bs {
		if f.Bound.Intersects(q) && relate.Intersects(f.Geometry, q) {
			return true
		}
	}
	return false
}

func matchesFilters(f *feature.Feature, filters map[string]string, when *chrono.Interval) bool {
	if len(filters) == 0 {
		return true
	}
	props := f.Properties
	if when != nil {
		props = f.PropertiesAt(feature.Moment(*when))
	}
	for k, want := range filters {
		v, ok := props[k]
		if !ok || feature.Text(v) != want {
			return false
		}
	}
	return true
}

// PropertyNames returns the names of every property the features of c
// carry, lists and objects among them.
func PropertyNames(c *feature.Collection) map[string]bool {
	names := map[string]bool{}
	for _, f := range c.Features {
		for k := range f.Properties {
			names[k] = true
		}
	}
	return names
}

// Queryable is a property that items can be filtered by.
type Queryable struct {
	Name string
	Type string // "string", "number" or "boolean"
}

// Queryables returns the scalar properties that the features of c have,
// sorted by name. Lists and objects (names, sources) are left out.
func Queryables(c *feature.Collection) []Queryable {
	types := map[string]string{}
	for _, f := range c.Features {
		for k, v := range f.Properties {
			var t string
			switch v.(type) {
			case string:
				t = "string"
			case float64:
				t = "number"
			case bool:
				t = "boolean"
			default:
				continue
			}
			if old, ok := types[k]; ok && old != t {
				t = "string"
			}
			types[k] = t
		}
	}
	out := make([]Queryable, 0, len(types))
	for k, t := range types {
		out = append(out, Queryable{Name: k, Type: t})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Holder returns the territory that held point p on day d: the one of the
// territories collection whose life holds d and whose polygons hold p.
func (ds *Dataset) Holder(p orb.Point, d chrono.Day) (*feature.Feature, bool) {
	terr := ds.Collection("territories")
	if terr == nil {
		return nil, false
	}
	day := chrono.Interval{Start: d, End: d + 1}
	for _, f := range terr.Query(day, orb.Bound{Min: p, Max: p}) {
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			if planar.PolygonContains(g, p) {
				return f, true
			}
		case orb.MultiPolygon:
			if planar.MultiPolygonContains(g, p) {
				return f, true
			}
		}
	}
	return nil, false
}
