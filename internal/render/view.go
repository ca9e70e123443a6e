package render

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// TileSize is the width of a tile, and of the whole world at zoom 0, in
// CSS pixels.
const TileSize = 256

// maxLat is the latitude where Web Mercator ends.
const maxLat = 85.0511287798066

// View is what part of the world a map shows: its centre and its Web
// Mercator zoom, at which the world is TileSize·2^Zoom pixels wide.
type View struct {
	Center orb.Point
	Zoom   float64
}

// Fit returns the view that shows all of b, centred, in a map of width by
// height pixels. A bound across the antimeridian (west > east) is not
// handled: the caller splits or refuses it.
func Fit(b orb.Bound, width, height float64) View {
	x0, y0 := mercator(b.Min.Lon(), b.Max.Lat())
	x1, y1 := mercator(b.Max.Lon(), b.Min.Lat())
	dx, dy := (x1-x0)*TileSize, (y1-y0)*TileSize
	scale := math.Inf(1)
	if dx > 0 {
		scale = width / dx
	}
	if dy > 0 {
		scale = math.Min(scale, height/dy)
	}
	if math.IsInf(scale, 1) {
		scale = 1 << 10
	}
	cx, cy := (x0+x1)/2, (y0+y1)/2
	return View{Center: unmercator(cx, cy), Zoom: math.Log2(scale)}
}

// TileView returns the view of tile t drawn TileSize pixels wide.
func TileView(t maptile.Tile) View {
	n := math.Exp2(float64(t.Z))
	return View{Center: unmercator((float64(t.X)+0.5)/n, (float64(t.Y)+0.5)/n), Zoom: float64(t.Z)}
}

// Bound returns the longitudes and latitudes a map of width by height
// pixels with view v shows, grown by margin pixels on every side.
func (v View) Bound(width, height, margin float64) orb.Bound {
	return v.projection(width, height).bound(width, height, margin)
}

func (p projection) bound(width, height, margin float64) orb.Bound {
	nw := p.unproject(-margin, -margin)
	se := p.unproject(width+margin, height+margin)
	return orb.Bound{Min: orb.Point{nw.Lon(), se.Lat()}, Max: orb.Point{se.Lon(), nw.Lat()}}
}

// mercator returns the Web Mercator coordinates of a point as fractions of
// the world, x east and y south from the north-west corner.
func mercator(lon, lat float64) (x, y float64) {
	lat = math.Max(-maxLat, math.Min(maxLat, lat))
	s := math.Sin(lat * math.Pi / 180)
	return (lon + 180) / 360, 0.5 - math.Log((1+s)/(1-s))/(4*math.Pi)
}

func unmercator(x, y float64) orb.Point {
	lon := x*360 - 180
	lat := math.Atan(math.Sinh(math.Pi*(1-2*y))) * 180 / math.Pi
	return orb.Point{lon, lat}
}

// projection places longitude and latitude on the map, in pixels from its
// top-left corner, y down: Web Mercator, or plate carrée (longitude and
// latitude as x and y, as WMS's CRS:84 and EPSG:4326 draw), scaled by sx
// and sy from fractions of the world.
type projection struct {
	plate  bool
	sx, sy float64 // the world's width and height in pixels
	x0, y0 float64 // the top-left corner in world pixels
}

func (v View) projection(width, height float64) projection {
	world := TileSize * math.Exp2(v.Zoom)
	cx, cy := mercator(v.Center.Lon(), v.Center.Lat())
	return projection{sx: world, sy: world, x0: cx*world - width/2, y0: cy*world - height/2}
}

// Extent is what part of the world a map shows when it must show exactly
// a box, stretched to the map's size as WMS asks: in Web Mercator, or in
// plate carrée when Plate is set.
type Extent struct {
	Bound orb.Bound
	Plate bool
}

func (e Extent) projection(width, height float64) projection {
	p := projection{plate: e.Plate}
	x0, y0 := p.fraction(e.Bound.Min.Lon(), e.Bound.Max.Lat())
	x1, y1 := p.fraction(e.Bound.Max.Lon(), e.Bound.Min.Lat())
	p.sx, p.sy = width/(x1-x0), height/(y1-y0)
	p.x0, p.y0 = x0*p.sx, y0*p.sy
	return p
}

// fraction returns a point's place as fractions of the world's width and
// height from its north-west corner.
func (p projection) fraction(lon, lat float64) (float64, float64) {
	if p.plate {
		return (lon + 180) / 360, (90 - lat) / 180
	}
	return mercator(lon, lat)
}

func (p projection) point(q orb.Point) orb.Point {
	x, y := p.fraction(q[0], q[1])
	return orb.Point{x*p.sx - p.x0, y*p.sy - p.y0}
}

func (p projection) unproject(x, y float64) orb.Point {
	fx, fy := (x+p.x0)/p.sx, (y+p.y0)/p.sy
	if p.plate {
		return orb.Point{fx*360 - 180, 90 - fy*180}
	}
	return unmercator(fx, fy)
}

// zoom is the Web Mercator zoom the map is nearest to, for widths of
// lines that depend on it.
func (p projection) zoom() float64 {
	return math.Log2(p.sx / TileSize)
}

// metresPerPixel is the ground distance of a pixel at latitude lat.
func (p projection) metresPerPixel(lat float64) float64 {
	return 2 * math.Pi * 6378137 * math.Cos(lat*math.Pi/180) / p.sx
}
