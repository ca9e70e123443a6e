package tilecache

import (
	"context"
	"errors"
	"os"
	"sync"
	"testing"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"
)

func mustCache(tb testing.TB, cfg Config) *Cache {
	tb.Helper()
	ds, err := dataset.Load(os.DirFS("../dataset/testdata/mini"))
	if err != nil {
		tb.Fatal(err)
	}
	return New(ds, cfg)
}

func year(y int) *chrono.Interval {
	iv := chrono.YearInterval(y)
	return &iv
}

// kaifeng is the z5 tile over Kaifeng.
var kaifeng = maptile.At([2]float64{114.31, 34.8}, 5)

func TestEpochs(t *testing.T) {
	c := mustCache(t, DefaultConfig())
	ctx := context.Background()
	get := func(when *chrono.Interval) Tile {
		t.Helper()
		tl, err := c.Tile(ctx, kaifeng, when)
		if err != nil {
			t.Fatal(err)
		}
		if tl.Empty() {
			t.Fatal("empty tile over Kaifeng")
		}
		return tl
	}
	t1141, t1150, t1120, t1121 := get(year(1141)), get(year(1150)), get(year(1120)), get(year(1121))
	if t1141.ETag != t1150.ETag {
		t.Errorf("1141 and 1150 lie in one epoch but have ETags %s and %s", t1141.ETag, t1150.ETag)
	}
	if t1120.ETag != t1121.ETag {
		t.Errorf("1120 and 1121 lie in one epoch but have ETags %s and %s", t1120.ETag, t1121.ETag)
	}
	if t1120.ETag == t1141.ETag {
		t.Error("1120 and 1141 lie across the fall of Kaifeng but share an ETag")
	}
	st := c.Stats()
	if st.Generated != 2 || st.Hits != 2 {
		t.Errorf("generated %d tiles with %d hits; want 2 and 2 (one per epoch)", st.Generated, st.Hits)
	}
	// The polity at Kaifeng: Song in 1120, Jin in 1141.
	for _, tc := range []struct {
		tile   Tile
		polity string
	}{{t1120, "song"}, {t1141, "jin"}} {
		ls, err := mvt.Unmarshal(tc.tile.Raw)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, l := range ls {
			if l.Name != "territories" {
				continue
			}
			for _, f := range l.Features {
				if f.Properties["polity"] == tc.polity {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("no %s territory in the tile", tc.polity)
		}
	}
	all := get(nil)
	if all.ETag == t1141.ETag || all.ETag == t1120.ETag {
		t.Error("the all-time tile shares an ETag with a year's")
	}
}

func TestEmptyAndAddresses(t *testing.T) {
	c := mustCache(t, DefaultConfig())
	ocean, err := c.Tile(context.Background(), maptile.At([2]float64{-150, -30}, 5), year(1141))
	if err != nil || !ocean.Empty() {
		t.Errorf("ocean tile: got %d bytes, %v; want empty", len(ocean.Raw), err)
	}
	for _, tl := range []maptile.Tile{{X: 0, Y: 0, Z: 15}, {X: 32, Y: 0, Z: 5}, {X: 0, Y: 99, Z: 5}} {
		_, err := c.Tile(context.Background(), tl, nil)
		var ae *AddressError
		if !errors.As(err, &ae) {
			t.Errorf("%v: got %v, want an AddressError", tl, err)
		}
	}
}

// TestConcurrentMisses checks that many requests for one cold tile
// generate it once.
func TestConcurrentMisses(t *testing.T) {
	c := mustCache(t, DefaultConfig())
	var wg sync.WaitGroup
	etags := make([]string, 32)
	for i := range etags {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tl, err := c.Tile(context.Background(), kaifeng, year(1141))
			if err != nil {
				t.Error(err)
			}
			etags[i] = tl.ETag
		}()
	}
	wg.Wait()
	for _, e := range etags {
		if e != etags[0] {
			t.Fatalf("ETags differ: %v", etags)
		}
	}
	if n := c.Stats().Generated; n != 1 {
		t.Errorf("generated %d times, want 1", n)
	}
}

func TestBoundedMemory(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MaxBytes = 4096
	c := mustCache(t, cfg)
	for x := uint32(24); x < 28; x++ {
		for y := uint32(10); y < 14; y++ {
			if _, err := c.Tile(context.Background(), maptile.New(x, y, 5), nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	if st := c.Stats(); st.Bytes > cfg.MaxBytes {
		t.Errorf("cache holds %d bytes, limit %d", st.Bytes, cfg.MaxBytes)
	}
}

func TestBusy(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Workers = 1
	c := mustCache(t, cfg)
	c.sem <- struct{}{} // every slot taken
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Tile(ctx, kaifeng, nil); !errors.Is(err, ErrBusy) {
		t.Errorf("got %v, want ErrBusy", err)
	}
	<-c.sem
}
