package params

import (
	"net/url"
	"strings"

	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/internal/cql2"
	"github.com/chronoatlas/chronoatlas/internal/cql2/cql2json"
	"github.com/chronoatlas/chronoatlas/internal/cql2/cql2text"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/chronoatlas/chronoatlas/internal/fault"
)

// CRS84 is the CRS of filters, the only one served: longitude, latitude.
const CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"

// Filter parses the CQL2 filter of an items request (OGC API
// Features Part 3): filter in the encoding filter-lang names (cql2-text by
// default, or cql2-json), its geometries in filter-crs (CRS84, the only
// one served), checked against the collection's queryables.
func Filter(q url.Values, c *feature.Collection) (cql2.Expr, error) {
	lang := strings.ToLower(q.Get("filter-lang"))
	if crs := q.Get("filter-crs"); crs != "" && crs != CRS84 {
		return nil, fault.Param("filter-crs", "%q is not served; filters are in %s (longitude, latitude)", crs, CRS84)
	}
	text, ok := q["filter"]
	if !ok {
		if lang != "" {
			return nil, fault.Param("filter-lang", "filter-lang without a filter")
		}
		return nil, nil
	}
	var e cql2.Expr
	var err error
	switch lang {
	case "", "cql2-text":
		e, err = cql2text.Parse(text[0])
	case "cql2-json":
		e, err = cql2json.Parse([]byte(text[0]))
	default:
		return nil, fault.Param("filter-lang", "%q is not a filter language; use cql2-text or cql2-json", q.Get("filter-lang"))
	}
	if err == nil {
		err = cql2.Check(e, dataset.FilterSchema(c))
	}
	if err != nil {
		return nil, fault.Param("filter", "%s", strings.TrimPrefix(err.Error(), "cql2: "))
	}
	return e, nil
}

// SortBy parses sortby: properties separated by commas, each with an
// optional + (ascending, the default) or - (descending).
func SortBy(q url.Values, queryables map[string]bool) ([]dataset.SortKey, error) {
	v, ok := q["sortby"]
	if !ok {
		return nil, nil
	}
	var keys []dataset.SortKey
	for _, part := range strings.Split(v[0], ",") {
		part = strings.TrimSpace(part)
		k := dataset.SortKey{Property: strings.TrimLeft(part, "+-"), Desc: strings.HasPrefix(part, "-")}
		if len(part)-len(k.Property) > 1 || !queryables[k.Property] && k.Property != dataset.StartDateQueryable && k.Property != dataset.EndDateQueryable {
			return nil, fault.Param("sortby", "cannot sort by %q: give properties of the collection's queryables, each with an optional + or -", part)
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// Properties parses properties: the names of the only properties the
// features are to carry, separated by commas.
func Properties(q url.Values, c *feature.Collection) ([]string, error) {
	v, ok := q["properties"]
	if !ok {
		return nil, nil
	}
	known := dataset.PropertyNames(c)
	known["holder"] = true // added at a datetime to places and events
	names := []string{}
	for _, n := range strings.Split(v[0], ",") {
		if n = strings.TrimSpace(n); n == "" {
			continue
		}
		if !known[n] {
			return nil, fault.Param("properties", "no property %q; name properties of the collection, separated by commas", n)
		}
		names = append(names, n)
	}
	return names, nil
}

// Bool parses a true or false parameter; absent is false.
func Bool(q url.Values, name string) (bool, error) {
	v, ok := q[name]
	if !ok {
		return false, nil
	}
	switch strings.ToLower(v[0]) {
	case "true", "1":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return false, fault.Param(name, "%q is not true or false", v[0])
}

// KnownOnly returns the parameters of q that known accepts: what a page
// opened from a shared link keeps of its query.
func KnownOnly(q url.Values, known func(string) bool) url.Values {
	out := url.Values{}
	for k, v := range q {
		if known(k) {
			out[k] = v
		}
	}
	return out
}
