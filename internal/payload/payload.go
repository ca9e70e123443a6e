// Package payload makes what a response body needs once: a strong ETag of
// its bytes and its gzip form, and keeps gzip forms in a byte-bounded
// cache (internal/lru) so a body is compressed once however often it is
// served. The server writes every JSON, HTML and asset body through it;
// anything else that makes ETags or gzip forms (the tile cache) should
// too.
package payload

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"sync"

	"github.com/chronoatlas/chronoatlas/internal/lru"
)

// ETag returns a strong ETag for body, quoted: a hash of its bytes, so
// every replica gives the same one.
func ETag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

// GzipETag returns the ETag of the gzip form of a body whose own ETag is
// etag: another representation, so another tag, and a range of one is
// not a range of the other.
func GzipETag(etag string) string {
	return strings.TrimSuffix(etag, `"`) + `-gzip"`
}

// Gzipper compresses bodies at one compress/gzip level, reusing its
// writers (a gzip.Writer holds hundreds of KB of state). It is safe
// for concurrent use.
type Gzipper struct {
	level int
	pool  sync.Pool // of *gzip.Writer
}

// NewGzipper returns a Gzipper for a compress/gzip level; a level gzip
// does not have means the default.
func NewGzipper(level int) *Gzipper {
	if _, err := gzip.NewWriterLevel(io.Discard, level); err != nil {
		level = gzip.DefaultCompression
	}
	return &Gzipper{level: level}
}

// Gzip returns body compressed. The result's capacity is close to its
// length, so a cache that counts capacities counts what it holds.
func (g *Gzipper) Gzip(body []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(body)/2 + 64)
	zw, _ := g.pool.Get().(*gzip.Writer)
	if zw == nil {
		zw, _ = gzip.NewWriterLevel(&buf, g.level) // the level was checked
	} else {
		zw.Reset(&buf)
	}
	zw.Write(body) // a bytes.Buffer does not fail
	zw.Close()
	g.pool.Put(zw)
	out := buf.Bytes()
	if cap(out)-len(out) > len(out)/8 {
		out = bytes.Clone(out)
	}
	return out
}

// GzipCache keeps the gzip forms of recent bodies by their ETag.
type GzipCache struct {
	gz  *Gzipper
	lru *lru.Cache[string, []byte]
}

// NewGzipCache returns a cache that compresses at level and holds at most
// maxBytes.
func NewGzipCache(maxBytes int64, level int) *GzipCache {
	return &GzipCache{gz: NewGzipper(level), lru: lru.New[string, []byte](maxBytes, lru.BytesOf)}
}

// Get returns body compressed, from the cache when it is there; etag is
// body's ETag.
func (c *GzipCache) Get(etag string, body []byte) []byte {
	if gz, ok := c.lru.Get(etag); ok {
		return gz
	}
	gz := c.gz.Gzip(body)
	c.lru.Add(etag, gz)
	return gz
}
