package downloads

import (
	"context"
	"io"
	"math"
	"slices"
	"time"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/csv"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/chronoatlas/chronoatlas/internal/gpkg"
)

// Downloads: the items of a query as a table, for spreadsheets (CSV) and
// GIS (GeoPackage), with the same properties the GeoJSON carries.

// leading are the columns a table starts with, when its features have
// them; the others follow in alphabetical order.
var leading = []string{"id", "name", "name_zh", "kind", "polity", "holder", "start", "end",
	dataset.StartDateQueryable, dataset.EndDateQueryable, "certainty"}

// rows returns fs's properties as they stood at when (only those named in
// only, when not nil), and the columns they fill.
func (d Writer) rows(fs []*feature.Feature, when *chrono.Interval, only []string) ([]string, []map[string]any) {
	props := make([]map[string]any, len(fs))
	seen := map[string]bool{}
	for i, f := range fs {
		props[i] = atlas.Only(d.a.PropertiesAt(f, when), only)
		for k := range props[i] {
			seen[k] = true
		}
	}
	// The date columns are the collection's, not the page's: a page whose
	// features are all open still has them (empty), so a GeoPackage's
	// schema, and the fields a GIS animates by, do not change with the
	// query.
	if seen["start"] {
		for _, k := range []string{dataset.StartDateQueryable, dataset.EndDateQueryable} {
			if only == nil || slices.Contains(only, k) {
				seen[k] = true
			}
		}
	}
	var cols []string
	for _, k := range leading {
		if seen[k] {
			cols = append(cols, k)
			delete(seen, k)
		}
	}
	rest := make([]string, 0, len(seen))
	for k := range seen {
		rest = append(rest, k)
	}
	slices.Sort(rest)
	return append(cols, rest...), props
}

// CSV writes fs as CSV (geo/csv): a column per property, then WKT.
func (d Writer) CSV(w io.Writer, fs []*feature.Feature, when *chrono.Interval, only []string) error {
	cols, props := d.rows(fs, when, only)
	rows := make([]csv.Row, len(fs))
	for i, f := range fs {
		rows[i] = csv.Row{Geometry: f.Geometry, Properties: props[i]}
	}
	return csv.Encode(w, cols, rows)
}

// GeoPackage writes fs as the GeoPackage file path (internal/gpkg), a
// table named after c with typed columns: dates as DATE, numbers as REAL
// or INTEGER, true and false as BOOLEAN.
func (d Writer) GeoPackage(ctx context.Context, path string, c *feature.Collection, fs []*feature.Feature, when *chrono.Interval, only []string) error {
	cols, props := d.rows(fs, when, only)
	layer := gpkg.Layer{Name: c.ID, Title: c.Title, Description: c.Description, Changed: d.a.Loaded()}
	if layer.Changed.IsZero() {
		layer.Changed = time.Unix(0, 0)
	}
	for _, col := range cols {
		layer.Columns = append(layer.Columns, gpkg.Column{Name: col, Type: columnType(col, props)})
	}
	for i, f := range fs {
		layer.Rows = append(layer.Rows, gpkg.Row{Geometry: f.Geometry, Properties: props[i]})
	}
	return gpkg.Write(ctx, path, layer)
}

// columnType is the type every value of a column fits.
func columnType(col string, props []map[string]any) gpkg.Type {
	if col == dataset.StartDateQueryable || col == dataset.EndDateQueryable {
		return gpkg.Date
	}
	t := gpkg.Type("")
	for _, p := range props {
		v, ok := p[col]
		if !ok || v == nil {
			continue
		}
		var vt gpkg.Type
		switch v := v.(type) {
		case float64:
			vt = gpkg.Integer
			if v != math.Trunc(v) || math.Abs(v) > 1<<53 {
				vt = gpkg.Real
			}
		case bool:
			vt = gpkg.Boolean
		default:
			return gpkg.Text
		}
		switch {
		case t == "":
			t = vt
		case t == gpkg.Integer && vt == gpkg.Real:
			t = gpkg.Real
		case t == gpkg.Real && vt == gpkg.Integer:
		case t != vt:
			return gpkg.Text
		}
	}
	if t == "" {
		return gpkg.Text
	}
	return t
}
