// Package geojson reads GeoJSON features quickly: one pass over the bytes
// with no reflection, coordinates parsed straight into orb geometries.
// It is what makes a dataset load in a few tens of milliseconds, where
// orb's geojson package, going through encoding/json and re-scanning each
// nested level, takes ten times as long.
//
// It is a fast path, not a second dialect: for every input it accepts it
// returns what orb's geojson.UnmarshalFeature returns (the fuzz test
// holds it to that), and it declines, with ErrUnusual, anything outside
// the plain GeoJSON datasets are written in (geometry collections,
// escapes it would have to interpret, invalid UTF-8, duplicate members of
// a feature, numbers strconv rejects, positions of one or of four or more
// numbers). A caller then decodes those with orb, which also says what is
// wrong with an invalid one.
package geojson

import (
	"errors"
	"strings"

	"github.com/paulmach/orb"
)

// ErrUnusual is returned for input the fast path leaves to orb: invalid
// JSON or GeoJSON, and the valid but unusual forms the package doc lists.
var ErrUnusual = errors.New("geojson: left to the general decoder")

// Feature is a decoded GeoJSON feature: what orb's geojson.Feature holds
// of it, but its bounding box and foreign members.
type Feature struct {
	ID         any
	Geometry   orb.Geometry
	Properties map[string]any
}

// Split returns the JSON text of each feature of a FeatureCollection,
// unparsed (slices of raw). Members other than type and features are
// checked as JSON and skipped; a feature is only found to be an object
// whose brackets balance, and Decode checks the rest.
func Split(raw []byte) ([][]byte, error) {
	p := &parser{b: raw}
	var feats [][]byte
	typ, seenFeatures := "", false
	err := p.object(func(key string) error {
		switch key {
		case "type":
			s, err := p.str()
			typ = s
			return err
		case "bbox":
			if p.literal("null") {
				return nil
			}
			return p.array(func() error {
				_, err := p.number()
				return err
			})
		case "features":
			if seenFeatures {
				return ErrUnusual
			}
			seenFeatures = true
			return p.array(func() error {
				start := p.ws()
				if err := p.balanced(); err != nil {
					return err
				}
				feats = append(feats, raw[start:p.i])
				return nil
			})
		default:
			return p.skip()
		}
	})
	if err != nil {
		return nil, err
	}
	if p.ws() != len(raw) || typ != "FeatureCollection" || !seenFeatures {
		return nil, ErrUnusual
	}
	return feats, nil
}

// Decode decodes one feature.
func Decode(raw []byte) (*Feature, error) {
	p := &parser{b: raw}
	f := &Feature{}
	var seen [5]bool
	typ := ""
	err := p.object(func(key string) error {
		k := 4
		switch key {
		case "id":
			k = 0
		case "type":
			k = 1
		case "geometry":
			k = 2
		case "properties":
			k = 3
		}
		if seen[k] && k < 4 {
			return ErrUnusual
		}
		seen[k] = true
		var err error
		switch k {
		case 0:
			f.ID, err = p.value()
		case 1:
			typ, err = p.str()
		case 2:
			f.Geometry, err = p.geometry()
		case 3:
			f.Properties, err = p.properties()
		default:
			err = p.skip()
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if p.ws() != len(raw) || typ != "Feature" {
		return nil, ErrUnusual
	}
	return f, nil
}

// properties decodes a feature's properties: an object, or null.
func (p *parser) properties() (map[string]any, error) {
	if p.literal("null") {
		return nil, nil
	}
	return p.members()
}

// geometry decodes a geometry object, or null. Members other than type
// and coordinates are checked as JSON and skipped, as orb does.
func (p *parser) geometry() (orb.Geometry, error) {
	if p.literal("null") {
		return nil, nil
	}
	typ, coords := "", -1
	var g orb.Geometry
	err := p.object(func(key string) error {
		switch key {
		case "type":
			if typ != "" {
				return ErrUnusual
			}
			s, err := p.str()
			typ = s
			return err
		case "coordinates":
			if coords >= 0 {
				return ErrUnusual
			}
			coords = p.ws()
			if typ == "" {
				return p.skip() // parsed once the type is known
			}
			var err error
			g, err = p.coordinates(typ)
			return err
		default:
			// encoding/json matches a struct's members without regard
			// to case, and orb decodes geometries into a struct
			for _, m := range [...]string{"type", "coordinates", "geometries"} {
				if strings.EqualFold(key, m) {
					return ErrUnusual
				}
			}
			return p.skip()
		}
	})
	if err != nil || coords < 0 || typ == "" {
		return nil, ErrUnusual
	}
	if g == nil {
		end := p.i
		p.i = coords
		g, err = p.coordinates(typ)
		p.i = end
	}
	return g, err
}

// coordinates parses the coordinates of a geometry of type typ at p.i.
func (p *parser) coordinates(typ string) (orb.Geometry, error) {
	switch typ {
	case "Point":
		return p.position()
	case "MultiPoint":
		ps, err := p.positions()
		return orb.MultiPoint(ps), err
	case "LineString":
		ps, err := p.positions()
		return orb.LineString(ps), err
	case "MultiLineString":
		var mls orb.MultiLineString
		err := p.array(func() error {
			ps, err := p.positions()
			mls = append(mls, ps)
			return err
		})
		return orEmpty(mls, err)
	case "Polygon":
		poly, err := p.polygon()
		return poly, err
	case "MultiPolygon":
		var mp orb.MultiPolygon
		err := p.array(func() error {
			poly, err := p.polygon()
			mp = append(mp, poly)
			return err
		})
		return orEmpty(mp, err)
	}
	return nil, ErrUnusual
}

// orEmpty makes an empty list non-nil, as orb's decoder leaves it.
func orEmpty[S ~[]E, E any](s S, err error) (S, error) {
	if s == nil {
		s = S{}
	}
	return s, err
}

func (p *parser) polygon() (orb.Polygon, error) {
	var poly orb.Polygon
	err := p.array(func() error {
		ps, err := p.positions()
		poly = append(poly, ps)
		return err
	})
	return orEmpty(poly, err)
}

// positions parses an array of positions.
func (p *parser) positions() ([]orb.Point, error) {
	ps := make([]orb.Point, 0, 8)
	err := p.array(func() error {
		q, err := p.position()
		ps = append(ps, q)
		return err
	})
	return ps, err
}

// position parses a position of two or three numbers; orb keeps the
// first two. It is the innermost loop of a load, so it reads the brackets
// and commas itself rather than through array.
func (p *parser) position() (orb.Point, error) {
	var q orb.Point
	if p.peek() != '[' {
		return q, ErrUnusual
	}
	p.i++
	for n := 0; ; n++ {
		x, err := p.number()
		if err != nil {
			return q, err
		}
		if n < 2 {
			q[n] = x
		}
		switch p.peek() {
		case ',':
			p.i++
			if n == 2 {
				return q, ErrUnusual // a fourth number
			}
		case ']':
			p.i++
			if n == 0 {
				return q, ErrUnusual // one number
			}
			return q, nil
		default:
			return q, ErrUnusual
		}
	}
}
