package lru

import (
	"fmt"
	"runtime"
	"strconv"
	"testing"
)

func TestCache(t *testing.T) {
	type op struct {
		add  bool
		key  string
		size int // bytes of value
	}
	for _, tc := range []struct {
		name  string
		max   int64 // beyond the overhead of one entry, times entries
		ops   []op
		want  []string // keys present afterwards
		added []bool
	}{
		{"fits", 3, []op{{true, "a", 1}, {true, "b", 1}}, []string{"a", "b"}, []bool{true, true}},
		{"evicts the least recently used", 2, []op{{true, "a", 1}, {true, "b", 1}, {true, "c", 1}}, []string{"b", "c"}, []bool{true, true, true}},
		{"a get keeps an entry", 2, []op{{true, "a", 1}, {true, "b", 1}, {false, "a", 0}, {true, "c", 1}}, []string{"a", "c"}, []bool{true, true, true}},
		{"too large for the whole cache", 2, []op{{true, "a", 1}, {true, "big", 1000}}, []string{"a"}, []bool{true, false}},
		{"a second add keeps the first", 3, []op{{true, "a", 1}, {true, "a", 2}}, []string{"a"}, []bool{true, false}},
		{"one large entry evicts several", 3, []op{{true, "a", 1}, {true, "b", 1}, {true, "c", 1}, {true, "d", 100}}, []string{"c", "d"}, []bool{true, true, true, true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			probe := New[string, []byte](0, BytesOf)
			per := probe.Overhead() + 2 // a key of one byte, a value of one
			c := New[string, []byte](tc.max*per+per/2, BytesOf)
			var added []bool
			for _, o := range tc.ops {
				if o.add {
					added = append(added, c.Add(o.key, make([]byte, o.size)))
				} else {
					c.Get(o.key)
				}
			}
			var got []string
			for _, k := range []string{"a", "b", "c", "d", "big"} {
				if _, ok := c.Get(k); ok {
					got = append(got, k)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) || fmt.Sprint(added) != fmt.Sprint(tc.added) {
				t.Errorf("got %v added %v, want %v added %v", got, added, tc.want, tc.added)
			}
			if c.Len() != len(tc.want) {
				t.Errorf("Len %d, want %d", c.Len(), len(tc.want))
			}
			if b := c.Bytes(); b > tc.max*per+per/2 {
				t.Errorf("Bytes %d over the bound %d", b, tc.max*per+per/2)
			}
		})
	}
}

// TestBytesAreReal fills a cache with small entries, where the overhead
// is most of the cost, and checks that what it counts is close to what
// the heap grew by.
func TestBytesAreReal(t *testing.T) {
	for _, size := range []int{0, 16, 1000} {
		t.Run(strconv.Itoa(size), func(t *testing.T) {
			const n = 20000
			keys := make([]string, n)
			for i := range keys {
				keys[i] = fmt.Sprintf("key-%08d", i)
			}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			c := New[string, []byte](1<<40, BytesOf)
			for _, k := range keys {
				c.Add(k, make([]byte, size))
			}
			runtime.GC()
			runtime.ReadMemStats(&after)
			grown := float64(after.HeapAlloc) - float64(before.HeapAlloc)
			counted := float64(c.Bytes() - int64(n*len(keys[0]))) // the keys were there before
			r := counted / grown
			if r < 0.93 || r > 1.25 { // a little under for size classes; over rather than under
				t.Errorf("counted %.0f bytes, the heap grew by %.0f (ratio %.2f)", counted, grown, r)
			}
			t.Logf("counted %.0f bytes for a heap growth of %.0f (ratio %.2f)", counted, grown, r)
			runtime.KeepAlive(c)
			runtime.KeepAlive(keys)
		})
	}
}

// TestResize grows a value in place and checks that the cache counts it
// and evicts to fit, the least recently used first.
func TestResize(t *testing.T) {
	sizes := map[string]int64{"a": 100, "b": 100}
	c := New[string, string](1000, func(k, _ string) int64 { return sizes[k] })
	per := c.Overhead()
	c.Add("a", "")
	c.Add("b", "")
	c.Get("a") // b is now the least recently used
	sizes["a"] = 300
	c.Resize("a")
	if got, want := c.Bytes(), 400+2*per; got != want {
		t.Errorf("after growing a: Bytes %d, want %d", got, want)
	}
	sizes["a"] = 1000 - per - 1 // a and b no longer fit together
	c.Resize("a")
	if _, ok := c.Get("b"); ok {
		t.Error("b, the least recently used, was kept past the bound")
	}
	if _, ok := c.Get("a"); !ok || c.Bytes() != 1000-1 {
		t.Errorf("a: kept %v, Bytes %d, want %d", ok, c.Bytes(), 1000-1)
	}
	c.Resize("gone") // no entry: nothing happens
	sizes["a"] = 2000
	c.Resize("a")
	if c.Len() != 0 || c.Bytes() != 0 {
		t.Errorf("an entry grown past the bound: Len %d Bytes %d, want 0 0", c.Len(), c.Bytes())
	}
}
