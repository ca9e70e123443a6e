package tilecache

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

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

// hold takes every worker until the returned func is called.
func hold(c *Cache) (release func()) {
	for range cap(c.sem) {
		c.sem <- struct{}{}
	}
	return func() {
		for range cap(c.sem) {
			<-c.sem
		}
	}
}

// waitFor polls until cond holds under the cache's lock.
func waitFor(t *testing.T, c *Cache, cond func() bool) {
	t.Helper()
	for i := 0; ; i++ {
		c.mu.Lock()
		ok := cond()
		c.mu.Unlock()
		if ok {
			return
		}
		if i > 2000 {
			t.Fatal("timed out")
		}
		time.Sleep(time.Millisecond)
	}
}

// TestQueueBound checks that past Workers+Queue tiles in the making a
// request fails at once with ErrBusy rather than queueing.
func TestQueueBound(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Workers, cfg.Queue, cfg.MaxWait = 1, 1, time.Minute
	c := mustCache(t, cfg)
	release := hold(c)
	errs := make(chan error, 2)
	for _, tl := range []maptile.Tile{kaifeng, maptile.New(kaifeng.X+1, kaifeng.Y, 5)} {
		go func() {
			_, err := c.Tile(context.Background(), tl, year(1141))
			errs <- err
		}()
	}
	waitFor(t, c, func() bool { return len(c.calls) == 2 })
	start := time.Now()
	_, err := c.Tile(context.Background(), maptile.New(kaifeng.X, kaifeng.Y+1, 5), year(1141))
	if !errors.Is(err, ErrBusy) {
		t.Errorf("a third tile while two wait: got %v, want ErrBusy", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("ErrBusy came after %v, want at once", d)
	}
	release()
	for range 2 {
		if err := <-errs; err != nil {
			t.Errorf("a queued tile: %v", err)
		}
	}
}

// TestWaitBound checks that a tile waits for a worker no longer than
// MaxWait.
func TestWaitBound(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Workers, cfg.MaxWait = 1, 20*time.Millisecond
	c := mustCache(t, cfg)
	defer hold(c)()
	if _, err := c.Tile(context.Background(), kaifeng, nil); !errors.Is(err, ErrBusy) {
		t.Errorf("got %v, want ErrBusy", err)
	}
}

// TestWaiterLeaves checks that the first request for a tile giving up does
// not fail the others waiting for the same tile, and that a tile everyone
// gave up on is not made.
func TestWaiterLeaves(t *testing.T) {
	c := mustCache(t, DefaultConfig())
	release := hold(c)
	first, cancel := context.WithCancel(context.Background())
	type result struct {
		tl  Tile
		err error
	}
	firstDone, otherDone := make(chan result), make(chan result)
	go func() {
		tl, err := c.Tile(first, kaifeng, year(1141))
		firstDone <- result{tl, err}
	}()
	planKey := key{t: kaifeng, kind: kindPlan}
	waitFor(t, c, func() bool { return c.calls[planKey] != nil && c.calls[planKey].waiters == 1 })
	go func() {
		tl, err := c.Tile(context.Background(), kaifeng, year(1141))
		otherDone <- result{tl, err}
	}()
	waitFor(t, c, func() bool { return c.calls[planKey].waiters == 2 })
	cancel()
	if r := <-firstDone; !errors.Is(r.err, context.Canceled) {
		t.Errorf("the request that gave up: got %v, want context.Canceled", r.err)
	}
	release()
	if r := <-otherDone; r.err != nil || r.tl.Empty() {
		t.Errorf("the request still waiting: got %d bytes, %v; want the tile", len(r.tl.Raw), r.err)
	}

	// Everyone gives up: the tile is not made, and asked again it is.
	other := maptile.New(kaifeng.X+1, kaifeng.Y, 5)
	release = hold(c)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := c.Tile(ctx, other, nil)
		done <- err
	}()
	otherKey := key{t: other, kind: kindPlan}
	waitFor(t, c, func() bool { return c.calls[otherKey] != nil && c.calls[otherKey].waiters == 1 })
	cancel()
	<-done
	prepared := c.Stats().Prepared
	release()
	waitFor(t, c, func() bool { return c.calls[otherKey] == nil })
	if got := c.Stats().Prepared; got != prepared {
		t.Errorf("a tile no one waits for was made")
	}
	if _, err := c.Tile(context.Background(), other, nil); err != nil {
		t.Errorf("asked again: %v", err)
	}
}

// TestNamesDay checks that the cache keeps apart states that show the same
// versions under other names: the names are those of the day that stands
// for the requested time, so an interval from 2 January 1123 names Yanjing
// as it was then (Yanjing) and the year 1123 as on 1 July (Yanshan), in
// either order.
func TestNamesDay(t *testing.T) {
	ds := mustAtlas(t)
	tl := maptile.At([2]float64{116.35, 39.87}, 5)
	jan, err := chrono.ParseDatetime("1123-01-02/1123-12-31")
	if err != nil {
		t.Fatal(err)
	}
	name := func(c *Cache, when *chrono.Interval) string {
		t.Helper()
		got, err := c.Tile(context.Background(), tl, when)
		if err != nil {
			t.Fatal(err)
		}
		ls, err := mvt.Unmarshal(got.Raw)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range ls {
			for _, f := range l.Features {
				if l.Name == "places" && f.Properties["id"] == "yanjing" {
					return f.Properties.MustString("name")
				}
			}
		}
		t.Fatal("no Yanjing in the tile")
		return ""
	}
	for _, order := range [][]*chrono.Interval{{&jan, year(1123)}, {year(1123), &jan}} {
		c := New(ds, DefaultConfig())
		for _, when := range order {
			want := "Yanshan"
			if when == &jan {
				want = "Yanjing"
			}
			if got := name(c, when); got != want {
				t.Errorf("at %v after %v: got %s, want %s", when, order[0], got, want)
			}
		}
	}
}

// TestSharedStates checks that the years in which nothing changes inside
// a tile share one entry: over the whole atlas's time, a tile is encoded
// about once per distinct content. Not exactly once: a version whose
// bound reaches the tile but whose line does not (a wall along the
// frontier) tells two states apart that look alike.
func TestSharedStates(t *testing.T) {
	c := New(mustAtlas(t), DefaultConfig())
	for _, tl := range []maptile.Tile{kaifeng, maptile.At([2]float64{120.16, 30.27}, 7), maptile.At([2]float64{100, 25}, 4)} {
		etags := map[string]bool{}
		before := c.Stats().Generated
		for y := 1110; y <= 1240; y++ {
			got, err := c.Tile(context.Background(), tl, year(y))
			if err != nil {
				t.Fatal(err)
			}
			etags[got.ETag] = true
		}
		if n := c.Stats().Generated - before; n > int64(len(etags)+len(etags)/10) {
			t.Errorf("%d/%d/%d: %d tiles made for %d contents", tl.Z, tl.X, tl.Y, n, len(etags))
		}
	}
}

// TestGzipOnDemand checks that a tile's gzip form is made once, the first
// time it is asked for, by however many at once; that it holds the tile
// under an ETag of its own; and that the cache counts it from then on.
func TestGzipOnDemand(t *testing.T) {
	c := mustCache(t, DefaultConfig())
	tl, err := c.Tile(context.Background(), kaifeng, year(1141))
	if err != nil || tl.Empty() {
		t.Fatalf("tile over Kaifeng: %v, empty %v", err, tl.Empty())
	}
	before := c.Stats().Bytes
	forms := make([]Gzipped, 8)
	var wg sync.WaitGroup
	for i := range forms {
		wg.Go(func() {
			again, _ := c.Tile(context.Background(), kaifeng, year(1141))
			forms[i] = again.Gzip()
		})
	}
	wg.Wait()
	gz := forms[0]
	for _, f := range forms[1:] {
		if &f.Body[0] != &gz.Body[0] {
			t.Fatal("the gzip form was made more than once")
		}
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz.Body))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(plain, tl.Raw) {
		t.Errorf("the gzip form holds %d bytes (%v), the tile %d", len(plain), err, len(tl.Raw))
	}
	if gz.ETag == tl.ETag || gz.ETagHeader[0] != gz.ETag || gz.Length[0] != strconv.Itoa(len(gz.Body)) {
		t.Errorf("gzip form: ETag %s (the tile's %s), headers %v %v", gz.ETag, tl.ETag, gz.ETagHeader, gz.Length)
	}
	if after := c.Stats().Bytes; after < before+int64(len(gz.Body)) {
		t.Errorf("the cache counts %d bytes with the gzip form, %d without", after, before)
	}
	if (Tile{}).Gzip().Body != nil {
		t.Error("an empty tile has a gzip form")
	}
}
