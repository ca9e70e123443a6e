package render

import (
	"context"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"math"
	"strings"

	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/renderers/rasterizer"
)

// words are the map's own words in Chinese; English is the key.
var words = map[string]string{
	"capital":            "都城",
	"city":               "城市",
	"pass":               "關隘",
	"approximate border": "大致的邊界",
	"uncertain extent":   "存疑的範圍",
	"frontier":           "邊界線",
	"river":              "河流",
	"km":                 "公里",
}

func (d *drawing) word(en string) string {
	if d.s.Lang == "zh" {
		if zh, ok := words[en]; ok {
			return zh
		}
	}
	return en
}

// frame draws the title, the legend, the scale bar and the attribution,
// each on a light panel, and keeps labels off them.
func (d *drawing) frame() {
	if !d.s.Frame {
		return
	}
	top := d.title()
	if d.s.Legend {
		d.legend(top.y1 + 8)
	}
	bottom := d.attribution()
	d.scaleBar(bottom)
}

// line is one line of text in a panel.
type line struct {
	t      *canvas.Text
	w, h   float64
	before float64 // room above it
	swatch func(x, y float64)
}

func (d *drawing) line(s string, size float64, col color.RGBA, bold bool) line {
	t := d.r.fonts.text(s, size, col, bold)
	b := t.Bounds()
	return line{t: t, w: b.W(), h: b.H()}
}

// panel draws lines on a light box whose top-left corner is at (x, y), or
// whose right edge is at x when right is set, and returns its box.
func (d *drawing) panel(x, y float64, lines []line, indent float64, right bool) rect {
	const pad = 6
	w, h := 0.0, 0.0
	for _, l := range lines {
		w = max(w, l.w+indent)
		h += l.h + l.before
	}
	if right {
		x -= w + 2*pad
	}
	r := rect{x, y, x + w + 2*pad, y + h + 2*pad}
	bg := canvas.RoundedRectangle(r.x1-r.x0, r.y1-r.y0, 3).Translate(r.x0, d.s.Height-r.y1)
	d.draw(bg, alpha(colWhite, 0.86), alpha(colMuted, 0.5), 0.5)
	cy := y + pad
	for _, l := range lines {
		cy += l.before
		if l.swatch != nil {
			l.swatch(x+pad, cy+l.h/2)
		}
		b := l.t.Bounds()
		d.c.RenderText(l.t, canvas.Identity.Translate(x+pad+indent-b.X0, d.s.Height-cy-b.Y1))
		cy += l.h
	}
	d.take(r)
	return r
}

// title names the moment, the reign eras it falls in and the atlas.
func (d *drawing) title() rect {
	zh := d.s.Lang == "zh"
	moment := when(d.s)
	if zh {
		moment += "年"
	}
	lines := []line{d.line(moment, 18, colInk, true)}
	var eras []string
	for _, e := range d.s.Eras {
		if !e.Life.Contains(d.s.At) {
			continue
		}
		n := d.s.At.Year() - e.Life.Start.Year() + 1
		p := d.polities[e.Polity]
		if zh && e.NameZh != "" && p.NameZh != "" {
			eras = append(eras, p.NameZh+e.NameZh+chineseYear(n))
		} else {
			eras = append(eras, fmt.Sprintf("%s: %s %d", p.Name, e.Name, n))
		}
	}
	if len(eras) > 0 {
		l := d.line(strings.Join(eras, " · "), 12, colInk, false)
		l.before = 3
		lines = append(lines, l)
	}
	title := d.s.Title
	if zh && d.s.TitleZh != "" {
		title = d.s.TitleZh
	}
	if title != "" {
		l := d.line(title, 10, colMuted, false)
		l.before = 3
		lines = append(lines, l)
	}
	return d.panel(8, 8, lines, 0, false)
}

// chineseYear writes the nth year of an era as Chinese books do: 元年 for
// the first, 十一年 for the eleventh.
func chineseYear(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n == 1:
		return "元年"
	case n < 1 || n > 99:
		return fmt.Sprintf("%d年", n)
	case n < 10:
		return digits[n] + "年"
	}
	s := digits[n/10] + "十" + digits[n%10]
	if n/10 == 1 {
		s = "十" + digits[n%10]
	}
	return s + "年"
}

// legendIndent is the room left of the legend's words for its swatches.
const legendIndent = 22

// legend lists the polities shown, then the symbols, below top. When not
// all polities fit, the last ones in the dataset's order are counted
// instead of listed.
func (d *drawing) legend(top float64) {
	const symbols = 6 * 15 // the symbols' lines
	lines := d.legendLines(int((d.s.Height - 8 - top - 12 - symbols - 4) / 15))
	total := 12.0
	for _, l := range lines {
		total += l.h + l.before
	}
	d.panel(8, d.s.Height-8-total, lines, legendIndent, false)
}

// legendLines returns the legend's lines, with at most room polities.
// Their swatches draw on the map as tall as the scene is when they run.
func (d *drawing) legendLines(room int) []line {
	var shown []Polity
	for _, p := range d.s.Polities {
		if d.shown[p.ID] {
			shown = append(shown, p)
		}
	}
	more := 0
	if len(shown) > room {
		more = len(shown) - max(room-1, 0)
		shown = shown[:max(room-1, 0)]
	}
	var lines []line
	for _, p := range shown {
		name := p.Name
		if d.s.Lang == "zh" && p.NameZh != "" && d.r.fonts.drawable(p.NameZh) {
			name = p.NameZh
		}
		l := d.line(name, 11, colInk, false)
		l.before = 2
		col := p.Color
		l.swatch = func(x, y float64) {
			d.draw(canvas.Rectangle(16, 10).Translate(x, d.s.Height-y-5), alpha(col, 0.7), alpha(colBorder, 0.8), 0.6)
		}
		lines = append(lines, l)
	}
	if more > 0 {
		words := fmt.Sprintf("and %d more", more)
		if d.s.Lang == "zh" {
			words = fmt.Sprintf("另有%d個", more)
		}
		l := d.line(words, 10, colMuted, false)
		l.before = 2
		lines = append(lines, l)
	}
	sym := func(word string, sw func(x, y float64)) {
		l := d.line(d.word(word), 10, colInk, false)
		l.before = 2
		l.swatch = sw
		lines = append(lines, l)
	}
	if len(lines) > 0 {
		lines[len(lines)-1].h += 4
	}
	sym("capital", func(x, y float64) {
		d.draw(canvas.Circle(5).Translate(x+8, d.s.Height-y), colCapital, colInk, 1.2)
		d.draw(canvas.Circle(1.8).Translate(x+8, d.s.Height-y), colInk, color.RGBA{}, 0)
	})
	sym("city", func(x, y float64) { d.draw(canvas.Circle(4).Translate(x+8, d.s.Height-y), colWhite, colInk, 1.2) })
	sym("approximate border", func(x, y float64) {
		d.draw(canvas.Line(16, 0).Translate(x, d.s.Height-y), color.RGBA{}, colBorder, 1, 4, 3)
	})
	sym("uncertain extent", func(x, y float64) {
		sq := canvas.Rectangle(16, 10).Translate(x, d.s.Height-y-5)
		d.draw(sq, alpha(colGrey, 0.45), color.RGBA{}, 0)
		d.draw(canvas.NewLineHatch(alpha(colMuted, 0.6), 45, 4, 0.8).Tile(sq), alpha(colMuted, 0.6), color.RGBA{}, 0)
	})
	sym("frontier", func(x, y float64) {
		d.draw(canvas.Line(16, 0).Translate(x, d.s.Height-y), color.RGBA{}, colFrontier, 2, 6, 4)
	})
	sym("river", func(x, y float64) {
		d.draw(canvas.Line(16, 0).Translate(x, d.s.Height-y), color.RGBA{}, colRiver, 1.5)
	})
	return lines
}

// Legend writes the legend alone as a PNG at scale pixels per CSS pixel,
// as large as it needs: the polities with a territory among s's (all of
// s's polities when it has none), then the symbols. Its size and view are
// ignored.
func (r *Renderer) Legend(ctx context.Context, w io.Writer, s *Scene, scale float64) error {
	if err := r.ready(); err != nil {
		return err
	}
	ls := *s
	d := &drawing{r: r, s: &ls, shown: map[string]bool{}}
	for _, f := range s.Territories {
		d.shown[f.StringProp("polity")] = true
	}
	if len(s.Territories) == 0 {
		for _, p := range s.Polities {
			d.shown[p.ID] = true
		}
	}
	lines := d.legendLines(len(s.Polities))
	width, height := 0.0, 12.0
	for _, l := range lines {
		width = max(width, l.w+legendIndent)
		height += l.h + l.before
	}
	ls.Width, ls.Height = math.Ceil(width+12), math.Ceil(height)
	if scale <= 0 || ls.Width*ls.Height*scale*scale > MaxPixels {
		return fmt.Errorf("%w: legend at scale %g", ErrSize, scale)
	}
	d.c = canvas.New(ls.Width, ls.Height)
	d.panel(0, 0, lines, legendIndent, false)
	if err := ctx.Err(); err != nil {
		return err
	}
	img := rasterizer.Draw(d.c, canvas.DPMM(scale), canvas.DefaultColorSpace)
	return (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(w, img)
}

// attribution writes the credit and licence along the bottom right and
// returns the top of its panel.
func (d *drawing) attribution() float64 {
	if d.s.Attribution == "" {
		return d.s.Height
	}
	l := d.line(d.s.Attribution, 9, colMuted, false)
	r := d.panel(d.s.Width-4, d.s.Height-4-l.h-12, []line{l}, 0, true)
	return r.y0
}

// scaleBar draws a bar of a round number of kilometres, true at the map's
// centre (Web Mercator stretches it with latitude), above bottom.
func (d *drawing) scaleBar(bottom float64) {
	lat := d.s.View.Center.Lat()
	mpp := d.proj.metresPerPixel(lat)
	km := round125(120 * mpp / 1000)
	if km <= 0 {
		return
	}
	w := km * 1000 / mpp
	l := d.line(fmt.Sprintf("%g %s", km, d.word("km")), 9, colInk, false)
	l.before = 8
	l.w = max(l.w, w)
	r := d.panel(d.s.Width-4, bottom-4-l.h-l.before-12, []line{l}, 0, true)
	h := d.s.Height
	x := r.x0 + 6
	y := r.y0 + 6
	d.draw(canvas.Rectangle(w, 3).Translate(x, h-y-3), colInk, color.RGBA{}, 0)
	d.draw(canvas.Rectangle(w/2, 3).Translate(x+w/2, h-y-3), colWhite, colInk, 0.6)
}
