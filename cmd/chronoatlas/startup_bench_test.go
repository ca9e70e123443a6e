package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chronoatlas/chronoatlas/internal/server"
)

// BenchmarkStartToFirstTile is what a start costs the process, without
// the process: loading the embedded atlas as serve does, making the
// server, and answering the first tile a map asks for.
// go run ./cmd/loadtest -startup 9 measures the same from outside.
func BenchmarkStartToFirstTile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		ds, _, err := load(context.Background(), Config{}, true)
		if err != nil {
			b.Fatal(err)
		}
		srv := server.New(server.DefaultConfig(), ds, nil)
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/tiles/5/26/12.mvt?datetime=1141", nil))
		if w.Code != http.StatusOK {
			b.Fatalf("first tile: %d", w.Code)
		}
	}
}
