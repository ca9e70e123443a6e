package render_test

import (
	"fmt"

	"github.com/chronoatlas/chronoatlas/internal/render"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// A view fitted to a box: the zoom at which the box fits the map (here its
// height decides), and what the map then shows (wider, to its shape).
func ExampleFit() {
	b := orb.Bound{Min: orb.Point{97, 20}, Max: orb.Point{127, 45}}
	v := render.Fit(b, 800, 600)
	shown := v.Bound(800, 600, 0)
	fmt.Printf("zoom %.2f, centre %.2f°E\n", v.Zoom, v.Center.Lon())
	fmt.Printf("shows %.1f°E to %.1f°E\n", shown.Min.Lon(), shown.Max.Lon())
	// Output:
	// zoom 4.81, centre 112.00°E
	// shows 91.9°E to 132.1°E
}

// The view of a raster tile covers exactly the tile.
func ExampleTileView() {
	t := maptile.New(52, 25, 6)
	b := render.TileView(t).Bound(render.TileSize, render.TileSize, 0)
	fmt.Printf("%.3f %.3f %.3f %.3f\n", b.Min.Lon(), b.Min.Lat(), b.Max.Lon(), b.Max.Lat())
	// Output:
	// 112.500 31.952 118.125 36.598
}
