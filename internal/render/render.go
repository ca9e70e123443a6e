package render

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"sync"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/paulmach/orb"
	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/renderers/pdf"
	"github.com/tdewolff/canvas/renderers/rasterizer"
	"github.com/tdewolff/canvas/renderers/svg"
)

// Errors of the package.
var (
	// ErrSize is returned for a map with no area or one larger than
	// MaxPixels.
	ErrSize = errors.New("render: map size out of range")
	// ErrFormat is returned for an unknown output format.
	ErrFormat = errors.New("render: unknown format")
)

// MaxPixels bounds the pixels of one PNG (width × height × scale²).
const MaxPixels = 4096 * 4096

// Polity is how a polity is named and coloured.
type Polity struct {
	ID, Name, NameZh string
	Color            color.RGBA
}

// Era is a reign era, named in the title of a map of a day within it.
type Era struct {
	Polity       string
	Name, NameZh string
	Life         chrono.Interval
}

// Scene is everything one map shows. Features are in longitude and
// latitude; those outside the view are skipped.
type Scene struct {
	// At is the day drawn: the names and kinds of places are those of
	// that day. The features given are expected to be those alive then.
	At chrono.Day
	// When is how the title gives the moment, such as "1141" or
	// "1141-12-17"; At's year when empty.
	When string
	// View, Width and Height are the map's view and size in CSS pixels.
	View          View
	Width, Height float64
	// Extent, when set, takes the place of View: the map shows exactly
	// that box (a WMS GetMap).
	Extent *Extent
	// Transparent leaves the sea undrawn.
	Transparent bool
	// Lang is "zh" for Chinese names and headings, anything else for
	// English.
	Lang string
	// The layers, drawn in this order; any may be empty.
	Land, Territories, Rivers, Frontiers, Places []*feature.Feature
	// Polities name and colour territories, by the territories' polity
	// property; the legend lists them in this order.
	Polities []Polity
	// Eras are the reign eras; the title names those of At.
	Eras []Era
	// Title and TitleZh are the atlas's title; Attribution its credit
	// and licence.
	Title, TitleZh, Attribution string
	// Frame draws the title, the scale bar and the attribution round the
	// map; Legend the legend too. A tile has neither.
	Frame, Legend bool
	// Margin, for a tile, is how far beyond its edges labels are placed
	// from, in pixels, so that a label across an edge shows in both tiles.
	Margin float64
}

// Format is an output format.
type Format int

// The formats.
const (
	PNG Format = iota
	SVG
	PDF
)

// Renderer draws maps. It holds the parsed fonts, parsed when it first
// draws (a server that is asked for no picture never needs them, and
// starting is quicker without), and is safe for concurrent use.
type Renderer struct {
	load     sync.Once
	fonts    *fonts
	fontsErr error
	// vector serializes writing SVG and PDF: subsetting the shared fonts
	// for them (tdewolff/font) is not safe from several goroutines at
	// once. Drawing, the costly part, still runs in parallel.
	vector sync.Mutex
}

// New returns a renderer.
func New() (*Renderer, error) {
	return &Renderer{}, nil
}

// ready parses the fonts the first time it is called.
func (r *Renderer) ready() error {
	r.load.Do(func() { r.fonts, r.fontsErr = loadFonts() })
	return r.fontsErr
}

// Write draws s and writes it to w in format f. Scale is the pixel ratio of
// a PNG (2 for a high-density screen); SVG and PDF ignore it. It returns
// ctx's error if ctx ends while drawing.
func (r *Renderer) Write(ctx context.Context, w io.Writer, s *Scene, f Format, scale float64) error {
	if f == PNG {
		img, err := r.Image(ctx, s, scale)
		if err != nil {
			return err
		}
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		return enc.Encode(w, img)
	}
	c, err := r.Draw(ctx, s)
	if err != nil {
		return err
	}
	r.vector.Lock()
	defer r.vector.Unlock()
	switch f {
	case SVG:
		out := svg.New(w, s.Width, s.Height, &svg.Options{EmbedFonts: true, SubsetFonts: true, SizeUnits: "px", ImageEncoding: canvas.Lossless})
		c.RenderTo(out)
		return out.Close()
	case PDF:
		const mmPerPx = 25.4 / 96
		out := pdf.New(w, s.Width*mmPerPx, s.Height*mmPerPx, &pdf.Options{Compress: true, SubsetFonts: true, ImageEncoding: canvas.Lossless})
		out.SetInfo(r.title(s), "", "", "", "chronoatlas")
		if s.Lang == "zh" {
			out.SetLang("zh-Hant")
		} else {
			out.SetLang("en")
		}
		c.RenderViewTo(out, canvas.Identity.Scale(mmPerPx, mmPerPx))
		return out.Close()
	}
	return fmt.Errorf("%w: %d", ErrFormat, f)
}

// Image draws s at scale pixels per CSS pixel.
func (r *Renderer) Image(ctx context.Context, s *Scene, scale float64) (*image.RGBA, error) {
	if scale <= 0 || s.Width*s.Height*scale*scale > MaxPixels {
		return nil, fmt.Errorf("%w: %gx%g at scale %g", ErrSize, s.Width, s.Height, scale)
	}
	c, err := r.Draw(ctx, s)
	if err != nil {
		return nil, err
	}
	img := rasterizer.Draw(c, canvas.DPMM(scale), canvas.DefaultColorSpace)
	return img, ctx.Err()
}

// Draw draws s on a canvas whose unit is the CSS pixel.
func (r *Renderer) Draw(ctx context.Context, s *Scene) (*canvas.Canvas, error) {
	if !(s.Width >= 1 && s.Height >= 1) || s.Width*s.Height > MaxPixels {
		return nil, fmt.Errorf("%w: %gx%g", ErrSize, s.Width, s.Height)
	}
	if err := r.ready(); err != nil {
		return nil, err
	}
	d := &drawing{r: r, s: s, c: canvas.New(s.Width, s.Height)}
	d.ctx = canvas.NewContext(d.c)
	d.proj = s.projection()
	const pad = 4 // lines and fills run a little past the edge
	d.box = orb.Bound{Min: orb.Point{-pad, -pad}, Max: orb.Point{s.Width + pad, s.Height + pad}}
	d.lonlat = d.proj.bound(s.Width, s.Height, pad+s.Margin)
	d.polities = map[string]Polity{}
	for _, p := range s.Polities {
		d.polities[p.ID] = p
	}
	steps := []func(){d.background, d.land, d.territories, d.rivers, d.frontiers, d.places, d.frame, d.labels}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		step()
	}
	return d.c, ctx.Err()
}

func (s *Scene) projection() projection {
	if s.Extent != nil {
		return s.Extent.projection(s.Width, s.Height)
	}
	return s.View.projection(s.Width, s.Height)
}

// Bound returns the longitudes and latitudes the scene shows, grown by
// margin pixels on every side: the features to give it are those in it.
func (s *Scene) Bound(margin float64) orb.Bound {
	return s.projection().bound(s.Width, s.Height, margin)
}

// drawing is the state of drawing one scene.
type drawing struct {
	r        *Renderer
	s        *Scene
	c        *canvas.Canvas
	ctx      *canvas.Context
	proj     projection
	box      orb.Bound // the map in pixels, with a little room
	lonlat   orb.Bound // the same in longitude and latitude
	polities map[string]Polity
	// shown lists the polities whose territory is in view, in order.
	shown map[string]bool
	// labels waiting to be placed, and the boxes taken so far.
	pending []label
	taken   []rect
}

// The map's colours, those of the viewer.
var (
	colSea      = color.RGBA{0xcf, 0xe0, 0xea, 0xff}
	colLand     = color.RGBA{0xef, 0xe9, 0xda, 0xff}
	colBorder   = color.RGBA{0x4a, 0x40, 0x35, 0xff}
	colRiver    = color.RGBA{0x3f, 0x7c, 0xc0, 0xff}
	colFrontier = color.RGBA{0x8b, 0x1e, 0x1e, 0xff}
	colInk      = color.RGBA{0x2d, 0x2a, 0x26, 0xff}
	colCapital  = color.RGBA{0xff, 0xf4, 0xc2, 0xff}
	colWhite    = color.RGBA{0xff, 0xff, 0xff, 0xff}
	colMuted    = color.RGBA{0x5c, 0x55, 0x4c, 0xff}
	colGrey     = color.RGBA{0x99, 0x99, 0x99, 0xff}
)

// alpha returns c at opacity a, premultiplied as color.RGBA is.
func alpha(c color.RGBA, a float64) color.RGBA {
	return color.RGBA{uint8(float64(c.R)*a + 0.5), uint8(float64(c.G)*a + 0.5), uint8(float64(c.B)*a + 0.5), uint8(float64(c.A)*a + 0.5)}
}

// darker returns c darkened by f (0 to 1).
func darker(c color.RGBA, f float64) color.RGBA {
	return color.RGBA{uint8(float64(c.R) * (1 - f)), uint8(float64(c.G) * (1 - f)), uint8(float64(c.B) * (1 - f)), c.A}
}

func (d *drawing) visible(f *feature.Feature) bool { return f.Bound.Intersects(d.lonlat) }

// fill draws path pa filled with fill and stroked with stroke (either may
// be transparent), dashed when dashes are given.
func (d *drawing) draw(pa *canvas.Path, fill, stroke color.RGBA, width float64, dashes ...float64) {
	if pa.Empty() {
		return
	}
	st := canvas.DefaultStyle
	st.Fill = canvas.Paint{Color: fill}
	st.Stroke = canvas.Paint{Color: stroke}
	st.StrokeWidth = width
	st.StrokeJoiner = canvas.RoundJoin
	st.StrokeCapper = canvas.RoundCap
	if len(dashes) > 0 {
		st.Dashes = dashes
		st.StrokeCapper = canvas.ButtCap
	}
	if stroke.A == 0 {
		st.Stroke = canvas.Paint{}
	}
	if fill.A == 0 {
		st.Fill = canvas.Paint{}
	}
	d.c.RenderPath(pa, st, canvas.Identity)
}

func (d *drawing) background() {
	if d.s.Transparent {
		return
	}
	d.draw(canvas.Rectangle(d.s.Width, d.s.Height), colSea, color.RGBA{}, 0)
}

func (d *drawing) land() {
	for _, f := range d.s.Land {
		if !d.visible(f) {
			continue
		}
		if g := d.proj.pixels(f.Geometry, d.box); g != nil {
			d.draw(path(g, d.s.Height), colLand, color.RGBA{}, 0)
		}
	}
}

// territories fills each territory in its polity's colour, lighter when
// its extent is uncertain, and draws its border: solid when certain,
// dashed when not, with hatching over an uncertain one.
func (d *drawing) territories() {
	d.shown = map[string]bool{}
	type drawn struct {
		f   *feature.Feature
		g   orb.MultiPolygon
		pa  *canvas.Path
		col color.RGBA
	}
	var all []drawn
	for _, f := range d.s.Territories {
		if !d.visible(f) {
			continue
		}
		g, ok := d.proj.pixels(f.Geometry, d.box).(orb.MultiPolygon)
		if !ok {
			continue
		}
		polity := f.StringProp("polity")
		col := colGrey
		if p, ok := d.polities[polity]; ok {
			col = p.Color
		}
		d.shown[polity] = true
		pa := path(g, d.s.Height)
		opacity := 0.7
		if f.StringProp("certainty") == "uncertain" {
			opacity = 0.45
		}
		d.draw(pa, alpha(col, opacity), color.RGBA{}, 0)
		all = append(all, drawn{f, g, pa, col})
	}
	for _, t := range all {
		switch t.f.StringProp("certainty") {
		case "certain":
			d.draw(t.pa, color.RGBA{}, alpha(colBorder, 0.8), 0.8)
		case "uncertain":
			hatch := canvas.NewLineHatch(alpha(darker(t.col, 0.35), 0.55), 45, 7, 0.9).Tile(t.pa)
			d.draw(hatch, alpha(darker(t.col, 0.35), 0.55), color.RGBA{}, 0)
			fallthrough
		default:
			d.draw(t.pa, color.RGBA{}, alpha(colBorder, 0.9), 1, 4, 3)
		}
		if d.s.Frame {
			// a tile names no polity: its name would be cut at the edges
			d.polityLabel(t.f, t.g, t.col)
		}
	}
}

func (d *drawing) rivers() {
	width := 2.0
	if d.proj.zoom() < 5 {
		width = 1.2
	}
	for _, f := range d.s.Rivers {
		if !d.visible(f) {
			continue
		}
		if g := d.proj.pixels(f.Geometry, d.box); g != nil {
			d.draw(path(g, d.s.Height), color.RGBA{}, colRiver, width)
		}
	}
}

func (d *drawing) frontiers() {
	for _, f := range d.s.Frontiers {
		if !d.visible(f) {
			continue
		}
		if g := d.proj.pixels(f.Geometry, d.box); g != nil {
			d.draw(path(g, d.s.Height), color.RGBA{}, colFrontier, 2, 6, 4)
		}
	}
}

// name returns the name of f on the scene's day in its language, falling
// back to the English name when the Chinese one is missing or cannot be
// drawn; "" when neither can.
func (d *drawing) name(props map[string]any) string {
	en, _ := props["name"].(string)
	if d.s.Lang == "zh" {
		if zh, _ := props["name_zh"].(string); zh != "" && d.r.fonts.drawable(zh) {
			return zh
		}
	}
	if d.r.fonts.drawable(en) {
		return en
	}
	return ""
}

// places draws each place by its kind on the scene's day and queues its
// label: capitals first, then cities, then the rest.
func (d *drawing) places() {
	for _, f := range d.s.Places {
		pt, ok := f.Geometry.(orb.Point)
		if !ok || !d.visible(f) {
			continue
		}
		q := d.proj.point(pt)
		props := f.PropertiesAt(d.s.At)
		kind, _ := props["kind"].(string)
		y := d.s.Height - q[1]
		var radius float64
		switch kind {
		case "capital":
			radius = 6
			d.draw(canvas.Circle(radius).Translate(q[0], y), colCapital, colInk, 1.5)
			d.draw(canvas.Circle(2.2).Translate(q[0], y), colInk, color.RGBA{}, 0)
		case "pass":
			radius = 5
			tri := canvas.RegularPolygon(3, radius, true).Translate(q[0], y)
			d.draw(tri, colInk, colWhite, 1)
		case "city":
			radius = 4.5
			d.draw(canvas.Circle(radius).Translate(q[0], y), colWhite, colInk, 1.5)
		default:
			radius = 3.5
			d.draw(canvas.Rectangle(2*radius, 2*radius).Translate(q[0]-radius, y-radius), colWhite, colInk, 1.2)
		}
		d.take(rect{q[0] - radius, q[1] - radius, q[0] + radius, q[1] + radius})
		name := d.name(props)
		if name == "" {
			continue
		}
		l := label{text: name, at: q, gap: radius + 2, size: 11, col: colInk, box: true}
		switch kind {
		case "capital":
			l.rank, l.size, l.bold = 0, 12, true
		case "city":
			l.rank = 2
		default:
			l.rank, l.size = 3, 10
		}
		d.pending = append(d.pending, l)
	}
}

// polityLabel queues the polity's name in the middle of the territory's
// largest part, if it fits there.
func (d *drawing) polityLabel(f *feature.Feature, g orb.MultiPolygon, col color.RGBA) {
	p, ok := d.polities[f.StringProp("polity")]
	if !ok {
		return
	}
	at, width, ok := labelPoint(g)
	if !ok || !d.inside(at) {
		return
	}
	name := p.Name
	if d.s.Lang == "zh" && p.NameZh != "" && d.r.fonts.drawable(p.NameZh) {
		name = p.NameZh
	}
	d.pending = append(d.pending, label{text: name, at: at, size: 13, bold: true, col: darker(col, 0.45), rank: 1, centred: true, within: width})
}

func (d *drawing) inside(q orb.Point) bool {
	return q[0] >= 0 && q[1] >= 0 && q[0] <= d.s.Width && q[1] <= d.s.Height
}

// title returns the map's title in its language, for the PDF's metadata.
func (r *Renderer) title(s *Scene) string {
	t := s.Title
	if s.Lang == "zh" && s.TitleZh != "" {
		t = s.TitleZh
	}
	return t + " — " + when(s)
}

func when(s *Scene) string {
	if s.When != "" {
		return s.When
	}
	return fmt.Sprint(s.At.Year())
}

// round125 returns the largest 1, 2 or 5 times a power of ten not above x.
func round125(x float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{5, 2, 1} {
		if m*p <= x {
			return m * p
		}
	}
	return p
}
