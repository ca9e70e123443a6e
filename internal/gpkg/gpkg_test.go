package gpkg

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

func mustWrite(tb testing.TB, layer Layer) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "out.gpkg")
	if err := Write(context.Background(), path, layer); err != nil {
		tb.Fatal(err)
	}
	return path
}

var places = Layer{
	Name: "places", Title: "Places", Description: "Cities and passes",
	Columns: []Column{{"id", Text}, {"name_zh", Text}, {"population", Real}, {"rank", Integer}, {"capital", Boolean}, {"start_date", Date}, {"sources", Text}},
	Rows: []Row{
		{orb.Point{114.35, 34.79}, map[string]any{"id": "kaifeng", "name_zh": "開封", "population": 1500000.5, "rank": 1.0, "capital": true, "start_date": "0960-01-01", "sources": []any{"a"}}},
		{orb.Point{120.16, 30.27}, map[string]any{"id": "lin'an", "name_zh": "臨安", "capital": false}},
	},
	Changed: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
}

func TestWrite(t *testing.T) {
	path := mustWrite(t, places)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var appID, version int
	db.QueryRow("PRAGMA application_id").Scan(&appID)
	db.QueryRow("PRAGMA user_version").Scan(&version)
	if appID != 0x47504B47 || version != 10300 {
		t.Errorf("application_id %x, user_version %d; want GPKG and 10300", appID, version)
	}
	var gtype string
	var srs int
	if err := db.QueryRow("SELECT geometry_type_name, srs_id FROM gpkg_geometry_columns WHERE table_name = 'places'").Scan(&gtype, &srs); err != nil {
		t.Fatal(err)
	}
	if gtype != "POINT" || srs != 4326 {
		t.Errorf("geometry column %s in %d, want POINT in 4326", gtype, srs)
	}
	var minX, maxY float64
	var changed string
	db.QueryRow("SELECT min_x, max_y, CAST(last_change AS TEXT) FROM gpkg_contents").Scan(&minX, &maxY, &changed)
	if minX != 114.35 || maxY != 34.79 || changed != "2026-01-02T03:04:05.000Z" {
		t.Errorf("contents: min_x %g, max_y %g, last_change %s", minX, maxY, changed)
	}
	rows, err := db.Query(`SELECT id, name_zh, population, rank, capital, CAST(start_date AS TEXT), sources, typeof(population), typeof(rank), length(geom) FROM places ORDER BY fid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var id, zh, tp, tr string
		var pop sql.NullFloat64
		var rank sql.NullInt64
		var capital bool
		var start, sources sql.NullString
		var n int
		if err := rows.Scan(&id, &zh, &pop, &rank, &capital, &start, &sources, &tp, &tr, &n); err != nil {
			t.Fatal(err)
		}
		got = append(got, strings.Join([]string{id, zh, tp, tr, start.String, sources.String}, "|"))
		if n != 8+32+21 {
			t.Errorf("%s: geometry blob of %d bytes, want a header, an envelope and a WKB point (61)", id, n)
		}
		if id == "kaifeng" && (pop.Float64 != 1500000.5 || rank.Int64 != 1 || !capital) {
			t.Errorf("kaifeng: population %v, rank %v, capital %v", pop, rank, capital)
		}
	}
	want := []string{`kaifeng|開封|real|integer|0960-01-01|["a"]`, `lin'an|臨安|null|null||`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestGeometryType(t *testing.T) {
	sq := orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}
	tests := []struct {
		geoms []orb.Geometry
		want  string
		err   error
	}{
		{[]orb.Geometry{orb.Point{1, 2}}, "POINT", nil},
		{[]orb.Geometry{sq, orb.MultiPolygon{sq}}, "MULTIPOLYGON", nil},
		{[]orb.Geometry{orb.MultiPolygon{sq}, sq}, "MULTIPOLYGON", nil},
		{[]orb.Geometry{orb.LineString{{0, 0}, {1, 1}}}, "LINESTRING", nil},
		{[]orb.Geometry{sq, orb.Point{1, 2}}, "", ErrGeometryType},
		{nil, "GEOMETRY", nil},
	}
	for _, tt := range tests {
		var rows []Row
		for _, g := range tt.geoms {
			rows = append(rows, Row{Geometry: g})
		}
		got, err := geometryType(rows)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("%v: got %s, %v; want %s, %v", tt.geoms, got, err, tt.want, tt.err)
		}
	}
}

func TestWriteRefusesAnExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.gpkg")
	os.WriteFile(path, []byte("x"), 0o600)
	if err := Write(context.Background(), path, places); err == nil {
		t.Error("Write overwrote a file")
	}
}

// TestGDALReadsIt opens the file with GDAL's GeoPackage driver, the
// reader QGIS uses too: the layer, its count, its types.
func TestGDALReadsIt(t *testing.T) {
	ogrinfo, err := exec.LookPath("ogrinfo")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("ogrinfo is missing; CI installs gdal-bin")
		}
		t.Skip("ogrinfo is not installed (Debian: gdal-bin)")
	}
	sq := orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}
	mixed := Layer{Name: "territories", Columns: []Column{{"polity", Text}, {"end_date", Date}},
		Rows: []Row{{sq, map[string]any{"polity": "song", "end_date": "1127-01-16"}}, {orb.MultiPolygon{sq, {{{2, 2}, {3, 2}, {3, 3}, {2, 2}}}}, map[string]any{"polity": "jin"}}}}
	for _, layer := range []Layer{places, mixed} {
		out, err := exec.Command(ogrinfo, "-ro", "-so", "-al", mustWrite(t, layer)).CombinedOutput()
		if err != nil {
			t.Fatalf("ogrinfo: %v\n%s", err, out)
		}
		s := string(out)
		for _, want := range []string{"using driver `GPKG'", "Layer name: " + layer.Name, "Feature Count: " + strconv.Itoa(len(layer.Rows)), "WGS 84"} {
			if !strings.Contains(s, want) {
				t.Errorf("%s: ogrinfo does not say %q:\n%s", layer.Name, want, s)
			}
		}
		for _, c := range layer.Columns {
			want := map[Type]string{Text: "String", Real: "Real", Integer: "Integer", Boolean: "Integer(Boolean)", Date: "Date"}[c.Type]
			if !strings.Contains(s, c.Name+": "+want) {
				t.Errorf("%s: column %s is not %s:\n%s", layer.Name, c.Name, want, s)
			}
		}
		if strings.Contains(s, "ERROR") || strings.Contains(s, "Warning") {
			t.Errorf("%s: GDAL complains:\n%s", layer.Name, s)
		}
	}
}
