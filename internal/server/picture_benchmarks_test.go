package server

import (
	"context"
	"io"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/chronoatlas/chronoatlas/geo/render"
)

// BenchmarkMapCold draws the 800×600 map of 1141 over China afresh each
// time, in each format: the cost of a static map nobody asked for before.
// The goal for the PNG is 200 ms on the project's two-core machine.
func BenchmarkMapCold(b *testing.B) {
	s := mustAtlasServer(b)
	st := s.current()
	for _, f := range []struct {
		name   string
		format render.Format
	}{{"png", render.PNG}, {"svg", render.SVG}, {"pdf", render.PDF}} {
		b.Run(f.name, func(b *testing.B) {
			pic, err := mapPicture(st, mustQuery(b, over1141), f.format)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				scene := st.pictures.scene(pic)
				if err := s.render.Write(context.Background(), io.Discard, scene, f.format, pic.scale); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRasterTileCold draws a 256-pixel tile at zoom 6 over the Huai
// in 1141 afresh each time (goal: 20 ms).
func BenchmarkRasterTileCold(b *testing.B) {
	s := mustAtlasServer(b)
	st := s.current()
	pic, err := rasterPicture(st, "6/52/25.png", mustQuery(b, "datetime=1141"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		scene := st.pictures.scene(pic)
		if err := s.render.Write(context.Background(), io.Discard, scene, render.PNG, 1); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPictureCached serves pictures already drawn, through the whole
// handler: it should cost about what a cached vector tile does.
func BenchmarkPictureCached(b *testing.B) {
	s := mustAtlasServer(b)
	for _, target := range []string{"/map.png?" + over1141, "/tiles/6/52/25.png?datetime=1141"} {
		b.Run(target, func(b *testing.B) {
			if rec := httptest.NewRecorder(); true {
				s.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
				if rec.Code != 200 {
					b.Fatalf("status %d", rec.Code)
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
			}
		})
	}
}

func mustQuery(tb testing.TB, raw string) map[string][]string {
	tb.Helper()
	q, err := url.ParseQuery(raw)
	if err != nil {
		tb.Fatal(err)
	}
	return q
}
