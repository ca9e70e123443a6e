package server

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chronoatlas/chronoatlas/data"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
)

// mustAtlasServer returns a server over the embedded Jin–Song atlas.
func mustAtlasServer(tb testing.TB) *Server {
	tb.Helper()
	return newAtlasServer(tb, DefaultConfig())
}

// newAtlasServer serves the embedded atlas with cfg.
func newAtlasServer(tb testing.TB, cfg Config) *Server {
	tb.Helper()
	ds, err := dataset.Load(data.JinSong())
	if err != nil {
		tb.Fatal(err)
	}
	return New(cfg, ds, nil)
}

// BenchmarkItems measures serving items of the embedded atlas at one year,
// the request a GIS client makes for "the map of 1141".
func BenchmarkItems(b *testing.B) {
	s := mustAtlasServer(b)
	for _, bm := range []struct {
		name, target string
		header       map[string]string
	}{
		{"territories-1141", "/collections/territories/items?datetime=1141", nil},
		{"territories-1141-gzip", "/collections/territories/items?datetime=1141", map[string]string{"Accept-Encoding": "gzip"}},
		{"places-1141", "/collections/places/items?datetime=1141", nil},
		{"territories-all", "/collections/territories/items?limit=10000", nil},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			var n int
			for b.Loop() {
				req := httptest.NewRequest("GET", bm.target, nil)
				for k, v := range bm.header {
					req.Header.Set(k, v)
				}
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("status %d", rec.Code)
				}
				n = rec.Body.Len()
			}
			b.ReportMetric(float64(n), "bytes/op")
		})
	}
}

// BenchmarkTileHandler serves a cached tile through the whole handler,
// gzip included: what a map client pays per request after the first.
func BenchmarkTileHandler(b *testing.B) {
	s := mustAtlasServer(b)
	target := "/tiles/5/26/12.mvt?datetime=1141"
	warm := httptest.NewRecorder()
	s.ServeHTTP(warm, httptest.NewRequest("GET", target, nil))
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("GET", target, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// discardWriter is a ResponseWriter that counts the body and keeps none of
// it, so a benchmark of a download measures what the server allocates,
// not what a recorder holds.
type discardWriter struct {
	h    http.Header
	code int
	n    int
}

func (d *discardWriter) Header() http.Header { return d.h }
func (d *discardWriter) WriteHeader(code int) {
	if d.code == 0 {
		d.code = code
	}
}
func (d *discardWriter) Write(p []byte) (int, error) {
	d.WriteHeader(http.StatusOK)
	d.n += len(p)
	return len(p), nil
}

// BenchmarkKMLDownload measures a KML download of every territory (issue
// 18): its B/op is what one such request costs the server in memory.
func BenchmarkKMLDownload(b *testing.B) {
	s := mustAtlasServer(b)
	for _, bm := range []struct {
		name   string
		header map[string]string
	}{
		{"territories-all", nil},
		{"territories-all-gzip", map[string]string{"Accept-Encoding": "gzip"}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			var n int
			for b.Loop() {
				req := httptest.NewRequest("GET", "/collections/territories/items?f=kml&limit=10000", nil)
				for k, v := range bm.header {
					req.Header.Set(k, v)
				}
				w := &discardWriter{h: http.Header{}}
				s.ServeHTTP(w, req)
				if w.code != http.StatusOK {
					b.Fatalf("status %d", w.code)
				}
				n = w.n
			}
			b.ReportMetric(float64(n), "bytes/op")
		})
	}
}
