package server

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"

	"github.com/chronoatlas/chronoatlas/geo/csv"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/chronoatlas/chronoatlas/internal/params"
)

const typeCSV = csv.ContentType

// writeDownload writes the matches of an items request as CSV or as a
// GeoPackage, a file named after the collection. A GeoPackage is made in
// a temporary file, sent, and removed; a client that leaves stops it.
func (s *Server) writeDownload(w http.ResponseWriter, r *http.Request, st *snapshot, c *feature.Collection, req itemsRequest) {
	fs := st.core.Select(c, req.query).Features
	if req.format == params.CSV {
		var buf bytes.Buffer
		if err := st.core.CSV(&buf, fs, req.query.When, req.query.Properties); err != nil {
			s.resp.Error(w, r, fault.Wrap(err, "cannot write %s as CSV", c.ID))
			return
		}
		w.Header().Set("Content-Disposition", `attachment; filename="`+c.ID+`.csv"`)
		s.resp.Body(w, r, typeCSV, buf.Bytes(), s.resp.CacheControl())
		return
	}
	h := w.Header()
	h.Set("Cache-Control", s.resp.CacheControl())
	dir, err := os.MkdirTemp("", "chronoatlas-gpkg-")
	if err != nil {
		s.resp.Error(w, r, fault.Wrap(err, "cannot make a GeoPackage"))
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, c.ID+".gpkg")
	if err := st.core.GeoPackage(r.Context(), path, c, fs, req.query.When, req.query.Properties); err != nil {
		s.resp.Error(w, r, fault.Wrap(err, "cannot make a GeoPackage of %s", c.ID))
		return
	}
	h.Set("Content-Disposition", `attachment; filename="`+c.ID+`.gpkg"`)
	f, err := os.Open(path)
	if err != nil {
		s.resp.Error(w, r, fault.Wrap(err, "cannot send the GeoPackage"))
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		s.resp.Error(w, r, fault.Wrap(err, "cannot send the GeoPackage"))
		return
	}
	h.Set("Content-Type", "application/geopackage+sqlite3")
	http.ServeContent(w, r, c.ID+".gpkg", fi.ModTime(), f)
}
