package lru

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

// BenchmarkGetAdd is a mix of hits and misses over more keys than fit.
func BenchmarkGetAdd(b *testing.B) {
	keys := make([]string, 4096)
	for i := range keys {
		keys[i] = strconv.Itoa(i)
	}
	body := make([]byte, 1024)
	c := New[string, []byte](1024*(1024+200), BytesOf)
	rng := rand.New(rand.NewPCG(1, 2))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		k := keys[rng.IntN(len(keys))]
		if _, ok := c.Get(k); !ok {
			c.Add(k, body)
		}
	}
}

// BenchmarkGetHit is a cached body asked for again.
func BenchmarkGetHit(b *testing.B) {
	c := New[string, []byte](1<<20, BytesOf)
	c.Add("tile", make([]byte, 1024))
	b.ReportAllocs()
	for range b.N {
		c.Get("tile")
	}
}
