package valid

import "github.com/chronoatlas/chronoatlas/geo/ring"

// Loops splits a closed ring at every point it passes twice.
//
// Deprecated: use ring.Loops; this forwards to it until the atlas build
// has moved over.
func Loops[P comparable](r []P) [][]P { return ring.Loops(r) }
