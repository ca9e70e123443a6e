package data_test

import (
	"context"
	"testing"

	"github.com/chronoatlas/chronoatlas/data"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
)

// BenchmarkLoadTrusted loads the embedded atlas as serve does: its
// geometry trusted, every other check made. It is most of the time from
// start to first tile.
func BenchmarkLoadTrusted(b *testing.B) {
	lim := dataset.DefaultLimits()
	lim.TrustGeometry = true
	b.ReportAllocs()
	for b.Loop() {
		if _, err := dataset.LoadLimited(context.Background(), data.JinSong(), lim); err != nil {
			b.Fatal(err)
		}
	}
}
