package atlasbuild

import (
	"github.com/chronoatlas/chronoatlas/internal/atlasbuild/xy"
	"math"
	"strings"
	"testing"

	"github.com/peterstace/simplefeatures/geom"
)

// box is a closed square ring as cell points.
func box(x0, y0, x1, y1 float64) []Point {
	return []Point{{XY: [2]float64{x0, y0}}, {XY: [2]float64{x1, y0}}, {XY: [2]float64{x1, y1}}, {XY: [2]float64{x0, y1}}}
}

func pts(xy ...float64) []Point {
	var out []Point
	for i := 0; i+1 < len(xy); i += 2 {
		out = append(out, Point{XY: [2]float64{xy[i], xy[i+1]}})
	}
	return out
}

// TestPaint paints small maps on a square of land 0–10 × 0–10 and checks
// that what the cells cover adds up to the land with no hole, or that the
// build refuses the cells with the error it should.
func TestPaint(t *testing.T) {
	land := geom.NewPolygon([]geom.LineString{geom.NewLineString(xy.Seq([]geom.XY{{X: 0, Y: 0}, {X: 10, Y: 0}, {X: 10, Y: 10}, {X: 0, Y: 10}, {X: 0, Y: 0}}))}).AsGeometry()
	for _, tc := range []struct {
		name  string
		rings [][]Point
		want  string // an error, or "" for none
	}{
		{"two halves", [][]Point{box(-1, -1, 5, 11), box(5, -1, 11, 11)}, ""},
		{"overlapping rings: the first wins", [][]Point{box(-1, -1, 6, 11), box(4, -1, 11, 11)}, ""},
		{"a border drawn twice a hair apart leaves no sliver",
			[][]Point{pts(-1, -1, 5, -1, 5.0000001, 11, -1, 11), pts(5, -1, 11, -1, 11, 11, 5, 11)}, ""},
		{"land in no cell", [][]Point{box(-1, -1, 4, 11), box(5, -1, 11, 11)}, "land in no cell"},
		{"a catch-all ring that picks up two leftovers",
			[][]Point{box(-1, -1, 4, 11), box(4, 2, 11, 8), box(-1, -1, 11, 11)}, "cell c comes apart"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cells := make([]Cell, len(tc.rings))
			for i, r := range tc.rings {
				cells[i] = Cell{ID: string(rune('a' + i)), Ring: r}
			}
			g, err := paint(cells, resolver{&Lines{}}, land)
			if tc.want != "" {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("got %v, want an error with %q", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			all := make([]int, len(cells))
			sum := 0.0
			for i, a := range g.cellAreas(len(cells)) {
				all[i] = i
				sum += a
			}
			u, err := g.shape(all)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(sum-100) > 1e-9 || math.Abs(u.Area()-100) > 1e-9 {
				t.Errorf("cells cover %g and their union %g, want the land's 100", sum, u.Area())
			}
			for _, p := range xy.Polygons(u) {
				if n := len(p.MustAsPolygon().Coordinates()); n != 1 {
					t.Errorf("the union has %d rings, want no hole: %v", n, p)
				}
			}
		})
	}
}
