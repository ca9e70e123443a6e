package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/chronoatlas/chronoatlas/internal/tilecache"
	"github.com/paulmach/orb/maptile"
)

const typeMVT = "application/vnd.mapbox-vector-tile"

var (
	hdrMVT          = []string{typeMVT}
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
	num := func(name, s string, max uint64) (uint64, error) {
		if s == "" || len(s) > 10 || strings.TrimLeft(s, "0123456789") != "" {
			return 0, fault.Param(name, "%q is not a whole number", s)
		}
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil || n > max {
			return 0, fault.Param(name, "%s out of range 0–%d", s, max)
		}
		return n, nil
	}
	z, err := num("z", parts[0], atlas.MaxZoom)
	if err != nil {
		return maptile.Tile{}, err
	}
	last := uint64(1)<<z - 1
	x, err := num("x", parts[1], last)
	if err != nil {
		return maptile.Tile{}, err
	}
	yy, err := num("y", y, last)
	if err != nil {
		return maptile.Tile{}, err
	}
	return maptile.New(uint32(x), uint32(yy), maptile.Zoom(z)), nil
}

// handleTile serves one vector tile, its path after /tiles/ being z/x/y.mvt:
// the state at datetime, or every version with its start and end. An empty
// tile is a 204.
func (s *Server) handleTile(w http.ResponseWriter, r *http.Request, path string) {
	st := s.current()
	when, cacheControl, err := s.tileQuery(r.URL, st.tileVersion)
	if err != nil {
		s.error(w, r, err)
		return
	}
	t, err := parseTile(path)
	if err != nil {
		s.error(w, r, err)
		return
	}
	tl, err := st.tiles.Tile(r.Context(), t, when)
	if err != nil {
		s.tileError(w, r, t, err)
		return
	}
	h := w.Header()
	h["Cache-Control"] = cacheControl
	h["Vary"] = hdrVaryEncoding
	if tl.Empty() {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	// The gzip form is another representation, with an ETag of its own.
	body, length, etag, etagHeader := tl.Raw, tl.RawLength, tl.ETag, tl.ETagHeader
	zipped := acceptsGzip(r)
	if zipped {
		gz := tl.Gzip()
		body, length, etag, etagHeader = gz.Body, gz.Length, gz.ETag, gz.ETagHeader
	}
	h["Etag"] = etagHeader
	if matches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if zipped {
		h["Content-Encoding"] = hdrGzip
	}
	h["Content-Type"] = hdrMVT
	h["Content-Length"] = length
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		writeWhole(w, r, body)
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
		iv, err := datetimeValue(v)
		if err != nil {
			return nil, err
		}
		return &iv, nil
	}
	q := u.Query()
	if err := checkParams(q, func(k string) bool { return k == "datetime" }); err != nil {
		return nil, err
	}
	iv, ok, err := parseDatetime(q)
	if err != nil || !ok {
		return nil, err
	}
	return &iv, nil
}

// tileError answers a request for tile t that the tile cache could not
// serve.
func (s *Server) tileError(w http.ResponseWriter, r *http.Request, t maptile.Tile, err error) {
	var ae *tilecache.AddressError
	switch {
	case errors.As(err, &ae):
		s.error(w, r, fault.Param("z", "%s", strings.TrimPrefix(ae.Error(), "tilecache: ")))
	case errors.Is(err, tilecache.ErrBusy), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		// Busy, or the client stopped waiting (and reads no answer).
		w.Header().Set("Retry-After", "1")
		s.error(w, r, fault.Errorf(fault.Unavailable, "too many tiles are being generated; try again"))
	default:
		s.error(w, r, fault.Wrap(err, "cannot make tile %d/%d/%d", t.Z, t.X, t.Y))
	}
}
