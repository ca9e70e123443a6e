package pictures

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/chronoatlas/chronoatlas/internal/conn"
	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/chronoatlas/chronoatlas/internal/params"
	"github.com/chronoatlas/chronoatlas/internal/payload"
	"github.com/chronoatlas/chronoatlas/internal/render"
	"github.com/chronoatlas/chronoatlas/internal/respond"
)

// Limits of a static map, in CSS pixels: MaxSide is also WMS's.
const (
	MaxSide = 2048
	defMapW = 800
	defMapH = 600
)

// mapTypes are the media types of the static maps, by format.
var mapTypes = map[render.Format]string{render.PNG: "image/png", render.SVG: "image/svg+xml", render.PDF: "application/pdf"}

// mapParams are the parameters /map.{png,svg,pdf} takes. The viewer's own
// (year, z, lat, lon, layers, lang) are among them, so the view of a
// viewer link draws as is.
var mapParams = map[string]bool{"datetime": true, "year": true, "bbox": true, "lat": true, "lon": true, "z": true,
	"width": true, "height": true, "scale": true, "lang": true, "layers": true, "legend": true}

// Map serves a finished map of one moment as PNG, SVG or PDF.
func (h *Handlers) Map(f render.Format) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p := h.current()
		pic, err := p.mapPicture(r.URL.Query(), f)
		if err != nil {
			h.resp.Error(w, r, err)
			return
		}
		w.Header().Set("Content-Disposition", fmt.Sprintf("inline; filename=%q", p.filename(pic, strings.TrimPrefix(mapTypes[f], "image/"))))
		h.serve(w, r, p, pic, mapTypes[f])
	}
}

// serve answers with pic: a 304 when the client has it, else drawn
// or from the cache.
func (h *Handlers) serve(w http.ResponseWriter, r *http.Request, p *Pictures, pic *Picture, contentType string) {
	scene, key := p.Prepare(pic)
	plain := `"` + key + `"`
	etag := plain
	hd := w.Header()
	// SVG is text and shrinks to a third in gzip; PNG and PDF are
	// compressed already.
	zipped := contentType == mapTypes[render.SVG] && respond.AcceptsGzip(r)
	if contentType == mapTypes[render.SVG] {
		hd.Set("Vary", "Accept-Encoding")
	}
	if zipped {
		etag = payload.GzipETag(plain)
	}
	hd.Set("Cache-Control", h.resp.CacheControl())
	hd.Set("Etag", etag)
	if respond.Matches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	img, err := p.Draw(r.Context(), pic, scene, key)
	if err != nil {
		hd.Del("Etag")
		hd.Del("Cache-Control")
		switch {
		case fault.KindOf(err) == fault.Unavailable:
			hd.Set("Retry-After", "1")
			h.resp.Error(w, r, err)
		case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
			h.resp.Error(w, r, fault.Errorf(fault.Unavailable, "the picture was not finished: %v", err))
		case errors.Is(err, render.ErrSize):
			h.resp.Error(w, r, fault.Param("width", "%v", err))
		default:
			h.resp.Error(w, r, fault.Wrap(err, "cannot draw the map"))
		}
		return
	}
	body := img.Body
	if zipped {
		body = h.resp.Gzip(plain, body)
		hd.Set("Content-Encoding", "gzip")
	}
	hd.Set("Content-Type", contentType)
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		conn.WriteWhole(w, r, body)
	}
}

// mapPicture reads a static map's parameters.
func (p *Pictures) mapPicture(q url.Values, f render.Format) (*Picture, error) {
	if err := params.Check(q, func(k string) bool { return mapParams[k] }); err != nil {
		return nil, err
	}
	pic := &Picture{Format: f, Scale: 1, Frame: true, Legend: true}
	var err error
	if pic.At, pic.When, err = p.moment(q); err != nil {
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
	pic.Width, pic.Height = float64(w), float64(h)
	if v, ok := q["scale"]; ok {
		switch {
		case v[0] == "1":
		case v[0] == "2" && f == render.PNG:
			pic.Scale = 2
		case f != render.PNG:
			return nil, fault.Param("scale", "scale is for PNG only; SVG and PDF are drawn to any size")
		default:
			return nil, fault.Param("scale", "%q: use 1 or 2", v[0])
		}
	}
	if pic.Lang, err = Lang(q); err != nil {
		return nil, err
	}
	if pic.Layers, err = layersParam(q); err != nil {
		return nil, err
	}
	switch q.Get("legend") {
	case "", "1", "true":
	case "0", "false":
		pic.Legend = false
	default:
		return nil, fault.Param("legend", "%q: use 0 or 1", q.Get("legend"))
	}
	if pic.View, err = p.viewParam(q, pic.Width, pic.Height); err != nil {
		return nil, err
	}
	return pic, nil
}

// filename suggests a name for a picture saved from the browser.
func (p *Pictures) filename(pic *Picture, ext string) string {
	ext = strings.TrimPrefix(strings.TrimSuffix(ext, "+xml"), "application/")
	return fmt.Sprintf("%s-%s.%s", p.core.Dataset().Meta.ID, pic.When, ext)
}
