package publish

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/atlas/tiledocs"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/chronoatlas/chronoatlas/internal/tilecache"
	"github.com/chronoatlas/chronoatlas/web"
	"github.com/paulmach/orb"
)

// DefaultMaxZoom is the deepest zoom the archive holds unless told
// otherwise. The atlas's coast is Natural Earth's 1:50m land and its
// borders are authored lines of a few points per cell: their vertices lie
// kilometres apart, while a pixel of a z7 tile is about 1 km at 35°N and
// its 4096-unit grid about 75 m. Deeper tiles would add no detail, only
// bytes (z8 doubles the archive, 4.3 MB against 2.0 MB, and triples the
// time to make it); the viewer draws z8 to z10 by scaling up the z7 tiles.
const DefaultMaxZoom = 7

// Archive is the name of the PMTiles archive in a published site.
const Archive = "atlas.pmtiles"

// Options say how a site is published.
type Options struct {
	// MinZoom and MaxZoom bound the archive's tiles.
	MinZoom, MaxZoom int
	// BaseURL is the absolute URL the site will be served from, such as
	// "https://example.org/atlas/", for the links that must be absolute
	// (the archive in tiles.json); empty keeps every link relative.
	BaseURL string
	// Web is the viewer's files (web.FS()): index.html, embed.html and the
	// assets they load under /web/.
	Web fs.FS
}

// Report says what a publication wrote.
type Report struct {
	Files   int   // files written, the archive among them
	Bytes   int64 // their size
	Archive ArchiveStats
}

// Site writes ds as a static site into dir, making dir if need be. Files
// of an earlier publication are overwritten; others are left alone.
func Site(ctx context.Context, ds *dataset.Dataset, dir string, opt Options) (Report, error) {
	if opt.BaseURL != "" && !strings.HasSuffix(opt.BaseURL, "/") {
		opt.BaseURL += "/"
	}
	if opt.MaxZoom < opt.MinZoom || opt.MinZoom < 0 || opt.MaxZoom > atlas.MaxZoom {
		return Report{}, fmt.Errorf("publish: zooms %d to %d: want 0 ≤ min ≤ max ≤ %d", opt.MinZoom, opt.MaxZoom, atlas.MaxZoom)
	}
	w := &writer{dir: dir}
	// The core's documents carry no clock: the site's bytes depend on the
	// dataset and the options alone.
	a := atlas.New(ds, time.Unix(0, 0).UTC())

	if err := w.viewer(opt, previewTags(a, opt.BaseURL)); err != nil {
		return w.report, err
	}
	w.previews(ctx, a)
	doc := a.DatasetDoc()
	doc.Tiles.MinZoom, doc.Tiles.MaxZoom = opt.MinZoom, opt.MaxZoom
	w.json("dataset.json", doc)
	w.json("timeline.json", a.Timeline())
	tj := tiledocs.New(a).TileJSONZooms("pmtiles://"+opt.BaseURL+Archive+"/{z}/{x}/{y}", opt.MinZoom, opt.MaxZoom)
	w.json("tiles.json", tj)
	for _, c := range ds.Collections() {
		w.collection(a, c)
	}
	w.json("holders.json", holders(a))
	if w.err != nil {
		return w.report, w.err
	}

	tc := tilecache.DefaultConfig()
	tc.MaxZoom = opt.MaxZoom
	tc.Layers = atlas.LayerOrder()
	var buf bytes.Buffer
	var b orb.Bound
	for i, c := range ds.Collections() {
		if i == 0 {
			b = c.Bound
		}
		b = b.Union(c.Bound)
	}
	v := ds.Meta.View
	st, err := WriteArchive(ctx, &buf, tilecache.New(ds, tc), ArchiveSpec{
		Bound: b, MinZoom: opt.MinZoom, MaxZoom: opt.MaxZoom, Center: [3]float64{v.Lon, v.Lat, v.Zoom},
		Metadata: map[string]any{
			"name": tj["name"], "description": tj["description"], "attribution": tj["attribution"],
			"type": "overlay", "format": "pbf", "vector_layers": tj["vector_layers"],
			"chronoatlas:dataset": ds.Digest(),
		},
	})
	if err != nil {
		return w.report, err
	}
	w.report.Archive = st
	w.file(Archive, buf.Bytes())
	return w.report, w.err
}

// writer writes a site's files, remembering the first error.
type writer struct {
	dir    string
	report Report
	err    error
}

func (w *writer) file(name string, body []byte) {
	if w.err != nil {
		return
	}
	p := filepath.Join(w.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		w.err = fmt.Errorf("publish: %w", err)
		return
	}
	if err := os.WriteFile(p, body, 0o644); err != nil {
		w.err = fmt.Errorf("publish: %w", err)
		return
	}
	w.report.Files++
	w.report.Bytes += int64(len(body))
}

func (w *writer) json(name string, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		w.err = fmt.Errorf("publish: %s: %w", name, err)
		return
	}
	w.file(name, buf.Bytes())
}

// collection writes every version of every feature of c as one GeoJSON
// FeatureCollection, as the server's items are without a datetime.
func (w *writer) collection(a *atlas.Atlas, c *feature.Collection) {
	var buf bytes.Buffer
	buf.WriteString(`{"type":"FeatureCollection","features":[`)
	for i, f := range c.Features {
		if i > 0 {
			buf.WriteString(",\n")
		}
		if err := a.WriteFeature(&buf, f, nil); err != nil {
			w.err = fmt.Errorf("publish: %s: %w", c.ID, err)
			return
		}
	}
	buf.WriteString("]}\n")
	w.file("collections/"+c.ID+".geojson", buf.Bytes())
}

// pageLinks rewrites the server's URLs in the viewer's pages (assets,
// preloaded documents) as the site's files, relative to the page.
var pageLinks = strings.NewReplacer(
	`"/web/`, `"web/`,
	`href="/dataset.json"`, `href="dataset.json"`,
	`href="/timeline"`, `href="timeline.json"`,
	`href="/tiles.json"`, `href="tiles.json"`,
)

// viewer writes the viewer's pages and assets. The pages load their assets
// by relative paths, so the site works under any path of any host, and
// say they run static in a meta element the viewer looks for; they carry
// the link-preview tags of the site's previews.
func (w *writer) viewer(opt Options, preview string) error {
	if opt.Web == nil {
		return fmt.Errorf("publish: no viewer files")
	}
	return fs.WalkDir(opt.Web, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch {
		case slices.Contains(web.Pages, name): // made below
		case web.IsPart(name), path.Ext(name) == ".go":
			return nil // the pages' head is in them already
		default:
			body, err := fs.ReadFile(opt.Web, name)
			if err != nil {
				return err
			}
			w.file("web/"+name, body)
			return w.err
		}
		body, err := web.Page(opt.Web, name)
		if err != nil {
			return err
		}
		body = []byte(pageLinks.Replace(string(body)))
		marker := fmt.Sprintf(`<meta name="chronoatlas-static" content="%s">`, strings.ReplaceAll(opt.BaseURL, `"`, "%22"))
		body = bytes.Replace(body, []byte("<!--oembed-->"), []byte(marker+preview), 1)
		w.file(name, body)
		return w.err
	})
}

// holders returns, for each place, who held the ground under it year by
// year as the slider shows it (1 July), as runs: [[1115, "liao"], [1122,
// "jin"], …], null where no territory covers it or the place is gone. The server answers this
// per request (a place's holder at a datetime); a static site looks it up.
func holders(a *atlas.Atlas) map[string][][2]any {
	ds := a.Dataset()
	out := map[string][][2]any{}
	places := ds.Collection("places")
	if places == nil {
		return out
	}
	life := ds.Life()
	first, last := life.Start.Year(), (life.End - 1).Year()
	for _, f := range places.Features {
		var runs [][2]any
		prev := "\x00"
		for y := first; y <= last; y++ {
			holder := ""
			if f.Life.Contains(chrono.SliderDay(y)) {
				when := chrono.YearInterval(y)
				holder, _ = a.PropertiesAt(f, &when)["holder"].(string)
			} else if prev == "\x00" {
				continue // not yet founded
			}
			if holder == prev {
				continue
			}
			prev = holder
			var h any
			if holder != "" {
				h = holder
			}
			runs = append(runs, [2]any{y, h})
		}
		out[f.Key] = runs
	}
	return out
}
