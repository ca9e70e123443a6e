package server

import (
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// kmlDoc is the part of a KML document the tests read.
type kmlDoc struct {
	XMLName  xml.Name `xml:"kml"`
	Document struct {
		Name   string `xml:"name"`
		Styles []struct {
			ID   string `xml:"id,attr"`
			Fill string `xml:"PolyStyle>color"`
		} `xml:"Style"`
		Placemarks []struct {
			Name  string `xml:"name"`
			Begin string `xml:"TimeSpan>begin"`
			End   string `xml:"TimeSpan>end"`
			Style string `xml:"styleUrl"`
			Data  []struct {
				Name  string `xml:"name,attr"`
				Value string `xml:"value"`
			} `xml:"ExtendedData>Data"`
			Polygon      *struct{} `xml:"Polygon"`
			MultiPolygon *struct{} `xml:"MultiGeometry"`
			Point        *struct{} `xml:"Point"`
		} `xml:"Placemark"`
	} `xml:"Document"`
}

func TestKML(t *testing.T) {
	s := mustServer(t)
	for _, tc := range []struct {
		name, target string
		accept       string
		placemarks   int
		check        func(t *testing.T, d kmlDoc)
	}{
		{"territories of 1141", "/collections/territories/items?datetime=1141&f=kml", "", 2, func(t *testing.T, d kmlDoc) {
			if !strings.Contains(d.Document.Name, "1141") {
				t.Errorf("document name %q does not say the year", d.Document.Name)
			}
			styles := map[string]string{}
			for _, st := range d.Document.Styles {
				styles[st.ID] = st.Fill
			}
			// KML colours are aabbggrr: the Jin's #3a6fc4 is c46f3a.
			if !strings.HasSuffix(styles["polity-jin"], "c46f3a") {
				t.Errorf("Jin style fill %q, want the polity colour", styles["polity-jin"])
			}
			for _, p := range d.Document.Placemarks {
				if p.Begin == "" || p.Style == "" {
					t.Errorf("placemark %q: begin %q, style %q", p.Name, p.Begin, p.Style)
				}
			}
		}},
		{"places are named as in 1141", "/collections/places/items?datetime=1141&f=kml", "", 2, func(t *testing.T, d kmlDoc) {
			names := map[string]bool{}
			for _, p := range d.Document.Placemarks {
				names[p.Name] = true
				if p.Point == nil {
					t.Errorf("place %q has no Point", p.Name)
				}
			}
			if !names["Nanjing"] || !names["Lin'an"] {
				t.Errorf("names %v: want Nanjing (Kaifeng) and Lin'an (Hangzhou) in 1141", names)
			}
		}},
		{"one feature, by Accept", "/collections/rivers/items/yellow-river@1128-12", "application/vnd.google-earth.kml+xml", 1, func(t *testing.T, d kmlDoc) {
			p := d.Document.Placemarks[0]
			if !strings.HasPrefix(p.Begin, "1128-12-01") || p.End != "" {
				t.Errorf("TimeSpan %q–%q, want from 1128-12-01 and open", p.Begin, p.End)
			}
			found := false
			for _, dd := range p.Data {
				found = found || (dd.Name == "id" && dd.Value == "yellow-river")
			}
			if !found {
				t.Errorf("ExtendedData %v lacks the id", p.Data)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := get(t, s, "GET", tc.target, map[string]string{"Accept": tc.accept})
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", res.StatusCode, mustBody(t, res))
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/vnd.google-earth.kml+xml") {
				t.Errorf("Content-Type %q", ct)
			}
			var d kmlDoc
			if err := xml.Unmarshal(mustBody(t, res), &d); err != nil {
				t.Fatal(err)
			}
			if len(d.Document.Placemarks) != tc.placemarks {
				t.Fatalf("%d placemarks, want %d", len(d.Document.Placemarks), tc.placemarks)
			}
			tc.check(t, d)
		})
	}

	res := get(t, s, "GET", "/collections/places/items?f=kmz", nil)
	if body := string(mustBody(t, res)); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "json, html, kml, csv or gpkg") {
		t.Errorf("f=kmz: status %d, %s", res.StatusCode, body)
	}
}

// TestKMLStream: a plain GET of KML is streamed (no ETag, gzipped on the
// fly when asked) and is the same document as the whole body that HEAD,
// conditional and range requests get with their ETag.
func TestKMLStream(t *testing.T) {
	s := mustServer(t)
	const target = "/collections/territories/items?f=kml&datetime=1141"
	plain := get(t, s, "GET", target, nil)
	body := mustBody(t, plain)
	if plain.StatusCode != http.StatusOK || plain.Header.Get("ETag") != "" || plain.Header.Get("Content-Length") != "" {
		t.Errorf("stream: status %d, ETag %q, Content-Length %q; want 200 and neither header",
			plain.StatusCode, plain.Header.Get("ETag"), plain.Header.Get("Content-Length"))
	}
	if cd := plain.Header.Get("Content-Disposition"); cd != `inline; filename="territories.kml"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	zipped := get(t, s, "GET", target, map[string]string{"Accept-Encoding": "gzip"})
	if zipped.Header.Get("Content-Encoding") != "gzip" || string(mustBody(t, zipped)) != string(body) {
		t.Errorf("gzip stream: Content-Encoding %q, or a different document", zipped.Header.Get("Content-Encoding"))
	}
	head := get(t, s, "HEAD", target, nil)
	etag := head.Header.Get("ETag")
	if etag == "" || head.Header.Get("Content-Length") != strconv.Itoa(len(body)) {
		t.Errorf("HEAD: ETag %q, Content-Length %q, want an ETag and %d", etag, head.Header.Get("Content-Length"), len(body))
	}
	whole := get(t, s, "GET", target, map[string]string{"If-None-Match": `"other"`})
	if whole.Header.Get("ETag") != etag || string(mustBody(t, whole)) != string(body) {
		t.Errorf("conditional GET: ETag %q (HEAD's %q), or a different document", whole.Header.Get("ETag"), etag)
	}
	if res := get(t, s, "GET", target, map[string]string{"If-None-Match": etag}); res.StatusCode != http.StatusNotModified {
		t.Errorf("GET with the ETag: status %d, want 304", res.StatusCode)
	}
}
