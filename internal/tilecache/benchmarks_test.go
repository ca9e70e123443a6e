package tilecache

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/chronoatlas/chronoatlas/data"
	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/chronoatlas/chronoatlas/internal/lru"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

func mustAtlas(tb testing.TB) *dataset.Dataset {
	tb.Helper()
	ds, err := dataset.Load(data.JinSong())
	if err != nil {
		tb.Fatal(err)
	}
	return ds
}

// viewport returns the tiles a screen over China shows at zoom z: from
// 100°E 45°N to 125°E 20°N.
func viewport(z maptile.Zoom) []maptile.Tile {
	a, b := maptile.At(orb.Point{100, 45}, z), maptile.At(orb.Point{125, 20}, z)
	var ts []maptile.Tile
	for x := a.X; x <= b.X; x++ {
		for y := a.Y; y <= b.Y; y++ {
			ts = append(ts, maptile.New(x, y, z))
		}
	}
	return ts
}

// BenchmarkCold generates a viewport of tiles with an empty cache: the
// cost of a first visit. The metric ms/tile is the mean per tile.
func BenchmarkCold(b *testing.B) {
	ds := mustAtlas(b)
	y1141 := chrono.YearInterval(1141)
	for _, z := range []maptile.Zoom{3, 5, 7} {
		for _, when := range []*chrono.Interval{&y1141, nil} {
			name := fmt.Sprintf("z%d/all", z)
			if when != nil {
				name = fmt.Sprintf("z%d/1141", z)
			}
			tiles := viewport(z)
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					c := New(ds, DefaultConfig())
					for _, t := range tiles {
						if _, err := c.Tile(context.Background(), t, when); err != nil {
							b.Fatal(err)
						}
					}
				}
				b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*len(tiles)), "ms/tile")
			})
		}
	}
}

// BenchmarkHuaiTile generates the z5 tile over the Huai frontier cold:
// first with a new cache each time (the first tile after a start), then
// in a running cache that has forgotten every tile (a tile no one asked
// for yet), served plain and gzipped.
func BenchmarkHuaiTile(b *testing.B) {
	ds := mustAtlas(b)
	t := maptile.At(orb.Point{117, 32.6}, 5)
	y := chrono.YearInterval(1142)
	b.Run("new", func(b *testing.B) {
		b.ReportAllocs()
		start := cpu()
		for b.Loop() {
			c := New(ds, DefaultConfig())
			if _, err := c.Tile(context.Background(), t, &y); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, start)
	})
	for _, gzipped := range []bool{false, true} {
		name := "running"
		if gzipped {
			name = "running-gzip" // for a client that takes gzip
		}
		b.Run(name, func(b *testing.B) {
			c := New(ds, DefaultConfig())
			b.ReportAllocs()
			start := cpu()
			for b.Loop() {
				c.forget()
				tl, err := c.Tile(context.Background(), t, &y)
				if err != nil {
					b.Fatal(err)
				}
				if gzipped {
					tl.Gzip()
				}
			}
			reportCPU(b, start)
		})
	}
}

// BenchmarkHuaiStates generates the z5 tile over the Huai frontier at
// each year of the atlas in turn, with a new cache each time: the first
// year shapes what the others reuse.
func BenchmarkHuaiStates(b *testing.B) {
	ds := mustAtlas(b)
	t := maptile.At(orb.Point{117, 32.6}, 5)
	b.ReportAllocs()
	start := cpu()
	for b.Loop() {
		c := New(ds, DefaultConfig())
		for y := 1115; y <= 1234; y++ {
			iv := chrono.YearInterval(y)
			if _, err := c.Tile(context.Background(), t, &iv); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64((cpu()-start).Microseconds())/float64(b.N*120), "cpu-µs/year")
}

// BenchmarkColdPairs asks a fresh cache for every (tile, state) pair that
// cmd/tilebench -cold asks of a fresh server, in its order: the tiles over
// China at zooms 3 to 8, at every year of the timeline, year by year and
// zoom by zoom, each once, without HTTP. The metric is CPU per pair.
func BenchmarkColdPairs(b *testing.B) {
	ds := mustAtlas(b)
	years := atlas.New(ds, time.Now()).Timeline().Years
	var pairs int
	b.ReportAllocs()
	start := cpu()
	for b.Loop() {
		c := New(ds, DefaultConfig())
		pairs = 0
		for _, y := range years {
			iv := chrono.YearInterval(y)
			for z := maptile.Zoom(3); z <= 8; z++ {
				for _, t := range viewport(z) {
					if _, err := c.Tile(context.Background(), t, &iv); err != nil {
						b.Fatal(err)
					}
					pairs++
				}
			}
		}
	}
	b.ReportMetric(float64((cpu()-start).Microseconds())/float64(b.N*pairs), "cpu-µs/pair")
}

// cpu returns the CPU time the process has used, user and system: on a
// shared machine a benchmark's wall time measures the neighbours too.
func cpu() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time per op since start, in µs.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64((cpu()-start).Microseconds())/float64(b.N), "cpu-µs/op")
}

// forget drops every plan and tile, as if none had been asked for.
func (c *Cache) forget() {
	c.lru = lru.New[key, any](c.cfg.MaxBytes, memory)
}

// BenchmarkCached serves a tile that is in the cache.
func BenchmarkCached(b *testing.B) {
	c := New(mustAtlas(b), DefaultConfig())
	t := maptile.At(orb.Point{114.31, 34.8}, 5)
	y := chrono.YearInterval(1141)
	if _, err := c.Tile(context.Background(), t, &y); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Tile(context.Background(), t, &y); err != nil {
			b.Fatal(err)
		}
	}
}
