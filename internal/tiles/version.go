package tiles

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/chronoatlas/chronoatlas/internal/fault"
)

// hdrImmutable is the Cache-Control of a tile at a URL naming the version
// being served: the URL will never answer anything else, so a browser or a
// CDN may keep it for a year without asking again.
var hdrImmutable = []string{"public, max-age=31536000, immutable"}

// version is the version tile URLs carry: a hash of the dataset's
// digest and the program's version, since a tile's bytes depend on both.
// Replicas of one build on one dataset agree on it; a new dataset or a new
// build gives a new one.
func version(ds *dataset.Dataset, program string) string {
	sum := sha256.Sum256([]byte(ds.Digest() + "\x00" + program))
	return hex.EncodeToString(sum[:8])
}

// tileQuery reads a tile request's query, which may hold datetime and v,
// the version the tile URL was made for, and nothing else. It returns the
// time asked for and the Cache-Control to answer with: immutable when v is
// the version served; the configured short max-age when v is absent or
// stale, so a link made before the dataset changed still draws a map.
func (h *Handlers) tileQuery(raw, served string) (*chrono.Interval, []string, error) {
	if !strings.Contains(raw, "v=") {
		when, err := tileTime(raw)
		return when, h.cacheControl, err
	}
	var v string
	found := false
	var rest []string
	for _, pair := range strings.Split(raw, "&") {
		val, ok := strings.CutPrefix(pair, "v=")
		if !ok {
			rest = append(rest, pair)
			continue
		}
		if found {
			return nil, nil, fault.Param("v", "give one version, not several")
		}
		found, v = true, val
	}
	when, err := tileTime(strings.Join(rest, "&"))
	if err != nil {
		return nil, nil, err
	}
	if v == served {
		return when, hdrImmutable, nil
	}
	return when, h.cacheControl, nil
}
