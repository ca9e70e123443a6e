package tilecache

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/geo/tile"
	"github.com/paulmach/orb/maptile"
	"golang.org/x/sync/singleflight"
)

// Source is what the cache draws tiles from: the collections, in the order
// their layers appear in a tile.
type Source interface {
	Collections() []*feature.Collection
}

// Config bounds the cache.
type Config struct {
	// MaxZoom is the deepest zoom served.
	MaxZoom int
	// MaxBytes bounds the memory the cached tiles take.
	MaxBytes int64
	// Workers bounds how many tiles are generated at once.
	Workers int
	// Layers orders the layers of a tile by collection id; collections
	// not named come after, in the source's order.
	Layers []string
}

// DefaultConfig is the configuration the server uses unless told
// otherwise.
func DefaultConfig() Config {
	return Config{
		MaxZoom:  14,
		MaxBytes: 256 << 20,
		Workers:  4,
		Layers:   []string{"land", "territories", "rivers", "frontiers", "campaigns", "places", "events"},
	}
}

// Tile is one encoded tile. An empty tile has no bytes and no ETag.
type Tile struct {
	Raw  []byte // the MVT
	Gzip []byte // the same, gzip-compressed
	ETag string // a strong ETag of the content, quoted
	// Header values made once, so that serving a cached tile allocates
	// nothing for them: the ETag and the two bodies' lengths.
	ETagHeader, RawLength, GzipLength []string
}

// Empty reports whether the tile holds nothing.
func (t Tile) Empty() bool { return len(t.Raw) == 0 }

// AddressError is a tile address out of range.
type AddressError struct {
	Tile    maptile.Tile
	MaxZoom int
}

func (e *AddressError) Error() string {
	if int(e.Tile.Z) > e.MaxZoom {
		return fmt.Sprintf("tilecache: zoom %d out of range 0–%d", e.Tile.Z, e.MaxZoom)
	}
	return fmt.Sprintf("tilecache: tile %d/%d/%d does not exist: x and y run from 0 to %d at zoom %d",
		e.Tile.Z, e.Tile.X, e.Tile.Y, (uint64(1)<<e.Tile.Z)-1, e.Tile.Z)
}

// ErrBusy is returned when the request's context ends while it waits for a
// generation slot.
var ErrBusy = errors.New("tilecache: too many tiles being generated")

// Stats are the cache's counters since it was made.
type Stats struct {
	Hits, Misses  int64
	Generated     int64
	GenerateTime  time.Duration
	Entries       int
	Bytes         int64
	EpochSetsSeen int
}

// Cache generates and keeps tiles.
type Cache struct {
	src    Source
	cfg    Config
	layers []*feature.Collection
	sem    chan struct{}
	group  singleflight.Group

	mu      sync.Mutex
	entries map[key]*list.Element
	order   *list.List // of *entry, most recently used first
	bytes   int64
	changes map[maptile.Tile][]chrono.Day // each tile's days of change

	hits, misses, generated, genNanos atomic.Int64
}

type key struct {
	t          maptile.Tile
	all        bool // every version, no datetime
	first, end int  // the epochs covered: [first, end) in the tile's changes
}

type entry struct {
	k    key
	tile Tile
}

// New returns a cache over src.
func New(src Source, cfg Config) *Cache {
	if cfg.Workers < 1 {
		cfg.Workers = 1
	}
	c := &Cache{
		src:     src,
		cfg:     cfg,
		sem:     make(chan struct{}, cfg.Workers),
		entries: map[key]*list.Element{},
		order:   list.New(),
		changes: map[maptile.Tile][]chrono.Day{},
	}
	rank := map[string]int{}
	for i, id := range cfg.Layers {
		rank[id] = i + 1
	}
	c.layers = append(c.layers, src.Collections()...)
	sort.SliceStable(c.layers, func(i, j int) bool {
		ri, rj := rank[c.layers[i].ID], rank[c.layers[j].ID]
		if ri == 0 {
			ri = len(rank) + 1
		}
		if rj == 0 {
			rj = len(rank) + 1
		}
		return ri < rj
	})
	return c
}

// Check returns an *AddressError when t is not a tile the cache serves.
func (c *Cache) Check(t maptile.Tile) error {
	if int(t.Z) > c.cfg.MaxZoom || !t.Valid() {
		return &AddressError{Tile: t, MaxZoom: c.cfg.MaxZoom}
	}
	return nil
}

// Tile returns tile t as it stood during when, or with every version when
// when is nil.
func (c *Cache) Tile(ctx context.Context, t maptile.Tile, when *chrono.Interval) (Tile, error) {
	if err := c.Check(t); err != nil {
		return Tile{}, err
	}
	k := key{t: t, all: when == nil}
	if when != nil {
		days := c.tileChanges(t)
		// Epoch i is [days[i-1], days[i]); the query covers the epochs from
		// the one holding its first day to the one holding its last.
		k.first = sort.Search(len(days), func(i int) bool { return days[i] > when.Start })
		k.end = sort.Search(len(days), func(i int) bool { return days[i] >= when.End }) + 1
	}
	if tl, ok := c.lookup(k); ok {
		c.hits.Add(1)
		return tl, nil
	}
	c.misses.Add(1)
	v, err, _ := c.group.Do(fmt.Sprint(k), func() (any, error) {
		if tl, ok := c.lookup(k); ok {
			return tl, nil
		}
		select {
		case c.sem <- struct{}{}:
		case <-ctx.Done():
			return Tile{}, ErrBusy
		}
		defer func() { <-c.sem }()
		start := time.Now()
		tl, err := c.generate(t, when)
		c.genNanos.Add(int64(time.Since(start)))
		c.generated.Add(1)
		if err != nil {
			return Tile{}, err
		}
		c.store(k, tl)
		return tl, nil
	})
	if err != nil {
		return Tile{}, err
	}
	return v.(Tile), nil
}

// generate encodes one tile.
func (c *Cache) generate(t maptile.Tile, when *chrono.Interval) (Tile, error) {
	bound := t.Bound(0.02)
	all := chrono.All
	q := &all
	if when != nil {
		q = when
	}
	layers := make([]tile.Layer, 0, len(c.layers))
	for _, col := range c.layers {
		layers = append(layers, tile.Layer{Name: col.ID, Features: col.Query(*q, bound)})
	}
	raw, err := tile.Encode(t, layers, tile.Options{At: when})
	if err != nil {
		return Tile{}, err
	}
	if len(raw) == 0 {
		return Tile{}, nil
	}
	var buf bytes.Buffer
	// The default level: the best saves 0.15% of the atlas's tiles' bytes
	// and costs a third of the time it takes to make a cold tile.
	zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	zw.Write(raw)
	zw.Close()
	sum := sha256.Sum256(raw)
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	return Tile{
		Raw: raw, Gzip: buf.Bytes(), ETag: etag,
		ETagHeader: []string{etag},
		RawLength:  []string{strconv.Itoa(len(raw))},
		GzipLength: []string{strconv.Itoa(buf.Len())},
	}, nil
}

// tileChanges returns the sorted days on which anything inside tile t
// changes: features starting or ending, places changing their names or
// their kind (feature.Feature.Changes).
func (c *Cache) tileChanges(t maptile.Tile) []chrono.Day {
	c.mu.Lock()
	days, ok := c.changes[t]
	c.mu.Unlock()
	if ok {
		return days
	}
	bound := t.Bound(0.02)
	seen := map[chrono.Day]bool{}
	add := func(d chrono.Day) {
		if d != chrono.MinDay && d != chrono.MaxDay {
			seen[d] = true
		}
	}
	for _, col := range c.layers {
		for _, f := range col.Query(chrono.All, bound) {
			for _, d := range f.Changes() {
				add(d)
			}
		}
	}
	days = make([]chrono.Day, 0, len(seen))
	for d := range seen {
		days = append(days, d)
	}
	sort.Slice(days, func(i, j int) bool { return days[i] < days[j] })
	c.mu.Lock()
	if len(c.changes) > 1<<16 {
		clear(c.changes) // a crawl over many tiles; start again
	}
	c.changes[t] = days
	c.mu.Unlock()
	return days
}

func (c *Cache) lookup(k key) (Tile, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[k]
	if !ok {
		return Tile{}, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*entry).tile, true
}

func (c *Cache) store(k key, tl Tile) {
	size := int64(len(tl.Raw)+len(tl.Gzip)) + 128
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[k]; ok || size > c.cfg.MaxBytes {
		return
	}
	c.entries[k] = c.order.PushFront(&entry{k: k, tile: tl})
	c.bytes += size
	for c.bytes > c.cfg.MaxBytes {
		last := c.order.Back()
		e := last.Value.(*entry)
		c.order.Remove(last)
		delete(c.entries, e.k)
		c.bytes -= int64(len(e.tile.Raw)+len(e.tile.Gzip)) + 128
	}
}

// Stats returns the cache's counters.
func (c *Cache) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Stats{
		Hits: c.hits.Load(), Misses: c.misses.Load(), Generated: c.generated.Load(),
		GenerateTime: time.Duration(c.genNanos.Load()), Entries: len(c.entries), Bytes: c.bytes,
		EpochSetsSeen: len(c.changes),
	}
}
