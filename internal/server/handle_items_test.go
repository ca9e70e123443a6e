package server

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

type itemsDoc struct {
	NumberMatched int `json:"numberMatched"`
	Features      []struct {
		ID         string
		Geometry   json.RawMessage
		Properties map[string]any
	}
	Links []link
}

func TestItemsFilter(t *testing.T) {
	s := mustAtlasServer(t)
	tests := []struct {
		query string
		check func(t *testing.T, d itemsDoc)
	}{
		{"filter=" + url.QueryEscape("polity = 'jin'") + "&datetime=1141", func(t *testing.T, d itemsDoc) {
			if d.NumberMatched != 1 || d.Features[0].Properties["polity"] != "jin" {
				t.Errorf("matched %d", d.NumberMatched)
			}
		}},
		{"filter-lang=cql2-json&filter=" + url.QueryEscape(`{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[114.35,34.79]}]}`) + "&datetime=1120", func(t *testing.T, d itemsDoc) {
			if d.NumberMatched != 1 || d.Features[0].Properties["polity"] != "song" {
				t.Errorf("Kaifeng's holder in 1120: %d matched", d.NumberMatched)
			}
		}},
		{"filter=" + url.QueryEscape("T_INTERSECTS(INTERVAL(start_date, end_date), DATE('1127-01-16')) AND polity IN ('song', 'jin')"), func(t *testing.T, d itemsDoc) {
			if d.NumberMatched != 2 {
				t.Errorf("Song and Jin on 16 January 1127: %d matched", d.NumberMatched)
			}
		}},
		{"sortby=-start_date&limit=5&properties=id,start_date&skipGeometry=true", func(t *testing.T, d itemsDoc) {
			for i, f := range d.Features {
				if string(f.Geometry) != "null" || len(f.Properties) > 2 {
					t.Errorf("%s: geometry %s, properties %v", f.ID, f.Geometry, f.Properties)
				}
				if i > 0 && f.Properties["start_date"].(string) > d.Features[i-1].Properties["start_date"].(string) {
					t.Errorf("not sorted latest first: %v after %v", f.Properties["start_date"], d.Features[i-1].Properties["start_date"])
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res := get(t, s, "GET", "/collections/territories/items?"+tt.query, nil)
			if res.StatusCode != 200 {
				t.Fatalf("status %d: %s", res.StatusCode, mustBody(t, res))
			}
			var d itemsDoc
			mustJSON(t, res, &d)
			tt.check(t, d)
		})
	}
	for _, tt := range []struct{ query, want string }{
		{"filter=" + url.QueryEscape("polity = "), `filter: at byte 9: expected a value`},
		{"filter=" + url.QueryEscape("kingdom = 'jin'"), `filter: at property kingdom: no such queryable`},
		{"filter=" + url.QueryEscape("polity > 3"), `cannot compare a string with a number`},
		{"filter-lang=cql2-json&filter=" + url.QueryEscape(`{"op":"="}`), `filter: at $.args`},
		{"filter-lang=ecql&filter=x", `filter-lang`},
		{"filter-crs=" + url.QueryEscape("http://www.opengis.net/def/crs/EPSG/0/4326") + "&filter=x", `filter-crs`},
		{"sortby=nothing", `sortby`},
		{"properties=nothing", `properties`},
		{"skipGeometry=maybe", `skipGeometry`},
	} {
		res := get(t, s, "GET", "/collections/territories/items?"+tt.query, nil)
		if body := string(mustBody(t, res)); res.StatusCode != 400 || !strings.Contains(body, tt.want) {
			t.Errorf("%s: %d %s, want 400 with %q", tt.query, res.StatusCode, body, tt.want)
		}
	}
}

func TestDownloads(t *testing.T) {
	s := mustAtlasServer(t)
	res := get(t, s, "GET", "/collections/events/items?f=csv&datetime=1127", nil)
	body := mustBody(t, res)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var d itemsDoc
	mustJSON(t, get(t, s, "GET", "/collections/events/items?datetime=1127&limit=1", nil), &d)
	if len(recs)-1 != d.NumberMatched {
		t.Errorf("csv: %d rows, want every match (%d)", len(recs)-1, d.NumberMatched)
	}
	header := strings.Join(recs[0], ",")
	for _, col := range []string{"id", "name", "start_date", "WKT", "lon", "lat"} {
		if !strings.Contains(","+header+",", ","+col+",") {
			t.Errorf("csv header %s lacks %s", header, col)
		}
	}
	res = get(t, s, "GET", "/collections/places/items?f=gpkg&datetime=1141", nil)
	gp := mustBody(t, res)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/geopackage+sqlite3" || !bytes.HasPrefix(gp, []byte("SQLite format 3\x00")) {
		t.Errorf("gpkg: %d %s, %d bytes", res.StatusCode, res.Header.Get("Content-Type"), len(gp))
	}
	// The items page links each download.
	mustJSON(t, get(t, s, "GET", "/collections/places/items?datetime=1141", nil), &d)
	var alts []string
	for _, l := range d.Links {
		if l.Rel == "alternate" {
			alts = append(alts, l.Type)
		}
	}
	for _, want := range []string{"text/html", "application/vnd.google-earth.kml+xml", "text/csv; charset=utf-8; header=present", "application/geopackage+sqlite3"} {
		if !strings.Contains(strings.Join(alts, "|"), want) {
			t.Errorf("no alternate of type %s among %v", want, alts)
		}
	}
}

func TestQueryables(t *testing.T) {
	s := mustAtlasServer(t)
	var q struct {
		Schema     string                    `json:"$schema"`
		Properties map[string]map[string]any `json:"properties"`
	}
	res := get(t, s, "GET", "/collections/territories/queryables", nil)
	if ct := res.Header.Get("Content-Type"); ct != "application/schema+json" {
		t.Errorf("content type %s", ct)
	}
	mustJSON(t, res, &q)
	if q.Properties["polity"]["type"] != "string" || q.Properties["start_date"]["format"] != "date" || q.Properties["geometry"]["format"] != "geometry-polygon-or-multi" {
		t.Errorf("queryables: %v", q.Properties)
	}
}
