package tilecache

import (
	"context"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/paulmach/orb/maptile"
)

// heap returns the bytes the heap holds after a collection.
func heap() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// randomTimes asks for tiles over China at zooms 5 to 8 at random dates
// and intervals, as a client trying every day would, n times.
func randomTimes(tb testing.TB, c *Cache, n int, seed uint64) {
	tb.Helper()
	rnd := rand.New(rand.NewPCG(seed, 1))
	var tiles []maptile.Tile
	for z := maptile.Zoom(5); z <= 8; z++ {
		tiles = append(tiles, viewport(z)...)
	}
	first, last := chrono.DayOf(1100, 1, 1), chrono.DayOf(1240, 1, 1)
	for range n {
		start := first + chrono.Day(rnd.Int64N(int64(last-first)))
		iv := chrono.Interval{Start: start, End: start + 1}
		if rnd.IntN(2) == 0 {
			iv.End += chrono.Day(rnd.Int64N(3000))
		}
		if _, err := c.Tile(context.Background(), tiles[rnd.IntN(len(tiles))], &iv); err != nil {
			tb.Fatal(err)
		}
	}
}

// TestCountedBytes checks that the bytes the cache counts are the heap its
// plans and tiles take: not fewer, or the bound would not hold, and not
// many more, or it would hold far less than it may.
func TestCountedBytes(t *testing.T) {
	if testing.Short() {
		t.Skip("makes a thousand tiles")
	}
	ds := mustAtlas(t)
	c := New(ds, DefaultConfig())
	base := heap()
	randomTimes(t, c, 1500, 1)
	held := heap() - base
	st := c.Stats()
	t.Logf("%d entries: %d bytes counted, %d held, %d shared", st.Entries, st.Bytes, held, st.SharedBytes)
	held -= st.SharedBytes
	if float64(held) > 1.1*float64(st.Bytes)+64<<10 {
		t.Errorf("%d entries hold %d bytes of heap, but %d are counted", st.Entries, held, st.Bytes)
	}
	if float64(st.Bytes) > 1.25*float64(held) {
		t.Errorf("%d entries hold %d bytes of heap, but %d are counted", st.Entries, held, st.Bytes)
	}
	runtime.KeepAlive(c)
}

// TestBoundHolds asks for tiles at thousands of random dates, which made
// the heap grow to many times the bound when the cache counted less than
// it held, and checks the heap the cache holds stays within MaxBytes.
func TestBoundHolds(t *testing.T) {
	if testing.Short() {
		t.Skip("makes a thousand tiles")
	}
	ds := mustAtlas(t)
	cfg := DefaultConfig()
	cfg.MaxBytes = 4 << 20
	c := New(ds, cfg)
	base := heap()
	randomTimes(t, c, 3000, 2)
	held := heap() - base
	st := c.Stats()
	t.Logf("%d entries: %d bytes counted, %d held, %d shared", st.Entries, st.Bytes, held, st.SharedBytes)
	held -= st.SharedBytes // bounded by the dataset, not MaxBytes
	if st.Bytes > cfg.MaxBytes || float64(held) > 1.1*float64(cfg.MaxBytes) {
		t.Errorf("the cache holds %d bytes of heap and counts %d; the bound is %d", held, st.Bytes, cfg.MaxBytes)
	}
	runtime.KeepAlive(c)
}
