package render

import (
	"embed"
	"fmt"
	"image/color"

	"github.com/tdewolff/canvas"
)

//go:embed fonts/*.ttf
var fontFiles embed.FS

// ptPerPx turns a size in CSS pixels, the map's unit, into the points
// canvas takes for a font's size, whose unit it takes for millimetres.
const ptPerPx = 72 / 25.4

// fonts holds the parsed fonts. They are read-only once loaded.
type fonts struct {
	latin, bold, cjk *canvas.FontFamily
	// glyphs answer whether a family has a character.
	latinG, boldG, cjkG *canvas.Font
}

func loadFonts() (*fonts, error) {
	load := func(name, file string) (*canvas.FontFamily, error) {
		b, err := fontFiles.ReadFile("fonts/" + file)
		if err != nil {
			return nil, fmt.Errorf("render: font %s: %w", file, err)
		}
		fam := canvas.NewFontFamily(name)
		if err := fam.LoadFont(b, 0, canvas.FontRegular); err != nil {
			return nil, fmt.Errorf("render: font %s: %w", file, err)
		}
		return fam, nil
	}
	var f fonts
	var err error
	if f.latin, err = load("DejaVu Sans", "latin.ttf"); err != nil {
		return nil, err
	}
	if f.bold, err = load("DejaVu Sans Bold", "latin-bold.ttf"); err != nil {
		return nil, err
	}
	if f.cjk, err = load("Droid Sans Fallback", "cjk.ttf"); err != nil {
		return nil, err
	}
	f.latinG, f.boldG, f.cjkG = f.latin.Face(10).Font, f.bold.Face(10).Font, f.cjk.Face(10).Font
	return &f, nil
}

// font picks the family that draws r, or nil when none does.
func (f *fonts) font(r rune, bold bool) *canvas.FontFamily {
	lat, g := f.latin, f.latinG
	if bold {
		lat, g = f.bold, f.boldG
	}
	if g.SFNT.GlyphIndex(r) != 0 {
		return lat
	}
	if f.cjkG.SFNT.GlyphIndex(r) != 0 {
		return f.cjk
	}
	return nil
}

// Drawable reports whether every character of s has a glyph in the
// embedded fonts.
func (f *fonts) drawable(s string) bool {
	for _, r := range s {
		if r == ' ' {
			continue
		}
		if f.font(r, false) == nil {
			return false
		}
	}
	return true
}

// text sets s in one line at size px, switching between the Latin and the
// CJK font by character. Characters neither has are left out.
func (f *fonts) text(s string, size float64, col color.RGBA, bold bool) *canvas.Text {
	rt := canvas.NewRichText(f.latin.Face(size*ptPerPx, col))
	var run []rune
	var cur *canvas.FontFamily
	flush := func() {
		if len(run) > 0 && cur != nil {
			rt.WriteFace(cur.Face(size*ptPerPx, col), string(run))
		}
		run = run[:0]
	}
	for _, r := range s {
		fam := f.font(r, bold)
		if fam == nil {
			continue
		}
		if fam != cur {
			flush()
			cur = fam
		}
		run = append(run, r)
	}
	flush()
	return rt.ToText(0, 0, canvas.Left, canvas.Top, &canvas.TextOptions{Linebreaker: canvas.GreedyLinebreaker{}})
}

func init() {
	// Strokes are rasterised as the outline canvas computes for them. By
	// default it first removes the outline's self-overlaps, which costs
	// more than the rest of a map; the rasteriser fills by the non-zero
	// rule, for which overlaps do not matter. SVG and PDF write strokes as
	// strokes and never compute outlines.
	canvas.FastStroke = true
}
