package coast

import (
	"github.com/chronoatlas/chronoatlas/internal/atlasbuild/xy"
	"testing"

	"github.com/peterstace/simplefeatures/geom"
)

func xys(pts ...float64) []geom.XY {
	var out []geom.XY
	for i := 0; i+1 < len(pts); i += 2 {
		out = append(out, geom.XY{X: pts[i], Y: pts[i+1]})
	}
	return out
}

// TestTidyFigureEight: two islands that meet at a point come out as two
// polygons, which the dataset validator accepts.
func TestTidyFigureEight(t *testing.T) {
	ring := xys(0, 0, 1, 1, 2, 0, 2, 2, 1, 1, 0, 2, 0, 0)
	p := geom.NewPolygon([]geom.LineString{geom.NewLineString(xy.Seq(ring))}).AsGeometry()
	ps, err := tidy(p, 6, sliver)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 {
		t.Fatalf("%d polygons, want 2", len(ps))
	}
	if err := checkPolygons(ps); err != nil {
		t.Error(err)
	}
}
