package dataset

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/geo/geojson"
	"github.com/chronoatlas/chronoatlas/geo/valid"
	"github.com/paulmach/orb"
	orbjson "github.com/paulmach/orb/geojson"
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

// InvalidError lists the problems found in a dataset: every one, up to
// Limits.MaxProblems, and how many more there were.
type InvalidError struct {
	Problems []Problem
	More     int // problems found but not listed
}

func (e *InvalidError) Error() string {
	var b strings.Builder
	n := len(e.Problems) + e.More
	fmt.Fprintf(&b, "dataset: %d problem", n)
	if n != 1 {
		b.WriteString("s")
	}
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	if e.More > 0 {
		fmt.Fprintf(&b, "\n  … and %d more", e.More)
	}
	return b.String()
}

// Limits bound what loading a dataset may cost, so that a bad folder
// given to a running server (on SIGHUP) is refused rather than taking the
// server down.
type Limits struct {
	// MaxFileBytes bounds each file; a larger one is refused unread.
	MaxFileBytes int64
	// MaxProblems bounds the problems listed; the rest are only counted.
	MaxProblems int
	// Timeout bounds the whole load; a dataset whose checks take longer
	// is refused.
	Timeout time.Duration
	// TrustGeometry skips the geometry checks (valid.Check), a third of
	// a load's time, for a dataset that tests have checked: the embedded
	// atlas, which data's tests load with every check.
	TrustGeometry bool
}

// DefaultLimits are the limits Load applies: files of 64 MiB (the
// embedded atlas's largest is under 2 MiB), 200 problems, 30 seconds.
func DefaultLimits() Limits {
	return Limits{MaxFileBytes: 64 << 20, MaxProblems: 200, Timeout: 30 * time.Second}
}

// Load reads and validates the dataset in fsys within DefaultLimits. When
// anything is wrong it returns an *InvalidError listing the problems.
func Load(fsys fs.FS) (*Dataset, error) {
	return LoadLimited(context.Background(), fsys, DefaultLimits())
}

// LoadLimited is Load within lim, giving up when ctx ends. Files must be
// regular files: a FIFO or a device is refused, never read.
func LoadLimited(ctx context.Context, fsys fs.FS, lim Limits) (*Dataset, error) {
	if lim.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, lim.Timeout)
		defer cancel()
	}
	l := &loader{fsys: fsys, ctx: ctx, lim: lim, digest: newDigester()}
	ds := l.load()
	if err := ctx.Err(); err != nil {
		l.problems = append(l.problems, Problem{File: MetaFile, Msg: fmt.Sprintf("validation stopped after %s: %v", lim.Timeout, err)})
	}
	if len(l.problems) > 0 {
		return nil, &InvalidError{Problems: l.problems, More: l.more}
	}
	ds.digest = l.digest.sum()
	return ds, nil
}

type loader struct {
	fsys     fs.FS
	ctx      context.Context
	lim      Limits
	problems []Problem
	more     int       // problems past lim.MaxProblems
	digest   *digester // see Dataset.Digest
}

func (l *loader) problem(file, id, format string, args ...any) {
	if l.lim.MaxProblems > 0 && len(l.problems) >= l.lim.MaxProblems {
		l.more++
		return
	}
	l.problems = append(l.problems, Problem{File: file, Feature: id, Msg: fmt.Sprintf(format, args...)})
}

// errNotRegular refuses a file that is not a regular file.
var errNotRegular = errors.New("not a regular file")

// readFile reads one file of the dataset, refusing what is not a regular
// file (a FIFO would block for ever, /dev/zero never end) and what is
// larger than the limit.
func (l *loader) readFile(name string) ([]byte, error) {
	f, err := l.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%w (%s)", errNotRegular, st.Mode().Type())
	}
	max := l.lim.MaxFileBytes
	if max <= 0 {
		max = math.MaxInt64 - 1
	}
	if st.Size() > max {
		return nil, fmt.Errorf("%d bytes; the limit is %d", st.Size(), max)
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("more than %d bytes; the limit is %d", max, max)
	}
	return b, nil
}

// RootFS is a dataset folder opened with os.OpenRoot, as an fs.FS: no
// name, symbolic links included, reaches outside the folder, and opening
// a FIFO does not wait for a writer (the loader then refuses it).
func RootFS(root *os.Root) fs.FS { return rootFS{root} }

type rootFS struct{ root *os.Root }

func (r rootFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	return r.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}

var (
	idPattern    = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
	colorPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
)

func (l *loader) load() *Dataset {
	raw, err := l.readFile(MetaFile)
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
	raw, err := l.readFile(file)
	if err != nil {
		l.problem(file, "", "cannot read: %v", unwrapPath(err))
		return nil
	}
	l.digest.add(file, raw)
	features, err := l.parseFeatures(raw)
	if err != nil {
		l.problem(file, "", "not a GeoJSON FeatureCollection: %v", err)
		return nil
	}
	var out []*feature.Feature
	for i, pf := range features {
		if l.ctx.Err() != nil {
			return nil // over time: LoadLimited reports it
		}
		f := l.checkFeature(ds, cm, i, pf)
		if f == nil {
			continue
		}
		out = append(out, f)
	}
	l.overlapsBy(out, func(f *feature.Feature) string { return f.ID }, func(g, f *feature.Feature) {
		l.problem(file, f.ID, "duplicate id: two versions overlap in time (%s and %s)", g.Life, f.Life)
	})
	l.checkOneKind(file, out)
	if cm.ID == "territories" {
		l.checkOnePerPolity(file, out)
	}
	return feature.NewCollection(cm.ID, cm.Title, cm.Description, out)
}

// parsed is one feature of a collection, decoded, with the problems of
// its geometry.
type parsed struct {
	feature  *geojson.Feature
	problems []valid.Problem
	err      error // the check's when it gave up (the load is over time)
}

// parseFeatures decodes a FeatureCollection and checks its geometries,
// the two costly steps of a load, on every core: the features apart, then
// each decoded and checked by one of a few workers. Problems are
// reported later, in file order, by checkFeature.
func (l *loader) parseFeatures(raw []byte) ([]parsed, error) {
	feats, err := geojson.Split(raw)
	if err != nil {
		// orb's decoding says what is wrong, or takes what the fast
		// path leaves to it
		fc, err := splitFeatures(raw)
		if err != nil {
			return nil, err
		}
		feats = fc.Features
	}
	out := make([]parsed, len(feats))
	errs := make([]error, len(feats))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(feats)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(feats) {
					return
				}
				gf, err := decodeFeature(feats[i])
				if err != nil {
					errs[i] = err
					continue
				}
				out[i].feature = gf
				if gf.Geometry != nil && !l.lim.TrustGeometry {
					out[i].problems, out[i].err = valid.CheckContext(l.ctx, gf.Geometry)
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// decodeFeature decodes one feature: quickly, or by orb when the fast
// path leaves it to orb (and then with orb's word for what is wrong).
func decodeFeature(raw []byte) (*geojson.Feature, error) {
	if f, err := geojson.Decode(raw); err == nil {
		return f, nil
	}
	f, err := orbjson.UnmarshalFeature(raw)
	if err != nil {
		return nil, err
	}
	return &geojson.Feature{ID: f.ID, Geometry: f.Geometry, Properties: f.Properties}, nil
}

// rawCollection is a FeatureCollection whose features are not decoded
// yet.
type rawCollection struct {
	Type     string
	Features [][]byte
}

// splitFeatures reads a FeatureCollection's type and the JSON of each of
// its features, in one pass over the text (json.Unmarshal would make one
// to check it and another to decode it); a bbox must be numbers, other
// members are skipped. Unlike orb's decoder it refuses a bare null.
func splitFeatures(raw []byte) (rawCollection, error) {
	var fc rawCollection
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil {
		return fc, err
	} else if t != json.Delim('{') {
		return fc, fmt.Errorf("geojson: not a feature collection: %v", t)
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return fc, err
		}
		switch t {
		case "type":
			err = dec.Decode(&fc.Type)
		case "features":
			fc.Features = nil // of a member given twice, the last counts
			err = decodeArray(dec, &fc.Features)
		case "bbox":
			var bbox []float64
			err = dec.Decode(&bbox)
		default:
			var skip json.RawMessage
			err = dec.Decode(&skip)
		}
		if err != nil {
			return fc, err
		}
	}
	if _, err := dec.Token(); err != nil {
		return fc, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return fc, errors.New("geojson: text after the feature collection")
	}
	if fc.Type != "FeatureCollection" {
		return fc, fmt.Errorf("geojson: not a feature collection: type=%s", fc.Type)
	}
	return fc, nil
}

// decodeArray reads a JSON array (or null) of values as raw JSON.
func decodeArray(dec *json.Decoder, out *[][]byte) error {
	t, err := dec.Token()
	if err != nil || t == nil {
		return err
	}
	if t != json.Delim('[') {
		return fmt.Errorf("geojson: features must be an array, not %v", t)
	}
	for dec.More() {
		var m json.RawMessage
		if err := dec.Decode(&m); err != nil {
			return err
		}
		*out = append(*out, m)
	}
	_, err = dec.Token()
	return err
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
func (l *loader) checkFeature(ds *Dataset, cm CollectionMeta, i int, pf parsed) *feature.Feature {
	file := cm.File
	gf := pf.feature
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
	if pf.err != nil {
		return nil // over time: LoadLimited reports it
	}
	for _, p := range pf.problems {
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
	// The life as calendar dates too, so GDAL, QGIS and spreadsheets type
	// them as dates where EDTF is text to them: the first day, and the
	// first day after (absent when open).
	if f.Life.Start != chrono.MinDay {
		props[StartDateQueryable] = f.Life.Start.String()
	} else {
		delete(props, StartDateQueryable)
	}
	if f.Life.End != chrono.MaxDay {
		props[EndDateQueryable] = f.Life.End.String()
	} else {
		delete(props, EndDateQueryable)
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
	var at []int // the index in the list of each name kept
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
		out = append(out, n)
		at = append(at, i)
	}
	lives := make([]chrono.Interval, len(out))
	for k, n := range out {
		lives[k] = n.Life
	}
	var pairs [][2]int
	overlaps(lives, func(a, b int) { pairs = append(pairs, [2]int{min(a, b), max(a, b)}) })
	sort.Slice(pairs, func(i, j int) bool {
		return pairs[i][1] < pairs[j][1] || pairs[i][1] == pairs[j][1] && pairs[i][0] < pairs[j][0]
	})
	for _, p := range pairs {
		l.problem(file, id, "names[%d] %q overlaps in time with %q", at[p[1]], out[p[1]].Name, out[p[0]].Name)
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
	l.overlapsBy(fs, func(f *feature.Feature) string { return f.StringProp("polity") }, func(g, f *feature.Feature) {
		l.problem(file, f.ID, "polity %s already has territory %s at that time (%s)", f.StringProp("polity"), g.ID, g.Life)
	})
}

// overlapsBy reports features of one group (by id, by polity) whose lives
// overlap: report(g, f) for f, later in the file, overlapping g. Each
// feature that overlaps another is reported once, in file order.
func (l *loader) overlapsBy(fs []*feature.Feature, group func(*feature.Feature) string, report func(g, f *feature.Feature)) {
	by := map[string][]int{}
	for i, f := range fs {
		by[group(f)] = append(by[group(f)], i)
	}
	var pairs [][2]int
	for _, idx := range by {
		lives := make([]chrono.Interval, len(idx))
		for k, i := range idx {
			lives[k] = fs[i].Life
		}
		overlaps(lives, func(a, b int) {
			pairs = append(pairs, [2]int{min(idx[a], idx[b]), max(idx[a], idx[b])})
		})
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i][1] != pairs[j][1] {
			return pairs[i][1] < pairs[j][1]
		}
		return pairs[i][0] < pairs[j][0]
	})
	for _, p := range pairs {
		report(fs[p[0]], fs[p[1]])
	}
}

// overlaps calls report(a, b) for each life b that overlaps a life a
// which starts no later, a being the one of those that reaches furthest;
// every life that overlaps another is so reported at least once. Sorting
// makes this n log n where comparing every pair was n², which 10,000
// versions of one id made gigabytes and minutes.
func overlaps(lives []chrono.Interval, report func(a, b int)) {
	order := make([]int, len(lives))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return lives[order[i]].Start < lives[order[j]].Start })
	reach := -1
	for _, j := range order {
		if lives[j].Empty() {
			continue
		}
		if reach >= 0 && lives[reach].Overlaps(lives[j]) {
			report(reach, j)
		}
		if reach < 0 || lives[j].End > lives[reach].End {
			reach = j
		}
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
