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
	"github.com/chronoatlas/chronoatlas/internal/front"
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
	z, rest, ok1 := strings.Cut(path, "/")
	x, last, ok2 := strings.Cut(rest, "/")
	if !ok1 || !ok2 || strings.Contains(last, "/") {
		return maptile.Tile{}, fault.Errorf(fault.NotFound, "no such tile: tiles are /tiles/{z}/{x}/{y}.mvt")
	}
	y, ok := strings.CutSuffix(last, ".mvt")
	if !ok {
		return maptile.Tile{}, fault.Errorf(fault.NotFound, "tiles are .mvt: /tiles/{z}/{x}/{y}.mvt (or .png for raster tiles)")
	}
	return params.Tile(z, x, y, atlas.MaxZoom)
}

// Tile serves one vector tile, its path after /tiles/ being z/x/y.mvt:
// the state at datetime, or every version with its start and end. An empty
// tile is a 204.
func (h *Handlers) Tile(w http.ResponseWriter, r *http.Request, path string) {
	a, err := h.answer(r.Context(), path, r.URL.RawQuery, r.Header.Get("Accept-Encoding"), r.Header.Get("If-None-Match"))
	if err != nil {
		var ce *cacheError
		if errors.As(err, &ce) {
			h.tileError(w, r, ce.t, ce.err)
			return
		}
		h.resp.Error(w, r, err)
		return
	}
	hd := w.Header()
	a.header(func(name string, value []string) { hd[name] = value })
	if a.status != http.StatusOK {
		w.WriteHeader(a.status)
		return
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		conn.WriteWhole(w, r, a.body)
	}
}

// Front answers a request for a tile that internal/front read, path being
// what follows /tiles/, with the very response Tile would make; it
// declines (false) any request Tile would answer with an error, which
// then goes to net/http and Tile.
func (h *Handlers) Front(path string, r *front.Request, ans *front.Answer) bool {
	a, err := h.answer(context.Background(), path, r.RawQuery, r.AcceptEncoding, r.IfNoneMatch)
	if err != nil {
		return false
	}
	ans.Status = a.status
	a.header(func(name string, value []string) {
		ans.Header = append(ans.Header, front.Field{Name: name, Value: value[0]})
	})
	ans.Body = a.body
	return true
}

// tileAnswer is the answer to a request for a tile that succeeds: 200,
// 204 for an empty tile, or 304. Its header values are net/http's
// header-map values, shared by every response of the tile.
type tileAnswer struct {
	status       int
	cacheControl []string
	etag         []string // the ETag header, but for a 204
	zipped       bool     // the body is the gzip form
	length       []string // Content-Length, for a 200
	body         []byte
}

// header sets the answer's headers, as net/http header-map values: the
// ones Tile writes into its header map and Front hands the front.
func (a tileAnswer) header(set func(name string, value []string)) {
	set("Cache-Control", a.cacheControl)
	set("Vary", hdrVaryEncoding)
	if a.status == http.StatusNoContent {
		return
	}
	set("Etag", a.etag)
	if a.status == http.StatusNotModified {
		return
	}
	if a.zipped {
		set("Content-Encoding", hdrGzip)
	}
	set("Content-Type", hdrMVT)
	set("Content-Length", a.length)
}

// cacheError is the tile cache's failure to serve tile t.
type cacheError struct {
	t   maptile.Tile
	err error
}

func (e *cacheError) Error() string { return e.err.Error() }

// answer answers a request for the tile at path (z/x/y.mvt) with the
// query rawQuery and those headers, or fails with a fault or a
// cacheError.
func (h *Handlers) answer(ctx context.Context, path, rawQuery, acceptEncoding, ifNoneMatch string) (tileAnswer, error) {
	set := h.current()
	when, cacheControl, err := h.tileQuery(rawQuery, set.version)
	if err != nil {
		return tileAnswer{}, err
	}
	t, err := parseTile(path)
	if err != nil {
		return tileAnswer{}, err
	}
	tl, err := set.cache.Tile(ctx, t, when)
	if err != nil {
		return tileAnswer{}, &cacheError{t, err}
	}
	a := tileAnswer{status: http.StatusNoContent, cacheControl: cacheControl}
	if tl.Empty() {
		return a, nil
	}
	// The gzip form is another representation, with an ETag of its own.
	a.body, a.length, a.etag = tl.Raw, tl.RawLength, tl.ETagHeader
	etag := tl.ETag
	if a.zipped = respond.AcceptsGzipValue(acceptEncoding); a.zipped {
		gz := tl.Gzip()
		a.body, a.length, etag, a.etag = gz.Body, gz.Length, gz.ETag, gz.ETagHeader
	}
	if respond.Matches(ifNoneMatch, etag) {
		a.status = http.StatusNotModified
		return a, nil
	}
	a.status = http.StatusOK
	return a, nil
}

// tileTime reads a tile request's query, which may hold datetime and
// nothing else. The common "datetime=1141" is read without building a map.
func tileTime(raw string) (*chrono.Interval, error) {
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
	q, _ := url.ParseQuery(raw) // the middleware has refused a malformed query
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
