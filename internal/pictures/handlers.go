package pictures

import (
	"github.com/chronoatlas/chronoatlas/internal/respond"
)

// Handlers serve the pictures of the dataset being served: /map.png,
// /map.svg, /map.pdf, the raster tiles and their TileJSON.
type Handlers struct {
	// current returns the pictures of the dataset to answer a request
	// with; a reload replaces them.
	current func() *Pictures
	resp    *respond.Writer
}

// NewHandlers returns the handlers over current, answering through resp.
func NewHandlers(current func() *Pictures, resp *respond.Writer) *Handlers {
	return &Handlers{current: current, resp: resp}
}
