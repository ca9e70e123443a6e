package server

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
)

// mustServer returns a server over the small test dataset.
func mustServer(tb testing.TB) *Server {
	tb.Helper()
	ds, err := dataset.Load(os.DirFS("../dataset/testdata/mini"))
	if err != nil {
		tb.Fatal(err)
	}
	return New(DefaultConfig(), ds, nil)
}

// get sends a request through the whole handler and returns the response.
func get(tb testing.TB, s *Server, method, target string, header map[string]string) *http.Response {
	tb.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec.Result()
}

func mustBody(tb testing.TB, res *http.Response) []byte {
	tb.Helper()
	r := res.Body
	if res.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(r)
		if err != nil {
			tb.Fatal(err)
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func mustJSON(tb testing.TB, res *http.Response, v any) {
	tb.Helper()
	if err := json.Unmarshal(mustBody(tb, res), v); err != nil {
		tb.Fatal(err)
	}
}

type featureCollection struct {
	Type           string `json:"type"`
	NumberMatched  int    `json:"numberMatched"`
	NumberReturned int    `json:"numberReturned"`
	Links          []link `json:"links"`
	Features       []struct {
		ID         string         `json:"id"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
}

func TestItems(t *testing.T) {
	s := mustServer(t)
	tests := []struct {
		target  string
		ids     string
		matched int
		names   string // the name property of each feature
	}{
		{"/collections/places/items?datetime=1120", "hangzhou kaifeng", 2, "Hangzhou Bianjing"},
		{"/collections/places/items?datetime=1141", "hangzhou kaifeng", 2, "Lin'an Nanjing"},
		{"/collections/places/items", "hangzhou kaifeng", 2, "Hangzhou Kaifeng"},
		{"/collections/territories/items?datetime=1120", "song-1100", 1, "Song"},
		{"/collections/territories/items?datetime=1141-12-17", "jin-1127 song-1127", 2, "Jin Song"},
		{"/collections/territories/items?datetime=../1126", "song-1100", 1, "Song"},
		{"/collections/territories/items?datetime=1127-01-09T12:00:00Z", "jin-1127 song-1127", 2, "Jin Song"},
		{"/collections/territories/items?polity=song", "song-1100 song-1127", 2, "Song Song"},
		{"/collections/territories/items?bbox=111,34,112,35&datetime=1141", "jin-1127", 1, "Jin"},
		{"/collections/territories/items?limit=1", "jin-1127", 3, "Jin"},
		{"/collections/territories/items?limit=1&offset=2", "song-1127", 3, "Song"},
		{"/collections/territories/items?offset=99", "", 3, ""},
		{"/collections/territories/items?limit=999999", "jin-1127 song-1100 song-1127", 3, "Jin Song Song"},
		{"/collections/rivers/items?datetime=1141", "yellow-river@1128-12", 1, "Yellow River"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			res := get(t, s, "GET", tt.target, nil)
			if res.StatusCode != 200 {
				t.Fatalf("status: got %d, want 200: %s", res.StatusCode, mustBody(t, res))
			}
			if got, want := res.Header.Get("Content-Type"), "application/geo+json"; got != want {
				t.Errorf("Content-Type: got %q, want %q", got, want)
			}
			var fc featureCollection
			mustJSON(t, res, &fc)
			var ids, names []string
			for _, f := range fc.Features {
				ids = append(ids, f.ID)
				n, _ := f.Properties["name"].(string)
				names = append(names, n)
			}
			if got := strings.Join(ids, " "); got != tt.ids {
				t.Errorf("ids: got %q, want %q", got, tt.ids)
			}
			if got := strings.Join(names, " "); got != tt.names {
				t.Errorf("names: got %q, want %q", got, tt.names)
			}
			if fc.NumberMatched != tt.matched || fc.NumberReturned != len(fc.Features) {
				t.Errorf("numberMatched %d, numberReturned %d: want %d and %d", fc.NumberMatched, fc.NumberReturned, tt.matched, len(fc.Features))
			}
		})
	}
}

func TestItemsPaging(t *testing.T) {
	s := mustServer(t)
	rels := func(target string) map[string]string {
		var fc featureCollection
		mustJSON(t, get(t, s, "GET", target, nil), &fc)
		m := map[string]string{}
		for _, l := range fc.Links {
			m[l.Rel] = l.Href
		}
		return m
	}
	first := rels("/collections/territories/items?limit=2")
	if !strings.Contains(first["next"], "offset=2") || first["prev"] != "" {
		t.Errorf("first page: next %q, prev %q; want next with offset=2 and no prev", first["next"], first["prev"])
	}
	last := rels("/collections/territories/items?limit=2&offset=2")
	if last["next"] != "" || last["prev"] == "" || strings.Contains(last["prev"], "offset") {
		t.Errorf("last page: next %q, prev %q; want no next and a prev to the start", last["next"], last["prev"])
	}
}

// TestBadRequests sends bad parameters to every route that takes any and
// wants a 4xx problem+json whose detail names the problem.
func TestMethods(t *testing.T) {
	s := mustServer(t)
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH"} {
		res := get(t, s, m, "/collections", nil)
		if res.StatusCode != 405 || res.Header.Get("Allow") == "" {
			t.Errorf("%s: got %d (Allow %q), want 405 with Allow", m, res.StatusCode, res.Header.Get("Allow"))
		}
	}
	res := get(t, s, "HEAD", "/collections", nil)
	if res.StatusCode != 200 || len(mustBody(t, res)) != 0 {
		t.Errorf("HEAD: got %d, want 200 and no body", res.StatusCode)
	}
	res = get(t, s, "OPTIONS", "/collections/places/items", map[string]string{"Origin": "https://example.org", "Access-Control-Request-Method": "GET"})
	if res.StatusCode != 204 || res.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("OPTIONS: got %d, ACAO %q; want 204 and *", res.StatusCode, res.Header.Get("Access-Control-Allow-Origin"))
	}
}

func TestCaching(t *testing.T) {
	s := mustServer(t)
	target := "/collections/territories/items?datetime=1141"
	res := get(t, s, "GET", target, map[string]string{"Accept-Encoding": "gzip"})
	etag := res.Header.Get("ETag")
	if res.StatusCode != 200 || !strings.HasPrefix(etag, `"`) {
		t.Fatalf("got %d with ETag %q, want 200 and a strong ETag", res.StatusCode, etag)
	}
	if res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
		t.Errorf("Content-Encoding %q, Vary %q: want gzip and Accept-Encoding", res.Header.Get("Content-Encoding"), res.Header.Get("Vary"))
	}
	if !strings.Contains(res.Header.Get("Cache-Control"), "max-age") {
		t.Errorf("Cache-Control %q: want a max-age", res.Header.Get("Cache-Control"))
	}
	// The gzip form is another representation with an ETag of its own.
	plain := get(t, s, "GET", target, nil)
	plainTag := plain.Header.Get("ETag")
	if plainTag == etag || strings.TrimSuffix(plainTag, `"`)+`-gzip"` != etag || plain.Header.Get("Content-Encoding") != "" {
		t.Errorf("without gzip: ETag %q (gzip %q), Content-Encoding %q", plainTag, etag, plain.Header.Get("Content-Encoding"))
	}
	for _, tc := range []struct {
		tag, encoding string
		want          int
	}{
		{etag, "gzip", 304},
		{plainTag, "", 304},
		{plainTag, "gzip", 200}, // the client has the plain form and now takes gzip
	} {
		again := get(t, s, "GET", target, map[string]string{"If-None-Match": tc.tag, "Accept-Encoding": tc.encoding})
		if b := mustBody(t, again); again.StatusCode != tc.want || (tc.want == 304) != (len(b) == 0) {
			t.Errorf("If-None-Match %s with Accept-Encoding %q: got %d and %d bytes, want %d", tc.tag, tc.encoding, again.StatusCode, len(b), tc.want)
		}
	}
	// 1142 has the same features as 1141 but resolves names the same way
	// too, so the body and its ETag are the same.
	other := get(t, s, "GET", "/collections/territories/items?datetime=1120", nil)
	if other.Header.Get("ETag") == etag {
		t.Errorf("1120 and 1141 share the ETag %s", etag)
	}
}

// TestRanges: a body can be fetched in pieces, as GDAL's /vsicurl/ does
// and a broken download resumes, but only while it is the same body.
func TestRanges(t *testing.T) {
	s := mustServer(t)
	target := "/collections/territories/items?datetime=1141"
	whole := get(t, s, "GET", target, nil)
	all := mustBody(t, whole)
	etag := whole.Header.Get("ETag")
	if whole.Header.Get("Accept-Ranges") != "bytes" {
		t.Errorf("Accept-Ranges %q, want bytes", whole.Header.Get("Accept-Ranges"))
	}
	// The gzip form, as it goes over the wire.
	zres := get(t, s, "GET", target, map[string]string{"Accept-Encoding": "gzip"})
	zipped, _ := io.ReadAll(zres.Body)
	ztag := zres.Header.Get("ETag")
	if zres.Header.Get("Content-Length") != strconv.Itoa(len(zipped)) {
		t.Errorf("gzip: Content-Length %q for %d bytes", zres.Header.Get("Content-Length"), len(zipped))
	}
	head := get(t, s, "HEAD", target, map[string]string{"Accept-Encoding": "gzip"})
	if head.Header.Get("Content-Length") != strconv.Itoa(len(zipped)) || head.Header.Get("ETag") != ztag {
		t.Errorf("HEAD with gzip: Content-Length %q, ETag %q; want %d and %s", head.Header.Get("Content-Length"), head.Header.Get("ETag"), len(zipped), ztag)
	}
	for _, tc := range []struct {
		name   string
		header map[string]string
		status int
		body   []byte
	}{
		{"gzip, a range of the gzip bytes", map[string]string{"Accept-Encoding": "gzip", "Range": "bytes=0-9", "If-Range": ztag}, 206, zipped[:10]},
		{"gzip, If-Range with the plain ETag", map[string]string{"Accept-Encoding": "gzip", "Range": "bytes=0-9", "If-Range": etag}, 200, zipped},
		{"first bytes", map[string]string{"Range": "bytes=0-99"}, 206, all[:100]},
		{"the rest", map[string]string{"Range": "bytes=100-"}, 206, all[100:]},
		{"the same body", map[string]string{"Range": "bytes=10-19", "If-Range": etag}, 206, all[10:20]},
		{"another body", map[string]string{"Range": "bytes=10-19", "If-Range": `"0123"`}, 200, all},
		{"past the end", map[string]string{"Range": fmt.Sprintf("bytes=%d-", len(all)+10)}, 416, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := get(t, s, "GET", target, tc.header)
			b, _ := io.ReadAll(res.Body) // as sent, gzip or not
			if res.StatusCode != tc.status || (tc.body != nil && !bytes.Equal(b, tc.body)) {
				t.Errorf("got %d with %d bytes, want %d with %d", res.StatusCode, len(b), tc.status, len(tc.body))
			}
		})
	}
}

func TestNegotiation(t *testing.T) {
	s := mustServer(t)
	tests := []struct {
		target, accept, want string
	}{
		{"/collections", "", "application/json"},
		{"/collections", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html; charset=utf-8"},
		{"/collections?f=json", "text/html", "application/json"},
		{"/collections/places/items", "application/geo+json", "application/geo+json"},
		{"/collections/places/items?f=html", "", "text/html; charset=utf-8"},
		{"/collections/places/items/kaifeng?f=html", "", "text/html; charset=utf-8"},
		{"/collections/places?f=html", "", "text/html; charset=utf-8"},
		{"/conformance?f=html", "", "text/html; charset=utf-8"},
		{"/api", "", "application/vnd.oai.openapi+json;version=3.0"},
		{"/api?f=html", "", "text/html; charset=utf-8"},
		{"/", "application/json", "application/json"},
		{"/?f=json", "", "application/json"},
	}
	for _, tt := range tests {
		t.Run(tt.target+" "+tt.accept, func(t *testing.T) {
			res := get(t, s, "GET", tt.target, map[string]string{"Accept": tt.accept})
			if res.StatusCode != 200 {
				t.Fatalf("status %d: %s", res.StatusCode, mustBody(t, res))
			}
			if got := res.Header.Get("Content-Type"); got != tt.want {
				t.Errorf("Content-Type: got %q, want %q", got, tt.want)
			}
			if strings.HasPrefix(tt.want, "text/html") && !strings.Contains(res.Header.Get("Content-Security-Policy"), "default-src 'self'") {
				t.Errorf("HTML page without a Content-Security-Policy")
			}
		})
	}
}

func TestItem(t *testing.T) {
	s := mustServer(t)
	tests := []struct {
		target, id, name string
	}{
		{"/collections/places/items/kaifeng", "kaifeng", "Kaifeng"},
		{"/collections/places/items/kaifeng?datetime=1120", "kaifeng", "Bianjing"},
		{"/collections/rivers/items/yellow-river@1128-12", "yellow-river@1128-12", "Yellow River"},
		{"/collections/rivers/items/yellow-river?datetime=1100", "yellow-river@..", "Yellow River"},
		{"/collections/rivers/items/yellow-river", "yellow-river@1128-12", "Yellow River"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			res := get(t, s, "GET", tt.target, nil)
			if res.StatusCode != 200 {
				t.Fatalf("status %d: %s", res.StatusCode, mustBody(t, res))
			}
			var f struct {
				Type       string         `json:"type"`
				ID         string         `json:"id"`
				Properties map[string]any `json:"properties"`
				Links      []link         `json:"links"`
			}
			mustJSON(t, res, &f)
			if f.Type != "Feature" || f.ID != tt.id || f.Properties["name"] != tt.name || len(f.Links) == 0 {
				t.Errorf("got %s %q named %v with %d links, want Feature %q named %q with links", f.Type, f.ID, f.Properties["name"], len(f.Links), tt.id, tt.name)
			}
		})
	}
}

func TestCollections(t *testing.T) {
	s := mustServer(t)
	var doc struct {
		Collections []atlas.CollectionDoc `json:"collections"`
	}
	mustJSON(t, get(t, s, "GET", "/collections", nil), &doc)
	if len(doc.Collections) != 4 {
		t.Fatalf("got %d collections, want 4", len(doc.Collections))
	}
	terr := doc.Collections[0]
	iv := terr.Extent.Temporal.Interval[0]
	if terr.ID != "territories" || iv[0] == nil || *iv[0] != "1100-01-01T00:00:00Z" || iv[1] == nil || *iv[1] != "1234-12-31T00:00:00Z" {
		t.Errorf("territories extent: %+v", terr.Extent)
	}
	if b := terr.Extent.Spatial.Bbox[0]; b != [4]float64{110, 28, 120, 38} {
		t.Errorf("territories bbox: got %v", b)
	}
}

func TestSecurityHeaders(t *testing.T) {
	s := mustServer(t)
	tests := []struct {
		target       string
		frameOptions string
		ancestors    string
	}{
		{"/collections?f=html", "DENY", "frame-ancestors 'none'"},
		{"/?f=html", "DENY", "frame-ancestors 'none'"},
		{"/embed?year=1141", "", "frame-ancestors *"},
		{"/collections", "", ""},
	}
	for _, tt := range tests {
		res := get(t, s, "GET", tt.target, nil)
		h := res.Header
		if h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", tt.target)
		}
		if got := h.Get("X-Frame-Options"); got != tt.frameOptions {
			t.Errorf("%s: X-Frame-Options %q, want %q", tt.target, got, tt.frameOptions)
		}
		csp := h.Get("Content-Security-Policy")
		if tt.ancestors != "" && (!strings.Contains(csp, tt.ancestors) || !strings.Contains(csp, "default-src 'self'") || h.Get("Referrer-Policy") == "") {
			t.Errorf("%s: CSP %q, Referrer-Policy %q; want %q", tt.target, csp, h.Get("Referrer-Policy"), tt.ancestors)
		}
		if tt.ancestors == "" && csp != "" {
			t.Errorf("%s: a CSP on JSON", tt.target)
		}
	}
}

func TestHolder(t *testing.T) {
	s := mustServer(t)
	for _, tt := range []struct{ year, holder string }{{"1120", "song"}, {"1141", "jin"}} {
		var f struct {
			Properties map[string]any `json:"properties"`
		}
		mustJSON(t, get(t, s, "GET", "/collections/places/items/kaifeng?datetime="+tt.year, nil), &f)
		if f.Properties["holder"] != tt.holder {
			t.Errorf("Kaifeng in %s: holder %v, want %s", tt.year, f.Properties["holder"], tt.holder)
		}
	}
}

// TestPageSizeCap: a page that would pass MaxPageBytes ends early, says so
// in numberReturned, and its next link goes on from where it stopped.
func TestPageSizeCap(t *testing.T) {
	ds, err := dataset.Load(os.DirFS("../dataset/testdata/mini"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.MaxPageBytes = 1 // every page stops after its first feature
	s := New(cfg, ds, nil)
	var fc struct {
		NumberMatched  int `json:"numberMatched"`
		NumberReturned int `json:"numberReturned"`
		Features       []json.RawMessage
		Links          []struct{ Rel, Href string }
	}
	mustJSON(t, get(t, s, "GET", "/collections/territories/items?limit=3", nil), &fc)
	if fc.NumberReturned != 1 || len(fc.Features) != 1 || fc.NumberMatched < 2 {
		t.Fatalf("returned %d (%d features) of %d, want 1 of several", fc.NumberReturned, len(fc.Features), fc.NumberMatched)
	}
	next := ""
	for _, l := range fc.Links {
		if l.Rel == "next" {
			next = l.Href
		}
	}
	if !strings.Contains(next, "offset=1") {
		t.Errorf("next link %q does not go on from offset 1", next)
	}
}
