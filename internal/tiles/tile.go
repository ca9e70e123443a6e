package tiles

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/conn"
	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/chronoatlas/chronoatlas/internal/params"
	"github.com/chronoatlas/chronoatlas/internal/respond"
	"github.com/chronoatlas/chronoatlas/internal/tilecache"
	"github.com/paulmach/orb/maptile"
)

// ContentType is the media type of a vector tile.
const ContentType = "application/vnd.mapbox-vector-tile"

var (
	hdrMVT          = []string{ContentType}
	hdrGzip         = []string{"gzip"}
	hdrVaryEncoding = []string{"Accept-Encoding"}
)

// parseTile parses "z/x/y.mvt" strictly: decimal digits only, y followed
// by .mvt.
func parseTile(path string) (maptile.Tile, error) {
	parts := strings.Split(path, "/")
	if len(parts) != 3 {
		return maptile.Tile{}, fault.Errorf(fault.NotFound, "no such tile: tiles are /tiles/{z}/{x}/{y}.mvt")
	}
	y, ok := strings.CutSuffix(parts[2], ".mvt")
	if !ok {
		return maptile.Tile{}, fault.Errorf(fault.NotFound, "tiles are .mvt: /tiles/{z}/{x}/{y}.mvt (or .png for raster tiles)")
	}
	return params.Tile(parts[0], parts[1], y, atlas.MaxZoom)
}

// Tile serves one vector tile, its path after /tiles/ being z/x/y.mvt:
// the state at datetime, or every version with its start and end. An empty
// tile is a 204.
func (h *Handlers) Tile(w http.ResponseWriter, r *http.Request, path string) {
	set := h.current()
	when, cacheControl, err := h.tileQuery(r.URL, set.version)
	if err != nil {
		h.resp.Error(w, r, err)
		return
	}
	t, err := parseTile(path)
	if err != nil {
		h.resp.Error(w, r, err)
		return
	}
	tl, err := set.cache.Tile(r.Context(), t, when)
	if err != nil {
		h.tileError(w, r, t, err)
		return
	}
	hd := w.Header()
	hd["Cache-Control"] = cacheControl
	hd["Vary"] = hdrVaryEncoding
	if tl.Empty() {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	// The gzip form is another representation, with an ETag of its own.
	body, length, etag, etagHeader := tl.Raw, tl.RawLength, tl.ETag, tl.ETagHeader
	zipped := respond.AcceptsGzip(r)
	if zipped {
		gz := tl.Gzip()
		body, length, etag, etagHeader = gz.Body, gz.Length, gz.ETag, gz.ETagHeader
	}
	hd["Etag"] = etagHeader
	if respond.Matches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if zipped {
		hd["Content-Encoding"] = hdrGzip
	}
	hd["Content-Type"] = hdrMVT
	hd["Content-Length"] = length
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		conn.WriteWhole(w, r, body)
	}
}

// tileTime reads a tile request's query, which may hold datetime and
// nothing else. The common "datetime=1141" is read without building a map.
func tileTime(u *url.URL) (*chrono.Interval, error) {
	raw := u.RawQuery
	if raw == "" {
		return nil, nil
	}
	if v, ok := strings.CutPrefix(raw, "datetime="); ok && !strings.ContainsAny(v, "&%+;=") {
		iv, err := params.DatetimeValue(v)
		if err != nil {
			return nil, err
		}
		return &iv, nil
	}
	q := u.Query()
	if err := params.Check(q, func(k string) bool { return k == "datetime" }); err != nil {
		return nil, err
	}
	iv, ok, err := params.Datetime(q)
	if err != nil || !ok {
		return nil, err
	}
	return &iv, nil
}

// tileError answers a request for tile t that the tile cache could not
// serve.
func (h *Handlers) tileError(w http.ResponseWriter, r *http.Request, t maptile.Tile, err error) {
	var ae *tilecache.AddressError
	switch {
	case errors.As(err, &ae):
		h.resp.Error(w, r, fault.Param("z", "%s", strings.TrimPrefix(ae.Error(), "tilecache: ")))
	case errors.Is(err, tilecache.ErrBusy), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		// Busy, or the client stopped waiting (and reads no answer).
		w.Header().Set("Retry-After", "1")
		h.resp.Error(w, r, fault.Errorf(fault.Unavailable, "too many tiles are being generated; try again"))
	default:
		h.resp.Error(w, r, fault.Wrap(err, "cannot make tile %d/%d/%d", t.Z, t.X, t.Y))
	}
}
