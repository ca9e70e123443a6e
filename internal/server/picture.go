package server

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
	"github.com/chronoatlas/chronoatlas/geo/render"
	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/gate"
	"github.com/chronoatlas/chronoatlas/internal/lru"
	"github.com/paulmach/orb"
)

// pictureLayers are the layers a picture can show, in drawing order.
var pictureLayers = atlas.PictureLayers

// pictures draws and caches the pictures of one dataset: static maps, raster
// tiles and WMS maps. It lives in the server's state, replaced with it on a
// reload.
type pictures struct {
	core *atlas.Atlas
	r    *render.Renderer
	// gate bounds the pictures drawn at once, with the server's other
	// expensive work (internal/gate): past it a picture is refused with a 503.
	gate  *gate.Gate
	cache *lru.Cache[string, drawn]
	// keys remembers the key of each picture asked for, by request.
	keys *lru.Cache[string, string]
	// the size of the legend of every polity, made once
	legendOnce       sync.Once
	legendW, legendH int
}

func newPictures(core *atlas.Atlas, r *render.Renderer, g *gate.Gate, cacheBytes int64) *pictures {
	return &pictures{core: core, r: r, gate: g, cache: lru.New(cacheBytes, func(k string, d drawn) int64 { return int64(len(k) + len(d.body) + len(d.etag)) }),
		keys: lru.New(4<<20, func(k, v string) int64 { return int64(len(k) + len(v)) })}
}

// picture is what to draw: everything a request decides.
type picture struct {
	at     chrono.Day // the moment shown
	when   string     // how the title gives it
	view   render.View
	width  float64
	height float64
	scale  float64
	lang   string
	layers map[string]bool
	frame  bool
	legend bool
	margin float64
	format render.Format
	// extent, when set, is the exact box of a WMS map, and noLand and
	// transparent leave out the land and the sea.
	extent      *render.Extent
	noLand      bool
	transparent bool
}

// scene gathers the features of the picture's moment and view
// (atlas.Scene).
func (p *pictures) scene(pic *picture) *render.Scene {
	return p.core.Scene(atlas.Scene{
		At: pic.at, When: pic.when, View: pic.view, Width: pic.width, Height: pic.height,
		Lang: pic.lang, Layers: pic.layers, Frame: pic.frame, Legend: pic.legend, Margin: pic.margin,
		Extent: pic.extent, NoLand: pic.noLand, Transparent: pic.transparent,
	})
}

// key identifies a picture by what it shows rather than by how it was
// asked for: the features in view on its day (with the names and kinds
// places had then), the words of its title, and its size and form. Two
// years with the same state share a tile, and its ETag.
func (p *pictures) key(pic *picture, s *render.Scene) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d|%g|%g|%g|%g|%g|%g|%s|%t|%t|%g|%t|%t\n", pic.format, pic.view.Center[0], pic.view.Center[1], pic.view.Zoom, pic.width, pic.height, pic.scale, pic.lang, pic.frame, pic.legend, pic.margin, pic.noLand, pic.transparent)
	if e := pic.extent; e != nil {
		fmt.Fprintf(h, "%t|%g|%g|%g|%g\n", e.Plate, e.Bound.Min[0], e.Bound.Min[1], e.Bound.Max[0], e.Bound.Max[1])
	}
	for _, l := range pictureLayers {
		fmt.Fprintf(h, "%s:%t ", l, pic.layers[l])
	}
	if pic.frame {
		fmt.Fprintf(h, "\n%s|%d|", s.When, pic.at.Year())
		for _, e := range s.Eras {
			if e.Life.Contains(pic.at) {
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
		props := f.PropertiesAt(pic.at)
		fmt.Fprintf(h, "%s\x00%v\x00%v\x00%v\x00", f.Key, props["name"], props["name_zh"], props["kind"])
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// prepare gathers the picture's scene and its key, which is its ETag.
// A request seen before skips the gathering: its key is remembered, and
// the scene, nil then, is gathered by draw if the picture must be drawn.
func (p *pictures) prepare(pic *picture) (*render.Scene, string) {
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
func (pic *picture) requestKey() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d|%s|%v|%g|%g|%g|%s|%t|%t|%g|%d|%t|%t|", pic.at, pic.when, pic.view, pic.width, pic.height, pic.scale, pic.lang, pic.frame, pic.legend, pic.margin, pic.format, pic.noLand, pic.transparent)
	for _, l := range pictureLayers {
		if pic.layers[l] {
			b.WriteString(l)
			b.WriteByte(',')
		}
	}
	if e := pic.extent; e != nil {
		fmt.Fprintf(&b, "|%t|%v", e.Plate, e.Bound)
	}
	return b.String()
}

// drawn is a drawn picture.
type drawn struct {
	body []byte
	etag string // quoted
}

// draw returns the picture, from the cache or drawn within the gate. It
// returns fault.Unavailable when the server is too busy or the client left
// while waiting, and ctx's error when it leaves while the picture is
// drawn, which stops the drawing.
func (p *pictures) draw(ctx context.Context, pic *picture, s *render.Scene, k string) (drawn, error) {
	if img, ok := p.cache.Get(k); ok {
		return img, nil
	}
	release, err := p.gate.Acquire(ctx)
	if err != nil {
		return drawn{}, err
	}
	defer release()
	if img, ok := p.cache.Get(k); ok {
		return img, nil
	}
	if s == nil {
		s = p.scene(pic)
	}
	var buf bytes.Buffer
	if err := p.r.Write(ctx, &buf, s, pic.format, pic.scale); err != nil {
		return drawn{}, err
	}
	img := drawn{body: buf.Bytes(), etag: `"` + k + `"`}
	p.cache.Add(k, img)
	return img, nil
}

// viewBound is the world a picture may show: Web Mercator ends short of
// the poles.
var viewBound = orb.Bound{Min: orb.Point{-180, -85}, Max: orb.Point{180, 85}}
