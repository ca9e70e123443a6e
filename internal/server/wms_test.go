package server

import (
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"
)

const wmsMap = "/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&STYLES=&FORMAT=image/png&LAYERS=territories"

func TestWMSGetMap(t *testing.T) {
	s := mustAtlasServer(t)
	k := project.WGS84.ToMercator(orb.Point{114.31, 34.8})
	kx, ky := k[0], k[1]
	tests := []struct {
		name, query string
		w, h        int
		x, y        int // Kaifeng's pixel
		holder      string
	}{
		// a 200×100 map of 100–120 E, 30–40 N: Kaifeng at x = 14.31/20, y = 5.2/10
		{"EPSG:4326 takes latitude first", "&CRS=EPSG:4326&BBOX=30,100,40,120&WIDTH=200&HEIGHT=100&TIME=1141", 200, 100, 143, 52, "jin"},
		{"CRS:84 takes longitude first", "&CRS=CRS:84&BBOX=100,30,120,40&WIDTH=200&HEIGHT=100&TIME=1120", 200, 100, 143, 52, "song"},
		{"EPSG:3857 in metres", "&CRS=EPSG:3857&BBOX=" + ftoa(kx-50000) + "," + ftoa(ky-50000) + "," + ftoa(kx+50000) + "," + ftoa(ky+50000) + "&WIDTH=100&HEIGHT=100&TIME=1141-07-01T00:00:00Z", 100, 100, 50, 50, "jin"},
		{"parameter names in any case", "&crs=CRS:84&bbox=100,30,120,40&width=200&height=100&time=1120", 200, 100, 143, 52, "song"},
		{"the default time is the default year", "&CRS=CRS:84&BBOX=100,30,120,40&WIDTH=200&HEIGHT=100", 200, 100, 143, 52, "jin"},
		{"a year as an interval, as QGIS sends it", "&CRS=CRS:84&BBOX=100,30,120,40&WIDTH=200&HEIGHT=100&TIME=1120-01-01T00:00:00Z/1120-12-31T23:59:59Z", 200, 100, 143, 52, "song"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.query
			target := wmsMap + q
			if strings.Contains(q, "&crs=") {
				target = strings.NewReplacer("SERVICE", "service", "REQUEST", "request", "LAYERS", "layers").Replace(target)
			}
			img := mustPNG(t, get(t, s, "GET", target, nil))
			if got := img.Bounds().Size(); got.X != tt.w || got.Y != tt.h {
				t.Fatalf("size %v, want %dx%d", got, tt.w, tt.h)
			}
			if got := holderAt(t, s, img, tt.x, tt.y); got != tt.holder {
				t.Errorf("Kaifeng drawn in %s's colour, want %s's", got, tt.holder)
			}
		})
	}
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

// mustWMSException reads a ServiceExceptionReport.
func mustWMSException(tb testing.TB, res *http.Response) (code, msg string) {
	tb.Helper()
	var rep struct {
		XMLName   xml.Name `xml:"http://www.opengis.net/ogc ServiceExceptionReport"`
		Version   string   `xml:"version,attr"`
		Exception struct {
			Code string `xml:"code,attr"`
			Text string `xml:",chardata"`
		} `xml:"ServiceException"`
	}
	body := mustBody(tb, res)
	if err := xml.Unmarshal(body, &rep); err != nil || rep.Version != "1.3.0" {
		tb.Fatalf("not a WMS 1.3.0 exception report (%v): %s", err, body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/xml") {
		tb.Errorf("Content-Type %q, want text/xml", ct)
	}
	return rep.Exception.Code, rep.Exception.Text
}

func TestWMSExceptions(t *testing.T) {
	s := mustAtlasServer(t)
	ok := "&CRS=CRS:84&BBOX=100,30,120,40&WIDTH=200&HEIGHT=100"
	tests := []struct {
		target, code string
	}{
		{wmsMap + "&CRS=EPSG:2000&BBOX=100,30,120,40&WIDTH=200&HEIGHT=100", "InvalidCRS"},
		{strings.Replace(wmsMap, "image/png", "image/jpeg", 1) + ok, "InvalidFormat"},
		{strings.Replace(wmsMap, "territories", "roads", 1) + ok, "LayerNotDefined"},
		{strings.Replace(wmsMap, "STYLES=", "STYLES=fancy", 1) + ok, "StyleNotDefined"},
		{wmsMap + ok + "&TIME=yesterday", "InvalidDimensionValue"},
		{wmsMap + ok + "&TIME=../..", "InvalidDimensionValue"},
		{wmsMap + "&CRS=CRS:84&BBOX=120,30,100,40&WIDTH=200&HEIGHT=100", "InvalidParameterValue"},
		{wmsMap + "&CRS=CRS:84&BBOX=100,30,120,40&WIDTH=5000&HEIGHT=100", "InvalidParameterValue"},
		{wmsMap + "&CRS=CRS:84&WIDTH=200&HEIGHT=100", "MissingParameterValue"},
		{"/wms?SERVICE=WMS&REQUEST=GetFeatureInfo", "OperationNotSupported"},
		{"/wms?SERVICE=WFS&REQUEST=GetCapabilities", "InvalidParameterValue"},
		{"/wms?SERVICE=WMS", "MissingParameterValue"},
		{"/wms?SERVICE=WMS&REQUEST=GetLegendGraphic&LAYER=roads&FORMAT=image/png", "LayerNotDefined"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			res := get(t, s, "GET", tt.target, nil)
			if res.StatusCode != http.StatusBadRequest {
				t.Errorf("status %d, want 400", res.StatusCode)
			}
			if code, msg := mustWMSException(t, res); code != tt.code || msg == "" {
				t.Errorf("code %q (%s), want %q", code, msg, tt.code)
			}
		})
	}
}

func TestWMSLegend(t *testing.T) {
	s := mustAtlasServer(t)
	all := mustPNG(t, get(t, s, "GET", "/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetLegendGraphic&LAYER=atlas&FORMAT=image/png&SLD_VERSION=1.1.0", nil))
	w, h := s.current().pictures.LegendSize()
	if got := all.Bounds().Size(); got.X != w || got.Y != h || h < 100 {
		t.Errorf("legend %v, capabilities say %dx%d", got, w, h)
	}
	// fewer polities held land in 1141 than the dataset has in all
	at := mustPNG(t, get(t, s, "GET", "/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetLegendGraphic&LAYER=atlas&FORMAT=image/png&TIME=1141", nil))
	if at.Bounds().Dy() >= all.Bounds().Dy() {
		t.Errorf("the legend of 1141 is %d pixels tall, of all time %d", at.Bounds().Dy(), all.Bounds().Dy())
	}
}

func TestWMSCaching(t *testing.T) {
	s := mustAtlasServer(t)
	target := wmsMap + "&CRS=CRS:84&BBOX=100,30,120,40&WIDTH=200&HEIGHT=100&TIME=1141"
	res := get(t, s, "GET", target, nil)
	mustBody(t, res)
	etag := res.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	if got := get(t, s, "GET", target, map[string]string{"If-None-Match": etag}).StatusCode; got != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d, want 304", got)
	}
}
