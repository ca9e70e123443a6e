package server

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/render"
	"github.com/chronoatlas/chronoatlas/internal/conn"
	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/chronoatlas/chronoatlas/internal/respond"
	"github.com/paulmach/orb"
)

// The WMS 1.3.0 exception codes (OGC 06-042, Annex A and table E.1).
const (
	wmsInvalidFormat         = "InvalidFormat"
	wmsInvalidCRS            = "InvalidCRS"
	wmsLayerNotDefined       = "LayerNotDefined"
	wmsStyleNotDefined       = "StyleNotDefined"
	wmsInvalidDimensionValue = "InvalidDimensionValue"
	wmsOperationNotSupported = "OperationNotSupported"
	wmsMissingParameter      = "MissingParameterValue"
	wmsInvalidParameter      = "InvalidParameterValue"
)

// wmsAtlasLayer is the layer of the whole atlas; each picture layer and the
// land are layers of their own under it.
const wmsAtlasLayer = "atlas"

// wmsError is a WMS service exception: the client gets it as XML.
type wmsError struct {
	code, msg string
	status    int
}

func (e *wmsError) Error() string { return e.msg }

func wmsErr(code, format string, args ...any) *wmsError {
	return &wmsError{code: code, msg: fmt.Sprintf(format, args...), status: http.StatusBadRequest}
}

// handleWMS serves WMS 1.3.0: GetCapabilities, GetMap and
// GetLegendGraphic, with a time dimension. Parameter names are read
// without regard to case, as the standard asks.
func (s *Server) handleWMS(w http.ResponseWriter, r *http.Request) {
	q, err := wmsParams(r.URL.Query())
	if err != nil {
		s.wmsException(w, r, err)
		return
	}
	if sv, ok := q["SERVICE"]; ok && !strings.EqualFold(sv, "WMS") {
		s.wmsException(w, r, wmsErr(wmsInvalidParameter, "SERVICE %q: this is a WMS", sv))
		return
	}
	switch req := q["REQUEST"]; strings.ToLower(req) {
	case "getcapabilities", "capabilities":
		s.wmsCapabilities(w, r)
	case "getmap", "map":
		s.wmsGetMap(w, r, q)
	case "getlegendgraphic":
		s.wmsLegend(w, r, q)
	case "":
		s.wmsException(w, r, wmsErr(wmsMissingParameter, "REQUEST is missing: use GetCapabilities, GetMap or GetLegendGraphic"))
	default:
		s.wmsException(w, r, wmsErr(wmsOperationNotSupported, "REQUEST %q is not offered: use GetCapabilities, GetMap or GetLegendGraphic", req))
	}
}

// wmsParams folds the query's names to upper case, refusing one given
// twice.
func wmsParams(raw url.Values) (map[string]string, error) {
	q := map[string]string{}
	for k, vs := range raw {
		K := strings.ToUpper(k)
		if _, dup := q[K]; dup || len(vs) > 1 {
			return nil, wmsErr(wmsInvalidParameter, "parameter %s is given more than once", K)
		}
		q[K] = vs[0]
	}
	return q, nil
}

// wmsException writes err as a WMS 1.3.0 ServiceExceptionReport. A status
// of 400 (or 503 when busy) goes with it; clients read the XML.
func (s *Server) wmsException(w http.ResponseWriter, r *http.Request, err error) {
	code, msg, httpStatus := "", err.Error(), http.StatusBadRequest
	switch e := err.(type) {
	case *wmsError:
		code, httpStatus = e.code, e.status
	default:
		kind := fault.KindOf(err)
		if kind == fault.Internal {
			s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		}
		msg = fault.Message(err)
		httpStatus = respond.Status(kind)
		if kind == fault.Unavailable {
			w.Header().Set("Retry-After", "1")
		}
	}
	var b strings.Builder
	b.WriteString(xml.Header)
	b.WriteString(`<ServiceExceptionReport version="1.3.0" xmlns="http://www.opengis.net/ogc" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.opengis.net/ogc http://schemas.opengis.net/wms/1.3.0/exceptions_1_3_0.xsd">` + "\n")
	b.WriteString("<ServiceException")
	if code != "" {
		b.WriteString(` code="` + code + `"`)
	}
	b.WriteString(">" + xesc(msg) + "</ServiceException>\n</ServiceExceptionReport>\n")
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(httpStatus)
	if r.Method != http.MethodHead {
		w.Write([]byte(b.String()))
	}
}

// xesc escapes text for XML.
func xesc(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// wmsLayers are the named layers under the atlas, with their titles.
func wmsLayers(st *snapshot) [][2]string {
	var out [][2]string
	for _, id := range append([]string{"land"}, pictureLayers...) {
		if c := st.core.Dataset().Collection(id); c != nil {
			out = append(out, [2]string{id, c.Title})
		}
	}
	return out
}

// wmsTimes is the time dimension: each year's slider day over the
// dataset's life, and the default year's.
func wmsTimes(st *snapshot) (extent, def string) {
	life := st.core.Dataset().Life()
	first, last := life.Start.Year(), (life.End - 1).Year()
	day := func(y int) string { return chrono.SliderDay(y).String() + "T00:00:00Z" }
	return day(first) + "/" + day(last) + "/P1Y", day(st.core.Dataset().Meta.View.Year)
}

func (s *Server) wmsCapabilities(w http.ResponseWriter, r *http.Request) {
	st := s.current()
	m := st.core.Dataset().Meta
	base := respond.BaseURL(r)
	href := xesc(base + "/wms?")
	b := st.core.Dataset().Collections()[0].Bound
	for _, c := range st.core.Dataset().Collections() {
		b = b.Union(c.Bound)
	}
	lw, lh := st.pictures.legendSize(s.render)
	extent, def := wmsTimes(st)
	var x strings.Builder
	f := func(format string, args ...any) { fmt.Fprintf(&x, format, args...) }
	x.WriteString(xml.Header)
	f(`<WMS_Capabilities version="1.3.0" xmlns="http://www.opengis.net/wms" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:sld="http://www.opengis.net/sld" xsi:schemaLocation="http://www.opengis.net/wms http://schemas.opengis.net/wms/1.3.0/capabilities_1_3_0.xsd http://www.opengis.net/sld http://schemas.opengis.net/sld/1.1.0/sld_capabilities.xsd">` + "\n")
	f("<Service>\n<Name>WMS</Name>\n<Title>%s</Title>\n<Abstract>%s</Abstract>\n", xesc(m.Title), xesc(m.Description))
	f(`<OnlineResource xlink:type="simple" xlink:href="%s"/>`+"\n", xesc(base+"/"))
	f("<Fees>none</Fees>\n<AccessConstraints>%s</AccessConstraints>\n", xesc(m.License.Name+" "+m.License.URL))
	f("<MaxWidth>%d</MaxWidth>\n<MaxHeight>%d</MaxHeight>\n</Service>\n", maxMapSide, maxMapSide)
	op := func(name, formats string) {
		f("<%s>\n%s<DCPType><HTTP><Get><OnlineResource xlink:type=\"simple\" xlink:href=\"%s\"/></Get></HTTP></DCPType>\n</%s>\n", name, formats, href, name)
	}
	f("<Capability>\n<Request>\n")
	op("GetCapabilities", "<Format>text/xml</Format>\n")
	op("GetMap", "<Format>image/png</Format>\n")
	op("sld:GetLegendGraphic", "<Format>image/png</Format>\n")
	f("</Request>\n<Exception>\n<Format>XML</Format>\n</Exception>\n")
	bbox := func() {
		f("<EX_GeographicBoundingBox><westBoundLongitude>%g</westBoundLongitude><eastBoundLongitude>%g</eastBoundLongitude><southBoundLatitude>%g</southBoundLatitude><northBoundLatitude>%g</northBoundLatitude></EX_GeographicBoundingBox>\n", b.Min[0], b.Max[0], b.Min[1], b.Max[1])
		f(`<BoundingBox CRS="CRS:84" minx="%g" miny="%g" maxx="%g" maxy="%g"/>`+"\n", b.Min[0], b.Min[1], b.Max[0], b.Max[1])
		f(`<BoundingBox CRS="EPSG:4326" minx="%g" miny="%g" maxx="%g" maxy="%g"/>`+"\n", b.Min[1], b.Min[0], b.Max[1], b.Max[0])
		x0, y0 := toMercator(b.Min)
		x1, y1 := toMercator(b.Max)
		f(`<BoundingBox CRS="EPSG:3857" minx="%.2f" miny="%.2f" maxx="%.2f" maxy="%.2f"/>`+"\n", x0, y0, x1, y1)
	}
	style := func(layer string) {
		legend := base + "/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetLegendGraphic&FORMAT=image%2Fpng&SLD_VERSION=1.1.0&LAYER=" + layer
		f("<Style><Name>default</Name><Title>The viewer's colours</Title>\n<LegendURL width=\"%d\" height=\"%d\"><Format>image/png</Format><OnlineResource xlink:type=\"simple\" xlink:href=\"%s\"/></LegendURL>\n</Style>\n", lw, lh, xesc(legend))
	}
	f("<Layer>\n<Title>%s</Title>\n<CRS>CRS:84</CRS>\n<CRS>EPSG:4326</CRS>\n<CRS>EPSG:3857</CRS>\n", xesc(m.Title))
	bbox()
	f(`<Dimension name="time" units="ISO8601" default="%s" nearestValue="1">%s</Dimension>`+"\n", def, extent)
	f("<Attribution><Title>%s</Title><OnlineResource xlink:type=\"simple\" xlink:href=\"%s\"/></Attribution>\n", xesc(m.Attribution), xesc(m.License.URL))
	f("<Layer queryable=\"0\" opaque=\"1\">\n<Name>%s</Name>\n<Title>%s</Title>\n<Abstract>Every layer, drawn as the viewer draws the atlas: territories with doubt drawn, rivers, frontiers and places by their kind on the day.</Abstract>\n", wmsAtlasLayer, xesc(m.Title))
	style(wmsAtlasLayer)
	f("</Layer>\n")
	for _, l := range wmsLayers(st) {
		f("<Layer queryable=\"0\">\n<Name>%s</Name>\n<Title>%s</Title>\n", l[0], xesc(l[1]))
		style(l[0])
		f("</Layer>\n")
	}
	f("</Layer>\n</Capability>\n</WMS_Capabilities>\n")
	h := w.Header()
	h.Set("Content-Type", "text/xml; charset=utf-8")
	h.Set("Cache-Control", s.resp.CacheControl())
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write([]byte(x.String()))
	}
}

// toMercator returns EPSG:3857 metres for a longitude and latitude.
func toMercator(p orb.Point) (float64, float64) {
	const r = 6378137
	lat := math.Max(-85.0511287798066, math.Min(85.0511287798066, p[1]))
	return p[0] * math.Pi / 180 * r, r * math.Log(math.Tan(math.Pi/4+lat*math.Pi/360))
}

func fromMercator(x, y float64) orb.Point {
	const r = 6378137
	return orb.Point{x / r * 180 / math.Pi, math.Atan(math.Sinh(y/r)) * 180 / math.Pi}
}

// wmsTime reads TIME: the slider's day of the default year without it.
func wmsTime(st *snapshot, q map[string]string) (chrono.Day, string, error) {
	v, ok := q["TIME"]
	if !ok || v == "" || strings.EqualFold(v, "current") {
		y := st.core.Dataset().Meta.View.Year
		return chrono.SliderDay(y), strconv.Itoa(y), nil
	}
	iv, err := chrono.ParseDatetime(v)
	if err != nil {
		return 0, "", wmsErr(wmsInvalidDimensionValue, "TIME %q: %v; use an ISO 8601 date such as 1141-07-01 or an interval such as 1141-01-01/1142-01-01", v, err)
	}
	at, when, err := momentOf(iv)
	if err != nil {
		return 0, "", wmsErr(wmsInvalidDimensionValue, "TIME %q: a map shows one moment; give a date or a closed interval", v)
	}
	return at, when, nil
}

// wmsPicture reads GetMap's parameters.
func wmsPicture(st *snapshot, q map[string]string) (*picture, error) {
	for _, k := range []string{"LAYERS", "CRS", "BBOX", "WIDTH", "HEIGHT", "FORMAT"} {
		if k == "CRS" && q["VERSION"] == "1.1.1" {
			k = "SRS"
		}
		if _, ok := q[k]; !ok {
			return nil, wmsErr(wmsMissingParameter, "%s is missing", k)
		}
	}
	if v := q["VERSION"]; v != "1.3.0" && v != "1.1.1" {
		return nil, wmsErr(wmsInvalidParameter, "VERSION %q: this server speaks WMS 1.3.0", v)
	}
	if f := q["FORMAT"]; f != "image/png" {
		return nil, wmsErr(wmsInvalidFormat, "FORMAT %q is not offered: use image/png", f)
	}
	pic := &picture{format: render.PNG, scale: 1, layers: map[string]bool{}, noLand: true}
	names := strings.Split(q["LAYERS"], ",")
	styles := strings.Split(q["STYLES"], ",")
	if q["STYLES"] != "" && len(styles) != len(names) {
		return nil, wmsErr(wmsStyleNotDefined, "STYLES has %d entries for %d layers", len(styles), len(names))
	}
	known := map[string]bool{}
	for _, l := range wmsLayers(st) {
		known[l[0]] = true
	}
	for i, n := range names {
		switch {
		case n == wmsAtlasLayer:
			pic.noLand = false
			for _, l := range pictureLayers {
				pic.layers[l] = true
			}
		case n == "land" && known[n]:
			pic.noLand = false
		case known[n]:
			pic.layers[n] = true
		default:
			return nil, wmsErr(wmsLayerNotDefined, "layer %q is not offered: use %s or one of its layers in the capabilities", n, wmsAtlasLayer)
		}
		if i < len(styles) && styles[i] != "" && styles[i] != "default" {
			return nil, wmsErr(wmsStyleNotDefined, "style %q is not offered: use default or leave STYLES empty", styles[i])
		}
	}
	for _, k := range []string{"WIDTH", "HEIGHT"} {
		n, err := strconv.Atoi(q[k])
		if err != nil || n < 1 || n > maxMapSide {
			return nil, wmsErr(wmsInvalidParameter, "%s must be a whole number from 1 to %d, got %q", k, maxMapSide, q[k])
		}
		if k == "WIDTH" {
			pic.width = float64(n)
		} else {
			pic.height = float64(n)
		}
	}
	switch t := strings.ToUpper(q["TRANSPARENT"]); t {
	case "", "FALSE":
	case "TRUE":
		pic.transparent = true
	default:
		return nil, wmsErr(wmsInvalidParameter, "TRANSPARENT %q: use TRUE or FALSE", q["TRANSPARENT"])
	}
	crs := q["CRS"]
	if q["VERSION"] == "1.1.1" {
		crs = q["SRS"]
	}
	parts := strings.Split(q["BBOX"], ",")
	if len(parts) != 4 {
		return nil, wmsErr(wmsInvalidParameter, "BBOX needs 4 numbers, got %q", q["BBOX"])
	}
	var v [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, wmsErr(wmsInvalidParameter, "BBOX: %q is not a number", p)
		}
		v[i] = f
	}
	if v[0] >= v[2] || v[1] >= v[3] {
		return nil, wmsErr(wmsInvalidParameter, "BBOX %q: each minimum must be below its maximum", q["BBOX"])
	}
	var b orb.Bound
	switch strings.ToUpper(crs) {
	case "CRS:84":
		b = orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}
		pic.extent = &render.Extent{Plate: true}
	case "EPSG:4326":
		if q["VERSION"] == "1.1.1" {
			b = orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}
		} else {
			// WMS 1.3.0 takes EPSG:4326's axes in its order: latitude first
			b = orb.Bound{Min: orb.Point{v[1], v[0]}, Max: orb.Point{v[3], v[2]}}
		}
		pic.extent = &render.Extent{Plate: true}
	case "EPSG:3857", "EPSG:900913":
		const edge = 20037508.342789244
		for _, c := range v {
			if math.Abs(c) > edge*1.0001 {
				return nil, wmsErr(wmsInvalidParameter, "BBOX %q is outside EPSG:3857", q["BBOX"])
			}
		}
		b = orb.Bound{Min: fromMercator(v[0], v[1]), Max: fromMercator(v[2], v[3])}
		pic.extent = &render.Extent{}
	default:
		return nil, wmsErr(wmsInvalidCRS, "CRS %q is not offered: use CRS:84, EPSG:4326 or EPSG:3857", crs)
	}
	if b.Min[0] < -180.0001 || b.Max[0] > 180.0001 || b.Min[1] < -90.0001 || b.Max[1] > 90.0001 {
		return nil, wmsErr(wmsInvalidParameter, "BBOX %q is outside the world", q["BBOX"])
	}
	pic.extent.Bound = b
	// a map of more than a few metres a pixel: deeper would magnify data
	// drawn for the regional scale
	if px := (b.Max[0] - b.Min[0]) / pic.width; px < 360/(render.TileSize*math.Exp2(maxRasterZoom)) {
		return nil, wmsErr(wmsInvalidParameter, "BBOX %q is too small for %g pixels", q["BBOX"], pic.width)
	}
	var err error
	if pic.at, pic.when, err = wmsTime(st, q); err != nil {
		return nil, err
	}
	lang, err := langParam(url.Values{"lang": {q["LANG"]}})
	if err != nil {
		return nil, wmsErr(wmsInvalidParameter, "LANG %q: use en or zh", q["LANG"])
	}
	pic.lang = lang
	return pic, nil
}

func (s *Server) wmsGetMap(w http.ResponseWriter, r *http.Request, q map[string]string) {
	st := s.current()
	pic, err := wmsPicture(st, q)
	if err != nil {
		s.wmsException(w, r, err)
		return
	}
	p := st.pictures
	scene, key := p.prepare(pic)
	etag := `"` + key + `"`
	h := w.Header()
	if respond.Matches(r.Header.Get("If-None-Match"), etag) {
		h.Set("Etag", etag)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	img, err := p.draw(r.Context(), pic, scene, key)
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		err = fault.Errorf(fault.Unavailable, "the map was not finished: %v", err)
	}
	if err != nil {
		s.wmsException(w, r, err)
		return
	}
	h.Set("Etag", etag)
	h.Set("Cache-Control", s.resp.CacheControl())
	h.Set("Content-Type", "image/png")
	h.Set("Content-Length", strconv.Itoa(len(img.body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		conn.WriteWhole(w, r, img.body)
	}
}

// wmsLegend draws the legend of a layer: the polities holding land at TIME
// when given, every polity otherwise, and the symbols.
func (s *Server) wmsLegend(w http.ResponseWriter, r *http.Request, q map[string]string) {
	st := s.current()
	layer := q["LAYER"]
	if layer == "" {
		s.wmsException(w, r, wmsErr(wmsMissingParameter, "LAYER is missing"))
		return
	}
	if layer != wmsAtlasLayer && st.core.Dataset().Collection(layer) == nil {
		s.wmsException(w, r, wmsErr(wmsLayerNotDefined, "layer %q is not offered", layer))
		return
	}
	if f, ok := q["FORMAT"]; ok && f != "image/png" {
		s.wmsException(w, r, wmsErr(wmsInvalidFormat, "FORMAT %q is not offered: use image/png", f))
		return
	}
	lang, err := langParam(url.Values{"lang": {q["LANG"]}})
	if err != nil {
		s.wmsException(w, r, wmsErr(wmsInvalidParameter, "LANG %q: use en or zh", q["LANG"]))
		return
	}
	scene := &render.Scene{Polities: st.pictures.core.PicturePolities(), Lang: lang}
	if _, ok := q["TIME"]; ok {
		at, _, err := wmsTime(st, q)
		if err != nil {
			s.wmsException(w, r, err)
			return
		}
		if c := st.core.Dataset().Collection("territories"); c != nil {
			scene.Territories = c.Query(chrono.Interval{Start: at, End: at + 1}, orb.Bound{})
		}
	}
	var buf bytes.Buffer
	if err := s.render.Legend(r.Context(), &buf, scene, 1); err != nil {
		s.wmsException(w, r, fault.Wrap(err, "cannot draw the legend"))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "image/png")
	h.Set("Cache-Control", s.resp.CacheControl())
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		conn.WriteWhole(w, r, buf.Bytes())
	}
}

// legendSize is the size of the legend of every polity, for the
// capabilities' LegendURL.
func (p *pictures) legendSize(r *render.Renderer) (int, int) {
	p.legendOnce.Do(func() {
		var buf bytes.Buffer
		if err := r.Legend(context.Background(), &buf, &render.Scene{Polities: p.core.PicturePolities()}, 1); err != nil {
			return
		}
		if cfg, err := png.DecodeConfig(&buf); err == nil {
			p.legendW, p.legendH = cfg.Width, cfg.Height
		}
	})
	return p.legendW, p.legendH
}
