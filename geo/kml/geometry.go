package kml

import (
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-kml/v3"
)

// KML's geometries, made from orb's directly: the elements go-geom's KML
// encoding makes (geometry_test.go checks byte for byte), but with each
// coordinates element written from a buffer the Encoder reuses, rather
// than from a go-geom copy of the geometry and a string per ring, which
// were most of what a long download allocated (issue 18).

// errNoGeometry is a placemark without a geometry.
var errNoGeometry = errors.New("kml: a placemark has no geometry")

// geometry returns the element of g, its coordinates written with buf.
func geometry(g orb.Geometry, buf *[]byte) (kml.Element, error) {
	switch g := g.(type) {
	case orb.Point:
		return kml.Point(coordinates{[]orb.Point{g}, buf}), nil
	case orb.MultiPoint:
		points := make([]kml.Element, len(g))
		for i, p := range g {
			points[i] = kml.Point(coordinates{[]orb.Point{p}, buf})
		}
		return kml.MultiGeometry(points...), nil
	case orb.LineString:
		return kml.LineString(coordinates{g, buf}), nil
	case orb.MultiLineString:
		lines := make([]kml.Element, len(g))
		for i, l := range g {
			lines[i] = kml.LineString(coordinates{l, buf})
		}
		return kml.MultiGeometry(lines...), nil
	case orb.Ring:
		return polygon(orb.Polygon{g}, buf), nil
	case orb.Polygon:
		return polygon(g, buf), nil
	case orb.MultiPolygon:
		polygons := make([]kml.Element, len(g))
		for i, p := range g {
			polygons[i] = polygon(p, buf)
		}
		return kml.MultiGeometry(polygons...), nil
	case orb.Collection:
		parts := make([]kml.Element, len(g))
		for i, m := range g {
			e, err := geometry(m, buf)
			if err != nil {
				return nil, err
			}
			parts[i] = e
		}
		return kml.MultiGeometry(parts...), nil
	case orb.Bound:
		return polygon(g.ToPolygon(), buf), nil
	case nil:
		return nil, errNoGeometry
	}
	return nil, fmt.Errorf("kml: unsupported geometry %T", g)
}

// polygon is a Polygon: its first ring the outer boundary, the others
// inner ones.
func polygon(p orb.Polygon, buf *[]byte) kml.Element {
	rings := make([]kml.Element, len(p))
	for i, r := range p {
		ring := kml.LinearRing(coordinates{r, buf})
		if i == 0 {
			rings[i] = kml.OuterBoundaryIs(ring)
		} else {
			rings[i] = kml.InnerBoundaryIs(ring)
		}
	}
	return kml.Polygon(rings...)
}

// coordinates is a coordinates element, "lon,lat lon,lat …" with the
// shortest decimals that read back as the same numbers.
type coordinates struct {
	points []orb.Point
	buf    *[]byte
}

// MarshalXML implements xml.Marshaler.
func (c coordinates) MarshalXML(e *xml.Encoder, _ xml.StartElement) error {
	b := (*c.buf)[:0]
	for i, p := range c.points {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendFloat(b, p[0], 'f', -1, 64)
		b = append(b, ',')
		b = strconv.AppendFloat(b, p[1], 'f', -1, 64)
	}
	*c.buf = b
	start := xml.StartElement{Name: xml.Name{Local: "coordinates"}}
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	if err := e.EncodeToken(xml.CharData(b)); err != nil {
		return err
	}
	return e.EncodeToken(start.End())
}
