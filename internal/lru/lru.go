// Package lru is a cache bounded by the bytes its entries really cost,
// evicting the least recently used: the one LRU of the code base. The
// server's cache of compressed bodies (internal/payload) is one; a cache
// of anything else that must fit a memory bound should be one too.
//
// What an entry costs is counted whole: the bytes its key and value hold
// outside themselves (as the caller's size function reports them: the
// backing arrays of slices, the bytes of strings) plus what the cache
// spends on the entry itself: the key and value, the list links and the
// entry's share of the map that finds it (Overhead).
package lru

import (
	"sync"
	"unsafe"
)

// Cache is a byte-bounded LRU cache, safe for concurrent use.
type Cache[K comparable, V any] struct {
	mu      sync.Mutex
	max     int64
	bytes   int64
	sizeOf  func(K, V) int64
	entries map[K]*node[K, V]
	head    node[K, V] // head.next is the most recently used, head.prev the least
}

type node[K comparable, V any] struct {
	k          K
	v          V
	size       int64
	prev, next *node[K, V]
}

// New returns a cache that holds at most maxBytes. sizeOf reports the
// bytes k and v hold outside themselves, 0 when they hold none; nil means
// 0 for every entry.
func New[K comparable, V any](maxBytes int64, sizeOf func(K, V) int64) *Cache[K, V] {
	c := &Cache[K, V]{max: maxBytes, sizeOf: sizeOf, entries: map[K]*node[K, V]{}}
	c.head.prev, c.head.next = &c.head, &c.head
	return c
}

// Overhead is what the cache spends on each entry besides what sizeOf
// reports: the node holding the key, the value, their size and the list
// links, the map slot holding the key and a pointer to the node, and the
// map's control byte, with the map's spare room. A map fills to 7/8 and
// then doubles, so it runs between 7/16 and 7/8 full; a slot is counted
// twice, as for a map half full, so that the count errs high rather than
// let the heap outgrow the bound.
func (c *Cache[K, V]) Overhead() int64 {
	var k K
	var n node[K, V]
	slot := unsafe.Sizeof(k) + unsafe.Sizeof(&n) + 1
	return int64(unsafe.Sizeof(n) + 2*slot)
}

// Get returns the value for k and marks it used.
func (c *Cache[K, V]) Get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, ok := c.entries[k]
	if !ok {
		var zero V
		return zero, false
	}
	c.unlink(n)
	c.pushFront(n)
	return n.v, true
}

// Add stores v under k as the most recently used entry and evicts the
// least recently used until the cache fits its bound. It keeps the entry
// already under k, and does nothing with an entry larger than the whole
// bound; it reports whether it stored v.
func (c *Cache[K, V]) Add(k K, v V) bool {
	size := c.Overhead()
	if c.sizeOf != nil {
		size += c.sizeOf(k, v)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[k]; ok || size > c.max {
		return false
	}
	n := &node[K, V]{k: k, v: v, size: size}
	c.entries[k] = n
	c.pushFront(n)
	c.bytes += size
	c.evict()
	return true
}

// Resize counts the entry under k again, for a value that grows (or
// shrinks) in place, and evicts the least recently used entries, that one
// too if it is, until the cache fits its bound. It does not mark the entry
// used.
func (c *Cache[K, V]) Resize(k K) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, ok := c.entries[k]
	if !ok {
		return
	}
	size := c.Overhead()
	if c.sizeOf != nil {
		size += c.sizeOf(k, n.v)
	}
	c.bytes += size - n.size
	n.size = size
	c.evict()
}

// evict drops the least recently used entries until the cache fits.
func (c *Cache[K, V]) evict() {
	for c.bytes > c.max {
		last := c.head.prev
		c.unlink(last)
		delete(c.entries, last.k)
		c.bytes -= last.size
	}
}

// Len returns the number of entries.
func (c *Cache[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// Bytes returns what the entries cost, as counted against the bound.
func (c *Cache[K, V]) Bytes() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes
}

func (c *Cache[K, V]) unlink(n *node[K, V]) {
	n.prev.next, n.next.prev = n.next, n.prev
}

func (c *Cache[K, V]) pushFront(n *node[K, V]) {
	n.prev, n.next = &c.head, c.head.next
	c.head.next.prev = n
	c.head.next = n
}

// BytesOf is a size function for a cache of byte slices under string keys:
// the key's bytes and the capacity of the slice's backing array.
func BytesOf(k string, v []byte) int64 { return int64(len(k) + cap(v)) }
