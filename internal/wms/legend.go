package wms

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/internal/conn"
	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/chronoatlas/chronoatlas/internal/pictures"
	"github.com/chronoatlas/chronoatlas/internal/render"
	"github.com/paulmach/orb"
)

// legend draws the legend of a layer: the polities holding land at TIME
// when given, every polity otherwise, and the symbols.
func (h *Handler) legend(w http.ResponseWriter, r *http.Request, q map[string]string) {
	p := h.current()
	layer := q["LAYER"]
	if layer == "" {
		h.exception(w, r, wmsErr(wmsMissingParameter, "LAYER is missing"))
		return
	}
	if layer != wmsAtlasLayer && p.Core().Dataset().Collection(layer) == nil {
		h.exception(w, r, wmsErr(wmsLayerNotDefined, "layer %q is not offered", layer))
		return
	}
	if f, ok := q["FORMAT"]; ok && f != "image/png" {
		h.exception(w, r, wmsErr(wmsInvalidFormat, "FORMAT %q is not offered: use image/png", f))
		return
	}
	lang, err := pictures.Lang(url.Values{"lang": {q["LANG"]}})
	if err != nil {
		h.exception(w, r, wmsErr(wmsInvalidParameter, "LANG %q: use en or zh", q["LANG"]))
		return
	}
	scene := &render.Scene{Polities: p.Core().PicturePolities(), Lang: lang}
	if _, ok := q["TIME"]; ok {
		at, _, err := timeParam(p, q)
		if err != nil {
			h.exception(w, r, err)
			return
		}
		if c := p.Core().Dataset().Collection("territories"); c != nil {
			scene.Territories = c.Query(chrono.Interval{Start: at, End: at + 1}, orb.Bound{})
		}
	}
	var buf bytes.Buffer
	if err := h.render.Legend(r.Context(), &buf, scene, 1); err != nil {
		h.exception(w, r, fault.Wrap(err, "cannot draw the legend"))
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "image/png")
	hd.Set("Cache-Control", h.resp.CacheControl())
	hd.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		conn.WriteWhole(w, r, buf.Bytes())
	}
}
