package wms

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/internal/pictures"
	"github.com/chronoatlas/chronoatlas/internal/respond"
)

// layers are the named layers under the atlas, with their titles.
func layers(p *pictures.Pictures) [][2]string {
	var out [][2]string
	for _, id := range append([]string{"land"}, pictures.Layers...) {
		if c := p.Core().Dataset().Collection(id); c != nil {
			out = append(out, [2]string{id, c.Title})
		}
	}
	return out
}

// times is the time dimension: each year's slider day over the
// dataset's life, and the default year's.
func times(p *pictures.Pictures) (extent, def string) {
	life := p.Core().Dataset().Life()
	first, last := life.Start.Year(), (life.End - 1).Year()
	day := func(y int) string { return chrono.SliderDay(y).String() + "T00:00:00Z" }
	return day(first) + "/" + day(last) + "/P1Y", day(p.Core().Dataset().Meta.View.Year)
}

func (h *Handler) capabilities(w http.ResponseWriter, r *http.Request) {
	p := h.current()
	m := p.Core().Dataset().Meta
	base := respond.BaseURL(r)
	href := xesc(base + "/wms?")
	b := p.Core().Dataset().Collections()[0].Bound
	for _, c := range p.Core().Dataset().Collections() {
		b = b.Union(c.Bound)
	}
	lw, lh := p.LegendSize()
	extent, def := times(p)
	var x strings.Builder
	f := func(format string, args ...any) { fmt.Fprintf(&x, format, args...) }
	x.WriteString(xml.Header)
	f(`<WMS_Capabilities version="1.3.0" xmlns="http://www.opengis.net/wms" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:sld="http://www.opengis.net/sld" xsi:schemaLocation="http://www.opengis.net/wms http://schemas.opengis.net/wms/1.3.0/capabilities_1_3_0.xsd http://www.opengis.net/sld http://schemas.opengis.net/sld/1.1.0/sld_capabilities.xsd">` + "\n")
	f("<Service>\n<Name>WMS</Name>\n<Title>%s</Title>\n<Abstract>%s</Abstract>\n", xesc(m.Title), xesc(m.Description))
	f(`<OnlineResource xlink:type="simple" xlink:href="%s"/>`+"\n", xesc(base+"/"))
	f("<Fees>none</Fees>\n<AccessConstraints>%s</AccessConstraints>\n", xesc(m.License.Name+" "+m.License.URL))
	f("<MaxWidth>%d</MaxWidth>\n<MaxHeight>%d</MaxHeight>\n</Service>\n", pictures.MaxSide, pictures.MaxSide)
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
	for _, l := range layers(p) {
		f("<Layer queryable=\"0\">\n<Name>%s</Name>\n<Title>%s</Title>\n", l[0], xesc(l[1]))
		style(l[0])
		f("</Layer>\n")
	}
	f("</Layer>\n</Capability>\n</WMS_Capabilities>\n")
	hd := w.Header()
	hd.Set("Content-Type", "text/xml; charset=utf-8")
	hd.Set("Cache-Control", h.resp.CacheControl())
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write([]byte(x.String()))
	}
}
