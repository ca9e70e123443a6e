package server

import (
	"github.com/chronoatlas/chronoatlas/internal/atlas"
)

// link is an OGC API / RFC 8288 link; the core writes them too.
type link = atlas.Link
