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
	"github.com/chronoatlas/chronoatlas/internal/params"
	"github.com/chronoatlas/chronoatlas/internal/respond"
)

// streamsKML reports whether a request for KML is answered as a stream
// (a plain GET: the download) rather than as a whole body with an ETag
// (HEAD, and conditional and range requests, such as GDAL's /vsicurl/
// makes).
func streamsKML(r *http.Request) bool {
	if r.Method != http.MethodGet {
		return false
	}
	h := r.Header
	if h["If-None-Match"] != nil || h["Range"] != nil || h["If-Range"] != nil {
		return false
	}
	f, err := params.NegotiateFeatures(r)
	return err == nil && f == params.KML
}

// gateItems runs an items request within the gate: a KML stream on its
// own, since a computation shared among requests would hold it whole,
// anything else shared among identical requests.
func (s *Server) gateItems(h http.HandlerFunc) http.HandlerFunc {
	shared, alone := s.shared.Expensive(h), s.shared.Alone(h)
	return func(w http.ResponseWriter, r *http.Request) {
		if streamsKML(r) {
			alone(w, r)
			return
		}
		shared(w, r)
	}
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
		s.resp.Error(w, r, err)
		return
	}
	s.resp.Body(w, r, kml.ContentType, buf.Bytes(), s.resp.CacheControl())
}

// streamKML writes the document as downloads.Writer.KML makes it, feature
// by feature, gzipped when the client takes it (issue 18): a download of
// every territory is never whole in memory, and so has no ETag or
// Content-Length. An error before the first byte is answered as any
// other; one after it cuts the response short, so the client sees a
// broken download rather than a complete-looking one.
func (s *Server) streamKML(w http.ResponseWriter, r *http.Request, st *snapshot, c *feature.Collection, title string, fs []*feature.Feature, when *chrono.Interval) {
	h := w.Header()
	h.Set("Content-Type", kml.ContentType)
	h.Set("Cache-Control", s.resp.CacheControl())
	h.Set("Vary", "Accept, Accept-Encoding")
	sw := &startedWriter{w: w}
	var out io.Writer = sw
	var zw *gzip.Writer
	if respond.AcceptsGzip(r) {
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
		s.resp.Error(w, r, fault.Wrap(err, "cannot write %s as KML", c.ID))
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
