package server

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/chronoatlas/chronoatlas/internal/fault"
)

//go:embed templates/*.html
var templateFiles embed.FS

// pages holds one parsed template per page, each with the shared layout.
var pages = func() map[string]*template.Template {
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

// htmlPolicy is the Content-Security-Policy of HTML pages: everything from
// this server, nothing from anywhere else.
const htmlPolicy = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors "

type pageData struct {
	Title       string
	Dataset     string
	Attribution string
	Crumbs      []link
	Alternates  []link
	Data        any
}

// writeHTML renders one of the API's HTML pages.
func (s *Server) writeHTML(w http.ResponseWriter, r *http.Request, page, title string, data any) {
	st := s.current()
	alt := cloneQuery(r.URL.Query(), "f", "json")
	pd := pageData{
		Title:       title,
		Dataset:     st.core.Dataset().Meta.Title,
		Attribution: st.core.Dataset().Meta.Attribution,
		Alternates:  []link{{Href: withQuery("", r.URL.Path, alt), Type: typeJSON, Title: "JSON"}},
		Data:        data,
	}
	if c := r.URL.Path; strings.HasPrefix(c, "/collections/") {
		id := strings.SplitN(strings.TrimPrefix(c, "/collections/"), "/", 2)[0]
		if col := st.core.Dataset().Collection(id); col != nil && page != "collection" {
			pd.Crumbs = []link{{Href: "/collections/" + id + "?f=html", Title: col.Title}}
		}
	}
	var buf bytes.Buffer
	if err := pages[page].ExecuteTemplate(&buf, "layout", pd); err != nil {
		s.error(w, r, fault.Wrap(err, "cannot render the %s page", page))
		return
	}
	htmlHeaders(w, false)
	s.writeBody(w, r, typeHTML, buf.Bytes(), s.cacheControl())
}

type itemRow struct {
	Key, Href, Name, NameZh, Start, End, Extra, Certainty string
}

type itemsData struct {
	Matched, Returned int
	When, Datetime    string
	Prev, Next        string
	Extra             string
	Rows              []itemRow
}

// itemsPage prepares the HTML table of a page of features.
func itemsPage(c *feature.Collection, req itemsRequest, page dataset.Page) itemsData {
	d := itemsData{Matched: page.Matched, Returned: len(page.Features), Extra: "Kind"}
	if c.ID == "territories" {
		d.Extra = "Polity"
	}
	var moment chrono.Day
	if req.query.When != nil {
		d.When = req.query.When.Datetime()
		moment = feature.Moment(*req.query.When)
	}
	q := url.Values{"f": {"html"}}
	if req.query.When != nil {
		d.Datetime = d.When
		q.Set("datetime", d.When)
	}
	lim, off := req.query.Limit, req.query.Offset
	if off+len(page.Features) < page.Matched {
		d.Next = "?" + cloneQuery(q, "offset", fmt.Sprint(off+lim)).Encode()
	}
	if off > 0 {
		d.Prev = "?" + cloneQuery(q, "offset", fmt.Sprint(max(0, off-lim))).Encode()
	}
	for _, f := range page.Features {
		props := f.Properties
		if req.query.When != nil {
			props = f.PropertiesAt(moment)
		}
		str := func(k string) string { s, _ := props[k].(string); return s }
		extra := str("kind")
		if c.ID == "territories" {
			extra = str("polity")
		}
		d.Rows = append(d.Rows, itemRow{
			Key: f.Key, Href: "/collections/" + c.ID + "/items/" + url.PathEscape(f.Key) + "?f=html",
			Name: str("name"), NameZh: str("name_zh"), Start: f.Start.Text, End: f.End.Text,
			Extra: extra, Certainty: str("certainty"),
		})
	}
	return d
}

type kv struct{ Key, Value string }

type itemData struct {
	Map, JSON string
	Props     []kv
}

// itemView prepares the HTML page of one feature.
func itemView(c *feature.Collection, f *feature.Feature, when *chrono.Interval) itemData {
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
	d := itemData{
		Map:  fmt.Sprintf("/#year=%d&z=6&lat=%.3f&lon=%.3f", year, c2[1], c2[0]),
		JSON: "/collections/" + c.ID + "/items/" + url.PathEscape(f.Key) + "?f=json",
	}
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		d.Props = append(d.Props, kv{Key: k, Value: feature.Text(props[k])})
	}
	return d
}
