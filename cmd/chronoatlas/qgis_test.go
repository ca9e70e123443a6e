package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// qgisPython is the Python that has QGIS's bindings: Debian's, whatever
// python3 comes first on the PATH.
const qgisPython = "/usr/bin/python3"

// mustQGIS checks that QGIS's Python bindings load. Without them the test
// is skipped locally and fails in CI, where the setup installs
// python3-qgis.
func mustQGIS(tb testing.TB) {
	tb.Helper()
	err := exec.Command(qgisPython, "-c", "import qgis.core").Run()
	if err == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		tb.Fatalf("QGIS's Python bindings do not load (%v): CI must install python3-qgis", err)
	}
	tb.Skipf("QGIS's Python bindings do not load (%v); install python3-qgis to run the QGIS client test", err)
}

// qgisReport is what testdata/qgis_client.py writes.
type qgisReport struct {
	QGIS        string                    `json:"qgis"`
	Collections map[string]qgisCollection `json:"collections"`
	Tiles       map[string]qgisTiles      `json:"tiles"`
}

// qgisCollection is what QGIS read of a collection as a layer.
type qgisCollection struct {
	Valid      bool           `json:"valid"`
	Count      int            `json:"count"`
	Fields     []string       `json:"fields"`
	Geometries map[string]int `json:"geometries"`
}

// qgisTiles is what QGIS drew of the vector tiles at one datetime.
type qgisTiles struct {
	Error     string             `json:"error"`
	Polities  map[string]*string `json:"polities"`
	Land      int                `json:"land_pixels"`
	Uncovered int                `json:"uncovered_pixels"`
}

type qgisPoint struct {
	ID  string  `json:"id"`
	Lon float64 `json:"lon"`
	Lat float64 `json:"lat"`
}

// TestQGISReadsTheServer points QGIS, headless, at the server, as a GIS
// user would: every collection as an OGC API Features layer, and the
// vector tiles drawn by QGIS's own renderer, whose MVT decoder drops
// polygons that break the specification (winding, closure) where GDAL's
// accepts them. In the drawn map of 1120, 1141 and 1200 every place of
// data/testdata/facts.csv must lie in the polity the sources give, and no
// land may be left uncovered by a territory.
func TestQGISReadsTheServer(t *testing.T) {
	mustQGIS(t)
	base := mustStart(t, testConfig())
	collections, polities, coords := qgisInputs(t, base)
	datetimes, want, points := qgisFacts(t, coords)

	var rep qgisReport
	mustRunQGIS(t, "qgis_client.py", map[string]any{
		"base": base, "collections": collections, "polities": polities, "datetimes": datetimes, "points": points,
		"bbox":   []float64{70, 15, 145, 55}, // the atlas's lands
		"images": os.Getenv("QGIS_IMAGES"),   // a folder to keep the drawn maps in, for a look
	}, &rep)
	t.Logf("QGIS %s", rep.QGIS)

	t.Run("OGC API Features", func(t *testing.T) {
		if len(collections) < 7 {
			t.Errorf("the server lists %v", collections)
		}
		for _, name := range collections {
			checkQGISLayer(t, base, name, rep.Collections[name])
		}
	})
	t.Run("vector tiles", func(t *testing.T) {
		for _, datetime := range datetimes {
			checkQGISTiles(t, datetime, rep.Tiles[datetime], want[datetime])
		}
	})
}

// qgisInputs asks the server for its collections, its polities and where
// each place lies.
func qgisInputs(t *testing.T, base string) (collections, polities []string, coords map[string]qgisPoint) {
	var ds struct {
		Polities []struct {
			ID string `json:"id"`
		} `json:"polities"`
	}
	if err := json.Unmarshal(body(t, base+"/dataset.json"), &ds); err != nil {
		t.Fatal(err)
	}
	var cols struct {
		Collections []struct {
			ID string `json:"id"`
		} `json:"collections"`
	}
	if err := json.Unmarshal(body(t, base+"/collections?f=json"), &cols); err != nil {
		t.Fatal(err)
	}
	for _, c := range cols.Collections {
		collections = append(collections, c.ID)
	}
	for _, p := range ds.Polities {
		polities = append(polities, p.ID)
	}
	var places struct {
		Features []struct {
			ID       string `json:"id"`
			Geometry struct {
				Coordinates []float64 `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(body(t, base+"/collections/places/items?limit=10000"), &places); err != nil {
		t.Fatal(err)
	}
	coords = map[string]qgisPoint{}
	for _, f := range places.Features {
		coords[f.ID] = qgisPoint{f.ID, f.Geometry.Coordinates[0], f.Geometry.Coordinates[1]}
	}
	return collections, polities, coords
}

// qgisFacts returns the facts of 1120, 1141 and 1200 as the slider shows
// them (1 July): the datetimes, the polity of each place at each, and the
// places to look at.
func qgisFacts(t *testing.T, coords map[string]qgisPoint) (datetimes []string, want map[string]map[string]string, points []qgisPoint) {
	years := map[string]string{"1120": "1120-07-01", "1141": "1141-07-01", "1200": "1200-07-01"}
	want = map[string]map[string]string{} // datetime → place → polity
	for _, fact := range facts(t) {
		datetime, ok := years[fact.year]
		if !ok {
			continue
		}
		p, ok := coords[fact.place]
		if !ok {
			t.Fatalf("facts.csv names %s, which is not a place", fact.place)
		}
		if want[datetime] == nil {
			want[datetime] = map[string]string{}
		}
		want[datetime][fact.place] = fact.polity
		if !slices.Contains(points, p) {
			points = append(points, p)
		}
	}
	for _, d := range years {
		datetimes = append(datetimes, d)
	}
	slices.Sort(datetimes)
	return datetimes, want, points
}

// checkQGISLayer checks what QGIS read of one collection as an OGC API
// Features layer against the server.
func checkQGISLayer(t *testing.T, base, name string, c qgisCollection) {
	t.Helper()
	if !c.Valid {
		t.Errorf("%s: QGIS cannot open the layer", name)
		return
	}
	var page struct {
		NumberMatched int `json:"numberMatched"`
	}
	if err := json.Unmarshal(body(t, base+"/collections/"+name+"/items?limit=1"), &page); err != nil {
		t.Fatal(err)
	}
	read := 0
	for _, n := range c.Geometries {
		read += n
	}
	if c.Count != page.NumberMatched || read != page.NumberMatched {
		t.Errorf("%s: QGIS counts %d and reads %d features, the server has %d", name, c.Count, read, page.NumberMatched)
	}
	// A QGIS layer has one geometry type; a collection that mixes points
	// and lines shows only some of its features.
	kinds := map[string]bool{}
	for g := range c.Geometries {
		kinds[strings.TrimPrefix(g, "Multi")] = true
	}
	if len(kinds) != 1 {
		t.Errorf("%s: geometries %v; a layer should have one kind", name, c.Geometries)
	}
	for _, f := range []string{"id", "start", "end", "certainty", "sources"} {
		if !slices.Contains(c.Fields, f) {
			t.Errorf("%s: QGIS has no field %s among %v", name, f, c.Fields)
		}
	}
}

// checkQGISTiles checks the map QGIS drew from the vector tiles at one
// datetime: land covered, and each place in the polity of the sources.
func checkQGISTiles(t *testing.T, datetime string, got qgisTiles, want map[string]string) {
	t.Helper()
	if got.Error != "" {
		t.Errorf("%s: %s", datetime, got.Error)
		return
	}
	// Land and territories are simplified apart, so their edges may differ
	// by a pixel along the coast; a polygon QGIS dropped would leave a
	// whole region bare.
	switch {
	case got.Land < 1_000_000:
		t.Errorf("%s: QGIS drew only %d pixels of land and territories, of about 3.9 million", datetime, got.Land)
	case got.Uncovered*1000 > got.Land:
		t.Errorf("%s: %d of %d land pixels drawn by QGIS lie in no territory", datetime, got.Uncovered, got.Land)
	}
	t.Logf("%s: %d places checked; %d of %d land pixels in no territory", datetime, len(want), got.Uncovered, got.Land)
	for place, polity := range want {
		drawn := "nothing"
		if p := got.Polities[place]; p != nil {
			drawn = *p
		}
		if drawn != polity {
			t.Errorf("%s: QGIS draws %s at %s, the sources say %s", datetime, drawn, place, polity)
		}
	}
}

type fact struct{ place, year, polity string }

// facts reads data/testdata/facts.csv: place, year, polity, source.
func facts(tb testing.TB) []fact {
	tb.Helper()
	f, err := os.Open("../../data/testdata/facts.csv")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	rows, err := r.ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	var out []fact
	for _, row := range rows {
		out = append(out, fact{strings.TrimSpace(row[0]), strings.TrimSpace(row[1]), strings.TrimSpace(row[2])})
	}
	return out
}

// body fetches url and fails the test unless the answer is 200.
func body(tb testing.TB, url string) []byte {
	tb.Helper()
	res, b := fetch(tb, url)
	if res.StatusCode != 200 {
		tb.Fatalf("GET %s: %d %s", url, res.StatusCode, fmt.Sprint(string(b)))
	}
	return b
}

// mustRunQGIS runs a QGIS script of testdata, headless, with req as JSON
// on its standard input, and decodes the JSON it writes into rep.
func mustRunQGIS(tb testing.TB, script string, req, rep any) {
	tb.Helper()
	in, err := json.Marshal(req)
	if err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(qgisPython, "testdata/"+script)
	cmd.Env = append(os.Environ(), "QT_QPA_PLATFORM=offscreen", "XDG_RUNTIME_DIR="+tb.TempDir())
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("%s: %v\n%s", script, err, stderr.String())
	}
	if err := json.Unmarshal(out, rep); err != nil {
		tb.Fatalf("%s wrote %q: %v\n%s", script, out, err, stderr.String())
	}
}
