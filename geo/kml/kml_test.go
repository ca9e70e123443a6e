package kml

import (
	"bytes"
	"flag"
	"image/color"
	"os"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func day(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &t
}

// TestEncodeGolden writes a small document with a territory, a river that
// is open at its start, and a place, and compares it with
// testdata/atlas.kml.
func TestEncodeGolden(t *testing.T) {
	doc := Document{
		Name:        "Territories on 1 July 1141",
		Description: "From the Jin–Song atlas",
		Styles: []Style{
			{ID: "jin", Fill: color.RGBA{0x3a, 0x6f, 0xc4, 0x99}, Line: color.RGBA{0x4a, 0x40, 0x35, 0xff}, Width: 1},
		},
		Placemarks: []Placemark{
			{
				Name: "Jin", Description: "Kaifeng & the north", StyleID: "jin",
				Begin: day(1140, 6, 1), End: day(1142, 1, 1),
				Data:     []Datum{{"id", "jin-1140-06"}, {"polity", "jin"}},
				Geometry: orb.Polygon{{{114, 34}, {115, 34}, {115, 35}, {114, 35}, {114, 34}}},
			},
			{
				Name: "Yellow River", End: day(1128, 12, 1),
				Geometry: orb.MultiLineString{{{113.65, 34.93}, {114.5, 35.55}}},
			},
			{Name: "Kaifeng", Geometry: orb.Point{114.31, 34.8}},
		},
	}
	var b bytes.Buffer
	if err := Encode(&b, doc); err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/atlas.kml"
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("KML differs from %s (go test -update to rewrite):\n%s", golden, b.String())
	}
}

func TestEncodeRejectsNoGeometry(t *testing.T) {
	if err := Encode(&bytes.Buffer{}, Document{Placemarks: []Placemark{{Name: "nowhere"}}}); err == nil {
		t.Error("a placemark without a geometry was written")
	}
}

// countingWriter counts what reaches it.
type countingWriter struct{ n int }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }

// TestEncoderStreams: an Encoder hands a long document on as it goes,
// holding no more than a buffer of it, and ends with what Encode writes.
func TestEncoderStreams(t *testing.T) {
	doc := Document{Name: "many"}
	for i := range 2000 {
		doc.Placemarks = append(doc.Placemarks, Placemark{Name: "p", Geometry: orb.Point{float64(i) / 7, 34}})
	}
	var whole bytes.Buffer
	if err := Encode(&whole, doc); err != nil {
		t.Fatal(err)
	}
	var w countingWriter
	e, err := NewEncoder(&w, doc)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range doc.Placemarks {
		if err := e.Encode(p); err != nil {
			t.Fatal(err)
		}
		if written := whole.Len() * (i + 1) / len(doc.Placemarks); written-w.n > 8<<10 {
			t.Fatalf("after %d placemarks %d bytes written, want about %d", i+1, w.n, written)
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if w.n != whole.Len() {
		t.Errorf("the Encoder wrote %d bytes, Encode %d", w.n, whole.Len())
	}
}
