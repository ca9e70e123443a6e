package dataset

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/geo/valid"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// MetaFile is the name of a dataset's description file.
const MetaFile = "dataset.json"

// Dataset is a loaded and validated dataset.
type Dataset struct {
	Meta        Meta
	collections []*feature.Collection
	byID        map[string]*feature.Collection
	polities    map[string]Polity
	life        chrono.Interval
	digest      string // see Digest
}

// Problem is one thing wrong with a dataset.
type Problem struct {
	File    string // the file, such as "territories.geojson"
	Feature string // the feature id, or "#3" for the fourth feature when it has none
	Msg     string
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Feature != "" {
		b.WriteString(": ")
		b.WriteString(p.Feature)
	}
	b.WriteString(": ")
	b.WriteString(p.Msg)
	return b.String()
}

// InvalidError lists every problem found in a dataset.
type InvalidError struct {
	Problems []Problem
}

func (e *InvalidError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "dataset: %d problem", len(e.Problems))
	if len(e.Problems) != 1 {
		b.WriteString("s")
	}
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Load reads and validates the dataset in fsys. When anything is wrong it
// returns an *InvalidError listing every problem.
func Load(fsys fs.FS) (*Dataset, error) {
	l := &loader{fsys: fsys, digest: newDigester()}
	ds := l.load()
	if len(l.problems) > 0 {
		return nil, &InvalidError{Problems: l.problems}
	}
	ds.digest = l.digest.sum()
	return ds, nil
}

type loader struct {
	fsys     fs.FS
	problems []Problem
	digest   *digester
}

func (l *loader) problem(file, id, format string, args ...any) {
	l.problems = append(l.problems, Problem{File: file, Feature: id, Msg: fmt.Sprintf(format, args...)})
}

var (
	idPattern    = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
	colorPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
)

func (l *loader) load() *Dataset {
	raw, err := fs.ReadFile(l.fsys, MetaFile)
	if err != nil {
		l.problem(MetaFile, "", "cannot read: %v", unwrapPath(err))
		return nil
	}
	l.digest.add(MetaFile, raw)
	var meta Meta
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&meta); err != nil {
		l.problem(MetaFile, "", "not valid: %v", err)
		return nil
	}
	ds := &Dataset{Meta: meta, byID: map[string]*feature.Collection{}, polities: map[string]Polity{}}
	l.checkMeta(ds)
	for _, cm := range meta.Collections {
		if cm.ID == "" || cm.File == "" {
			continue // reported by checkMeta
		}
		c := l.loadCollection(ds, cm)
		if c != nil {
			ds.collections = append(ds.collections, c)
			ds.byID[c.ID] = c
		}
	}
	return ds
}

func (l *loader) loadCollection(ds *Dataset, cm CollectionMeta) *feature.Collection {
	file := cm.File
	raw, err := fs.ReadFile(l.fsys, file)
	if err != nil {
		l.problem(file, "", "cannot read: %v", unwrapPath(err))
		return nil
	}
	l.digest.add(file, raw)
	fc, err := geojson.UnmarshalFeatureCollection(raw)
	if err != nil {
		l.problem(file, "", "not a GeoJSON FeatureCollection: %v", err)
		return nil
	}
	var out []*feature.Feature
	lives := map[string][]*feature.Feature{}
	for i, gf := range fc.Features {
		f := l.checkFeature(ds, cm, i, gf)
		if f == nil {
			continue
		}
		for _, g := range lives[f.ID] {
			if g.Life.Overlaps(f.Life) {
				l.problem(file, f.ID, "duplicate id: two versions overlap in time (%s and %s)", g.Life, f.Life)
			}
		}
		lives[f.ID] = append(lives[f.ID], f)
		out = append(out, f)
	}
	l.checkOneKind(file, out)
	if cm.ID == "territories" {
		l.checkOnePerPolity(file, out)
	}
	return feature.NewCollection(cm.ID, cm.Title, cm.Description, out)
}

// checkOneKind reports the features whose kind of geometry is not the
// collection's, the kind most of them have: a GIS layer has one kind, QGIS
// types a layer by it, and a shapefile cannot hold two.
func (l *loader) checkOneKind(file string, fs []*feature.Feature) {
	count := map[string]int{}
	for _, f := range fs {
		count[geometryKind(f.Geometry)]++
	}
	if len(count) < 2 {
		return
	}
	most := ""
	for k, n := range count {
		if n > count[most] || n == count[most] && k < most {
			most = k
		}
	}
	for _, f := range fs {
		if k := geometryKind(f.Geometry); k != most {
			l.problem(file, f.ID, "a %s in a collection of %ss (%d of %d features): give it a collection of its own", k, most, count[most], len(fs))
		}
	}
}

// geometryKind names what a geometry is, single or multi: point, line,
// polygon or collection.
func geometryKind(g orb.Geometry) string {
	switch g.(type) {
	case orb.Point, orb.MultiPoint:
		return "point"
	case orb.LineString, orb.MultiLineString:
		return "line"
	case orb.Polygon, orb.MultiPolygon, orb.Ring:
		return "polygon"
	}
	return "geometry collection"
}

// checkFeature validates one feature and returns it, or nil when it cannot
// be used at all.
func (l *loader) checkFeature(ds *Dataset, cm CollectionMeta, i int, gf *geojson.Feature) *feature.Feature {
	file := cm.File
	props := map[string]any(gf.Properties)
	if props == nil {
		props = map[string]any{}
	}
	id, _ := props["id"].(string)
	if top, ok := gf.ID.(string); ok && top != "" {
		if id != "" && id != top {
			l.problem(file, top, "top-level id %q differs from properties.id %q", top, id)
		}
		id = top
	}
	if id == "" {
		l.problem(file, fmt.Sprintf("#%d", i), "feature has no id")
		return nil
	}
	if !idPattern.MatchString(id) {
		l.problem(file, id, "id must be lowercase letters, digits, '-', '_' or '.'")
	}
	props["id"] = id
	bad := false
	if gf.Geometry == nil {
		l.problem(file, id, "feature has no geometry")
		return nil
	}
	for _, p := range valid.Check(gf.Geometry) {
		l.problem(file, id, "%v", p)
		bad = true
	}
	start, okStart := l.date(file, id, props, "start")
	end, okEnd := l.date(file, id, props, "end")
	switch c := props["certainty"]; c {
	case "certain", "approximate", "uncertain":
	case nil:
		l.problem(file, id, "certainty is missing (certain, approximate or uncertain)")
	default:
		l.problem(file, id, "certainty %v must be certain, approximate or uncertain", c)
	}
	l.checkSources(ds, file, id, props["sources"])
	l.checkPolity(ds, file, id, props, "polity", cm.ID == "territories")
	l.checkPolity(ds, file, id, props, "overlord", false)
	if !okStart || !okEnd {
		return nil
	}
	f, err := feature.New(id, gf.Geometry, start, end, props)
	if err != nil {
		l.problem(file, id, "%v", err)
		return nil
	}
	if cm.ID == "territories" {
		if p, ok := ds.polities[f.StringProp("polity")]; ok {
			// A territory is drawn and labelled as its polity.
			if _, has := props["name"]; !has {
				props["name"] = p.Name
			}
			if _, has := props["name_zh"]; !has && p.NameZh != "" {
				props["name_zh"] = p.NameZh
			}
		}
	}
	f.Names = l.names(file, id, props["names"])
	f.Roles = l.roles(ds, file, id, props["roles"])
	for _, key := range []string{"participants"} {
		if list, ok := props[key].([]any); ok {
			for _, v := range list {
				if s, _ := v.(string); ds.polities[s].ID == "" {
					l.problem(file, id, "%s: unknown polity %v", key, v)
				}
			}
		}
	}
	if bad {
		return nil
	}
	return f
}

func (l *loader) date(file, id string, props map[string]any, key string) (chrono.Date, bool) {
	v, ok := props[key]
	if !ok {
		l.problem(file, id, "%s is missing (an EDTF date, or .. when open)", key)
		return chrono.Date{}, false
	}
	s, ok := v.(string)
	if !ok {
		l.problem(file, id, "%s must be an EDTF string, such as \"1127-01\", got %v", key, v)
		return chrono.Date{}, false
	}
	d, err := chrono.ParseEDTF(s)
	if err != nil {
		l.problem(file, id, "%s: %v", key, err)
		return chrono.Date{}, false
	}
	return d, true
}

func (l *loader) checkSources(ds *Dataset, file, id string, v any) {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		l.problem(file, id, "sources must be a non-empty list of bibliography keys")
		return
	}
	for _, s := range list {
		key, _ := s.(string)
		if _, ok := ds.Meta.Bibliography[key]; !ok {
			l.problem(file, id, "unknown source %v: not in the bibliography of %s", s, MetaFile)
		}
	}
}

func (l *loader) checkPolity(ds *Dataset, file, id string, props map[string]any, key string, required bool) {
	v, ok := props[key]
	if !ok {
		if required {
			l.problem(file, id, "%s is missing", key)
		}
		return
	}
	s, _ := v.(string)
	if _, ok := ds.polities[s]; !ok {
		l.problem(file, id, "%s: unknown polity %v", key, v)
	}
}

func (l *loader) names(file, id string, v any) []feature.Name {
	if v == nil {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		l.problem(file, id, "names must be a list of {name, name_zh, start, end}")
		return nil
	}
	var out []feature.Name
	for i, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			l.problem(file, id, "names[%d] must be an object", i)
			continue
		}
		n := feature.Name{}
		n.Name, _ = m["name"].(string)
		n.NameZh, _ = m["name_zh"].(string)
		n.Pinyin, _ = m["pinyin"].(string)
		if n.Name == "" {
			l.problem(file, id, "names[%d] has no name", i)
			continue
		}
		life, err := lifeOf(m)
		if err != nil {
			l.problem(file, id, "names[%d]: %v", i, err)
			continue
		}
		n.Life = life
		for _, o := range out {
			if o.Life.Overlaps(life) {
				l.problem(file, id, "names[%d] %q overlaps in time with %q", i, n.Name, o.Name)
			}
		}
		out = append(out, n)
	}
	return out
}

func (l *loader) roles(ds *Dataset, file, id string, v any) []feature.Role {
	if v == nil {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		l.problem(file, id, "roles must be a list of {role, polity, start, end}")
		return nil
	}
	var out []feature.Role
	for i, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			l.problem(file, id, "roles[%d] must be an object", i)
			continue
		}
		r := feature.Role{}
		r.Role, _ = m["role"].(string)
		r.Polity, _ = m["polity"].(string)
		if r.Role == "" {
			l.problem(file, id, "roles[%d] has no role", i)
		}
		if ds.polities[r.Polity].ID == "" {
			l.problem(file, id, "roles[%d]: unknown polity %v", i, m["polity"])
		}
		life, err := lifeOf(m)
		if err != nil {
			l.problem(file, id, "roles[%d]: %v", i, err)
			continue
		}
		r.Life = life
		out = append(out, r)
	}
	return out
}

// checkOnePerPolity reports polities with two territories at one instant.
func (l *loader) checkOnePerPolity(file string, fs []*feature.Feature) {
	by := map[string][]*feature.Feature{}
	for _, f := range fs {
		p := f.StringProp("polity")
		for _, g := range by[p] {
			if g.Life.Overlaps(f.Life) {
				l.problem(file, f.ID, "polity %s already has territory %s at that time (%s)", p, g.ID, g.Life)
			}
		}
		by[p] = append(by[p], f)
	}
}

func lifeOf(m map[string]any) (chrono.Interval, error) {
	s, _ := m["start"].(string)
	e, _ := m["end"].(string)
	if s == "" || e == "" {
		return chrono.Interval{}, errors.New("start and end are required (EDTF, or .. when open)")
	}
	start, err := chrono.ParseEDTF(s)
	if err != nil {
		return chrono.Interval{}, err
	}
	end, err := chrono.ParseEDTF(e)
	if err != nil {
		return chrono.Interval{}, err
	}
	return chrono.Life(start, end)
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
