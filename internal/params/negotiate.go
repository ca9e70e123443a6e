package params

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/chronoatlas/chronoatlas/geo/kml"
	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/chronoatlas/chronoatlas/internal/gpkg"
)

// Format is a representation a resource can be written in.
type Format int

// The formats: GeoJSON (or JSON) and HTML for every resource; KML, CSV
// and GeoPackage for features.
const (
	JSON Format = iota
	HTML
	KML
	CSV
	GPKG
)

// Download reports whether a format is a file to download rather than a
// page: such a request gets every match unless it gives a limit.
func (f Format) Download() bool { return f == KML || f == CSV || f == GPKG }

// Negotiate picks the representation: the f parameter when given, else
// the one the Accept header ranks higher, else def.
func Negotiate(r *http.Request, def Format) (Format, error) {
	return pickFormat(r, def, false)
}

// NegotiateFeatures is Negotiate for features, which may also be had as
// KML, CSV or a GeoPackage (f=kml, f=csv, f=gpkg, or an Accept header that
// asks for one of them first).
func NegotiateFeatures(r *http.Request) (Format, error) {
	return pickFormat(r, JSON, true)
}

func pickFormat(r *http.Request, def Format, withKML bool) (Format, error) {
	if vs, ok := r.URL.Query()["f"]; ok {
		if len(vs) != 1 {
			return 0, fault.Param("f", "give one format, not %d", len(vs))
		}
		switch strings.ToLower(vs[0]) {
		case "json", "geojson", "application/json", "application/geo+json":
			return JSON, nil
		case "html", "text/html":
			return HTML, nil
		case "kml", kml.ContentType:
			if withKML {
				return KML, nil
			}
		case "csv", "text/csv":
			if withKML {
				return CSV, nil
			}
		case "gpkg", "geopackage", gpkg.ContentType:
			if withKML {
				return GPKG, nil
			}
		}
		if withKML {
			return 0, fault.Param("f", "unknown format %q; use json, html, kml, csv or gpkg", vs[0])
		}
		return 0, fault.Param("f", "unknown format %q; use json or html", vs[0])
	}
	accept := r.Header.Get("Accept")
	if first, _, _ := strings.Cut(accept, ","); withKML {
		first, _, _ = strings.Cut(strings.TrimSpace(first), ";")
		switch strings.ToLower(strings.TrimSpace(first)) {
		case kml.ContentType:
			return KML, nil
		case "text/csv":
			return CSV, nil
		case gpkg.ContentType:
			return GPKG, nil
		}
	}
	html, json := Ranks(accept)
	switch {
	case html > 0 && html > json:
		return HTML, nil
	case json > 0 && json >= html:
		return JSON, nil
	}
	return def, nil
}

// Ranks returns the quality an Accept header gives HTML and JSON, -1 for a
// type it does not name.
func Ranks(accept string) (html, json float64) {
	best := func(types ...string) float64 {
		q := -1.0
		for _, part := range strings.Split(accept, ",") {
			mt, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			mt = strings.ToLower(strings.TrimSpace(mt))
			for _, t := range types {
				if mt != t {
					continue
				}
				v := 1.0
				for _, p := range strings.Split(params, ";") {
					if k, val, ok := strings.Cut(strings.TrimSpace(p), "="); ok && k == "q" {
						if f, err := strconv.ParseFloat(val, 64); err == nil {
							v = f
						}
					}
				}
				q = math.Max(q, v)
			}
		}
		return q
	}
	return best("text/html", "application/xhtml+xml"), best("application/json", "application/geo+json", "application/vnd.oai.openapi+json")
}
