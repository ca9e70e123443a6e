package main

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"testing"
)

// mustOWSLib checks that OWSLib loads in Debian's Python. Without it the
// test is skipped locally and fails in CI, where the setup installs
// python3-owslib.
func mustOWSLib(tb testing.TB) {
	tb.Helper()
	err := exec.Command(qgisPython, "-c", "import owslib.ogcapi.features").Run()
	if err == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		tb.Fatalf("OWSLib does not load (%v): CI must install python3-owslib", err)
	}
	tb.Skipf("OWSLib does not load (%v); install python3-owslib to run the OWSLib client test", err)
}

type owslibPage struct {
	Matched  int      `json:"matched"`
	Returned int      `json:"returned"`
	IDs      []string `json:"ids"`
}

// owslibReport is what testdata/owslib_client.py writes.
type owslibReport struct {
	OWSLib      string     `json:"owslib"`
	Conformance []string   `json:"conformance"`
	Collections []string   `json:"collections"`
	Items       owslibPage `json:"items"`
	Filtered    owslibPage `json:"filtered"`
	Queryables  []string   `json:"queryables"`
}

// TestOWSLibReadsTheServer drives OWSLib, the Python OGC client behind
// many QGIS plugins and notebooks, through what its users call first:
// Features(url), which sends Accept: */* and must get JSON, the
// conformance classes, the collections, the items of a day, the same
// items under a CQL2 text filter, and the queryables. Its answers are
// checked against the server's GeoJSON read here without OWSLib, and the
// filter against the features' own properties.
func TestOWSLibReadsTheServer(t *testing.T) {
	mustOWSLib(t)
	base := mustStart(t, testConfig())
	const (
		collection = "territories"
		datetime   = "1141-07-01"
		filter     = "polity = 'jin' AND certainty <> 'uncertain'"
	)

	req, err := json.Marshal(map[string]string{
		"base": base, "collection": collection, "datetime": datetime, "filter": filter,
	})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(qgisPython, "testdata/owslib_client.py")
	cmd.Stdin = bytes.NewReader(req)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("owslib_client.py: %v\n%s", err, stderr.String())
	}
	var rep owslibReport
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("owslib_client.py wrote %q: %v\n%s", out, err, stderr.String())
	}
	t.Logf("OWSLib %s", rep.OWSLib)

	for _, class := range []string{
		"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
		"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
		"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
		"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
		"http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
	} {
		if !slices.Contains(rep.Conformance, class) {
			t.Errorf("OWSLib reads no conformance class %s in %v", class, rep.Conformance)
		}
	}
	for _, c := range []string{"territories", "places", "events", "campaigns", "rivers", "frontiers", "land"} {
		if !slices.Contains(rep.Collections, c) {
			t.Errorf("OWSLib lists no collection %s in %v", c, rep.Collections)
		}
	}
	for _, q := range []string{"polity", "certainty", "start_date", "end_date", "geometry"} {
		if !slices.Contains(rep.Queryables, q) {
			t.Errorf("OWSLib reads no queryable %s in %v", q, rep.Queryables)
		}
	}

	// The same day read here, without OWSLib, and filtered by hand.
	var all struct {
		NumberMatched int `json:"numberMatched"`
		Features      []struct {
			ID         string `json:"id"`
			Properties struct {
				Polity    string `json:"polity"`
				Certainty string `json:"certainty"`
			} `json:"properties"`
		} `json:"features"`
	}
	q := url.Values{"datetime": {datetime}, "limit": {"10000"}}
	if err := json.Unmarshal(body(t, base+"/collections/"+collection+"/items?"+q.Encode()), &all); err != nil {
		t.Fatal(err)
	}
	var ids, jin []string
	for _, f := range all.Features {
		ids = append(ids, f.ID)
		if f.Properties.Polity == "jin" && f.Properties.Certainty != "uncertain" {
			jin = append(jin, f.ID)
		}
	}
	slices.Sort(ids)
	slices.Sort(jin)
	if len(jin) == 0 || len(jin) == len(ids) {
		t.Fatalf("the filter should keep some of the %d features of %s, keeps %d", len(ids), datetime, len(jin))
	}
	tests := []struct {
		name string
		got  owslibPage
		want []string
	}{
		{"datetime=" + datetime, rep.Items, ids},
		{"datetime=" + datetime + " filter=" + filter, rep.Filtered, jin},
	}
	for _, tt := range tests {
		if !slices.Equal(tt.got.IDs, tt.want) || tt.got.Matched != len(tt.want) || tt.got.Returned != len(tt.want) {
			t.Errorf("collection_items %s: OWSLib reads %d of %d matched: %v, want %v",
				tt.name, tt.got.Returned, tt.got.Matched, tt.got.IDs, tt.want)
		}
	}
}
