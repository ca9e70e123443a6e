package atlas

import (
	"image/color"
	"strconv"
	"strings"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/internal/render"
)

// PictureLayers are the layers a picture can show, in drawing order; the
// land is drawn unless a scene leaves it out. The viewer's other layers
// (campaigns, events) are not drawn in pictures.
var PictureLayers = []string{"territories", "rivers", "frontiers", "places"}

// Scene is what a picture of the atlas shows, before the drawing: the
// moment, the view and size, and the layers wanted. The server's static
// maps, raster tiles and WMS maps, and a published site's previews, all
// gather their features through Atlas.Scene.
type Scene struct {
	At            chrono.Day
	When          string
	View          render.View
	Width, Height float64
	Lang          string
	Layers        map[string]bool
	Frame, Legend bool
	Margin        float64
	Extent        *render.Extent
	NoLand        bool
	Transparent   bool
}

// Scene gathers the features of a picture's moment and view, and the
// polities, eras, title and attribution that frame it.
func (a *Atlas) Scene(sc Scene) *render.Scene {
	s := &render.Scene{
		At: sc.At, When: sc.When, View: sc.View, Width: sc.Width, Height: sc.Height,
		Lang: sc.Lang, Polities: a.PicturePolities(), Eras: a.renderEras(),
		Title: a.ds.Meta.Title, TitleZh: a.ds.Meta.TitleZh,
		Frame: sc.Frame, Legend: sc.Legend, Margin: sc.Margin,
		Extent: sc.Extent, Transparent: sc.Transparent,
	}
	if at := a.ds.Meta.Attribution; at != "" {
		s.Attribution = at
	} else {
		s.Attribution = a.ds.Meta.License.Name
	}
	bound := s.Bound(8 + sc.Margin)
	day := chrono.Interval{Start: sc.At, End: sc.At + 1}
	get := func(id string) []*feature.Feature {
		c := a.ds.Collection(id)
		if c == nil {
			return nil
		}
		return c.Query(day, bound)
	}
	if !sc.NoLand {
		s.Land = get("land")
	}
	for _, l := range PictureLayers {
		if !sc.Layers[l] {
			continue
		}
		fs := get(l)
		switch l {
		case "territories":
			s.Territories = fs
		case "rivers":
			s.Rivers = fs
		case "frontiers":
			s.Frontiers = fs
		case "places":
			s.Places = fs
		}
	}
	return s
}

// PicturePolities are the dataset's polities as pictures name and colour
// them, in the dataset's order, made once.
func (a *Atlas) PicturePolities() []render.Polity {
	a.pictureOnce.Do(a.initPictures)
	return a.polities
}

// renderEras are the dataset's reign eras, made once.
func (a *Atlas) renderEras() []render.Era {
	a.pictureOnce.Do(a.initPictures)
	return a.eras
}

func (a *Atlas) initPictures() {
	for _, pm := range a.ds.Meta.Polities {
		a.polities = append(a.polities, render.Polity{ID: pm.ID, Name: pm.Name, NameZh: pm.NameZh, Color: ParseColor(pm.Color)})
	}
	for _, e := range a.ds.Meta.Eras {
		start, err1 := chrono.ParseEDTF(e.Start)
		end, err2 := chrono.ParseEDTF(e.End)
		if err1 != nil || err2 != nil {
			continue // the loader has refused such a dataset
		}
		life, err := chrono.Life(start, end)
		if err != nil {
			continue
		}
		a.eras = append(a.eras, render.Era{Polity: e.Polity, Name: e.Name, NameZh: e.NameZh, Life: life})
	}
}

// ParseColor reads #rrggbb, which the loader has checked; grey otherwise.
func ParseColor(s string) color.RGBA {
	v, err := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32)
	if err != nil || len(s) != 7 {
		return color.RGBA{0x99, 0x99, 0x99, 0xff}
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}
