// Package atlasbuild builds a dataset's derived files from what is authored
// by hand: the land from Natural Earth's coast, and the territories, rivers
// and frontiers from named lines and cells of land with their holders over
// time. The same sources always give the same bytes, so a test can tell
// when the committed files are stale.
package atlasbuild

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/chronoatlas/chronoatlas/internal/atlasbuild/xy"
	"io/fs"
	"sort"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/peterstace/simplefeatures/geom"
)

// The files of a dataset folder that Build writes, and those it reads.
const (
	TerritoriesFile = "territories.geojson"
	RiversFile      = "rivers.geojson"
	FrontiersFile   = "frontiers.geojson"
	LandFile        = "land.geojson"
	LinesFile       = "lines.json"
	CellsFile       = "cells.json"
)

// Feature is one feature to write.
type Feature struct {
	ID         string
	Properties map[string]any
	Geometry   geom.Geometry
}

// meta is the part of dataset.json the build needs.
type meta struct {
	Start    string `json:"start"`
	End      string `json:"end"`
	Polities []struct {
		ID     string `json:"id"`
		Name   string `json:"name"`
		NameZh string `json:"name_zh"`
	} `json:"polities"`
}

// Build reads the authored sources in src (lines.json, cells.json) and the
// dataset folder ds (dataset.json, land.geojson) and returns the files it
// derives: territories, rivers and frontiers, by file name.
func Build(src, ds fs.FS) (map[string][]byte, error) {
	var m meta
	b, err := fs.ReadFile(ds, "dataset.json")
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("dataset.json: %w", err)
	}
	var lines Lines
	if err := readJSON(src, LinesFile, &lines); err != nil {
		return nil, err
	}
	var cells Cells
	if err := readJSON(src, CellsFile, &cells); err != nil {
		return nil, err
	}
	for name := range lines.Lines {
		if _, clash := lines.Nodes[name]; clash {
			return nil, fmt.Errorf("%s: %q names both a node and a line", LinesFile, name)
		}
	}
	land, err := readLand(ds)
	if err != nil {
		return nil, err
	}
	start, err := chrono.ParseEDTF(m.Start)
	if err != nil {
		return nil, fmt.Errorf("dataset.json: start: %w", err)
	}
	end, err := chrono.ParseEDTF(m.End)
	if err != nil {
		return nil, fmt.Errorf("dataset.json: end: %w", err)
	}
	names := map[string][2]string{}
	for _, p := range m.Polities {
		names[p.ID] = [2]string{p.Name, p.NameZh}
	}
	for _, c := range cells.Cells {
		for _, h := range c.Held {
			for _, p := range []string{h.Polity, h.Overlord} {
				if _, ok := names[p]; p != "" && !ok {
					return nil, fmt.Errorf("cell %s: unknown polity %q", c.ID, p)
				}
			}
		}
	}

	for _, e := range cells.Enclaves {
		for _, p := range []string{e.Polity, e.Within} {
			if _, ok := names[p]; !ok {
				return nil, fmt.Errorf("%s: enclave of %s in %s: unknown polity %q", CellsFile, e.Polity, e.Within, p)
			}
		}
		if (e.Place == "") == (e.At == nil) {
			return nil, fmt.Errorf("%s: enclave of %s in %s: give a place or a point (at), not both", CellsFile, e.Polity, e.Within)
		}
	}
	r := resolver{&lines}
	hist, err := histories(cells.Cells, start.Earliest, end.Earliest)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", CellsFile, err)
	}
	g, err := paint(cells.Cells, r, land)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", CellsFile, err)
	}
	terr, err := territories(cells.Cells, hist, g, names, start.Earliest, m.End)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", CellsFile, err)
	}
	out := map[string][]byte{TerritoriesFile: collection(terr)}
	for _, name := range []string{"rivers", "frontiers"} {
		var fs []Feature
		for _, f := range lines.Features {
			if f.Collection != name {
				continue
			}
			id, _ := f.Properties["id"].(string)
			g, err := r.multiLine(f)
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %w", LinesFile, id, err)
			}
			if g, err = onLand(g, land); err != nil {
				return nil, fmt.Errorf("%s: %s: %w", LinesFile, id, err)
			}
			fs = append(fs, Feature{ID: id, Properties: f.Properties, Geometry: g})
		}
		out[name+".geojson"] = collection(fs)
	}
	return out, nil
}

// onLand cuts lines to the land, so rivers end at the coast.
func onLand(g, land geom.Geometry) (geom.Geometry, error) {
	cut, err := geom.Intersection(g, land)
	if err != nil {
		return geom.Geometry{}, err
	}
	var ls []geom.LineString
	for _, d := range cut.Dump() {
		if d.Type() == geom.TypeLineString && !d.IsEmpty() {
			ls = append(ls, d.MustAsLineString())
		}
	}
	if len(ls) == 0 {
		return geom.Geometry{}, fmt.Errorf("no part of it is on land")
	}
	ml := geom.NewMultiLineString(ls).AsGeometry().SnapToGrid(6)
	// Join the pieces an overlay leaves at every vertex back into lines.
	merged := ml.MustAsMultiLineString()
	if lm, err := geom.UnaryUnion(merged.AsGeometry()); err == nil {
		merged = lineMerge(lm)
	}
	return merged.AsGeometry(), nil
}

// lineMerge joins line pieces that meet end to start into longer lines.
func lineMerge(g geom.Geometry) geom.MultiLineString {
	var pieces [][]geom.XY
	for _, d := range g.Dump() {
		if d.Type() != geom.TypeLineString {
			continue
		}
		s := d.MustAsLineString().Coordinates()
		pts := make([]geom.XY, s.Length())
		for i := range pts {
			pts[i] = s.GetXY(i)
		}
		pieces = append(pieces, pts)
	}
	for joined := true; joined; {
		joined = false
		for i := 0; i < len(pieces) && !joined; i++ {
			for j := 0; j < len(pieces) && !joined; j++ {
				if i == j {
					continue
				}
				a, b := pieces[i], pieces[j]
				if a[len(a)-1] == b[0] && degree(pieces, b[0]) == 2 {
					pieces[i] = append(append([]geom.XY{}, a...), b[1:]...)
					pieces = append(pieces[:j], pieces[j+1:]...)
					joined = true
				}
			}
		}
	}
	sort.Slice(pieces, func(i, j int) bool {
		if pieces[i][0].X != pieces[j][0].X {
			return pieces[i][0].X < pieces[j][0].X
		}
		return pieces[i][0].Y < pieces[j][0].Y
	})
	ls := make([]geom.LineString, len(pieces))
	for i, p := range pieces {
		ls[i] = geom.NewLineString(xy.Seq(p))
	}
	return geom.NewMultiLineString(ls)
}

// degree counts the ends of pieces at p.
func degree(pieces [][]geom.XY, p geom.XY) int {
	n := 0
	for _, q := range pieces {
		if q[0] == p {
			n++
		}
		if q[len(q)-1] == p {
			n++
		}
	}
	return n
}

// readLand reads the dataset's land as one MultiPolygon.
func readLand(ds fs.FS) (geom.Geometry, error) {
	b, err := fs.ReadFile(ds, LandFile)
	if err != nil {
		return geom.Geometry{}, err
	}
	var fc struct {
		Features []struct {
			Geometry json.RawMessage `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		return geom.Geometry{}, fmt.Errorf("%s: %w", LandFile, err)
	}
	var ps []geom.Polygon
	for i, f := range fc.Features {
		g, err := geom.UnmarshalGeoJSON(f.Geometry)
		if err != nil {
			return geom.Geometry{}, fmt.Errorf("%s: feature %d: %w", LandFile, i, err)
		}
		for _, p := range xy.Polygons(g) {
			ps = append(ps, p.MustAsPolygon())
		}
	}
	mp := geom.NewMultiPolygon(ps).AsGeometry()
	if err := mp.Validate(); err != nil {
		return geom.Geometry{}, fmt.Errorf("%s: %w", LandFile, err)
	}
	return mp, nil
}

// LandFeatures makes the land collection: one feature per landmass, the
// largest first.
func LandFeatures(land geom.Geometry) []byte {
	ps := xy.Polygons(land)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Area() > ps[j].Area() })
	var fs []Feature
	for i, p := range ps {
		id := fmt.Sprintf("land-%03d", i+1)
		fs = append(fs, Feature{ID: id, Geometry: p, Properties: map[string]any{
			"id":        id,
			"kind":      "land",
			"start":     "..",
			"end":       "..",
			"certainty": chrono.Certain,
			"sources":   []string{"natural-earth"},
		}})
	}
	return collection(fs)
}

// collection writes features as a GeoJSON FeatureCollection, one feature
// per line, with keys in a fixed order.
func collection(fs []Feature) []byte {
	var b bytes.Buffer
	b.WriteString(`{"type":"FeatureCollection","features":[`)
	for i, f := range fs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n")
		id, _ := json.Marshal(f.ID)
		props, err := json.Marshal(f.Properties)
		if err != nil {
			panic(err) // properties are strings, numbers and lists of them
		}
		geo, err := f.Geometry.MarshalJSON()
		if err != nil {
			panic(err)
		}
		fmt.Fprintf(&b, `{"type":"Feature","id":%s,"properties":%s,"geometry":%s}`, id, props, geo)
	}
	b.WriteString("\n]}\n")
	return b.Bytes()
}

func readJSON(fsys fs.FS, name string, v any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
