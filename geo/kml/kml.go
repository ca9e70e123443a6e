// Package kml writes time-aware features as KML 2.2, for Google Earth and
// GIS tools: each feature is a Placemark with its life as a TimeSpan (so
// Google Earth's time slider moves through the atlas), its properties as
// ExtendedData, and a shared style per polity or kind.
package kml

import (
	"image/color"
	"io"
	"time"

	"github.com/chronoatlas/chronoatlas/geo/geomconv"
	"github.com/paulmach/orb"
	gkml "github.com/twpayne/go-geom/encoding/kml"
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
	children := []kml.Element{kml.Name(doc.Name)}
	if doc.Description != "" {
		children = append(children, kml.Description(doc.Description))
	}
	for _, s := range doc.Styles {
		children = append(children, kml.SharedStyle(s.ID,
			kml.LineStyle(kml.Color(s.Line), kml.Width(s.Width)),
			kml.PolyStyle(kml.Color(s.Fill)),
		))
	}
	for _, p := range doc.Placemarks {
		pm, err := placemark(p)
		if err != nil {
			return err
		}
		children = append(children, pm)
	}
	return kml.KML(kml.Document(children...)).WriteIndent(w, "", "  ")
}

func placemark(p Placemark) (kml.Element, error) {
	g, err := geomconv.ToGeom(p.Geometry)
	if err != nil {
		return nil, err
	}
	geom, err := gkml.Encode(g)
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
