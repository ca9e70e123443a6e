package pictures

import (
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/chronoatlas/chronoatlas/internal/params"
	"github.com/chronoatlas/chronoatlas/internal/render"
	"github.com/paulmach/orb"
)

// moment reads datetime (or the viewer's year) as the day a picture shows
// and how its title says it; the dataset's default year without either.
func (p *Pictures) moment(q url.Values) (chrono.Day, string, error) {
	if _, ok := q["datetime"]; ok {
		if _, both := q["year"]; both {
			return 0, "", fault.Param("year", "give datetime or year, not both")
		}
		iv, _, err := params.Datetime(q)
		if err != nil {
			return 0, "", err
		}
		return MomentOf(iv)
	}
	year := p.core.Dataset().Meta.View.Year
	if v, ok := q["year"]; ok {
		y, err := strconv.Atoi(v[0])
		if err != nil || y < -9999 || y > 9999 {
			return 0, "", fault.Param("year", "%q is not a year", v[0])
		}
		year = y
	}
	return chrono.SliderDay(year), strconv.Itoa(year), nil
}

// MomentOf is the day an interval stands for on a map, and its words: the
// year for a whole year, the day otherwise.
func MomentOf(iv chrono.Interval) (chrono.Day, string, error) {
	at := feature.Moment(iv)
	if at == chrono.MinDay || iv.Start == chrono.MinDay && iv.End == chrono.MaxDay {
		return 0, "", fault.Param("datetime", "a picture shows one moment: give a year, a day or a closed interval")
	}
	if iv == chrono.YearInterval(iv.Start.Year()) {
		return at, strconv.Itoa(iv.Start.Year()), nil
	}
	return at, at.String(), nil
}

func side(q url.Values, name string, def int) (int, error) {
	v, ok := q[name]
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(v[0])
	if err != nil || n < 1 || n > MaxSide {
		return 0, fault.Param(name, "%s must be a whole number of CSS pixels from 1 to %d, got %q", name, MaxSide, v[0])
	}
	return n, nil
}

// Lang reads the language of a picture's words: en (the default) or zh.
func Lang(q url.Values) (string, error) {
	switch l := q.Get("lang"); l {
	case "", "en":
		return "en", nil
	case "zh":
		return "zh", nil
	default:
		return "", fault.Param("lang", "%q: use en or zh", l)
	}
}

// layersParam reads the layers to draw, a comma-separated list as the
// viewer writes it; all of them without it.
func layersParam(q url.Values) (map[string]bool, error) {
	m := map[string]bool{}
	v, ok := q["layers"]
	if !ok {
		for _, l := range Layers {
			m[l] = true
		}
		return m, nil
	}
	for _, l := range strings.Split(v[0], ",") {
		switch l {
		case "territories", "rivers", "frontiers", "places":
			m[l] = true
		case "campaigns", "events", "land", "":
			// the viewer's layers that a still map does not draw
		default:
			return nil, fault.Param("layers", "unknown layer %q; use territories, rivers, frontiers, places", l)
		}
	}
	return m, nil
}

// viewParam reads the view: bbox, or lat, lon and z (the viewer's), or the
// dataset's default view.
func (p *Pictures) viewParam(q url.Values, w, h float64) (render.View, error) {
	_, hasBbox := q["bbox"]
	_, hasLat := q["lat"]
	_, hasLon := q["lon"]
	_, hasZ := q["z"]
	if hasBbox {
		if hasLat || hasLon || hasZ {
			return render.View{}, fault.Param("bbox", "give bbox or lat, lon and z, not both")
		}
		bs, err := params.Bbox(q)
		if err != nil {
			return render.View{}, err
		}
		if len(bs) != 1 {
			return render.View{}, fault.Param("bbox", "a map across the antimeridian is not drawn; give west < east")
		}
		b := bs[0]
		if b.Min.Lat() < viewBound.Min.Lat() || b.Max.Lat() > viewBound.Max.Lat() {
			return render.View{}, fault.Param("bbox", "latitudes must be within -85 and 85 (Web Mercator)")
		}
		if b.Max.Lon()-b.Min.Lon() < 1e-6 || b.Max.Lat()-b.Min.Lat() < 1e-6 {
			return render.View{}, fault.Param("bbox", "the box has no area")
		}
		v := render.Fit(b, w, h)
		if v.Zoom > 18 {
			return render.View{}, fault.Param("bbox", "the box is too small to draw (zoom %.1f; at most 18)", v.Zoom)
		}
		return v, nil
	}
	mv := p.core.Dataset().Meta.View
	lat, lon, z := mv.Lat, mv.Lon, mv.Zoom
	for _, p := range []struct {
		name     string
		v        *float64
		min, max float64
	}{{"lat", &lat, -85, 85}, {"lon", &lon, -180, 180}, {"z", &z, 0, 18}} {
		s, ok := q[p.name]
		if !ok {
			continue
		}
		f, err := strconv.ParseFloat(s[0], 64)
		if err != nil || math.IsNaN(f) || f < p.min || f > p.max {
			return render.View{}, fault.Param(p.name, "%s must be a number from %g to %g, got %q", p.name, p.min, p.max, s[0])
		}
		*p.v = f
	}
	return render.View{Center: orb.Point{lon, lat}, Zoom: z}, nil
}
