// Package kml writes time-aware features as KML 2.2, for Google Earth and
// GIS tools: each feature is a Placemark with its life as a TimeSpan (so
// Google Earth's time slider moves through the atlas), its properties as
// ExtendedData, and a shared style per polity or kind. Encode writes a
// whole Document; an Encoder writes one placemark at a time, for documents
// too long to hold.
package kml

import (
	"encoding/xml"
	"image/color"
	"io"
	"time"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-kml/v3"
)

// ContentType is KML's media type.
const ContentType = "application/vnd.google-earth.kml+xml"

// Document is a KML document: a name, styles and placemarks.
type Document struct {
	Name        string
	Description string
	Styles      []Style
	Placemarks  []Placemark
}

// Style is a shared style that placemarks name by ID.
type Style struct {
	ID   string
	Fill color.RGBA // polygons' fill, with its alpha
	Line color.RGBA // lines and outlines
	// Width is the line width in pixels.
	Width float64
}

// Placemark is one feature.
type Placemark struct {
	Name        string
	Description string
	StyleID     string
	// Begin and End bound the feature's life; nil is an open end.
	Begin, End *time.Time
	// Data are the properties, written in order as ExtendedData.
	Data     []Datum
	Geometry orb.Geometry
}

// Datum is one named property.
type Datum struct{ Name, Value string }

// Encode writes doc as indented KML.
func Encode(w io.Writer, doc Document) error {
	e, err := NewEncoder(w, doc)
	if err != nil {
		return err
	}
	for _, p := range doc.Placemarks {
		if err := e.Encode(p); err != nil {
			return err
		}
	}
	return e.Close()
}

// An Encoder writes a KML document one placemark at a time, so that a
// document of any length takes the memory of one placemark: what Encode
// writes, without holding the placemarks.
type Encoder struct {
	x     *xml.Encoder
	start []xml.StartElement // the elements open around the placemarks
	buf   []byte             // for coordinates (geometry.go)
}

// NewEncoder writes the head of a document to w: its name, description
// and styles (head.Placemarks is not read). The placemarks follow with
// Encode, and Close ends the document.
func NewEncoder(w io.Writer, head Document) (*Encoder, error) {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return nil, err
	}
	e := &Encoder{x: xml.NewEncoder(w), start: []xml.StartElement{
		{Name: xml.Name{Space: kml.Namespace, Local: "kml"}},
		{Name: xml.Name{Local: "Document"}},
	}}
	e.x.Indent("", "  ")
	for _, s := range e.start {
		if err := e.x.EncodeToken(s); err != nil {
			return nil, err
		}
	}
	children := []kml.Element{kml.Name(head.Name)}
	if head.Description != "" {
		children = append(children, kml.Description(head.Description))
	}
	for _, s := range head.Styles {
		children = append(children, kml.SharedStyle(s.ID,
			kml.LineStyle(kml.Color(s.Line), kml.Width(s.Width)),
			kml.PolyStyle(kml.Color(s.Fill)),
		))
	}
	for _, c := range children {
		if err := c.MarshalXML(e.x, xml.StartElement{}); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// Encode writes one placemark.
func (e *Encoder) Encode(p Placemark) error {
	pm, err := placemark(p, &e.buf)
	if err != nil {
		return err
	}
	return pm.MarshalXML(e.x, xml.StartElement{})
}

// Close ends the document and writes what is still buffered; it does not
// close the underlying writer.
func (e *Encoder) Close() error {
	for i := len(e.start) - 1; i >= 0; i-- {
		if err := e.x.EncodeToken(e.start[i].End()); err != nil {
			return err
		}
	}
	return e.x.Flush()
}

// placemark returns p's element, its coordinates written with buf.
func placemark(p Placemark, buf *[]byte) (kml.Element, error) {
	geom, err := geometry(p.Geometry, buf)
	if err != nil {
		return nil, err
	}
	pm := kml.Placemark(kml.Name(p.Name))
	if p.Description != "" {
		pm.Append(kml.Description(p.Description))
	}
	if p.Begin != nil || p.End != nil {
		span := kml.TimeSpan()
		if p.Begin != nil {
			span.Append(kml.Begin(*p.Begin))
		}
		if p.End != nil {
			span.Append(kml.End(*p.End))
		}
		pm.Append(span)
	}
	if p.StyleID != "" {
		pm.Append(kml.StyleURL("#" + p.StyleID))
	}
	if len(p.Data) > 0 {
		data := kml.ExtendedData()
		for _, d := range p.Data {
			data.Append(kml.Data(d.Name, kml.Value(d.Value)))
		}
		pm.Append(data)
	}
	pm.Append(geom)
	return pm, nil
}
