package main

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestGDALReadsTheDownloads opens the f=gpkg and f=csv downloads with
// GDAL's ogrinfo, as a user who saved them would: every match is in the
// file (the count GDAL reads is the page's numberMatched), and every
// file has the start_date and end_date columns, typed Date in the
// GeoPackage by its schema and in the CSV by GDAL's type detection where
// some match fills them.
func TestGDALReadsTheDownloads(t *testing.T) {
	mustOgrinfo(t)
	base := mustStart(t, testConfig())
	dir := t.TempDir()
	both := []string{"start_date", "end_date"}

	tests := []struct {
		collection, datetime string
		// The date columns some match fills: GDAL's CSV driver can type
		// only those; an empty column stays String.
		filled []string
	}{
		{"territories", "1141-07-01", both},
		{"territories", "", both},
		{"events", "1127/1141", both},
		{"campaigns", "", both},
		{"rivers", "1200", []string{"start_date"}}, // every river of 1200 still flows
		{"frontiers", "", both},
		{"places", "", both},
		{"land", "", nil}, // every feature open
	}
	for _, tt := range tests {
		q := url.Values{}
		if tt.datetime != "" {
			q.Set("datetime", tt.datetime)
		}
		name := tt.collection + "?" + q.Encode()
		q.Set("limit", "1")
		var page struct {
			NumberMatched int `json:"numberMatched"`
		}
		if err := json.Unmarshal(body(t, base+"/collections/"+tt.collection+"/items?"+q.Encode()), &page); err != nil {
			t.Fatal(err)
		}
		q.Del("limit")
		if page.NumberMatched == 0 {
			t.Fatalf("%s matches nothing", name)
		}
		for _, format := range []struct{ f, ext string }{{"gpkg", "gpkg"}, {"csv", "csv"}} {
			t.Run(name+"&f="+format.f, func(t *testing.T) {
				q.Set("f", format.f)
				file := filepath.Join(dir, tt.collection+strconv.Itoa(len(tt.datetime))+"."+format.ext)
				if err := os.WriteFile(file, body(t, base+"/collections/"+tt.collection+"/items?"+q.Encode()), 0o644); err != nil {
					t.Fatal(err)
				}
				args := []string{"-ro", "-so", "-al"}
				if format.f == "csv" {
					args = append(args, "-oo", "AUTODETECT_TYPE=YES", "-oo", "KEEP_GEOM_COLUMNS=NO")
				}
				out := ogrinfo(t, append(args, file)...)
				m := regexp.MustCompile(`(?m)^Feature Count: (\d+)$`).FindStringSubmatch(out)
				if m == nil || m[1] != strconv.Itoa(page.NumberMatched) {
					t.Errorf("GDAL reads %v features, the server matched %d\n%s", m, page.NumberMatched, out)
				}
				for _, field := range []string{"start_date", "end_date"} {
					got := regexp.MustCompile(`(?m)^` + field + `: (\w+)`).FindStringSubmatch(out)
					want := "Date"
					if format.f == "csv" && !slices.Contains(tt.filled, field) {
						want = "String"
					}
					if got == nil || got[1] != want {
						t.Errorf("GDAL types %s as %v, want %s\n%s", field, got, want, out)
					}
				}
				if format.f == "gpkg" && !regexp.MustCompile(`(?m)^Geometry: `).MatchString(out) {
					t.Errorf("GDAL reads no geometry column\n%s", out)
				}
			})
		}
	}
}

// TestGDALFiltersThroughOAPIF reads the territories with GDAL's OGC API
// Features driver and a filter, the two ways GDAL 3.6 has: -where, which
// it turns into a property filter (polity=jin) for an equality on a
// queryable and evaluates itself otherwise (newer GDAL sends CQL2), and a
// CQL2 filter in the layer's URL, which GDAL carries on every request,
// the next pages included. Either way it must read exactly the features
// whose properties match, counted here from the server's GeoJSON.
func TestGDALFiltersThroughOAPIF(t *testing.T) {
	mustOgrinfo(t)
	base := mustStart(t, testConfig())
	read := func(t *testing.T, query string) []struct {
		ID         string `json:"id"`
		Properties struct {
			Polity    string `json:"polity"`
			Certainty string `json:"certainty"`
		} `json:"properties"`
	} {
		var all struct {
			Features []struct {
				ID         string `json:"id"`
				Properties struct {
					Polity    string `json:"polity"`
					Certainty string `json:"certainty"`
				} `json:"properties"`
			} `json:"features"`
		}
		if err := json.Unmarshal(body(t, base+"/collections/territories/items?limit=10000&"+query), &all); err != nil {
			t.Fatal(err)
		}
		return all.Features
	}
	// Spaces as %20, as people write it: the server's next links have +,
	// so GDAL's copy of the query is a second filter parameter.
	cql2 := "filter=" + url.PathEscape("polity IN ('jin', 'song') AND certainty = 'certain'")
	tests := []struct {
		query, where string
		keep         func(polity, certainty string) bool
	}{
		{"datetime=1141-07-01", "polity = 'jin'", func(p, _ string) bool { return p == "jin" }},
		{"datetime=1141-07-01", "polity = 'song' AND certainty = 'certain'", func(p, c string) bool { return p == "song" && c == "certain" }},
		{"datetime=1141-07-01", "certainty <> 'certain'", func(_, c string) bool { return c != "certain" }},
		// More than GDAL's first page of 10, so it follows next links.
		{cql2, "", func(p, c string) bool { return (p == "jin" || p == "song") && c == "certain" }},
	}
	for _, tt := range tests {
		t.Run(tt.query+" "+tt.where, func(t *testing.T) {
			all := read(t, "")
			if strings.HasPrefix(tt.query, "datetime=") {
				all = read(t, tt.query)
			}
			var want []string
			for _, f := range all {
				if tt.keep(f.Properties.Polity, f.Properties.Certainty) {
					want = append(want, f.ID)
				}
			}
			if len(want) == 0 || len(want) == len(all) {
				t.Fatalf("the filter should keep some of the %d features, keeps %d", len(all), len(want))
			}
			args := []string{"-ro", "-al", "-geom=NO"}
			if tt.where != "" {
				args = append(args, "-where", tt.where)
			}
			out := ogrinfo(t, append(args, "OAPIF:"+base+"/collections/territories?"+tt.query)...)
			var got []string
			for _, m := range regexp.MustCompile(`(?m)^\s*id \(String\) = (\S+)`).FindAllStringSubmatch(out, -1) {
				got = append(got, m[1])
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("GDAL reads %d: %v, want %d: %v", len(got), got, len(want), want)
			}
		})
	}
}
