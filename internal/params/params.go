package params

import (
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/chronoatlas/chronoatlas/internal/respond"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// Check refuses parameters a route does not know, as OGC API Features
// asks, and parameters given twice with different values. The same value
// twice is one parameter: GDAL appends the query of the URL it was given to
// every next link it follows, which carries that query already.
func Check(q url.Values, known func(string) bool) error {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !known(k) {
			return fault.Param(k, "unknown parameter %q", k)
		}
		if len(q[k]) > 1 && slices.ContainsFunc(q[k][1:], func(v string) bool { return v != q[k][0] }) {
			return fault.Param(k, "parameter %q is given %d times; give it once", k, len(q[k]))
		}
	}
	return nil
}

// Datetime parses the datetime parameter; ok is false when absent.
func Datetime(q url.Values) (iv chrono.Interval, ok bool, err error) {
	s, has := q["datetime"]
	if !has {
		return chrono.Interval{}, false, nil
	}
	iv, err = DatetimeValue(s[0])
	return iv, err == nil, err
}

// DatetimeValue parses one datetime value.
func DatetimeValue(v string) (chrono.Interval, error) {
	iv, err := chrono.ParseDatetime(v)
	if err != nil {
		return chrono.Interval{}, fault.Param("datetime", "%v; use a date such as 1141, 1141-12-17, 1141-12-17T00:00:00Z, or an interval such as 1127/1141 or ../1141", err)
	}
	return iv, nil
}

// Bbox parses the bbox parameter (west,south,east,north, or six numbers
// with heights, which are ignored). A bbox whose west is east of its east
// crosses the antimeridian and becomes two bounds.
func Bbox(q url.Values) ([]orb.Bound, error) {
	s, has := q["bbox"]
	if !has {
		return nil, nil
	}
	parts := strings.Split(s[0], ",")
	if len(parts) != 4 && len(parts) != 6 {
		return nil, fault.Param("bbox", "want 4 numbers (west,south,east,north) or 6, got %d", len(parts))
	}
	v := make([]float64, len(parts))
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fault.Param("bbox", "%q is not a number", p)
		}
		v[i] = f
	}
	w, so, e, n := v[0], v[1], v[2], v[3]
	if len(v) == 6 {
		w, so, e, n = v[0], v[1], v[3], v[4]
	}
	switch {
	case w < -180 || w > 180 || e < -180 || e > 180:
		return nil, fault.Param("bbox", "longitudes must be within -180 and 180, got %g and %g", w, e)
	case so < -90 || so > 90 || n < -90 || n > 90:
		return nil, fault.Param("bbox", "latitudes must be within -90 and 90, got %g and %g", so, n)
	case so > n:
		return nil, fault.Param("bbox", "south %g is north of north %g", so, n)
	}
	if w > e {
		return []orb.Bound{
			{Min: orb.Point{w, so}, Max: orb.Point{180, n}},
			{Min: orb.Point{-180, so}, Max: orb.Point{e, n}},
		}, nil
	}
	return []orb.Bound{{Min: orb.Point{w, so}, Max: orb.Point{e, n}}}, nil
}

// Int parses a non-negative integer parameter with a default.
func Int(q url.Values, name string, def, min int) (int, error) {
	s, has := q[name]
	if !has {
		return def, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(s[0]))
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange && !strings.HasPrefix(strings.TrimSpace(s[0]), "-") {
			return math.MaxInt, nil
		}
		return 0, fault.Param(name, "%q is not a whole number", s[0])
	}
	if n < min {
		return 0, fault.Param(name, "must be at least %d, got %d", min, n)
	}
	return n, nil
}

// CheckQuery refuses a query string with a pair net/http's parser would
// drop without a word: a malformed %-escape, or a ';' (which once
// separated pairs and now does not). Dropped, such a pair would leave the
// request unfiltered, so ?datetime=%ZZ would answer for all time.
func CheckQuery(raw string) error {
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" {
			continue
		}
		rawKey, rawValue, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(rawKey)
		if err != nil {
			return fault.Param("query", "malformed %%-escape in the parameter name %q; write %% as %%25", respond.Clamp(rawKey, respond.MaxLoggedPath))
		}
		key = respond.Clamp(key, respond.MaxLoggedPath)
		if key == "" {
			key = "query" // a pair with no name, such as "=%"
		}
		if strings.Contains(pair, ";") {
			return fault.Param(key, "the pair %q holds a ';': separate parameters with '&', and write ';' in a value as %%3B", respond.Clamp(pair, respond.MaxLoggedPath))
		}
		if _, err := url.QueryUnescape(rawValue); err != nil {
			return fault.Param(key, "malformed %%-escape in %q; write %% as %%25", respond.Clamp(rawValue, respond.MaxLoggedPath))
		}
	}
	return nil
}

// Tile reads a tile's address from the path segments of its zoom, column
// and row: decimal digits only, the zoom at most maxZoom, the column and
// row within the zoom's grid. Each error names z, x or y.
func Tile(z, x, y string, maxZoom uint64) (maptile.Tile, error) {
	num := func(name, s string, max uint64) (uint64, error) {
		if s == "" || len(s) > 10 || strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) {
			return 0, fault.Param(name, "%q is not a whole number", s)
		}
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil || n > max {
			return 0, fault.Param(name, "%s out of range 0–%d", s, max)
		}
		return n, nil
	}
	zz, err := num("z", z, maxZoom)
	if err != nil {
		return maptile.Tile{}, err
	}
	last := uint64(1)<<zz - 1
	xx, err := num("x", x, last)
	if err != nil {
		return maptile.Tile{}, err
	}
	yy, err := num("y", y, last)
	if err != nil {
		return maptile.Tile{}, err
	}
	return maptile.New(uint32(xx), uint32(yy), maptile.Zoom(zz)), nil
}
