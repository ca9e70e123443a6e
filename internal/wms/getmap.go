package wms

import (
	"context"
	"errors"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/internal/conn"
	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/chronoatlas/chronoatlas/internal/pictures"
	"github.com/chronoatlas/chronoatlas/internal/render"
	"github.com/chronoatlas/chronoatlas/internal/respond"
	"github.com/paulmach/orb"
)

// timeParam reads TIME: the slider's day of the default year without it.
func timeParam(p *pictures.Pictures, q map[string]string) (chrono.Day, string, error) {
	v, ok := q["TIME"]
	if !ok || v == "" || strings.EqualFold(v, "current") {
		y := p.Core().Dataset().Meta.View.Year
		return chrono.SliderDay(y), strconv.Itoa(y), nil
	}
	iv, err := chrono.ParseDatetime(v)
	if err != nil {
		return 0, "", wmsErr(wmsInvalidDimensionValue, "TIME %q: %v; use an ISO 8601 date such as 1141-07-01 or an interval such as 1141-01-01/1142-01-01", v, err)
	}
	at, when, err := pictures.MomentOf(iv)
	if err != nil {
		return 0, "", wmsErr(wmsInvalidDimensionValue, "TIME %q: a map shows one moment; give a date or a closed interval", v)
	}
	return at, when, nil
}

// picture reads GetMap's parameters, phase by phase: the request itself,
// the layers, the size, the extent, the moment and the language.
func picture(p *pictures.Pictures, q map[string]string) (*pictures.Picture, error) {
	if err := checkGetMap(q); err != nil {
		return nil, err
	}
	pic := &pictures.Picture{Format: render.PNG, Scale: 1, Layers: map[string]bool{}, NoLand: true}
	if err := chooseLayers(p, q, pic); err != nil {
		return nil, err
	}
	if err := size(q, pic); err != nil {
		return nil, err
	}
	if err := extent(q, pic); err != nil {
		return nil, err
	}
	var err error
	if pic.At, pic.When, err = timeParam(p, q); err != nil {
		return nil, err
	}
	lang, err := pictures.Lang(url.Values{"lang": {q["LANG"]}})
	if err != nil {
		return nil, wmsErr(wmsInvalidParameter, "LANG %q: use en or zh", q["LANG"])
	}
	pic.Lang = lang
	return pic, nil
}

// checkGetMap refuses a GetMap without the parameters it needs, of
// another version or for another format.
func checkGetMap(q map[string]string) error {
	for _, k := range []string{"LAYERS", "CRS", "BBOX", "WIDTH", "HEIGHT", "FORMAT"} {
		if k == "CRS" && q["VERSION"] == "1.1.1" {
			k = "SRS"
		}
		if _, ok := q[k]; !ok {
			return wmsErr(wmsMissingParameter, "%s is missing", k)
		}
	}
	if v := q["VERSION"]; v != "1.3.0" && v != "1.1.1" {
		return wmsErr(wmsInvalidParameter, "VERSION %q: this server speaks WMS 1.3.0", v)
	}
	if f := q["FORMAT"]; f != "image/png" {
		return wmsErr(wmsInvalidFormat, "FORMAT %q is not offered: use image/png", f)
	}
	return nil
}

// chooseLayers reads LAYERS and STYLES into the picture's layers.
func chooseLayers(p *pictures.Pictures, q map[string]string, pic *pictures.Picture) error {
	names := strings.Split(q["LAYERS"], ",")
	styles := strings.Split(q["STYLES"], ",")
	if q["STYLES"] != "" && len(styles) != len(names) {
		return wmsErr(wmsStyleNotDefined, "STYLES has %d entries for %d layers", len(styles), len(names))
	}
	known := map[string]bool{}
	for _, l := range layers(p) {
		known[l[0]] = true
	}
	for i, n := range names {
		switch {
		case n == wmsAtlasLayer:
			pic.NoLand = false
			for _, l := range pictures.Layers {
				pic.Layers[l] = true
			}
		case n == "land" && known[n]:
			pic.NoLand = false
		case known[n]:
			pic.Layers[n] = true
		default:
			return wmsErr(wmsLayerNotDefined, "layer %q is not offered: use %s or one of its layers in the capabilities", n, wmsAtlasLayer)
		}
		if i < len(styles) && styles[i] != "" && styles[i] != "default" {
			return wmsErr(wmsStyleNotDefined, "style %q is not offered: use default or leave STYLES empty", styles[i])
		}
	}
	return nil
}

// size reads WIDTH, HEIGHT and TRANSPARENT.
func size(q map[string]string, pic *pictures.Picture) error {
	for _, k := range []string{"WIDTH", "HEIGHT"} {
		n, err := strconv.Atoi(q[k])
		if err != nil || n < 1 || n > pictures.MaxSide {
			return wmsErr(wmsInvalidParameter, "%s must be a whole number from 1 to %d, got %q", k, pictures.MaxSide, q[k])
		}
		if k == "WIDTH" {
			pic.Width = float64(n)
		} else {
			pic.Height = float64(n)
		}
	}
	switch t := strings.ToUpper(q["TRANSPARENT"]); t {
	case "", "FALSE":
	case "TRUE":
		pic.Transparent = true
	default:
		return wmsErr(wmsInvalidParameter, "TRANSPARENT %q: use TRUE or FALSE", q["TRANSPARENT"])
	}
	return nil
}

// extent reads BBOX in its CRS (SRS in 1.1.1) as the picture's exact box,
// which must be in the world and not too small for its width.
func extent(q map[string]string, pic *pictures.Picture) error {
	crs := q["CRS"]
	if q["VERSION"] == "1.1.1" {
		crs = q["SRS"]
	}
	v, err := bboxNumbers(q["BBOX"])
	if err != nil {
		return err
	}
	b, ext, err := bound(crs, q["VERSION"], q["BBOX"], v)
	if err != nil {
		return err
	}
	if b.Min[0] < -180.0001 || b.Max[0] > 180.0001 || b.Min[1] < -90.0001 || b.Max[1] > 90.0001 {
		return wmsErr(wmsInvalidParameter, "BBOX %q is outside the world", q["BBOX"])
	}
	ext.Bound = b
	pic.Extent = ext
	// a map of more than a few metres a pixel: deeper would magnify data
	// drawn for the regional scale
	if px := (b.Max[0] - b.Min[0]) / pic.Width; px < 360/(render.TileSize*math.Exp2(pictures.MaxZoom)) {
		return wmsErr(wmsInvalidParameter, "BBOX %q is too small for %g pixels", q["BBOX"], pic.Width)
	}
	return nil
}

// bboxNumbers reads BBOX's four numbers, each minimum below its maximum.
func bboxNumbers(bbox string) ([4]float64, error) {
	var v [4]float64
	parts := strings.Split(bbox, ",")
	if len(parts) != 4 {
		return v, wmsErr(wmsInvalidParameter, "BBOX needs 4 numbers, got %q", bbox)
	}
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return v, wmsErr(wmsInvalidParameter, "BBOX: %q is not a number", p)
		}
		v[i] = f
	}
	if v[0] >= v[2] || v[1] >= v[3] {
		return v, wmsErr(wmsInvalidParameter, "BBOX %q: each minimum must be below its maximum", bbox)
	}
	return v, nil
}

// bound turns BBOX's numbers v in crs into longitudes and latitudes, and
// the extent a picture in that CRS is drawn with.
func bound(crs, version, bbox string, v [4]float64) (orb.Bound, *render.Extent, error) {
	switch strings.ToUpper(crs) {
	case "CRS:84":
		return orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}, &render.Extent{Plate: true}, nil
	case "EPSG:4326":
		if version == "1.1.1" {
			return orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}, &render.Extent{Plate: true}, nil
		}
		// WMS 1.3.0 takes EPSG:4326's axes in its order: latitude first
		return orb.Bound{Min: orb.Point{v[1], v[0]}, Max: orb.Point{v[3], v[2]}}, &render.Extent{Plate: true}, nil
	case "EPSG:3857", "EPSG:900913":
		const edge = 20037508.342789244
		for _, c := range v {
			if math.Abs(c) > edge*1.0001 {
				return orb.Bound{}, nil, wmsErr(wmsInvalidParameter, "BBOX %q is outside EPSG:3857", bbox)
			}
		}
		return orb.Bound{Min: fromMercator(v[0], v[1]), Max: fromMercator(v[2], v[3])}, &render.Extent{}, nil
	}
	return orb.Bound{}, nil, wmsErr(wmsInvalidCRS, "CRS %q is not offered: use CRS:84, EPSG:4326 or EPSG:3857", crs)
}

func (h *Handler) getMap(w http.ResponseWriter, r *http.Request, q map[string]string) {
	p := h.current()
	pic, err := picture(p, q)
	if err != nil {
		h.exception(w, r, err)
		return
	}
	scene, key := p.Prepare(pic)
	etag := `"` + key + `"`
	hd := w.Header()
	if respond.Matches(r.Header.Get("If-None-Match"), etag) {
		hd.Set("Etag", etag)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	img, err := p.Draw(r.Context(), pic, scene, key)
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		err = fault.Errorf(fault.Unavailable, "the map was not finished: %v", err)
	}
	if err != nil {
		h.exception(w, r, err)
		return
	}
	hd.Set("Etag", etag)
	hd.Set("Cache-Control", h.resp.CacheControl())
	hd.Set("Content-Type", "image/png")
	hd.Set("Content-Length", strconv.Itoa(len(img.Body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		conn.WriteWhole(w, r, img.Body)
	}
}
