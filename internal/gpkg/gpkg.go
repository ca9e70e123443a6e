package gpkg

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"time"

	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/geo/geomconv"
	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom/encoding/wkb"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// ContentType is the media type of a GeoPackage.
const ContentType = "application/geopackage+sqlite3"

// Type is a column's type as GeoPackage names it.
type Type string

// The column types a layer may have.
const (
	Text    Type = "TEXT"
	Real    Type = "REAL"
	Integer Type = "INTEGER"
	Boolean Type = "BOOLEAN"
	Date    Type = "DATE"
)

// Column is one attribute of a layer.
type Column struct {
	Name string
	Type Type
}

// Row is one feature: its geometry and its properties by column name.
type Row struct {
	Geometry   orb.Geometry
	Properties map[string]any
}

// Layer is what Write puts in the file: one table of features.
type Layer struct {
	// Name is the table's name, Title and Description what GIS tools show.
	Name, Title, Description string
	Columns                  []Column
	Rows                     []Row
	// Changed is the layer's last change, written as such (the dataset's
	// date, so the same data gives the same file).
	Changed time.Time
}

// ErrGeometryType is returned for a layer whose rows mix kinds of
// geometry, which a GeoPackage table cannot declare.
var ErrGeometryType = errors.New("gpkg: the rows mix kinds of geometry")

// Write creates the GeoPackage file path (which must not exist) holding
// layer. It stops when ctx is done, leaving a partial file to remove.
func Write(ctx context.Context, path string, layer Layer) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("gpkg: %s exists", path)
	}
	gtype, err := geometryType(layer.Rows)
	if err != nil {
		return err
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return fmt.Errorf("gpkg: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("gpkg: %w", err)
	}
	defer tx.Rollback()
	if err := schema(ctx, tx, layer, gtype); err != nil {
		return err
	}
	if err := insert(ctx, tx, layer, gtype); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("gpkg: %w", err)
	}
	// application_id 'GPKG' and version 1.3.0, the newest GDAL 3.6 reads without a warning mark the file as a
	// GeoPackage; a rollback journal's default page size is kept.
	if _, err := db.ExecContext(ctx, "PRAGMA application_id = 1196444487; PRAGMA user_version = 10300"); err != nil {
		return fmt.Errorf("gpkg: %w", err)
	}
	return nil
}

const wgs84 = `GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]`

func schema(ctx context.Context, tx *sql.Tx, layer Layer, gtype string) error {
	bound := bounds(layer.Rows)
	cols := []string{"fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL", "geom " + gtype}
	for _, c := range layer.Columns {
		cols = append(cols, quote(c.Name)+" "+string(c.Type))
	}
	stmts := []struct {
		sql  string
		args []any
	}{
		{`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
			organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)`, nil},
		{`INSERT INTO gpkg_spatial_ref_sys VALUES
			('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
			('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
			('WGS 84 geodetic', 4326, 'EPSG', 4326, ?, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')`, []any{wgs84}},
		{`CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
			identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL,
			min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
			CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))`, nil},
		{`CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
			geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
			CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
			CONSTRAINT uk_gc_table_name UNIQUE (table_name),
			CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
			CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))`, nil},
		{"CREATE TABLE " + quote(layer.Name) + " (" + strings.Join(cols, ", ") + ")", nil},
		{`INSERT INTO gpkg_contents VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?, 4326)`, []any{
			layer.Name, layer.Title, layer.Description, layer.Changed.UTC().Format("2006-01-02T15:04:05.000Z"),
			bound.Min[0], bound.Min[1], bound.Max[0], bound.Max[1]}},
		{`INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, 4326, 0, 0)`, []any{layer.Name, gtype}},
	}
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, s.sql, s.args...); err != nil {
			return fmt.Errorf("gpkg: %w", err)
		}
	}
	return nil
}

func insert(ctx context.Context, tx *sql.Tx, layer Layer, gtype string) error {
	marks := strings.Repeat(", ?", len(layer.Columns))
	names := make([]string, 0, len(layer.Columns)+1)
	names = append(names, "geom")
	for _, c := range layer.Columns {
		names = append(names, quote(c.Name))
	}
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO "+quote(layer.Name)+" ("+strings.Join(names, ", ")+") VALUES (?"+marks+")")
	if err != nil {
		return fmt.Errorf("gpkg: %w", err)
	}
	defer stmt.Close()
	args := make([]any, len(layer.Columns)+1)
	for _, r := range layer.Rows {
		blob, err := geometryBlob(r.Geometry, gtype)
		if err != nil {
			return err
		}
		args[0] = blob
		for i, c := range layer.Columns {
			args[i+1] = value(c.Type, r.Properties[c.Name])
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("gpkg: %w", err)
		}
	}
	return nil
}

// value converts a property to what its column holds; nil stays NULL.
func value(t Type, v any) any {
	if v == nil {
		return nil
	}
	switch t {
	case Real:
		if f, ok := v.(float64); ok {
			return f
		}
	case Integer:
		if f, ok := v.(float64); ok && f == math.Trunc(f) {
			return int64(f)
		}
	case Boolean:
		if b, ok := v.(bool); ok {
			return b
		}
	}
	return feature.Text(v)
}

// geometryType is the GeoPackage name of the rows' kind of geometry.
func geometryType(rows []Row) (string, error) {
	name := "GEOMETRY"
	for i, r := range rows {
		var n string
		switch r.Geometry.(type) {
		case orb.Point:
			n = "POINT"
		case orb.LineString:
			n = "LINESTRING"
		case orb.Polygon:
			n = "POLYGON"
		case orb.MultiPoint:
			n = "MULTIPOINT"
		case orb.MultiLineString:
			n = "MULTILINESTRING"
		case orb.MultiPolygon:
			n = "MULTIPOLYGON"
		default:
			n = "GEOMETRYCOLLECTION"
		}
		// A table of polygons and multipolygons is declared of
		// multipolygons, and its polygons written as such (promote).
		if i == 0 {
			name = n
		} else if n != name {
			if strings.TrimPrefix(n, "MULTI") == strings.TrimPrefix(name, "MULTI") {
				name = "MULTI" + strings.TrimPrefix(n, "MULTI")
				continue
			}
			return "", ErrGeometryType
		}
	}
	return name, nil
}

// geometryBlob is a GeoPackage geometry: the GP header (version 0,
// little-endian, an xy envelope, SRS 4326), then the WKB.
func geometryBlob(g orb.Geometry, gtype string) ([]byte, error) {
	gg, err := geomconv.ToGeom(promote(g, gtype))
	if err != nil {
		return nil, fmt.Errorf("gpkg: %w", err)
	}
	body, err := wkb.Marshal(gg, binary.LittleEndian)
	if err != nil {
		return nil, fmt.Errorf("gpkg: %w", err)
	}
	b := g.Bound()
	out := make([]byte, 8+32, 8+32+len(body))
	out[0], out[1], out[2] = 'G', 'P', 0
	out[3] = 1<<1 | 1 // envelope [minx, maxx, miny, maxy]; little-endian
	binary.LittleEndian.PutUint32(out[4:], 4326)
	for i, v := range []float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]} {
		binary.LittleEndian.PutUint64(out[8+8*i:], math.Float64bits(v))
	}
	return append(out, body...), nil
}

// promote makes a single geometry the multi-geometry of one part when the
// table is declared as of multi-geometries (see geometryType), so every
// row is of the declared type.
func promote(g orb.Geometry, gtype string) orb.Geometry {
	switch g := g.(type) {
	case orb.Point:
		if gtype == "MULTIPOINT" {
			return orb.MultiPoint{g}
		}
	case orb.LineString:
		if gtype == "MULTILINESTRING" {
			return orb.MultiLineString{g}
		}
	case orb.Polygon:
		if gtype == "MULTIPOLYGON" {
			return orb.MultiPolygon{g}
		}
	}
	return g
}

func bounds(rows []Row) orb.Bound {
	if len(rows) == 0 {
		return orb.Bound{}
	}
	b := rows[0].Geometry.Bound()
	for _, r := range rows[1:] {
		b = b.Union(r.Geometry.Bound())
	}
	return b
}

// quote quotes an SQL identifier.
func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }
