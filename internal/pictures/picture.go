package pictures

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/chronoatlas/chronoatlas/internal/gate"
	"github.com/chronoatlas/chronoatlas/internal/lru"
	"github.com/chronoatlas/chronoatlas/internal/render"
	"github.com/paulmach/orb"
)

// Layers are the layers a picture can show, in drawing order.
var Layers = atlas.PictureLayers

// Core is what pictures ask of a dataset's core (internal/atlas).
type Core interface {
	Dataset() *dataset.Dataset
	Scene(sc atlas.Scene) *render.Scene
	PicturePolities() []render.Polity
}

var _ Core = (*atlas.Atlas)(nil)

// Pictures draws and caches the pictures of one dataset: static maps, raster
// tiles and WMS maps. It lives in the server's state, replaced with it on a
// reload.
type Pictures struct {
	core Core
	r    *render.Renderer
	// gate bounds the pictures drawn at once, with the server's other
	// expensive work (internal/gate): past it a picture is refused with a 503.
	gate  *gate.Gate
	cache *lru.Cache[string, Drawn]
	// keys remembers the key of each picture asked for, by request.
	keys *lru.Cache[string, string]
	// the size of the legend of every polity, made once
	legendOnce       sync.Once
	legendW, legendH int
}

// New returns the pictures of core, drawn by r within g, keeping up to
// cacheBytes of them.
func New(core Core, r *render.Renderer, g *gate.Gate, cacheBytes int64) *Pictures {
	return &Pictures{core: core, r: r, gate: g, cache: lru.New(cacheBytes, func(k string, d Drawn) int64 { return int64(len(k) + len(d.Body) + len(d.ETag)) }),
		keys: lru.New(4<<20, func(k, v string) int64 { return int64(len(k) + len(v)) })}
}

// picture is what to draw: everything a request decides.
type Picture struct {
	At     chrono.Day // the moment shown
	When   string     // how the title gives it
	View   render.View
	Width  float64
	Height float64
	Scale  float64
	Lang   string
	Layers map[string]bool
	Frame  bool
	Legend bool
	Margin float64
	Format render.Format
	// Extent, when set, is the exact box of a WMS map, and NoLand and
	// Transparent leave out the land and the sea.
	Extent      *render.Extent
	NoLand      bool
	Transparent bool
}

// scene gathers the features of the picture's moment and view
// (atlas.Scene).
func (p *Pictures) scene(pic *Picture) *render.Scene {
	return p.core.Scene(atlas.Scene{
		At: pic.At, When: pic.When, View: pic.View, Width: pic.Width, Height: pic.Height,
		Lang: pic.Lang, Layers: pic.Layers, Frame: pic.Frame, Legend: pic.Legend, Margin: pic.Margin,
		Extent: pic.Extent, NoLand: pic.NoLand, Transparent: pic.Transparent,
	})
}

// key identifies a picture by what it shows rather than by how it was
// asked for: the features in view on its day (with the names and kinds
// places had then), the words of its title, and its size and form. Two
// years with the same state share a tile, and its ETag.
func (p *Pictures) key(pic *Picture, s *render.Scene) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d|%g|%g|%g|%g|%g|%g|%s|%t|%t|%g|%t|%t\n", pic.Format, pic.View.Center[0], pic.View.Center[1], pic.View.Zoom, pic.Width, pic.Height, pic.Scale, pic.Lang, pic.Frame, pic.Legend, pic.Margin, pic.NoLand, pic.Transparent)
	if e := pic.Extent; e != nil {
		fmt.Fprintf(h, "%t|%g|%g|%g|%g\n", e.Plate, e.Bound.Min[0], e.Bound.Min[1], e.Bound.Max[0], e.Bound.Max[1])
	}
	for _, l := range Layers {
		fmt.Fprintf(h, "%s:%t ", l, pic.Layers[l])
	}
	if pic.Frame {
		fmt.Fprintf(h, "\n%s|%d|", s.When, pic.At.Year())
		for _, e := range s.Eras {
			if e.Life.Contains(pic.At) {
				fmt.Fprintf(h, "%s %s,", e.Polity, e.Name)
			}
		}
	}
	for _, fs := range [][]*feature.Feature{s.Land, s.Territories, s.Rivers, s.Frontiers} {
		for _, f := range fs {
			h.Write([]byte(f.Key))
			h.Write([]byte{0})
		}
		h.Write([]byte{1})
	}
	for _, f := range s.Places {
		props := f.PropertiesAt(pic.At)
		fmt.Fprintf(h, "%s\x00%v\x00%v\x00%v\x00", f.Key, props["name"], props["name_zh"], props["kind"])
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// Core is the core the pictures are of.
func (p *Pictures) Core() Core { return p.core }

// Prepare gathers the picture's scene and its key, which is its ETag.
// A request seen before skips the gathering: its key is remembered, and
// the scene, nil then, is gathered by draw if the picture must be drawn.
func (p *Pictures) Prepare(pic *Picture) (*render.Scene, string) {
	rk := pic.requestKey()
	if k, ok := p.keys.Get(rk); ok {
		return nil, k
	}
	s := p.scene(pic)
	k := p.key(pic, s)
	p.keys.Add(rk, k)
	return s, k
}

// requestKey identifies a picture by how it was asked for: everything a
// request decides, written out.
func (pic *Picture) requestKey() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d|%s|%v|%g|%g|%g|%s|%t|%t|%g|%d|%t|%t|", pic.At, pic.When, pic.View, pic.Width, pic.Height, pic.Scale, pic.Lang, pic.Frame, pic.Legend, pic.Margin, pic.Format, pic.NoLand, pic.Transparent)
	for _, l := range Layers {
		if pic.Layers[l] {
			b.WriteString(l)
			b.WriteByte(',')
		}
	}
	if e := pic.Extent; e != nil {
		fmt.Fprintf(&b, "|%t|%v", e.Plate, e.Bound)
	}
	return b.String()
}

// Drawn is a drawn picture.
type Drawn struct {
	Body []byte
	ETag string // quoted
}

// Draw returns the picture, from the cache or drawn within the gate. It
// returns fault.Unavailable when the server is too busy or the client left
// while waiting, and ctx's error when it leaves while the picture is
// drawn, which stops the drawing.
func (p *Pictures) Draw(ctx context.Context, pic *Picture, s *render.Scene, k string) (Drawn, error) {
	if img, ok := p.cache.Get(k); ok {
		return img, nil
	}
	release, err := p.gate.Acquire(ctx)
	if err != nil {
		return Drawn{}, err
	}
	defer release()
	if img, ok := p.cache.Get(k); ok {
		return img, nil
	}
	if s == nil {
		s = p.scene(pic)
	}
	var buf bytes.Buffer
	if err := p.r.Write(ctx, &buf, s, pic.Format, pic.Scale); err != nil {
		return Drawn{}, err
	}
	img := Drawn{Body: buf.Bytes(), ETag: `"` + k + `"`}
	p.cache.Add(k, img)
	return img, nil
}

// viewBound is the world a picture may show: Web Mercator ends short of
// the poles.
var viewBound = orb.Bound{Min: orb.Point{-180, -85}, Max: orb.Point{180, 85}}
