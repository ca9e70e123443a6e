package server

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/geo/kml"
	"github.com/chronoatlas/chronoatlas/internal/fault"
)

// streamsKML reports whether a request for KML is answered as a stream
// (a plain GET: the download) rather than as a whole body with an ETag
// (HEAD, and conditional and range requests, such as GDAL's /vsicurl/
// makes). A stream is its own request's: the limiter does not share it.
func streamsKML(r *http.Request) bool {
	if r.Method != http.MethodGet {
		return false
	}
	h := r.Header
	if h["If-None-Match"] != nil || h["Range"] != nil || h["If-Range"] != nil {
		return false
	}
	f, err := negotiateFeatures(r)
	return err == nil && f == formatKML
}

// writeKML writes features as a KML document (downloads.Writer.KML).
func (s *Server) writeKML(w http.ResponseWriter, r *http.Request, st *snapshot, c *feature.Collection, title string, fs []*feature.Feature, when *chrono.Interval) {
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="%s.kml"`, c.ID))
	if streamsKML(r) {
		s.streamKML(w, r, st, c, title, fs, when)
		return
	}
	var buf bytes.Buffer
	if err := st.core.KML(r.Context(), &buf, c, title, fs, when); err != nil {
		s.error(w, r, err)
		return
	}
	s.writeBody(w, r, kml.ContentType, buf.Bytes(), s.cacheControl())
}

// streamKML writes the document as downloads.Writer.KML makes it, feature by
// feature, gzipped when the client takes it (issue 18): a download of
// every territory is never whole in memory, and so has no ETag or
// Content-Length. An error before the first byte is answered as any
// other; one after it cuts the response short, so the client sees a
// broken download rather than a complete-looking one.
func (s *Server) streamKML(w http.ResponseWriter, r *http.Request, st *snapshot, c *feature.Collection, title string, fs []*feature.Feature, when *chrono.Interval) {
	h := w.Header()
	h.Set("Content-Type", kml.ContentType)
	h.Set("Cache-Control", s.cacheControl())
	h.Set("Vary", "Accept, Accept-Encoding")
	sw := &startedWriter{w: w}
	var out io.Writer = sw
	var zw *gzip.Writer
	if acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		zw = gzip.NewWriter(sw)
		out = zw
	}
	err := st.core.KML(r.Context(), out, c, title, fs, when)
	if err == nil && zw != nil {
		err = zw.Close()
	}
	switch {
	case err == nil:
	case !sw.started:
		h.Del("Content-Encoding")
		h.Del("Content-Disposition")
		s.error(w, r, fault.Wrap(err, "cannot write %s as KML", c.ID))
	default:
		panic(http.ErrAbortHandler)
	}
}

// startedWriter notes whether anything was written through it.
type startedWriter struct {
	w       io.Writer
	started bool
}

func (s *startedWriter) Write(p []byte) (int, error) {
	s.started = true
	return s.w.Write(p)
}
