package respond

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/chronoatlas/chronoatlas/internal/payload"
)

// Writer writes responses: it holds what every answer shares, the logger
// of internal errors, the cache of gzip-compressed bodies and the
// Cache-Control of data.
type Writer struct {
	log          *slog.Logger
	gz           *payload.GzipCache
	cacheControl string
}

// New returns a Writer logging internal errors to log, compressing
// through gz, and letting clients keep data for maxAge.
func New(log *slog.Logger, gz *payload.GzipCache, maxAge time.Duration) *Writer {
	return &Writer{log: log, gz: gz, cacheControl: fmt.Sprintf("public, max-age=%d", int(maxAge.Seconds()))}
}

// CacheControl is the Cache-Control value of data responses.
func (rw *Writer) CacheControl() string { return rw.cacheControl }

// Gzip returns body compressed, from the cache when it was compressed
// before; plain is body's ETag.
func (rw *Writer) Gzip(plain string, body []byte) []byte { return rw.gz.Get(plain, body) }

// Matches reports whether an If-None-Match header matches etag.
func Matches(ifNoneMatch, etag string) bool {
	if ifNoneMatch == "" {
		return false
	}
	for _, tag := range strings.Split(ifNoneMatch, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || tag == etag || strings.TrimPrefix(tag, "W/") == etag {
			return true
		}
	}
	return false
}

// AcceptsGzip reports whether the client takes gzip-compressed bodies: it
// names gzip (or *) in Accept-Encoding with a quality above zero.
func AcceptsGzip(r *http.Request) bool {
	return AcceptsGzipValue(r.Header.Get("Accept-Encoding"))
}

// AcceptsGzipValue is AcceptsGzip of an Accept-Encoding header's value.
func AcceptsGzipValue(acceptEncoding string) bool {
	if acceptEncoding == "" {
		return false
	}
	star := false
	for _, part := range strings.Split(acceptEncoding, ",") {
		enc, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		enc = strings.ToLower(strings.TrimSpace(enc))
		q := 1.0
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.TrimSpace(k) == "q" {
			if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				q = f
			}
		}
		switch enc {
		case "gzip":
			return q > 0
		case "*":
			star = q > 0
		}
	}
	return star
}

// Body writes a complete body with a strong ETag, answering 304 when
// the client has it already, compressing (once, then from the cache) when
// the client takes gzip, and serving byte ranges, which GDAL's /vsicurl/
// asks for and a broken download resumes with. The gzip form is another
// representation, so it has an ETag of its own: a range of one is not a
// range of the other.
func (rw *Writer) Body(w http.ResponseWriter, r *http.Request, contentType string, body []byte, cacheControl string) {
	plain := payload.ETag(body)
	etag := plain
	zipped := len(body) > 512 && AcceptsGzip(r)
	if zipped {
		etag = payload.GzipETag(plain)
	}
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Vary", "Accept, Accept-Encoding")
	if cacheControl != "" {
		h.Set("Cache-Control", cacheControl)
	}
	if Matches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if zipped {
		body = rw.gz.Get(plain, body)
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Type", contentType)
	h.Set("Accept-Ranges", "bytes")
	if r.Header.Get("Range") != "" {
		// ServeContent answers Range and If-Range against the ETag. It
		// leaves Content-Length out of a whole gzip body, which is why
		// the common case does not go through it.
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// JSON marshals v and writes it with Body.
func (rw *Writer) JSON(w http.ResponseWriter, r *http.Request, contentType string, v any) {
	rw.JSONCache(w, r, contentType, v, rw.cacheControl)
}

// JSONCache is JSON with a Cache-Control of the caller's.
func (rw *Writer) JSONCache(w http.ResponseWriter, r *http.Request, contentType string, v any, cacheControl string) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		rw.Error(w, r, fault.Wrap(err, "cannot encode the response"))
		return
	}
	rw.Body(w, r, contentType, buf.Bytes(), cacheControl)
}
