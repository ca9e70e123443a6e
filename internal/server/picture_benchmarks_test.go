package server

import (
	"net/http/httptest"
	"testing"
)

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
