package dataset

import (
	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/internal/cql2"
)

// The properties a CQL2 filter sees besides a feature's own: its geometry,
// and its life as dates, so that T_INTERSECTS(INTERVAL(start_date,
// end_date), …) asks when it existed. start and end stay the EDTF text.
const (
	GeometryQueryable  = "geometry"
	StartDateQueryable = "start_date"
	EndDateQueryable   = "end_date"
)

// Item returns f as a CQL2 filter sees it: its properties as they stood at
// the moment of when (the day's name and kind) or as written when when is
// nil, its geometry, and its life as start_date and end_date (end_date
// the first day it no longer existed; null when open).
func Item(f *feature.Feature, when *chrono.Interval) cql2.Item {
	props := f.Properties
	if when != nil {
		props = f.PropertiesAt(feature.Moment(*when))
	}
	return filterItem{f: f, props: props}
}

type filterItem struct {
	f     *feature.Feature
	props map[string]any
}

func (it filterItem) Value(name string) cql2.Value {
	switch name {
	case GeometryQueryable:
		return cql2.Geom(it.f.Geometry)
	case StartDateQueryable:
		if it.f.Life.Start == chrono.MinDay {
			return cql2.Value{}
		}
		return cql2.Day(it.f.Life.Start)
	case EndDateQueryable:
		if it.f.Life.End == chrono.MaxDay {
			return cql2.Value{}
		}
		return cql2.EndDay(it.f.Life.End)
	}
	v, ok := it.props[name]
	if !ok {
		return cql2.Value{}
	}
	return filterValue(v)
}

func filterValue(v any) cql2.Value {
	switch v := v.(type) {
	case string:
		return cql2.Text(v)
	case float64:
		return cql2.Num(v)
	case bool:
		return cql2.Bool(v)
	case []any:
		items := make([]cql2.Value, 0, len(v))
		for _, x := range v {
			items = append(items, filterValue(x))
		}
		return cql2.ListOf(items...)
	}
	return cql2.Value{}
}

// FilterSchema returns the kinds of the properties a filter on c may
// name: its queryables, its geometry, and start_date and end_date.
func FilterSchema(c *feature.Collection) cql2.Schema {
	kinds := map[string]cql2.Kind{}
	for _, q := range Queryables(c) {
		switch q.Type {
		case "number":
			kinds[q.Name] = cql2.Number
		case "boolean":
			kinds[q.Name] = cql2.Boolean
		default:
			kinds[q.Name] = cql2.String
		}
	}
	kinds[GeometryQueryable] = cql2.Geometry
	kinds[StartDateQueryable] = cql2.Time
	kinds[EndDateQueryable] = cql2.Time
	return func(name string) (cql2.Kind, bool) {
		k, ok := kinds[name]
		return k, ok
	}
}
