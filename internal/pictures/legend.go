package pictures

import (
	"bytes"
	"context"
	"image/png"

	"github.com/chronoatlas/chronoatlas/internal/render"
)

// LegendSize is the size of the legend of every polity, for the WMS
// capabilities' LegendURL.
func (p *Pictures) LegendSize() (int, int) {
	p.legendOnce.Do(func() {
		var buf bytes.Buffer
		if err := p.r.Legend(context.Background(), &buf, &render.Scene{Polities: p.core.PicturePolities()}, 1); err != nil {
			return
		}
		if cfg, err := png.DecodeConfig(&buf); err == nil {
			p.legendW, p.legendH = cfg.Width, cfg.Height
		}
	})
	return p.legendW, p.legendH
}
