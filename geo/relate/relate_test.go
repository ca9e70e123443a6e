package relate

import (
	"testing"

	"github.com/paulmach/orb"
)

func square(x0, y0, x1, y1 float64) orb.Ring {
	return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
}

func TestIntersects(t *testing.T) {
	box := orb.Polygon{square(0, 0, 10, 10)}
	holed := orb.Polygon{square(0, 0, 10, 10), square(3, 3, 7, 7)}
	// An L-shaped coast whose bounding box covers the point (8, 8).
	ell := orb.Polygon{{{0, 0}, {10, 0}, {10, 2}, {2, 2}, {2, 10}, {0, 10}, {0, 0}}}
	tests := []struct {
		name string
		a, b orb.Geometry
		want bool
	}{
		{"point inside", orb.Point{5, 5}, box, true},
		{"point on edge", orb.Point{10, 5}, box, true},
		{"point on corner", orb.Point{0, 0}, box, true},
		{"point outside", orb.Point{11, 5}, box, false},
		{"point in hole", orb.Point{5, 5}, holed, false},
		{"point on hole's edge", orb.Point{3, 5}, holed, true},
		{"point in bound, not in L", orb.Point{8, 8}, ell, false},
		{"box in bound of L, not in L", orb.Bound{Min: orb.Point{5, 5}, Max: orb.Point{9, 9}}, ell, false},
		{"box overlapping L", orb.Bound{Min: orb.Point{1, 5}, Max: orb.Point{9, 9}}, ell, true},
		{"polygon inside polygon", orb.Polygon{square(1, 1, 2, 2)}, box, true},
		{"polygon around polygon", box, orb.Polygon{square(1, 1, 2, 2)}, true},
		{"polygon in hole", orb.Polygon{square(4, 4, 6, 6)}, holed, false},
		{"line crossing", orb.LineString{{-1, 5}, {11, 5}}, box, true},
		{"line through hole only", orb.LineString{{4, 5}, {6, 5}}, holed, false},
		{"line outside", orb.LineString{{-1, -1}, {-1, 20}}, box, false},
		{"lines crossing", orb.LineString{{0, 0}, {2, 2}}, orb.LineString{{0, 2}, {2, 0}}, true},
		{"lines parallel", orb.LineString{{0, 0}, {2, 0}}, orb.LineString{{0, 1}, {2, 1}}, false},
		{"lines collinear overlapping", orb.LineString{{0, 0}, {2, 0}}, orb.LineString{{1, 0}, {3, 0}}, true},
		{"lines touching at an end", orb.LineString{{0, 0}, {1, 1}}, orb.LineString{{1, 1}, {2, 0}}, true},
		{"points", orb.MultiPoint{{1, 1}, {2, 2}}, orb.Point{2, 2}, true},
		{"points apart", orb.MultiPoint{{1, 1}, {2, 2}}, orb.Point{3, 3}, false},
		{"collection", orb.Collection{orb.Point{50, 50}, orb.Point{5, 5}}, box, true},
		{"multipolygon", orb.MultiPolygon{{square(20, 20, 30, 30)}, {square(1, 1, 2, 2)}}, holed, true},
		{"multipolygon in the hole", orb.MultiPolygon{{square(20, 20, 30, 30)}, {square(4, 4, 5, 5)}}, holed, false},
		{"nil", nil, box, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Intersects(tt.a, tt.b); got != tt.want {
				t.Errorf("Intersects = %v, want %v", got, tt.want)
			}
			if tt.a != nil {
				if got := Intersects(tt.b, tt.a); got != tt.want {
					t.Errorf("Intersects reversed = %v, want %v", got, tt.want)
				}
				if got := Disjoint(tt.a, tt.b); got == tt.want {
					t.Errorf("Disjoint = %v, want %v", got, !tt.want)
				}
			}
		})
	}
}

func TestWithin(t *testing.T) {
	box := orb.Polygon{square(0, 0, 10, 10)}
	holed := orb.Polygon{square(0, 0, 10, 10), square(3, 3, 7, 7)}
	ell := orb.Polygon{{{0, 0}, {10, 0}, {10, 2}, {2, 2}, {2, 10}, {0, 10}, {0, 0}}}
	tests := []struct {
		name string
		a, b orb.Geometry
		want bool
	}{
		{"point inside", orb.Point{5, 5}, box, true},
		{"point on edge", orb.Point{0, 5}, box, true},
		{"point outside", orb.Point{-1, 5}, box, false},
		{"point in hole", orb.Point{5, 5}, holed, false},
		{"small square", orb.Polygon{square(1, 1, 2, 2)}, box, true},
		{"same square", box, box, true},
		{"square over the hole", box, holed, false},
		{"square beside the hole", orb.Polygon{square(0, 0, 3, 3)}, holed, true},
		{"line across the bay of the L", orb.LineString{{1, 9}, {9, 1}}, ell, false},
		{"line along the L", orb.LineString{{1, 9}, {1, 1}, {9, 1}}, ell, true},
		{"square sticking out", orb.Polygon{square(5, 5, 15, 15)}, box, false},
		{"point on line", orb.Point{1, 0}, orb.LineString{{0, 0}, {2, 0}}, true},
		{"segment on line", orb.LineString{{0.5, 0}, {1.5, 0}}, orb.LineString{{0, 0}, {2, 0}}, true},
		{"polygon not within a line", orb.Polygon{square(0, 0, 1, 1)}, orb.LineString{{0, 0}, {2, 0}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Within(tt.a, tt.b); got != tt.want {
				t.Errorf("Within = %v, want %v", got, tt.want)
			}
			if got := Contains(tt.b, tt.a); got != tt.want {
				t.Errorf("Contains = %v, want %v", got, tt.want)
			}
		})
	}
}
