package dataset

import (
	"fmt"
	"maps"
	"slices"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
)

// Meta is the content of dataset.json.
type Meta struct {
	ID           string               `json:"id"`
	Title        string               `json:"title"`
	TitleZh      string               `json:"title_zh,omitempty"` // the title in Chinese, for the viewer
	Description  string               `json:"description"`
	License      License              `json:"license"`
	Attribution  string               `json:"attribution"`
	Start        string               `json:"start"`
	End          string               `json:"end"`
	View         View                 `json:"view"`
	Region       []float64            `json:"region,omitempty"`
	Polities     []Polity             `json:"polities"`
	Collections  []CollectionMeta     `json:"collections"`
	Bibliography map[string]Reference `json:"bibliography"`
	// Eras are the reign eras by which sources date events, for labelling
	// years.
	Eras []Era `json:"eras,omitempty"`
}

// Era is a reign era of a polity.
type Era struct {
	Polity string `json:"polity"`
	Name   string `json:"name"`
	NameZh string `json:"name_zh,omitempty"`
	Start  string `json:"start"`
	End    string `json:"end"`
}

// License names the dataset's licence.
type License struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// View is the map view a reader first sees.
type View struct {
	Year int     `json:"year"`
	Lon  float64 `json:"lon"`
	Lat  float64 `json:"lat"`
	Zoom float64 `json:"zoom"`
}

// Polity is a state or people that holds territory.
type Polity struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	NameZh      string `json:"name_zh,omitempty"`
	Color       string `json:"color"`
	Start       string `json:"start,omitempty"`
	End         string `json:"end,omitempty"`
	Description string `json:"description,omitempty"`
}

// CollectionMeta describes one collection and the file that holds it.
type CollectionMeta struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	File        string `json:"file"`
}

// Reference is one entry of the bibliography, which features name in
// their sources property.
type Reference struct {
	Author    string `json:"author"`
	Title     string `json:"title"`
	Publisher string `json:"publisher,omitempty"`
	Year      int    `json:"year,omitempty"`
	Pages     string `json:"pages,omitempty"`
	URL       string `json:"url,omitempty"`
	Note      string `json:"note,omitempty"`
}

// checkMeta checks dataset.json, section by section, and fills in what
// the rest of loading needs from it: the dataset's life and its polities.
func (l *loader) checkMeta(ds *Dataset) {
	l.checkHeader(ds)
	l.checkPolities(ds)
	l.checkBibliography(ds.Meta.Bibliography)
	l.checkEras(ds)
	l.checkCollectionList(ds.Meta.Collections)
}

// checkHeader checks the id, title, licence, time range, view and region,
// and sets the dataset's life.
func (l *loader) checkHeader(ds *Dataset) {
	m := &ds.Meta
	if !idPattern.MatchString(m.ID) {
		l.problem(MetaFile, "", "id %q must be lowercase letters, digits, '-', '_' or '.'", m.ID)
	}
	if m.Title == "" {
		l.problem(MetaFile, "", "title is missing")
	}
	if m.License.Name == "" {
		l.problem(MetaFile, "", "license.name is missing")
	}
	start, err1 := chrono.ParseEDTF(m.Start)
	end, err2 := chrono.ParseEDTF(m.End)
	switch {
	case err1 != nil:
		l.problem(MetaFile, "", "start: %v", err1)
	case err2 != nil:
		l.problem(MetaFile, "", "end: %v", err2)
	default:
		life, err := chrono.Life(start, end)
		if err != nil {
			l.problem(MetaFile, "", "%v", err)
		}
		ds.life = life
	}
	if v := m.View; v.Lon < -180 || v.Lon > 180 || v.Lat < -85 || v.Lat > 85 || v.Zoom < 0 || v.Zoom > 22 {
		l.problem(MetaFile, "", "view: lon %g, lat %g, zoom %g out of range", v.Lon, v.Lat, v.Zoom)
	}
	if r := m.Region; r != nil && (len(r) != 4 || r[0] >= r[2] || r[1] >= r[3] || r[0] < -180 || r[2] > 180 || r[1] < -90 || r[3] > 90) {
		l.problem(MetaFile, "", "region must be [west, south, east, north] within the world, got %v", r)
	}
}

// checkPolities checks the polities and indexes them by id.
func (l *loader) checkPolities(ds *Dataset) {
	for i, p := range ds.Meta.Polities {
		at := fmt.Sprintf("polities[%d]", i)
		if !idPattern.MatchString(p.ID) {
			l.problem(MetaFile, at, "id %q must be lowercase letters, digits, '-', '_' or '.'", p.ID)
			continue
		}
		if _, dup := ds.polities[p.ID]; dup {
			l.problem(MetaFile, p.ID, "polity listed twice")
		}
		ds.polities[p.ID] = p
		if p.Name == "" {
			l.problem(MetaFile, p.ID, "polity has no name")
		}
		if !colorPattern.MatchString(p.Color) {
			l.problem(MetaFile, p.ID, "color %q must be #rrggbb", p.Color)
		}
		for _, d := range []string{p.Start, p.End} {
			if d == "" {
				continue
			}
			if _, err := chrono.ParseEDTF(d); err != nil {
				l.problem(MetaFile, p.ID, "%v", err)
			}
		}
	}
}

// checkBibliography checks that there are references and that each has
// an author and a title.
func (l *loader) checkBibliography(bib map[string]Reference) {
	if len(bib) == 0 {
		l.problem(MetaFile, "", "bibliography is empty; every feature needs a source")
	}
	for _, key := range slices.Sorted(maps.Keys(bib)) {
		if r := bib[key]; r.Author == "" || r.Title == "" {
			l.problem(MetaFile, "bibliography."+key, "a source needs an author and a title")
		}
	}
}

// checkEras checks the reign eras against the polities.
func (l *loader) checkEras(ds *Dataset) {
	for i, e := range ds.Meta.Eras {
		at := fmt.Sprintf("eras[%d]", i)
		if _, ok := ds.polities[e.Polity]; !ok {
			l.problem(MetaFile, at, "unknown polity %q", e.Polity)
		}
		if e.Name == "" {
			l.problem(MetaFile, at, "an era needs a name")
		}
		if _, err := lifeOf(map[string]any{"start": e.Start, "end": e.End}); err != nil {
			l.problem(MetaFile, at, "%v", err)
		}
	}
}

// checkCollectionList checks the list of collections; loading them checks
// their files.
func (l *loader) checkCollectionList(cs []CollectionMeta) {
	seen := map[string]bool{}
	for i, c := range cs {
		switch {
		case !idPattern.MatchString(c.ID):
			l.problem(MetaFile, fmt.Sprintf("collections[%d]", i), "id %q must be lowercase letters, digits, '-', '_' or '.'", c.ID)
		case seen[c.ID]:
			l.problem(MetaFile, c.ID, "collection listed twice")
		case c.File == "":
			l.problem(MetaFile, c.ID, "collection has no file")
		}
		seen[c.ID] = true
	}
	if len(cs) == 0 {
		l.problem(MetaFile, "", "no collections")
	}
}
