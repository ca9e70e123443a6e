package downloads

import (
	"context"
	"image/color"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/geo/kml"
	"github.com/chronoatlas/chronoatlas/internal/atlas"
)

// KML writes features of c to w as a KML document, for Google Earth and
// GIS tools: each feature's life becomes a TimeSpan, its properties (as
// they stood at when, if given) ExtendedData, and territories take their
// polity's colour. It writes feature by feature (geo/kml's Encoder), so a
// download of every territory costs the memory of one placemark, not of
// the document, and gives up with ctx's error when ctx ends.
func (d Writer) KML(ctx context.Context, w io.Writer, c *feature.Collection, title string, fs []*feature.Feature, when *chrono.Interval) error {
	// The styles come first in the document: one pass finds which the
	// features use, the second writes the features.
	head := kml.Document{Name: title, Description: c.Description}
	styles := map[string]bool{}
	for i, f := range fs {
		if i%64 == 63 && ctx.Err() != nil {
			return ctx.Err()
		}
		if id := d.styleFor(c.ID, d.kmlProperties(f, when)); id != "" && !styles[id] {
			styles[id] = true
			head.Styles = append(head.Styles, d.kmlStyle(id))
		}
	}
	sort.Slice(head.Styles, func(i, j int) bool { return head.Styles[i].ID < head.Styles[j].ID })
	enc, err := kml.NewEncoder(w, head)
	if err != nil {
		return err
	}
	for i, f := range fs {
		if i%64 == 63 && ctx.Err() != nil {
			return ctx.Err()
		}
		if err := enc.Encode(d.placemark(c, f, when)); err != nil {
			return err
		}
	}
	return enc.Close()
}

// kmlProperties are f's properties as they stood at when, if given.
func (d Writer) kmlProperties(f *feature.Feature, when *chrono.Interval) map[string]any {
	if when != nil {
		return f.PropertiesAt(feature.Moment(*when))
	}
	return f.Properties
}

// placemark is feature f of c as KML.
func (d Writer) placemark(c *feature.Collection, f *feature.Feature, when *chrono.Interval) kml.Placemark {
	props := d.kmlProperties(f, when)
	pm := kml.Placemark{
		Name:        feature.Text(props["name"]),
		Description: feature.Text(props["description"]),
		Data:        kmlData(props),
		Geometry:    f.Geometry,
		StyleID:     d.styleFor(c.ID, props),
	}
	if pm.Description == "" {
		pm.Description = feature.Text(props["note"])
	}
	if f.Life.Start != chrono.MinDay {
		t := f.Life.Start.Time()
		pm.Begin = &t
	}
	if f.Life.End != chrono.MaxDay {
		t := f.Life.End.Time()
		pm.End = &t
	}
	return pm
}

// styleFor names the style of a feature: its polity's for territories,
// its layer's for a layer drawn in a colour of its own (rivers, frontiers,
// campaigns, the land).
func (d Writer) styleFor(collection string, props map[string]any) string {
	if collection == "territories" {
		if p, ok := d.a.Dataset().Polity(feature.Text(props["polity"])); ok {
			return "polity-" + p.ID
		}
		return ""
	}
	if l, ok := atlas.LayerOf(collection); ok && l.Width > 0 {
		return collection
	}
	return ""
}

func (d Writer) kmlStyle(id string) kml.Style {
	if l, ok := atlas.LayerOf(id); ok {
		if l.Base {
			return kml.Style{ID: id, Fill: l.Color, Line: atlas.Ink(), Width: l.Width}
		}
		return kml.Style{ID: id, Line: l.Color, Width: l.Width}
	}
	fill := color.RGBA{0x99, 0x99, 0x99, 0xb3}
	if p, ok := d.a.Dataset().Polity(strings.TrimPrefix(id, "polity-")); ok {
		if c, ok := parseHex(p.Color); ok {
			fill = c
			fill.A = 0xb3
		}
	}
	return kml.Style{ID: id, Fill: fill, Line: atlas.Ink(), Width: 1}
}

// parseHex reads a colour written #rrggbb.
func parseHex(s string) (color.RGBA, bool) {
	if len(s) != 7 || s[0] != '#' {
		return color.RGBA{}, false
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return color.RGBA{}, false
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}, true
}

// kmlData lists the properties in name order, lists and objects as JSON.
func kmlData(props map[string]any) []kml.Datum {
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]kml.Datum, 0, len(keys))
	for _, k := range keys {
		v := feature.Text(props[k])
		if v == "" {
			continue
		}
		out = append(out, kml.Datum{Name: k, Value: v})
	}
	return out
}
