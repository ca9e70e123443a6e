package render

import (
	"image/color"
	"sort"

	"github.com/paulmach/orb"
	"github.com/tdewolff/canvas"
)

// rect is a box on the map in pixels, y down.
type rect struct{ x0, y0, x1, y1 float64 }

func (a rect) overlaps(b rect) bool {
	return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
}

// take marks a box as used, so that no label covers it.
func (d *drawing) take(r rect) { d.taken = append(d.taken, r) }

func (d *drawing) free(r rect) bool {
	m := d.s.Margin
	if r.x0 < -m || r.y0 < -m || r.x1 > d.s.Width+m || r.y1 > d.s.Height+m {
		return false
	}
	for _, t := range d.taken {
		if t.overlaps(r) {
			return false
		}
	}
	return true
}

// label is a name waiting for a place on the map.
type label struct {
	text string
	at   orb.Point // the point it names, in pixels
	gap  float64   // how far from the point its box keeps
	size float64
	bold bool
	col  color.RGBA
	box  bool // a light box behind it, to read over lines and fills
	// rank orders labels: lower first, so capitals win over cities.
	rank int
	// centred labels sit on their point (a polity's name in its land) and
	// need no wider than within.
	centred bool
	within  float64
}

// labels places the queued labels in order of rank, each at the first of
// its candidate positions where it collides with nothing placed before,
// and leaves out those that fit nowhere.
func (d *drawing) labels() {
	sort.SliceStable(d.pending, func(i, j int) bool { return d.pending[i].rank < d.pending[j].rank })
	for _, l := range d.pending {
		t := d.r.fonts.text(l.text, l.size, l.col, l.bold)
		b := t.Bounds()
		w, h := b.W(), b.H()
		if l.centred && w > 0.9*l.within {
			continue
		}
		x, y := l.at[0], l.at[1]
		g := l.gap
		var candidates [][2]float64 // top-left corners
		if l.centred {
			candidates = [][2]float64{{x - w/2, y - h/2}}
		} else {
			candidates = [][2]float64{
				{x + g, y - h/2},           // right
				{x - g - w, y - h/2},       // left
				{x + g*0.7, y - g*0.7 - h}, // upper right
				{x + g*0.7, y + g*0.7},     // lower right
				{x - w/2, y - g - h},       // above
				{x - w/2, y + g},           // below
				{x - g*0.7 - w, y - g*0.7 - h},
				{x - g*0.7 - w, y + g*0.7},
			}
		}
		for _, c := range candidates {
			r := rect{c[0] - 1.5, c[1] - 1, c[0] + w + 1.5, c[1] + h + 1}
			if !d.free(r) {
				continue
			}
			d.take(r)
			if l.box {
				bg := canvas.RoundedRectangle(r.x1-r.x0, r.y1-r.y0, 2).Translate(r.x0, d.s.Height-r.y1)
				d.draw(bg, alpha(colWhite, 0.72), color.RGBA{}, 0)
			}
			d.c.RenderText(t, canvas.Identity.Translate(c[0]-b.X0, d.s.Height-c[1]-b.Y1))
			break
		}
	}
}
