package ring_test

import (
	"fmt"

	"github.com/chronoatlas/chronoatlas/geo/ring"
	"github.com/paulmach/orb"
)

// Two islands that meet at a point, written as one ring, become two
// polygons, the loop closed first coming first; a spike left by snapping
// to a grid (out to 6,4 and back) is taken out.
func ExampleSplit() {
	r := orb.Ring{{0, 0}, {2, 0}, {2, 2}, {4, 2}, {4, 4}, {6, 4}, {4, 4}, {2, 4}, {2, 2}, {0, 2}, {0, 0}}
	polys, strays := ring.Split(orb.Polygon{r}, 0, 0)
	for _, p := range polys {
		fmt.Println(p)
	}
	fmt.Println(len(strays), "stray holes")
	// Output:
	// [[[2 2] [4 2] [4 4] [2 4] [2 2]]]
	// [[[0 0] [2 0] [2 2] [0 2] [0 0]]]
	// 0 stray holes
}
