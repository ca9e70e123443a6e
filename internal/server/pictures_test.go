package server

import (
	"bytes"
	"context"
	"encoding/xml"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chronoatlas/chronoatlas/internal/respond"
)

// mustPNG decodes a PNG response.
func mustPNG(tb testing.TB, res *http.Response) image.Image {
	tb.Helper()
	if res.StatusCode != http.StatusOK {
		tb.Fatalf("status %d: %s", res.StatusCode, mustBody(tb, res))
	}
	if ct := res.Header.Get("Content-Type"); ct != "image/png" {
		tb.Fatalf("Content-Type %q, want image/png", ct)
	}
	img, err := png.Decode(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return img
}

// holderAt returns the polity whose colour, as the map fills a territory,
// is nearest the colours around pixel (x, y).
func holderAt(tb testing.TB, s *Server, img image.Image, x, y int) string {
	tb.Helper()
	land := color.RGBA{0xef, 0xe9, 0xda, 0xff}
	votes := map[string]int{}
	for dx := -3; dx <= 3; dx++ {
		for dy := -3; dy <= 3; dy++ {
			c := color.RGBAModel.Convert(img.At(x+dx, y+dy)).(color.RGBA)
			best, bestD := "", 1<<30
			for _, p := range s.current().pictures.Core().PicturePolities() {
				for _, a := range []float64{0.7, 0.45} {
					mix := func(x, y uint8) int { return int(float64(x)*a + float64(y)*(1-a)) }
					dr, dg, db := int(c.R)-mix(p.Color.R, land.R), int(c.G)-mix(p.Color.G, land.G), int(c.B)-mix(p.Color.B, land.B)
					if d := dr*dr + dg*dg + db*db; d < bestD {
						best, bestD = p.ID, d
					}
				}
			}
			votes[best]++
		}
	}
	best := ""
	for id, n := range votes {
		if n > votes[best] {
			best = id
		}
	}
	return best
}

func TestMapPNG(t *testing.T) {
	s := mustAtlasServer(t)
	tests := []struct {
		name, query   string
		width, height int
		holder        string // of Kaifeng, in the middle of the map
	}{
		{"Kaifeng is Song's in 1120", "datetime=1120&lat=34.8&lon=114.31&z=6&layers=territories&legend=0", 800, 600, "song"},
		{"Kaifeng is Jin's in 1141", "datetime=1141&lat=34.8&lon=114.31&z=6&layers=territories&legend=0", 800, 600, "jin"},
		{"the viewer's year and view", "year=1141&lat=34.8&lon=114.31&z=6&layers=territories", 800, 600, "jin"},
		{"a day", "datetime=1126-12-01&lat=34.8&lon=114.31&z=6&layers=territories", 800, 600, "song"},
		{"twice the pixels at scale 2", "datetime=1141&lat=34.8&lon=114.31&z=6&width=300&height=200&scale=2&layers=territories", 600, 400, "jin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := mustPNG(t, get(t, s, "GET", "/map.png?"+tt.query, nil))
			if got := img.Bounds().Size(); got.X != tt.width || got.Y != tt.height {
				t.Fatalf("size %v, want %dx%d", got, tt.width, tt.height)
			}
			if got := holderAt(t, s, img, tt.width/2, tt.height/2); got != tt.holder {
				t.Errorf("Kaifeng drawn in %s's colour, want %s's", got, tt.holder)
			}
		})
	}
}

// svgText returns the text of an SVG's <text> elements, failing when it is
// not well-formed XML.
func svgText(tb testing.TB, doc []byte) string {
	tb.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var b strings.Builder
	in := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return b.String()
		}
		if err != nil {
			tb.Fatalf("the SVG is not XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Local == "text" {
				in++
			}
		case xml.EndElement:
			if tok.Name.Local == "text" {
				in--
				b.WriteString("\n")
			}
		case xml.CharData:
			if in > 0 {
				b.Write(tok)
			}
		}
	}
}

// over1141 is the 1141 map over China the tests and benchmarks draw.
const over1141 = "datetime=1141&bbox=97,20,127,45&width=800&height=600"

func TestMapSVG(t *testing.T) {
	s := mustAtlasServer(t)
	tests := []struct {
		lang string
		want []string
	}{
		{"en", []string{"1141", "Song: Shaoxing 11", "Jin: Huangtong 1", "Lin'an", "Western Xia", "CC BY 4.0"}},
		{"zh", []string{"1141年", "宋紹興十一年", "金皇統元年", "臨安", "西夏", "宋金戰爭"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			res := get(t, s, "GET", "/map.svg?"+over1141+"&lang="+tt.lang, nil)
			body := mustBody(t, res)
			if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/svg+xml" {
				t.Fatalf("status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
			}
			got := strings.ReplaceAll(strings.ReplaceAll(svgText(t, body), "\n", ""), "\u00a0", " ")
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("no %q among the SVG's text: %s", w, got)
				}
			}
		})
	}
}

// needProgram finds an outside program: the test is skipped without it,
// except in CI, where the setup installs it and its absence is a failure.
func needProgram(tb testing.TB, name, pkg string) string {
	tb.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("%s not found: CI must install %s", name, pkg)
		}
		tb.Skipf("%s not found; install %s to run this test", name, pkg)
	}
	return path
}

func TestMapPDF(t *testing.T) {
	pdftotext := needProgram(t, "pdftotext", "poppler-utils")
	s := mustAtlasServer(t)
	for _, tt := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"1141", "Shaoxing 11", "Huangtong 1", "Lin'an", "Western Xia"}},
		{"zh", []string{"1141年", "紹興十一年", "臨安", "西夏"}},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			res := get(t, s, "GET", "/map.pdf?"+over1141+"&lang="+tt.lang, nil)
			body := mustBody(t, res)
			if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
				t.Fatalf("status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
			}
			file := filepath.Join(t.TempDir(), "map.pdf")
			if err := os.WriteFile(file, body, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(pdftotext, file, "-").CombinedOutput()
			if err != nil {
				t.Fatalf("pdftotext: %v: %s", err, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("pdftotext finds no %q in:\n%s", w, out)
				}
			}
		})
	}
}

func TestMapCaching(t *testing.T) {
	s := mustAtlasServer(t)
	res := get(t, s, "GET", "/map.png?datetime=1141&width=200&height=150", nil)
	mustBody(t, res)
	etag := res.Header.Get("ETag")
	if res.StatusCode != http.StatusOK || etag == "" {
		t.Fatalf("status %d, ETag %q", res.StatusCode, etag)
	}
	if got := get(t, s, "GET", "/map.png?datetime=1141&width=200&height=150", map[string]string{"If-None-Match": etag}).StatusCode; got != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d, want 304", got)
	}
	// the same state by another name: the slider's year 1141 is 1 July
	if got := get(t, s, "GET", "/map.png?year=1141&width=200&height=150", nil).Header.Get("ETag"); got != etag {
		t.Errorf("year=1141: ETag %s, want datetime=1141's %s", got, etag)
	}
	svg := get(t, s, "GET", "/map.svg?datetime=1141&width=200&height=150", map[string]string{"Accept-Encoding": "gzip"})
	if svg.Header.Get("Content-Encoding") != "gzip" || svg.Header.Get("ETag") == get(t, s, "GET", "/map.svg?datetime=1141&width=200&height=150", nil).Header.Get("ETag") {
		t.Errorf("SVG in gzip: Content-Encoding %q, ETag %s the same as the plain one's", svg.Header.Get("Content-Encoding"), svg.Header.Get("ETag"))
	}
	svgText(t, mustBody(t, svg))
	for _, other := range []string{"datetime=1142&width=200&height=150", "datetime=1141&width=200&height=150&lang=zh", "datetime=1141&width=201&height=150"} {
		if got := get(t, s, "GET", "/map.png?"+other, nil).Header.Get("ETag"); got == etag {
			t.Errorf("%s: the same ETag as 1141 in English", other)
		}
	}
}

func TestMapErrors(t *testing.T) {
	s := mustAtlasServer(t)
	tests := []struct {
		query, param string
	}{
		{"width=5000", "width"},
		{"height=0", "height"},
		{"width=abc", "width"},
		{"scale=3", "scale"},
		{"lang=fr", "lang"},
		{"layers=roads", "layers"},
		{"legend=maybe", "legend"},
		{"bbox=170,0,-170,10", "bbox"},
		{"bbox=100,20,120", "bbox"},
		{"bbox=100,20,120,40&z=3", "bbox"},
		{"z=30", "z"},
		{"lat=91", "lat"},
		{"datetime=1141-13", "datetime"},
		{"datetime=..%2F..", "datetime"},
		{"year=1141&datetime=1141", "year"},
		{"colour=red", "colour"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res := get(t, s, "GET", "/map.png?"+tt.query, nil)
			var p respond.Problem
			mustJSON(t, res, &p)
			if res.StatusCode != http.StatusBadRequest || p.Param != tt.param {
				t.Errorf("status %d, parameter %q (%s); want 400 naming %q", res.StatusCode, p.Param, p.Detail, tt.param)
			}
		})
	}
	res := get(t, s, "GET", "/map.svg?scale=2", nil)
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("SVG at scale 2: status %d, want 400", res.StatusCode)
	}
}

// TestMapBusy: with the expensive slots taken and no room to wait,
// pictures and pages are refused at once with a 503 while cheap routes
// such as /healthz keep answering.
func TestMapBusy(t *testing.T) {
	cfg := DefaultConfig()
	cfg.ExpensiveSlots, cfg.ExpensiveQueue = 1, 0
	ds := mustAtlasServer(t).current().core.Dataset()
	s := New(cfg, ds, nil)
	release, err := s.gate.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if res := get(t, s, "GET", "/healthz", nil); res.StatusCode != http.StatusOK {
		t.Errorf("/healthz: %d while the expensive slots are full", res.StatusCode)
	}
	for _, target := range []string{"/collections/territories/items?limit=10000", "/map.png?datetime=1150&width=100&height=100", "/tiles/5/26/12.png?datetime=1150", "/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=atlas&CRS=CRS:84&BBOX=100,30,120,40&WIDTH=100&HEIGHT=100&FORMAT=image/png"} {
		res := get(t, s, "GET", target, nil)
		if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
			t.Errorf("%s: status %d, Retry-After %q; want 503 with Retry-After", target, res.StatusCode, res.Header.Get("Retry-After"))
		}
	}
}

// TestMapsConcurrently draws different pictures at once, so that the race
// detector sees the shared fonts and renderer used from several requests.
func TestMapsConcurrently(t *testing.T) {
	s := mustAtlasServer(t)
	targets := []string{
		"/map.png?datetime=1130&width=200&height=150",
		"/map.svg?datetime=1131&width=200&height=150&lang=zh",
		"/map.pdf?datetime=1132&width=200&height=150",
		"/tiles/5/26/12.png?datetime=1133",
	}
	errs := make(chan string, len(targets))
	for _, target := range targets {
		go func() {
			res := get(t, s, "GET", target, nil)
			if res.StatusCode != http.StatusOK {
				errs <- target + ": " + res.Status
				return
			}
			errs <- ""
		}()
	}
	for range targets {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}
