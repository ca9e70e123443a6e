package server

import (
	"compress/gzip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/respond"
	"github.com/chronoatlas/chronoatlas/internal/tiles"
	"github.com/paulmach/orb/encoding/mvt"
)

// kaifengZ5 is the z5 tile over Kaifeng (34.80°N, 114.31°E).
const kaifengZ5 = "/tiles/5/26/12.mvt"

func TestTileAddresses(t *testing.T) {
	s := mustServer(t)
	tests := []struct {
		path   string
		status int
		detail string
	}{
		{"/tiles/5/26/12.mvt", 200, ""},
		{"/tiles/5/26/12.mvt?datetime=1141", 200, ""},
		{"/tiles/0/0/0.mvt", 200, ""},
		{"/tiles/5/0/31.mvt", 204, ""}, // the southern Pacific
		{"/tiles/15/0/0.mvt", 400, "z"},
		{"/tiles/99999999999/0/0.mvt", 400, "z"},
		{"/tiles/5/32/0.mvt", 400, "x"},
		{"/tiles/5/0/32.mvt", 400, "y"},
		{"/tiles/-1/0/0.mvt", 400, "z"},
		{"/tiles/5/-1/0.mvt", 400, "x"},
		{"/tiles/a/0/0.mvt", 400, "z"},
		{"/tiles/5/0/b.mvt", 400, "y"},
		{"/tiles/5/+1/0.mvt", 400, "x"},
		{"/tiles/5/1.5/0.mvt", 400, "x"},
		{"/tiles/5/0/0x1.mvt", 400, "y"},
		{"/tiles/5/26/12.jpg", 404, ".mvt"}, // .png is a raster tile
		{"/tiles/5/26/12", 404, ".mvt"},
		{"/tiles/5/26/12/1.mvt", 404, ""},
		{"/tiles/5/26.mvt", 404, ""},
		{"/tiles/5/26/12.mvt?datetime=yesterday", 400, "datetime"},
		{"/tiles/5/26/12.mvt?time=1141", 400, "time"},
		{"/tiles.json?datetime=never", 400, "datetime"},
		{"/tiles.json?f=xml", 400, "f"},
		{"/timeline?year=1141", 400, "year"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res := get(t, s, "GET", tt.path, nil)
			if res.StatusCode != tt.status {
				t.Fatalf("status: got %d, want %d: %s", res.StatusCode, tt.status, mustBody(t, res))
			}
			switch {
			case tt.status == 200:
				if ct := res.Header.Get("Content-Type"); ct != tiles.ContentType {
					t.Errorf("Content-Type: got %q", ct)
				}
				if _, err := mvt.Unmarshal(mustBody(t, res)); err != nil {
					t.Errorf("not a vector tile: %v", err)
				}
			case tt.status >= 400:
				var p respond.Problem
				mustJSON(t, res, &p)
				if res.Header.Get("Content-Type") != "application/problem+json" || !strings.Contains(p.Detail, tt.detail) {
					t.Errorf("got %q %q, want problem+json naming %q", res.Header.Get("Content-Type"), p.Detail, tt.detail)
				}
			}
		})
	}
}

func TestTileCaching(t *testing.T) {
	s := mustServer(t)
	etag := func(target string) string {
		res := get(t, s, "GET", target, nil)
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d", target, res.StatusCode)
		}
		return res.Header.Get("ETag")
	}
	e1141, e1150, e1120 := etag(kaifengZ5+"?datetime=1141"), etag(kaifengZ5+"?datetime=1150"), etag(kaifengZ5+"?datetime=1120")
	if e1141 == "" || e1141 != e1150 {
		t.Errorf("1141 and 1150 are one epoch: ETags %q and %q", e1141, e1150)
	}
	if e1141 == e1120 {
		t.Errorf("1120 and 1141 lie across a change but share the ETag %s", e1141)
	}
	res := get(t, s, "GET", kaifengZ5+"?datetime=1150", map[string]string{"If-None-Match": e1141})
	if res.StatusCode != 304 {
		t.Errorf("If-None-Match: got %d, want 304", res.StatusCode)
	}
	res = get(t, s, "GET", kaifengZ5+"?datetime=1141", map[string]string{"Accept-Encoding": "gzip"})
	if res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") || !strings.Contains(res.Header.Get("Cache-Control"), "max-age") {
		t.Errorf("headers: %v", res.Header)
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(zr)
	if _, err := mvt.Unmarshal(raw); err != nil {
		t.Errorf("gzip body is not a tile: %v", err)
	}

	// The gzip body is another representation: it has an ETag of its own,
	// and each validates only itself.
	zipTag := res.Header.Get("ETag")
	if zipTag == "" || zipTag == e1141 {
		t.Errorf("gzip and plain bodies: ETags %q and %q, want two", zipTag, e1141)
	}
	for _, tc := range []struct {
		inm, enc string
		status   int
	}{
		{zipTag, "gzip", 304},
		{e1141, "", 304},
		{e1141, "gzip", 200},
		{zipTag, "", 200},
	} {
		res := get(t, s, "GET", kaifengZ5+"?datetime=1141", map[string]string{"If-None-Match": tc.inm, "Accept-Encoding": tc.enc})
		if res.StatusCode != tc.status {
			t.Errorf("If-None-Match %s, Accept-Encoding %q: got %d, want %d", tc.inm, tc.enc, res.StatusCode, tc.status)
		}
	}
}

func TestTileJSON(t *testing.T) {
	s := mustServer(t)
	var tj struct {
		TileJSON     string    `json:"tilejson"`
		Tiles        []string  `json:"tiles"`
		Bounds       []float64 `json:"bounds"`
		Center       []float64 `json:"center"`
		VectorLayers []struct {
			ID     string            `json:"id"`
			Fields map[string]string `json:"fields"`
		} `json:"vector_layers"`
	}
	mustJSON(t, get(t, s, "GET", "/tiles.json?datetime=1141", nil), &tj)
	if tj.TileJSON != "3.0.0" || len(tj.Tiles) != 1 || tj.Tiles[0] != "http://example.com/tiles/{z}/{x}/{y}.mvt?v="+s.current().tiles.Version()+"&datetime=1141" {
		t.Errorf("tilejson %q, tiles %v", tj.TileJSON, tj.Tiles)
	}
	if len(tj.Bounds) != 4 || len(tj.Center) != 3 || len(tj.VectorLayers) != 4 {
		t.Errorf("bounds %v, center %v, %d layers", tj.Bounds, tj.Center, len(tj.VectorLayers))
	}
	if tj.VectorLayers[0].ID != "territories" || tj.VectorLayers[0].Fields["polity"] == "" || tj.VectorLayers[0].Fields["start_year"] == "" {
		t.Errorf("first layer: %+v", tj.VectorLayers[0])
	}
}

func TestTimeline(t *testing.T) {
	s := mustServer(t)
	var tl atlas.Timeline
	mustJSON(t, get(t, s, "GET", "/timeline", nil), &tl)
	if tl.Start != 1100 || tl.End != 1234 {
		t.Errorf("start %d end %d, want 1100 and 1234", tl.Start, tl.End)
	}
	if got := tl.Changes["territories"]; len(got) == 0 || got[0] != "1100-01-01" {
		t.Errorf("territory changes: %v", got)
	}
	want := map[int]bool{1127: true, 1128: true, 1129: true}
	for _, y := range tl.Years {
		delete(want, y)
	}
	if len(want) > 0 {
		t.Errorf("years %v miss %v", tl.Years, want)
	}
	if ev := tl.Events["1127"]; len(ev) != 1 || ev[0].ID != "jingkang" || ev[0].Collection != "events" {
		t.Errorf("events of 1127: %+v", ev)
	}

	// The atlas's campaigns are events too, listed in every year they ran.
	mustJSON(t, get(t, mustAtlasServer(t), "GET", "/timeline", nil), &tl)
	for year, id := range map[string]string{"1125": "invasion-of-1125-east", "1130": "wuzhu-pursuit", "1161": "invasion-of-1161"} {
		found := false
		for _, e := range tl.Events[year] {
			found = found || e.ID == id && e.Collection == "campaigns"
		}
		if !found {
			t.Errorf("events of %s lack the campaign %s: %+v", year, id, tl.Events[year])
		}
	}
}

// TestGDALReadsTiles opens tiles over Kaifeng with GDAL's MVT driver: the
// territories layer holds the Song in 1120 and the Jin in 1141.
func TestGDALReadsTiles(t *testing.T) {
	ogrinfo, err := exec.LookPath("ogrinfo")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("ogrinfo not found: CI must install gdal-bin")
		}
		t.Skip("ogrinfo not found; install gdal-bin to run the GDAL client tests")
	}
	s := mustAtlasServer(t)
	dir := t.TempDir()
	for _, tc := range []struct{ year, polity, other string }{{"1120", "song", "jin"}, {"1141", "jin", "song"}} {
		res := get(t, s, "GET", kaifengZ5+"?datetime="+tc.year, nil)
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d", tc.year, res.StatusCode)
		}
		// The MVT driver reads z/x/y from the file's path; its layers are in
		// Web Mercator, where Kaifeng is near (12725000, 4137000).
		path := filepath.Join(dir, tc.year, "5", "26", "12.pbf")
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, mustBody(t, res), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(ogrinfo, "-ro", "-al", "-geom=SUMMARY", "-spat", "12724000", "4136000", "12726000", "4138000", path, "territories").CombinedOutput()
		if err != nil {
			t.Fatalf("ogrinfo: %v\n%s", err, out)
		}
		text := string(out)
		if !strings.Contains(text, "polity (String) = "+tc.polity) || strings.Contains(text, "polity (String) = "+tc.other) {
			t.Errorf("%s: want the %s territory at Kaifeng and not the %s one:\n%s", tc.year, tc.polity, tc.other, text)
		}
		if !strings.Contains(text, "POLYGON") {
			t.Errorf("%s: no polygon geometry:\n%s", tc.year, text)
		}
	}
}
