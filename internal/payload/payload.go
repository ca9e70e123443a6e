// Package payload makes what a response body needs once: a strong ETag of
// its bytes and its gzip form, and keeps gzip forms in a byte-bounded
// cache (internal/lru) so a body is compressed once however often it is
// served. The server's JSON and HTML bodies and the tile cache's tiles
// use it.
package payload

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"strings"

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

// Gzip compresses body at a compress/gzip level.
func Gzip(body []byte, level int) []byte {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, level)
	if err != nil {
		zw = gzip.NewWriter(&buf)
	}
	zw.Write(body) // a bytes.Buffer does not fail
	zw.Close()
	return buf.Bytes()
}

// GzipCache keeps the gzip forms of recent bodies by their ETag.
type GzipCache struct {
	level int
	lru   *lru.Cache[string, []byte]
}

// NewGzipCache returns a cache that compresses at level and holds at most
// maxBytes.
func NewGzipCache(maxBytes int64, level int) *GzipCache {
	return &GzipCache{level: level, lru: lru.New[string, []byte](maxBytes, lru.BytesOf)}
}

// Get returns body compressed, from the cache when it is there; etag is
// body's ETag.
func (c *GzipCache) Get(etag string, body []byte) []byte {
	if gz, ok := c.lru.Get(etag); ok {
		return gz
	}
	gz := Gzip(body, c.level)
	c.lru.Add(etag, gz)
	return gz
}
