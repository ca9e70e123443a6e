package valid

import "github.com/chronoatlas/chronoatlas/geo/ring"

// Loops is ring.Loops under its old name, for the atlas build until it
// moves to geo/ring; then this goes.
func Loops[P comparable](r []P) [][]P { return ring.Loops(r) }
