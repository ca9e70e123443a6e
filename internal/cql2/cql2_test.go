package cql2_test

import (
	"strings"
	"testing"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/internal/cql2"
	"github.com/chronoatlas/chronoatlas/internal/cql2/cql2json"
	"github.com/chronoatlas/chronoatlas/internal/cql2/cql2text"
	"github.com/paulmach/orb"
)

// item is a feature for the tests: properties, a geometry, a life.
type item struct {
	props map[string]cql2.Value
}

func (it item) Value(name string) cql2.Value { return it.props[name] }

func place(id, polity string, pop float64, p orb.Point, start, end string) item {
	props := map[string]cql2.Value{
		"id": cql2.Text(id), "polity": cql2.Text(polity), "population": cql2.Num(pop),
		"geometry": cql2.Geom(p), "names": cql2.ListOf(cql2.Text(id), cql2.Text(strings.ToUpper(id))),
	}
	if start != ".." {
		props["start"] = cql2.Day(chrono.MustParseEDTF(start).Earliest)
	}
	if end != ".." {
		props["end"] = cql2.EndDay(chrono.MustParseEDTF(end).Earliest)
	}
	return item{props}
}

var items = []item{
	place("kaifeng", "song", 1500000, orb.Point{114.35, 34.79}, "..", "1127-01-16"),
	place("bianjing", "jin", 500000, orb.Point{114.35, 34.79}, "1127-01-16", "1233"),
	place("lin'an", "song", 1000000, orb.Point{120.16, 30.27}, "1129", ".."),
	place("taiyuan", "jin", 200000, orb.Point{112.55, 37.87}, "1126-09-28", "1234"),
}

func ids(e cql2.Expr, t *testing.T) string {
	t.Helper()
	var got []string
	for _, it := range items {
		ok, err := e.Match(it)
		if err != nil {
			t.Fatalf("Match: %v", err)
		}
		if ok {
			got = append(got, it.props["id"].Str)
		}
	}
	return strings.Join(got, " ")
}

func TestMatch(t *testing.T) {
	tests := []struct {
		text, json, want string
	}{
		{`polity = 'song'`, `{"op":"=","args":[{"property":"polity"},"song"]}`, "kaifeng lin'an"},
		{`polity <> 'song'`, `{"op":"<>","args":[{"property":"polity"},"song"]}`, "bianjing taiyuan"},
		{`"polity"='jin' AND population > 300000`, `{"op":"and","args":[{"op":"=","args":[{"property":"polity"},"jin"]},{"op":">","args":[{"property":"population"},300000]}]}`, "bianjing"},
		{`polity = 'jin' or population >= 1e6`, `{"op":"or","args":[{"op":"=","args":[{"property":"polity"},"jin"]},{"op":">=","args":[{"property":"population"},1000000]}]}`, "kaifeng bianjing lin'an taiyuan"},
		{`NOT (polity = 'jin')`, `{"op":"not","args":[{"op":"=","args":[{"property":"polity"},"jin"]}]}`, "kaifeng lin'an"},
		{`population BETWEEN 200000 AND 500000`, `{"op":"between","args":[{"property":"population"},200000,500000]}`, "bianjing taiyuan"},
		{`population NOT BETWEEN 200000 AND 500000`, ``, "kaifeng lin'an"},
		{`id LIKE '%an'`, `{"op":"like","args":[{"property":"id"},"%an"]}`, "lin'an taiyuan"},
		{`id LIKE 'k_ife%'`, ``, "kaifeng"},
		{`id NOT LIKE '%g'`, ``, "lin'an taiyuan"},
		{`id LIKE 'lin''an'`, ``, "lin'an"},
		{`id IN ('taiyuan', 'kaifeng')`, `{"op":"in","args":[{"property":"id"},["taiyuan","kaifeng"]]}`, "kaifeng taiyuan"},
		{`id NOT IN ('taiyuan', 'kaifeng')`, ``, "bianjing lin'an"},
		{`names = 'KAIFENG'`, ``, "kaifeng"},
		{`'KAIFENG' = names`, `{"op":"=","args":["KAIFENG",{"property":"names"}]}`, "kaifeng"},
		{`'KAIFENG' IN (names)`, ``, "kaifeng"},
		{`end IS NULL`, `{"op":"isNull","args":[{"property":"end"}]}`, "lin'an"},
		{`start IS NOT NULL`, ``, "bianjing lin'an taiyuan"},
		{`missing = 1`, ``, ""},
		// A comparison with a null is unknown, and so is NOT of it (SQL's
		// three-valued logic): Lin'an, whose end is open, passes neither.
		{`NOT (missing = 1)`, `{"op":"not","args":[{"op":"=","args":[{"property":"missing"},1]}]}`, ""},
		{`NOT (end < DATE('1200-01-01'))`, ``, "bianjing taiyuan"},
		{`NOT (end > DATE('1200-01-01') OR polity = 'jin')`, ``, "kaifeng"},
		{`NOT (end < DATE('1200-01-01') OR polity = 'song')`, ``, "bianjing taiyuan"},
		{`NOT (end < DATE('1200-01-01') AND polity = 'jin')`, ``, "kaifeng bianjing lin'an taiyuan"},
		{`NOT NOT (end < DATE('1200-01-01'))`, ``, "kaifeng"},
		{`NOT (start BETWEEN DATE('1127-01-01') AND DATE('1130-01-01'))`, ``, "taiyuan"},
		{`start NOT BETWEEN DATE('1127-01-01') AND DATE('1130-01-01')`, ``, "taiyuan"},
		{`TRUE`, `true`, "kaifeng bianjing lin'an taiyuan"},
		{`false`, `false`, ""},
		{`start > DATE('1127-01-01')`, `{"op":">","args":[{"property":"start"},{"date":"1127-01-01"}]}`, "bianjing lin'an"},
		{`start = DATE('1126-09-28')`, ``, "taiyuan"},
		{`start = TIMESTAMP('1126-09-28T12:00:00Z')`, `{"op":"=","args":[{"property":"start"},{"timestamp":"1126-09-28T12:00:00Z"}]}`, "taiyuan"},
		// Lives are half-open: Kaifeng's ends the day Bianjing's starts.
		{`T_INTERSECTS(INTERVAL(start, end), DATE('1127-01-16'))`, `{"op":"t_intersects","args":[{"interval":[{"property":"start"},{"property":"end"}]},{"date":"1127-01-16"}]}`, "bianjing taiyuan"},
		{`T_INTERSECTS(INTERVAL(start, end), DATE('1127-01-15'))`, ``, "kaifeng taiyuan"},
		{`T_INTERSECTS(INTERVAL(start,end), INTERVAL('1141-01-01','1141-12-31'))`, `{"op":"t_intersects","args":[{"interval":[{"property":"start"},{"property":"end"}]},{"interval":["1141-01-01","1141-12-31"]}]}`, "bianjing lin'an taiyuan"},
		{`T_INTERSECTS(INTERVAL(start,end), INTERVAL('..','1100-01-01'))`, ``, "kaifeng"},
		{`T_BEFORE(INTERVAL(start,end), DATE('1127-01-16'))`, ``, "kaifeng"},
		{`T_AFTER(INTERVAL(start,end), DATE('1128-01-01'))`, ``, "lin'an"},
		{`T_MEETS(INTERVAL(start,end), INTERVAL('1127-01-16','..'))`, ``, "kaifeng"},
		{`T_METBY(INTERVAL(start,end), INTERVAL('..','1127-01-15'))`, ``, "bianjing"},
		{`T_DURING(INTERVAL(start,end), INTERVAL('1100-01-01','1300-01-01'))`, ``, "bianjing taiyuan"},
		{`T_CONTAINS(INTERVAL(start,end), DATE('1200-01-01'))`, ``, "bianjing lin'an taiyuan"},
		{`T_DISJOINT(INTERVAL(start,end), DATE('1200-01-01'))`, ``, "kaifeng"},
		{`S_INTERSECTS(geometry, BBOX(110, 33, 116, 36))`, `{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[110,33,116,36]}]}`, "kaifeng bianjing"},
		{`S_INTERSECTS(geometry, POLYGON((119 29, 121 29, 121 31, 119 31, 119 29)))`, `{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[119,29],[121,29],[121,31],[119,31],[119,29]]]}]}`, "lin'an"},
		{`S_INTERSECTS(geometry, POINT(112.55 37.87))`, `{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[112.55,37.87]}]}`, "taiyuan"},
		{`S_INTERSECTS(geometry, LINESTRING(112.55 30, 112.55 40))`, ``, "taiyuan"},
		{`S_WITHIN(geometry, MULTIPOLYGON(((100 30, 118 30, 118 40, 100 40, 100 30)), ((0 0, 1 0, 1 1, 0 0))))`, ``, "kaifeng bianjing taiyuan"},
		{`S_DISJOINT(geometry, BBOX(110, 33, 116, 36))`, ``, "lin'an taiyuan"},
		{`S_CONTAINS(BBOX(110, 33, 116, 36), geometry)`, ``, "kaifeng bianjing"},
		{`S_INTERSECTS(geometry, GEOMETRYCOLLECTION(POINT(0 0), MULTIPOINT((120.16 30.27), (1 1))))`, ``, "lin'an"},
		{`S_INTERSECTS(geometry, MULTIPOINT(120.16 30.27, 1 1))`, ``, "lin'an"},
		{`S_INTERSECTS(geometry, MULTILINESTRING((112.55 30, 112.55 40), (0 0, 1 1)))`, ``, "taiyuan"},
		{`polity='song' AND (id = 'kaifeng' OR id = 'taiyuan')`, ``, "kaifeng"},
		{`polity='song' AND id = 'kaifeng' OR id = 'taiyuan'`, ``, "kaifeng taiyuan"},
		{`population = '500000'`, ``, "bianjing"},
		{`population < -1`, ``, ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			e, err := cql2text.Parse(tt.text)
			if err != nil {
				t.Fatalf("cql2text.Parse: %v", err)
			}
			if got := ids(e, t); got != tt.want {
				t.Errorf("text: got %q, want %q", got, tt.want)
			}
			if tt.json == "" {
				return
			}
			e, err = cql2json.Parse([]byte(tt.json))
			if err != nil {
				t.Fatalf("cql2json.Parse: %v", err)
			}
			if got := ids(e, t); got != tt.want {
				t.Errorf("json: got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTypeErrors(t *testing.T) {
	for _, text := range []string{
		`polity > 3`,
		`S_INTERSECTS(polity, BBOX(0, 0, 1, 1))`,
		`T_INTERSECTS(polity, DATE('1141-01-01'))`,
		`population LIKE 'x%'`,
	} {
		e, err := cql2text.Parse(text)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		if _, err := e.Match(items[0]); err == nil {
			t.Errorf("%s: no error comparing values of different kinds", text)
		}
	}
}

func TestProperties(t *testing.T) {
	e, err := cql2text.Parse(`polity = 'jin' AND (T_INTERSECTS(INTERVAL(start, end), DATE('1141-01-01')) OR "polity" IN (id, 'x'))`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(cql2.Properties(e), ","), "polity,start,end,id"; got != want {
		t.Errorf("Properties = %s, want %s", got, want)
	}
}

func TestBBoxAcrossTheAntimeridian(t *testing.T) {
	e, err := cql2text.Parse(`S_INTERSECTS(geometry, BBOX(170, -10, -170, 10))`)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		p    orb.Point
		want bool
	}{{orb.Point{175, 0}, true}, {orb.Point{-175, 0}, true}, {orb.Point{0, 0}, false}} {
		ok, err := e.Match(item{map[string]cql2.Value{"geometry": cql2.Geom(tt.p)}})
		if err != nil || ok != tt.want {
			t.Errorf("%v: got %v, %v, want %v", tt.p, ok, err, tt.want)
		}
	}
}

func TestCheck(t *testing.T) {
	schema := cql2.Schema(func(name string) (cql2.Kind, bool) {
		k, ok := map[string]cql2.Kind{"polity": cql2.String, "population": cql2.Number, "start_date": cql2.Time,
			"end_date": cql2.Time, "geometry": cql2.Geometry, "names": cql2.List}[name]
		return k, ok
	})
	tests := []struct{ text, want string }{
		{`polity = 'jin'`, ""},
		{`population > '3'`, "cannot compare a number with a string"},
		{`names = 'x'`, ""},
		{`T_INTERSECTS(INTERVAL(start_date, end_date), DATE('1141-01-01'))`, ""},
		{`S_INTERSECTS(geometry, BBOX(0, 0, 1, 1))`, ""},
		{`polity IS NULL`, ""},
		{`kingdom = 'jin'`, "at property kingdom: no such queryable"},
		{`polity > DATE('1141-01-01')`, "at >: cannot compare a string with a time"},
		{`start_date = 1141`, "cannot compare a time with a number"},
		{`geometry < BBOX(0, 0, 1, 1)`, "at <: cannot order a geometry"},
		{`population LIKE 'x'`, "at LIKE: LIKE needs string values, not a number"},
		{`S_INTERSECTS(polity, BBOX(0, 0, 1, 1))`, "S_INTERSECTS needs geometry values, not a string"},
		{`T_BEFORE(population, DATE('1141-01-01'))`, "T_BEFORE needs time values, not a number"},
		{`T_BEFORE(INTERVAL(polity, '..'), DATE('1141-01-01'))`, "an interval's ends must be times"},
		{`polity IN ('a', DATE('1141-01-01'))`, "at IN: cannot compare a string with a time"},
		{`NOT (kingdom IS NULL)`, "no such queryable"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			e, err := cql2text.Parse(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			err = cql2.Check(e, schema)
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("Check = %v, want %q", err, tt.want)
			}
		})
	}
}
