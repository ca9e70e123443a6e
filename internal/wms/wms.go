package wms

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/chronoatlas/chronoatlas/internal/pictures"
	"github.com/chronoatlas/chronoatlas/internal/render"
	"github.com/chronoatlas/chronoatlas/internal/respond"
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

// Handler serves /wms from the pictures of the dataset being served.
type Handler struct {
	// current returns the pictures to answer a request with; a reload
	// replaces them.
	current func() *pictures.Pictures
	resp    *respond.Writer
	log     *slog.Logger
	// render draws legends.
	render *render.Renderer
}

// New returns the WMS over current, answering through resp, logging
// internal errors to log and drawing legends with r.
func New(current func() *pictures.Pictures, resp *respond.Writer, log *slog.Logger, r *render.Renderer) *Handler {
	return &Handler{current: current, resp: resp, log: log, render: r}
}

// ServeHTTP serves WMS 1.3.0: GetCapabilities, GetMap and
// GetLegendGraphic, with a time dimension. Parameter names are read
// without regard to case, as the standard asks.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q, err := foldParams(r.URL.Query())
	if err != nil {
		h.exception(w, r, err)
		return
	}
	if sv, ok := q["SERVICE"]; ok && !strings.EqualFold(sv, "WMS") {
		h.exception(w, r, wmsErr(wmsInvalidParameter, "SERVICE %q: this is a WMS", sv))
		return
	}
	switch req := q["REQUEST"]; strings.ToLower(req) {
	case "getcapabilities", "capabilities":
		h.capabilities(w, r)
	case "getmap", "map":
		h.getMap(w, r, q)
	case "getlegendgraphic":
		h.legend(w, r, q)
	case "":
		h.exception(w, r, wmsErr(wmsMissingParameter, "REQUEST is missing: use GetCapabilities, GetMap or GetLegendGraphic"))
	default:
		h.exception(w, r, wmsErr(wmsOperationNotSupported, "REQUEST %q is not offered: use GetCapabilities, GetMap or GetLegendGraphic", req))
	}
}

// foldParams folds the query's names to upper case, refusing one given
// twice.
func foldParams(raw url.Values) (map[string]string, error) {
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

// exception writes err as a WMS 1.3.0 ServiceExceptionReport. A status
// of 400 (or 503 when busy) goes with it; clients read the XML.
func (h *Handler) exception(w http.ResponseWriter, r *http.Request, err error) {
	code, msg, httpStatus := "", err.Error(), http.StatusBadRequest
	switch e := err.(type) {
	case *wmsError:
		code, httpStatus = e.code, e.status
	default:
		kind := fault.KindOf(err)
		if kind == fault.Internal {
			h.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
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
