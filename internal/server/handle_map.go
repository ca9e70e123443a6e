package server

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/geo/render"
	"github.com/chronoatlas/chronoatlas/internal/conn"
	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/chronoatlas/chronoatlas/internal/params"
	"github.com/chronoatlas/chronoatlas/internal/payload"
	"github.com/chronoatlas/chronoatlas/internal/respond"
	"github.com/paulmach/orb"
)

// Limits of a static map, in CSS pixels.
const (
	maxMapSide = 2048
	defMapW    = 800
	defMapH    = 600
)

var mapTypes = map[render.Format]string{render.PNG: "image/png", render.SVG: "image/svg+xml", render.PDF: "application/pdf"}

// mapParams are the parameters /map.{png,svg,pdf} takes. The viewer's own
// (year, z, lat, lon, layers, lang) are among them, so the view of a
// viewer link draws as is.
var mapParams = map[string]bool{"datetime": true, "year": true, "bbox": true, "lat": true, "lon": true, "z": true,
	"width": true, "height": true, "scale": true, "lang": true, "layers": true, "legend": true}

// handleMap serves a finished map of one moment as PNG, SVG or PDF.
func (s *Server) handleMap(f render.Format) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		st := s.current()
		pic, err := mapPicture(st, r.URL.Query(), f)
		if err != nil {
			s.resp.Error(w, r, err)
			return
		}
		w.Header().Set("Content-Disposition", fmt.Sprintf("inline; filename=%q", filename(st, pic, strings.TrimPrefix(mapTypes[f], "image/"))))
		s.servePicture(w, r, st.pictures, pic, mapTypes[f])
	}
}

// servePicture answers with pic: a 304 when the client has it, else drawn
// or from the cache.
func (s *Server) servePicture(w http.ResponseWriter, r *http.Request, p *pictures, pic *picture, contentType string) {
	scene, key := p.prepare(pic)
	plain := `"` + key + `"`
	etag := plain
	h := w.Header()
	// SVG is text and shrinks to a third in gzip; PNG and PDF are
	// compressed already.
	zipped := contentType == mapTypes[render.SVG] && respond.AcceptsGzip(r)
	if contentType == mapTypes[render.SVG] {
		h.Set("Vary", "Accept-Encoding")
	}
	if zipped {
		etag = payload.GzipETag(plain)
	}
	h.Set("Cache-Control", s.resp.CacheControl())
	h.Set("Etag", etag)
	if respond.Matches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	img, err := p.draw(r.Context(), pic, scene, key)
	if err != nil {
		h.Del("Etag")
		h.Del("Cache-Control")
		switch {
		case fault.KindOf(err) == fault.Unavailable:
			h.Set("Retry-After", "1")
			s.resp.Error(w, r, err)
		case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
			s.resp.Error(w, r, fault.Errorf(fault.Unavailable, "the picture was not finished: %v", err))
		case errors.Is(err, render.ErrSize):
			s.resp.Error(w, r, fault.Param("width", "%v", err))
		default:
			s.resp.Error(w, r, fault.Wrap(err, "cannot draw the map"))
		}
		return
	}
	body := img.body
	if zipped {
		body = s.resp.Gzip(plain, body)
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		conn.WriteWhole(w, r, body)
	}
}

// mapPicture reads a static map's parameters.
func mapPicture(st *snapshot, q url.Values, f render.Format) (*picture, error) {
	if err := params.Check(q, func(k string) bool { return mapParams[k] }); err != nil {
		return nil, err
	}
	pic := &picture{format: f, scale: 1, frame: true, legend: true}
	var err error
	if pic.at, pic.when, err = moment(st, q); err != nil {
		return nil, err
	}
	w, err := side(q, "width", defMapW)
	if err != nil {
		return nil, err
	}
	h, err := side(q, "height", defMapH)
	if err != nil {
		return nil, err
	}
	pic.width, pic.height = float64(w), float64(h)
	if v, ok := q["scale"]; ok {
		switch {
		case v[0] == "1":
		case v[0] == "2" && f == render.PNG:
			pic.scale = 2
		case f != render.PNG:
			return nil, fault.Param("scale", "scale is for PNG only; SVG and PDF are drawn to any size")
		default:
			return nil, fault.Param("scale", "%q: use 1 or 2", v[0])
		}
	}
	if pic.lang, err = langParam(q); err != nil {
		return nil, err
	}
	if pic.layers, err = layersParam(q); err != nil {
		return nil, err
	}
	switch q.Get("legend") {
	case "", "1", "true":
	case "0", "false":
		pic.legend = false
	default:
		return nil, fault.Param("legend", "%q: use 0 or 1", q.Get("legend"))
	}
	if pic.view, err = viewParam(st, q, pic.width, pic.height); err != nil {
		return nil, err
	}
	return pic, nil
}

// moment reads datetime (or the viewer's year) as the day a picture shows
// and how its title says it; the dataset's default year without either.
func moment(st *snapshot, q url.Values) (chrono.Day, string, error) {
	if _, ok := q["datetime"]; ok {
		if _, both := q["year"]; both {
			return 0, "", fault.Param("year", "give datetime or year, not both")
		}
		iv, _, err := params.Datetime(q)
		if err != nil {
			return 0, "", err
		}
		return momentOf(iv)
	}
	year := st.core.Dataset().Meta.View.Year
	if v, ok := q["year"]; ok {
		y, err := strconv.Atoi(v[0])
		if err != nil || y < -9999 || y > 9999 {
			return 0, "", fault.Param("year", "%q is not a year", v[0])
		}
		year = y
	}
	return chrono.SliderDay(year), strconv.Itoa(year), nil
}

// momentOf is the day an interval stands for on a map, and its words: the
// year for a whole year, the day otherwise.
func momentOf(iv chrono.Interval) (chrono.Day, string, error) {
	at := feature.Moment(iv)
	if at == chrono.MinDay || iv.Start == chrono.MinDay && iv.End == chrono.MaxDay {
		return 0, "", fault.Param("datetime", "a picture shows one moment: give a year, a day or a closed interval")
	}
	if iv == chrono.YearInterval(iv.Start.Year()) {
		return at, strconv.Itoa(iv.Start.Year()), nil
	}
	return at, at.String(), nil
}

func side(q url.Values, name string, def int) (int, error) {
	v, ok := q[name]
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(v[0])
	if err != nil || n < 1 || n > maxMapSide {
		return 0, fault.Param(name, "%s must be a whole number of CSS pixels from 1 to %d, got %q", name, maxMapSide, v[0])
	}
	return n, nil
}

func langParam(q url.Values) (string, error) {
	switch l := q.Get("lang"); l {
	case "", "en":
		return "en", nil
	case "zh":
		return "zh", nil
	default:
		return "", fault.Param("lang", "%q: use en or zh", l)
	}
}

// layersParam reads the layers to draw, a comma-separated list as the
// viewer writes it; all of them without it.
func layersParam(q url.Values) (map[string]bool, error) {
	m := map[string]bool{}
	v, ok := q["layers"]
	if !ok {
		for _, l := range pictureLayers {
			m[l] = true
		}
		return m, nil
	}
	for _, l := range strings.Split(v[0], ",") {
		switch l {
		case "territories", "rivers", "frontiers", "places":
			m[l] = true
		case "campaigns", "events", "land", "":
			// the viewer's layers that a still map does not draw
		default:
			return nil, fault.Param("layers", "unknown layer %q; use territories, rivers, frontiers, places", l)
		}
	}
	return m, nil
}

// viewParam reads the view: bbox, or lat, lon and z (the viewer's), or the
// dataset's default view.
func viewParam(st *snapshot, q url.Values, w, h float64) (render.View, error) {
	_, hasBbox := q["bbox"]
	_, hasLat := q["lat"]
	_, hasLon := q["lon"]
	_, hasZ := q["z"]
	if hasBbox {
		if hasLat || hasLon || hasZ {
			return render.View{}, fault.Param("bbox", "give bbox or lat, lon and z, not both")
		}
		bs, err := params.Bbox(q)
		if err != nil {
			return render.View{}, err
		}
		if len(bs) != 1 {
			return render.View{}, fault.Param("bbox", "a map across the antimeridian is not drawn; give west < east")
		}
		b := bs[0]
		if b.Min.Lat() < viewBound.Min.Lat() || b.Max.Lat() > viewBound.Max.Lat() {
			return render.View{}, fault.Param("bbox", "latitudes must be within -85 and 85 (Web Mercator)")
		}
		if b.Max.Lon()-b.Min.Lon() < 1e-6 || b.Max.Lat()-b.Min.Lat() < 1e-6 {
			return render.View{}, fault.Param("bbox", "the box has no area")
		}
		v := render.Fit(b, w, h)
		if v.Zoom > 18 {
			return render.View{}, fault.Param("bbox", "the box is too small to draw (zoom %.1f; at most 18)", v.Zoom)
		}
		return v, nil
	}
	mv := st.core.Dataset().Meta.View
	lat, lon, z := mv.Lat, mv.Lon, mv.Zoom
	for _, p := range []struct {
		name     string
		v        *float64
		min, max float64
	}{{"lat", &lat, -85, 85}, {"lon", &lon, -180, 180}, {"z", &z, 0, 18}} {
		s, ok := q[p.name]
		if !ok {
			continue
		}
		f, err := strconv.ParseFloat(s[0], 64)
		if err != nil || math.IsNaN(f) || f < p.min || f > p.max {
			return render.View{}, fault.Param(p.name, "%s must be a number from %g to %g, got %q", p.name, p.min, p.max, s[0])
		}
		*p.v = f
	}
	return render.View{Center: orb.Point{lon, lat}, Zoom: z}, nil
}

// filename suggests a name for a picture saved from the browser.
func filename(st *snapshot, pic *picture, ext string) string {
	ext = strings.TrimPrefix(strings.TrimSuffix(ext, "+xml"), "application/")
	return fmt.Sprintf("%s-%s.%s", st.core.Dataset().Meta.ID, pic.when, ext)
}
