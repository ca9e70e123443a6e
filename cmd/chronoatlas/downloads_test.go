package main

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
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

// TestGDALFiltersThroughOAPIF reads the territories of a day with GDAL's
// OGC API Features driver and a -where clause. GDAL 3.6 turns an equality
// on a queryable into a property filter (polity=jin) and evaluates the
// rest itself; newer GDAL sends CQL2. Either way it must read the features
// whose properties match, counted here from the server's GeoJSON.
func TestGDALFiltersThroughOAPIF(t *testing.T) {
	mustOgrinfo(t)
	base := mustStart(t, testConfig())
	const datetime = "1141-07-01"
	var all struct {
		Features []struct {
			ID         string `json:"id"`
			Properties struct {
				Polity    string `json:"polity"`
				Certainty string `json:"certainty"`
			} `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(body(t, base+"/collections/territories/items?limit=10000&datetime="+datetime), &all); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		where string
		keep  func(polity, certainty string) bool
	}{
		{"polity = 'jin'", func(p, _ string) bool { return p == "jin" }},
		{"polity = 'song' AND certainty = 'certain'", func(p, c string) bool { return p == "song" && c == "certain" }},
		{"certainty <> 'certain'", func(_, c string) bool { return c != "certain" }},
	}
	for _, tt := range tests {
		t.Run(tt.where, func(t *testing.T) {
			var want []string
			for _, f := range all.Features {
				if tt.keep(f.Properties.Polity, f.Properties.Certainty) {
					want = append(want, f.ID)
				}
			}
			if len(want) == 0 || len(want) == len(all.Features) {
				t.Fatalf("the filter should keep some of the %d features, keeps %d", len(all.Features), len(want))
			}
			out := ogrinfo(t, "-ro", "-al", "-geom=NO", "-where", tt.where, "OAPIF:"+base+"/collections/territories?datetime="+datetime)
			var got []string
			for _, m := range regexp.MustCompile(`(?m)^\s*id \(String\) = (\S+)`).FindAllStringSubmatch(out, -1) {
				got = append(got, m[1])
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("GDAL reads %v, want %v", got, want)
			}
		})
	}
}
