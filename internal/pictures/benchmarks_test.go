package pictures

import (
	"context"
	"io"
	"net/url"
	"testing"
	"time"

	"github.com/chronoatlas/chronoatlas/internal/gate"
	"github.com/chronoatlas/chronoatlas/internal/render"
)

// BenchmarkMapCold draws the 800×600 map of 1141 over China afresh each
// time, in each format: the cost of a static map nobody asked for before.
// The goal for the PNG is 200 ms on the project's two-core machine.
func BenchmarkMapCold(b *testing.B) {
	core, r := mustAtlas(b)
	p := New(core, r, gate.New(1, 0, time.Minute), 1<<20)
	for _, f := range []struct {
		name   string
		format render.Format
	}{{"png", render.PNG}, {"svg", render.SVG}, {"pdf", render.PDF}} {
		b.Run(f.name, func(b *testing.B) {
			pic, err := p.mapPicture(mustQuery(b, over1141), f.format)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				scene := p.scene(pic)
				if err := r.Write(context.Background(), io.Discard, scene, f.format, pic.Scale); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRasterTileCold draws a 256-pixel tile at zoom 6 over the Huai
// in 1141 afresh each time (goal: 20 ms).
func BenchmarkRasterTileCold(b *testing.B) {
	core, r := mustAtlas(b)
	p := New(core, r, gate.New(1, 0, time.Minute), 1<<20)
	pic, err := p.rasterPicture("6/52/25.png", mustQuery(b, "datetime=1141"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		scene := p.scene(pic)
		if err := r.Write(context.Background(), io.Discard, scene, render.PNG, 1); err != nil {
			b.Fatal(err)
		}
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
