package pages

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/url"
	"sort"
	"strconv"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/chronoatlas/chronoatlas/internal/fault"
)

//go:embed templates/*.html
var templateFiles embed.FS

// templates holds one parsed template per page, each with the shared layout.
var templates = func() map[string]*template.Template {
	funcs := template.FuncMap{
		"interval": func(e atlas.Extent) string {
			iv := e.Temporal.Interval[0]
			str := func(s *string) string {
				if s == nil {
					return ".."
				}
				return (*s)[:10]
			}
			return str(iv[0]) + " – " + str(iv[1])
		},
		"bbox": func(e atlas.Extent) string {
			b := e.Spatial.Bbox[0]
			return fmt.Sprintf("%.2f°E %.2f°N – %.2f°E %.2f°N", b[0], b[1], b[2], b[3])
		},
	}
	out := map[string]*template.Template{}
	for _, name := range []string{"collections", "collection", "items", "item", "conformance", "api"} {
		out[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/"+name+".html"))
	}
	return out
}()

// HTMLPage is what every HTML page of the API shows around its own data: its
// title, the dataset's title and attribution, a breadcrumb and the other
// representations of the same resource.
type HTMLPage struct {
	Title       string
	Dataset     string
	Attribution string
	Crumbs      []atlas.Link
	Alternates  []atlas.Link
	Data        any
}

// RenderHTML renders one of the API's HTML pages (collections,
// collection, items, item, conformance, api) in the shared layout.
func RenderHTML(name string, p HTMLPage) ([]byte, error) {
	t, ok := templates[name]
	if !ok {
		return nil, fault.Errorf(fault.Internal, "no HTML page %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return nil, fault.Wrap(err, "cannot render the %s page", name)
	}
	return buf.Bytes(), nil
}

// ItemRow is a row of the HTML table of items.
type ItemRow struct {
	Key, Href, Name, NameZh, Start, End, Extra, Certainty string
}

// ItemsData is the HTML page of a page of items.
type ItemsData struct {
	Matched, Returned int
	When, Datetime    string
	Prev, Next        string
	Extra             string
	Rows              []ItemRow
}

// ItemsHTML prepares the HTML page of a page of items that q selected.
func ItemsHTML(c *feature.Collection, q dataset.Query, page dataset.Page) ItemsData {
	d := ItemsData{Matched: page.Matched, Returned: len(page.Features), Extra: "Kind"}
	if c.ID == "territories" {
		d.Extra = "Polity"
	}
	var moment chrono.Day
	if q.When != nil {
		d.When = q.When.Datetime()
		moment = feature.Moment(*q.When)
	}
	at := func(offset int) string {
		v := url.Values{"f": {"html"}, "offset": {strconv.Itoa(offset)}}
		if q.When != nil {
			v.Set("datetime", d.When)
		}
		return "?" + v.Encode()
	}
	if q.When != nil {
		d.Datetime = d.When
	}
	lim, off := q.Limit, q.Offset
	if off+len(page.Features) < page.Matched {
		d.Next = at(off + lim)
	}
	if off > 0 {
		d.Prev = at(max(0, off-lim))
	}
	for _, f := range page.Features {
		props := f.Properties
		if q.When != nil {
			props = f.PropertiesAt(moment)
		}
		str := func(k string) string { s, _ := props[k].(string); return s }
		extra := str("kind")
		if c.ID == "territories" {
			extra = str("polity")
		}
		d.Rows = append(d.Rows, ItemRow{
			Key: f.Key, Href: "/collections/" + c.ID + "/items/" + url.PathEscape(f.Key) + "?f=html",
			Name: str("name"), NameZh: str("name_zh"), Start: f.Start.Text, End: f.End.Text,
			Extra: extra, Certainty: str("certainty"),
		})
	}
	return d
}

// KV is a property and its value as text.
type KV struct{ Key, Value string }

// ItemData is the HTML page of one feature.
type ItemData struct {
	Map, JSON string
	Props     []KV
}

// ItemHTML prepares the HTML page of one feature, its properties as they
// stood at when (nil for none).
func ItemHTML(c *feature.Collection, f *feature.Feature, when *chrono.Interval) ItemData {
	props := f.Properties
	year := f.Life.Start.Year()
	if f.Life.Start == chrono.MinDay {
		year = f.Life.End.Year() - 1
	}
	if when != nil {
		props = f.PropertiesAt(feature.Moment(*when))
		year = feature.Moment(*when).Year()
	}
	c2 := f.Bound.Center()
	d := ItemData{
		Map:  fmt.Sprintf("/#year=%d&z=6&lat=%.3f&lon=%.3f", year, c2[1], c2[0]),
		JSON: "/collections/" + c.ID + "/items/" + url.PathEscape(f.Key) + "?f=json",
	}
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		d.Props = append(d.Props, KV{Key: k, Value: feature.Text(props[k])})
	}
	return d
}
