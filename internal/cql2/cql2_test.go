package cql2

import (
	"strings"
	"testing"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/paulmach/orb"
)

// item is a feature for the tests: properties, a geometry, a life.
type item struct {
	props map[string]Value
}

func (it item) Value(name string) Value { return it.props[name] }

func place(id, polity string, pop float64, p orb.Point, start, end string) item {
	props := map[string]Value{
		"id": Text(id), "polity": Text(polity), "population": Num(pop),
		"geometry": Geom(p), "names": ListOf(Text(id), Text(strings.ToUpper(id))),
	}
	if start != ".." {
		props["start"] = Day(chrono.MustParseEDTF(start).Earliest)
	}
	if end != ".." {
		props["end"] = EndDay(chrono.MustParseEDTF(end).Earliest)
	}
	return item{props}
}

var items = []item{
	place("kaifeng", "song", 1500000, orb.Point{114.35, 34.79}, "..", "1127-01-16"),
	place("bianjing", "jin", 500000, orb.Point{114.35, 34.79}, "1127-01-16", "1233"),
	place("lin'an", "song", 1000000, orb.Point{120.16, 30.27}, "1129", ".."),
	place("taiyuan", "jin", 200000, orb.Point{112.55, 37.87}, "1126-09-28", "1234"),
}

func ids(e Expr, t *testing.T) string {
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
			e, err := ParseText(tt.text)
			if err != nil {
				t.Fatalf("ParseText: %v", err)
			}
			if got := ids(e, t); got != tt.want {
				t.Errorf("text: got %q, want %q", got, tt.want)
			}
			if tt.json == "" {
				return
			}
			e, err = ParseJSON([]byte(tt.json))
			if err != nil {
				t.Fatalf("ParseJSON: %v", err)
			}
			if got := ids(e, t); got != tt.want {
				t.Errorf("json: got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ text, want string }{
		{``, "at byte 0: expected a value or a property name, found the end of the filter"},
		{`polity = `, "at byte 9: expected a value or a property name"},
		{`polity = 'song`, "at byte 9: a string is not closed"},
		{`polity == 'song'`, "at byte 8: expected a value or a property name"},
		{`polity = 'song' AND`, "at byte 19: expected a value"},
		{`polity = 'song' jin`, "at byte 16: expected AND, OR or the end of the filter"},
		{`(polity = 'song'`, "at byte 16: expected \")\""},
		{`population + 1 > 2`, "at byte 11: arithmetic is not supported"},
		{`CASEI(name) = 'x'`, "at byte 0: the function CASEI is not supported"},
		{`S_INTERSECTS(geometry, POINT(1))`, "at byte 30: expected a coordinate"},
		{`S_INTERSECTS(geometry, POINT Z (1 2 3))`, "only two-dimensional"},
		{`S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 2)))`, "must end where it starts"},
		{`S_INTERSECTS(geometry, BBOX(1, 2, 3))`, "a BBOX takes 4 or 6 numbers, not 3"},
		{`start > DATE('1141')`, "is not a date"},
		{`start > TIMESTAMP('1141-01-01')`, "is not a timestamp"},
		{`start > DATE('1141-13-01')`, "is not a date"},
		{`id LIKE`, "expected a value"},
		{`id BETWEEN 1 OR 2`, "expected AND in BETWEEN"},
		{`id IN 'a'`, "expected \"(\""},
		{`id IN ('a' 'b')`, "expected ',' or ')' in the IN list"},
		{`id IS 'a'`, "expected NULL after IS"},
		{`id # 1`, "at byte 3: unexpected '#'"},
		{`"id = 1`, "at byte 0: a quoted property name is not closed"},
		{strings.Repeat("(", 100) + "TRUE" + strings.Repeat(")", 100), "nests deeper than 64"},
		{strings.Repeat("NOT ", 100) + "TRUE", "nests deeper than 64"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			_, err := ParseText(tt.text)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error with %q", err, tt.want)
			}
		})
	}
}

func TestParseJSONErrors(t *testing.T) {
	tests := []struct{ json, want string }{
		{`{`, "at $: not JSON"},
		{`{}`, "at $: expected an object with op and args"},
		{`true false`, "more than one JSON value"},
		{`{"op":"="}`, "at $.args: expected an array"},
		{`{"op":"=","args":[1]}`, "at $.args: = takes 2 arguments, not 1"},
		{`{"op":"and","args":[true]}`, "and takes at least 2"},
		{`{"op":"and","args":[true, {"op":"=","args":[{"property":1},2]}]}`, "at $.args[1].args[0].property: expected a property name"},
		{`{"op":"+","args":[1,2]}`, `at $.op: the operator "+" is not supported`},
		{`{"op":"=","args":[{"property":"start"},{"date":"1141"}]}`, "at $.args[1].date"},
		{`{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}]}`, "at $.args[1]: a polygon's ring"},
		{`{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Blob","coordinates":[1,2]}]}`, "not a GeoJSON geometry"},
		{`{"op":"in","args":[{"property":"id"},"a"]}`, "at $.args[1]: expected the list"},
		{`{"op":"=","args":[{"property":"id"},{"op":"casei","args":["a"]}]}`, "at $.args[1]: a function or operator here is not supported"},
		{`{"op":"t_intersects","args":[{"interval":["1141-01-01"]},{"date":"1141-01-01"}]}`, "at $.args[0].interval: expected an array of a start and an end"},
		{`{"op":"=","args":[{"property":"id"},{"bbox":[1,2,3]}]}`, "a BBOX takes 4 or 6 numbers"},
		{`[1]`, "at $: expected an object"},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			_, err := ParseJSON([]byte(tt.json))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error with %q", err, tt.want)
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
		e, err := ParseText(text)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		if _, err := e.Match(items[0]); err == nil {
			t.Errorf("%s: no error comparing values of different kinds", text)
		}
	}
}

func TestProperties(t *testing.T) {
	e, err := ParseText(`polity = 'jin' AND (T_INTERSECTS(INTERVAL(start, end), DATE('1141-01-01')) OR "polity" IN (id, 'x'))`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(Properties(e), ","), "polity,start,end,id"; got != want {
		t.Errorf("Properties = %s, want %s", got, want)
	}
}

func TestBBoxAcrossTheAntimeridian(t *testing.T) {
	e, err := ParseText(`S_INTERSECTS(geometry, BBOX(170, -10, -170, 10))`)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		p    orb.Point
		want bool
	}{{orb.Point{175, 0}, true}, {orb.Point{-175, 0}, true}, {orb.Point{0, 0}, false}} {
		ok, err := e.Match(item{map[string]Value{"geometry": Geom(tt.p)}})
		if err != nil || ok != tt.want {
			t.Errorf("%v: got %v, %v, want %v", tt.p, ok, err, tt.want)
		}
	}
}

func FuzzParseText(f *testing.F) {
	for _, s := range []string{`polity = 'song'`, `NOT (a = 1) OR b IN (1, 'x')`, `S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 0)))`,
		`T_DURING(INTERVAL(start, end), INTERVAL('1141-01-01', '..'))`, `a LIKE 'x\%_'`, `a IS NOT NULL`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseText(s)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		for _, it := range items {
			e.Match(it)
		}
		Properties(e)
	})
}

func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{`{"op":"=","args":[{"property":"polity"},"song"]}`, `true`,
		`{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[0,0,1,1]}]}`,
		`{"op":"t_intersects","args":[{"interval":[{"property":"start"},".."]},{"date":"1141-01-01"}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := ParseJSON(b)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		for _, it := range items {
			e.Match(it)
		}
	})
}

func TestMatchLike(t *testing.T) {
	tests := []struct {
		s, p string
		want bool
	}{
		{"", "", true}, {"", "%", true}, {"a", "", false}, {"abc", "a%", true}, {"abc", "%c", true},
		{"abc", "%b%", true}, {"abc", "a_c", true}, {"abc", "a__c", false}, {"a%c", `a\%c`, true},
		{"abc", `a\%c`, false}, {"a_c", `a\_c`, true}, {"abc", `a\_c`, false}, {`a\`, `a\`, true},
		{"aaab", "%a%b", true}, {"mississippi", "m%iss%ppi", true}, {"mississippi", "m%iss%ppx", false},
		{"開封", "開_", true}, {"開封府", "%封%", true},
	}
	for _, tt := range tests {
		if got := matchLike(tt.s, tt.p); got != tt.want {
			t.Errorf("matchLike(%q, %q) = %v, want %v", tt.s, tt.p, got, tt.want)
		}
	}
	if _, err := ParseText("id LIKE '" + strings.Repeat("%", MaxPattern+1) + "'"); err == nil {
		t.Error("a pattern over MaxPattern was accepted")
	}
}

func TestNestedCollections(t *testing.T) {
	s := "S_INTERSECTS(geometry, " + strings.Repeat("GEOMETRYCOLLECTION(", 100) + "POINT(0 0)" + strings.Repeat(")", 100) + ")"
	if _, err := ParseText(s); err == nil || !strings.Contains(err.Error(), "nests deeper") {
		t.Errorf("got %v, want a nesting error", err)
	}
}

func TestCheck(t *testing.T) {
	schema := Schema(func(name string) (Kind, bool) {
		k, ok := map[string]Kind{"polity": String, "population": Number, "start_date": Time,
			"end_date": Time, "geometry": Geometry, "names": List}[name]
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
			e, err := ParseText(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			err = Check(e, schema)
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("Check = %v, want %q", err, tt.want)
			}
		})
	}
}
