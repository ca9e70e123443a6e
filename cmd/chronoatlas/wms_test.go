package main

import (
	"encoding/json"
	"encoding/xml"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// nearestPolity returns the polity whose colour, as the map fills a
// territory over the land (at the opacity of a certain or an uncertain
// one), is nearest c.
func nearestPolity(tb testing.TB, base string, c color.Color) string {
	tb.Helper()
	var ds struct {
		Polities []struct {
			ID    string `json:"id"`
			Color string `json:"color"`
		} `json:"polities"`
	}
	if err := json.Unmarshal(body(tb, base+"/dataset.json"), &ds); err != nil {
		tb.Fatal(err)
	}
	land := [3]float64{0xef, 0xe9, 0xda}
	r, g, b, _ := c.RGBA()
	got := [3]float64{float64(r >> 8), float64(g >> 8), float64(b >> 8)}
	best, bestD := "", 1e18
	for _, p := range ds.Polities {
		v, err := strconv.ParseUint(strings.TrimPrefix(p.Color, "#"), 16, 32)
		if err != nil {
			tb.Fatal(err)
		}
		pc := [3]float64{float64(v >> 16 & 0xff), float64(v >> 8 & 0xff), float64(v & 0xff)}
		for _, a := range []float64{0.7, 0.45} {
			d := 0.0
			for i := range 3 {
				x := pc[i]*a + land[i]*(1-a) - got[i]
				d += x * x
			}
			if d < bestD {
				best, bestD = p.ID, d
			}
		}
	}
	return best
}

// kaifengBox is a small box round Kaifeng, west, south, east, north.
var kaifengBox = [4]float64{114.21, 34.7, 114.41, 34.9}

// TestGDALReadsTheWMS reads GetMap through GDAL's WMS driver, in WMS 1.3.0
// with EPSG:4326 (latitude first), and finds Kaifeng in the Song's colour
// in 1120 and the Jin's in 1141.
func TestGDALReadsTheWMS(t *testing.T) {
	mustOgrinfo(t)
	base := mustStart(t, testConfig())
	for _, tt := range []struct{ year, polity string }{{"1120", "song"}, {"1141", "jin"}} {
		t.Run(tt.year, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "kaifeng.png")
			src := "WMS:" + base + "/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=territories&CRS=EPSG:4326&BBOX=15,70,55,145&FORMAT=image/png&TIME=" + tt.year
			b := kaifengBox
			cmd := exec.Command("gdal_translate", "-q", "-of", "PNG", "-outsize", "32", "32",
				"-projwin", ftoa(b[0]), ftoa(b[3]), ftoa(b[2]), ftoa(b[1]), src, out)
			cmd.Env = append(os.Environ(), "GDAL_HTTP_TIMEOUT=30", "CPL_DEBUG=OFF")
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("gdal_translate: %v\n%s", err, msg)
			}
			img := mustReadPNG(t, out)
			if got := nearestPolity(t, base, img.At(16, 16)); got != tt.polity {
				t.Errorf("GDAL reads Kaifeng in %s's colour (%v), want %s's", got, img.At(16, 16), tt.polity)
			}
		})
	}
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func mustReadPNG(tb testing.TB, path string) image.Image {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		tb.Fatal(err)
	}
	return img
}

// TestQGISDrawsTheWMS loads the WMS as a WMS-T layer in QGIS, headless,
// and draws it on two days with QGIS's temporal range: Kaifeng must be the
// Song's in 1120 and the Jin's in 1141, so the two maps differ as history
// does.
func TestQGISDrawsTheWMS(t *testing.T) {
	mustQGIS(t)
	base := mustStart(t, testConfig())
	var rep struct {
		Valid    bool              `json:"valid"`
		Error    string            `json:"error"`
		Temporal bool              `json:"temporal"`
		Days     map[string][3]int `json:"days"`
	}
	mustRunQGIS(t, "qgis_wms.py", map[string]any{
		"base": base, "layer": "territories", "bbox": kaifengBox, "size": 64,
		"days": []string{"1120-07-01", "1141-07-01"}, "images": os.Getenv("QGIS_IMAGES"),
	}, &rep)
	if !rep.Valid || !rep.Temporal {
		t.Fatalf("QGIS loads the layer: valid %t, temporal %t: %s", rep.Valid, rep.Temporal, rep.Error)
	}
	for day, polity := range map[string]string{"1120-07-01": "song", "1141-07-01": "jin"} {
		c := rep.Days[day]
		if got := nearestPolity(t, base, color.RGBA{uint8(c[0]), uint8(c[1]), uint8(c[2]), 255}); got != polity {
			t.Errorf("%s: QGIS draws Kaifeng in %s's colour %v, want %s's", day, got, c, polity)
		}
	}
}

// TestWMSCapabilities reads the capabilities as XML and checks what
// clients rely on: the three CRSs, the layers, and a time dimension whose
// default and extent come from the dataset. No schema of WMS 1.3.0 comes
// in a Debian package, so the document is checked by structure, and by
// OWSLib, a client that parses it strictly, where it is installed.
func TestWMSCapabilities(t *testing.T) {
	base := mustStart(t, testConfig())
	doc := body(t, base+"/wms?SERVICE=WMS&REQUEST=GetCapabilities")
	var caps struct {
		XMLName xml.Name `xml:"http://www.opengis.net/wms WMS_Capabilities"`
		Version string   `xml:"version,attr"`
		Layer   struct {
			CRS       []string `xml:"CRS"`
			Dimension struct {
				Name    string `xml:"name,attr"`
				Units   string `xml:"units,attr"`
				Default string `xml:"default,attr"`
				Extent  string `xml:",chardata"`
			} `xml:"Dimension"`
			Layers []struct {
				Name string `xml:"Name"`
			} `xml:"Layer"`
		} `xml:"Capability>Layer"`
	}
	if err := xml.Unmarshal(doc, &caps); err != nil {
		t.Fatalf("capabilities: %v\n%s", err, doc)
	}
	if caps.Version != "1.3.0" {
		t.Errorf("version %q", caps.Version)
	}
	if got := strings.Join(caps.Layer.CRS, " "); got != "CRS:84 EPSG:4326 EPSG:3857" {
		t.Errorf("CRS %q", got)
	}
	d := caps.Layer.Dimension
	if d.Name != "time" || d.Units != "ISO8601" || d.Default != "1141-07-01T00:00:00Z" || d.Extent != "1115-07-01T00:00:00Z/1234-07-01T00:00:00Z/P1Y" {
		t.Errorf("time dimension %+v", d)
	}
	var names []string
	for _, l := range caps.Layer.Layers {
		names = append(names, l.Name)
	}
	if got := strings.Join(names, " "); got != "atlas land territories rivers frontiers places" {
		t.Errorf("layers %q", got)
	}

	script := `
import sys
from owslib.wms import WebMapService
w = WebMapService(sys.argv[1] + "/wms", version="1.3.0")
l = w["atlas"]
print(w.identification.title)
print(" ".join(sorted(w.contents)))
print(" ".join(l.crsOptions and sorted(l.crsOptions)))
print(l.parent.dimensions["time"]["default"])  # the children inherit it
`
	if exec.Command(qgisPython, "-c", "import owslib").Run() != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("OWSLib does not load: CI must install python3-owslib")
		}
		t.Skip("OWSLib does not load; install python3-owslib to read the capabilities with it")
	}
	out, err := exec.Command(qgisPython, "-c", script, base).CombinedOutput()
	if err != nil {
		t.Fatalf("OWSLib: %v\n%s", err, out)
	}
	want := "The Jin–Song Wars, 1115–1234\natlas frontiers land places rivers territories\nCRS:84 EPSG:3857 EPSG:4326\n1141-07-01T00:00:00Z\n"
	if string(out) != want {
		t.Errorf("OWSLib reads:\n%s\nwant:\n%s", out, want)
	}
}
