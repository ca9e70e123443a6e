package wms

import (
	"math"

	"github.com/paulmach/orb"
)

// toMercator returns EPSG:3857 metres for a longitude and latitude.
func toMercator(p orb.Point) (float64, float64) {
	const r = 6378137
	lat := math.Max(-85.0511287798066, math.Min(85.0511287798066, p[1]))
	return p[0] * math.Pi / 180 * r, r * math.Log(math.Tan(math.Pi/4+lat*math.Pi/360))
}

func fromMercator(x, y float64) orb.Point {
	const r = 6378137
	return orb.Point{x / r * 180 / math.Pi, math.Atan(math.Sinh(y/r)) * 180 / math.Pi}
}
