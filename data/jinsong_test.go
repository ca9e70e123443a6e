package data_test

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chronoatlas/chronoatlas/data"
	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/peterstace/simplefeatures/geom"
)

// loaded is the embedded dataset, loaded once for all the tests, which
// only read it: loading takes seconds under the race detector.
var loaded = sync.OnceValues(func() (*dataset.Dataset, error) { return dataset.Load(data.JinSong()) })

func load(t *testing.T) *dataset.Dataset {
	t.Helper()
	ds, err := loaded()
	if err != nil {
		t.Fatalf("the embedded Jin–Song dataset does not load: %v", err)
	}
	return ds
}

// row is a line of a table in testdata: its number and its columns.
type row struct {
	line int
	col  []string
}

// table reads a comma-separated table with n columns, skipping blank lines
// and comments (#).
func table(t *testing.T, path string, n int, columns string) []row {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []row
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		col := strings.Split(text, ",")
		if len(col) != n {
			t.Fatalf("%s:%d: want %s", path, line, columns)
		}
		rows = append(rows, row{line, col})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestFacts checks who held each place in testdata/facts.csv, a table
// written from the sources, against the territories.
func TestFacts(t *testing.T) {
	ds := load(t)
	places := ds.Collection("places")
	rows := 0
	for _, row := range table(t, "testdata/facts.csv", 4, "place,year,polity,source") {
		line, col := row.line, row.col
		year, err := strconv.Atoi(col[1])
		if err != nil {
			t.Fatalf("facts.csv:%d: year %q", line, col[1])
		}
		if _, ok := ds.Polity(col[2]); !ok {
			t.Errorf("facts.csv:%d: unknown polity %q", line, col[2])
		}
		rows++
		versions := places.Get(col[0])
		if len(versions) == 0 {
			t.Errorf("facts.csv:%d: no place %q", line, col[0])
			continue
		}
		p := versions[0].Geometry.(orb.Point)
		day := chrono.SliderDay(year)
		got := "nobody"
		if terr, ok := ds.Holder(p, day); ok {
			got = terr.StringProp("polity")
		}
		if got != col[2] {
			t.Errorf("facts.csv:%d: %s on %s: held by %s, want %s (%s)", line, col[0], day, got, col[2], col[3])
		}
	}
	if rows < 100 {
		t.Errorf("facts.csv has %d facts, want at least 100", rows)
	}
}

// grid is a raster over the atlas region: cells of step degrees, each
// sampled at a point off its centre so that samples do not fall exactly
// on vertices or on the grid lines borders are drawn on.
type grid struct {
	x0, y0, step float64
	nx, ny       int
}

func (g grid) sampleY(r int) float64 { return g.y0 + (float64(r)+0.5)*g.step + 1.234567e-4 }
func (g grid) sampleX(c int) float64 { return g.x0 + (float64(c)+0.5)*g.step + 2.345678e-4 }

// raster calls mark with each cell whose sample lies inside the polygons,
// by the even–odd rule along each row.
func (g grid) raster(mp orb.MultiPolygon, mark func(cell int)) {
	rows := make([][]float64, g.ny)
	for _, p := range mp {
		for _, ring := range p {
			for i := 0; i+1 < len(ring); i++ {
				a, b := ring[i], ring[i+1]
				lo, hi := math.Min(a[1], b[1]), math.Max(a[1], b[1])
				r0 := int(math.Max(0, math.Floor((lo-g.y0)/g.step)-1))
				r1 := int(math.Min(float64(g.ny-1), math.Ceil((hi-g.y0)/g.step)+1))
				for r := r0; r <= r1; r++ {
					y := g.sampleY(r)
					if (a[1] <= y) != (b[1] <= y) {
						rows[r] = append(rows[r], a[0]+(y-a[1])*(b[0]-a[0])/(b[1]-a[1]))
					}
				}
			}
		}
	}
	for r, xs := range rows {
		sort.Float64s(xs)
		for k := 0; k+1 < len(xs); k += 2 {
			c0 := int(math.Ceil((xs[k]-g.x0-2.345678e-4)/g.step - 0.5))
			for c := max(c0, 0); c < g.nx && g.sampleX(c) < xs[k+1]; c++ {
				if g.sampleX(c) >= xs[k] {
					mark(r*g.nx + c)
				}
			}
		}
	}
}

func multiPolygon(g orb.Geometry) orb.MultiPolygon {
	switch g := g.(type) {
	case orb.Polygon:
		return orb.MultiPolygon{g}
	case orb.MultiPolygon:
		return g
	}
	return nil
}

// TestTerritoriesPartitionTheLand checks, on a 0.05° raster of the region,
// that every sample on land belongs at every instant of the atlas to
// exactly one territory, and that no territory reaches the sea: each land
// sample's territories, ordered by start, follow one another without gap
// or overlap from the atlas's first day to its last.
func TestTerritoriesPartitionTheLand(t *testing.T) {
	ds := load(t)
	g := grid{x0: 70, y0: 15, step: 0.05, nx: 1500, ny: 800}
	land := make([]bool, g.nx*g.ny)
	for _, f := range ds.Collection("land").Features {
		g.raster(multiPolygon(f.Geometry), func(c int) { land[c] = true })
	}
	terr := ds.Collection("territories").Features
	held := make([][]int32, g.nx*g.ny)
	for i, f := range terr {
		g.raster(multiPolygon(f.Geometry), func(c int) { held[c] = append(held[c], int32(i)) })
	}
	life := ds.Life()
	bad := 0
	report := func(c int, format string, args ...any) {
		bad++
		if bad <= 20 {
			x, y := g.sampleX(c%g.nx), g.sampleY(c/g.nx)
			t.Errorf("at %.4f,%.4f: %s", x, y, fmt.Sprintf(format, args...))
		}
	}
	landCells := 0
	for c, vs := range held {
		if !land[c] {
			if len(vs) > 0 {
				report(c, "%s reaches into the sea", terr[vs[0]].Key)
			}
			continue
		}
		landCells++
		sort.Slice(vs, func(i, j int) bool { return terr[vs[i]].Life.Start < terr[vs[j]].Life.Start })
		at := life.Start
		for _, v := range vs {
			f := terr[v]
			switch {
			case f.Life.Start > at:
				report(c, "no territory from %s to %s", at, f.Life.Start)
			case f.Life.Start < at:
				report(c, "%s overlaps the territory before it (from %s, before %s)", f.Key, f.Life.Start, at)
			}
			at = max(at, f.Life.End)
		}
		if at < life.End {
			report(c, "no territory from %s to the atlas's end", at)
		}
	}
	if bad > 20 {
		t.Errorf("… and %d more problems", bad-20)
	}
	if landCells < 100000 {
		t.Errorf("only %d land samples: the land collection is too small", landCells)
	}
}

// TestEveryYearHasTheMainPowers checks each year's map has the Song and the
// Jin (from its founding to its fall) and the neighbours of their time.
func TestEveryYearHasTheMainPowers(t *testing.T) {
	ds := load(t)
	terr := ds.Collection("territories")
	for y := 1115; y <= 1234; y++ {
		day := chrono.SliderDay(y)
		present := map[string]bool{}
		for _, f := range terr.Query(chrono.Interval{Start: day, End: day + 1}, orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}) {
			present[f.StringProp("polity")] = true
		}
		want := []string{"song", "dali", "goryeo", "japan", "dai-viet", "tibet"}
		if y < 1234 {
			want = append(want, "jin")
		}
		if y < 1125 {
			want = append(want, "liao")
		}
		if y < 1227 {
			want = append(want, "western-xia")
		}
		if y >= 1206 {
			want = append(want, "mongols")
		}
		if y >= 1131 && y <= 1137 {
			want = append(want, "qi")
		}
		for _, p := range want {
			if !present[p] {
				t.Errorf("%d: no territory of %s", y, p)
			}
		}
	}
}

// TestTerritoriesPartitionTheLandExactly checks the partition with exact
// polygon overlay on every instant of change (every day on which any
// territory begins or ends). On the atlas's first day the territories'
// areas add up to the area of their union (no overlaps) and the union is
// the land (no gaps, nothing at sea). On each instant after, the
// territories that begin then cover exactly what those that end then
// covered, without overlapping one another, so the partition holds on.
// Borders are shared vertex for vertex; what is left is where a border
// crosses the coast, at a point rounded to 1e-9°: some 1e-9 deg² over the
// whole map, where one sliver of the kind the overlays used to leave is
// 1e-7. Under -short it checks the first day only.
func TestTerritoriesPartitionTheLandExactly(t *testing.T) {
	ds := load(t)
	toSF := func(g orb.Geometry) geom.Geometry {
		b, err := geojson.NewGeometry(g).MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		out, err := geom.UnmarshalGeoJSON(b)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	const tol = 1e-8 // deg²
	// union joins features, and says by how much their areas overlap.
	shapes := map[*feature.Feature]geom.Geometry{}
	union := func(day chrono.Day, fs []*feature.Feature) (geom.Geometry, float64) {
		var parts []geom.Geometry
		sum := 0.0
		for _, f := range fs {
			g, ok := shapes[f]
			if !ok {
				g = toSF(f.Geometry)
				shapes[f] = g
			}
			parts = append(parts, g)
			sum += g.Area()
		}
		u, err := geom.UnionMany(parts)
		if err != nil {
			t.Fatalf("%s: %v", day, err)
		}
		return u, sum - u.Area()
	}
	differ := func(day chrono.Day, a, b geom.Geometry) float64 {
		d, err := geom.SymmetricDifference(a, b)
		if err != nil {
			t.Fatalf("%s: %v", day, err)
		}
		return d.Area()
	}
	days := instants(ds)
	land, _ := union(days[0], ds.Collection("land").Features)
	all, overlap := union(days[0], alive(ds, days[0]))
	if overlap > tol {
		t.Errorf("%s: territories overlap over %.10f deg²", days[0], overlap)
	}
	if a := differ(days[0], all, land); a > tol {
		t.Errorf("%s: territories and land differ over %.10f deg² (gaps or sea)", days[0], a)
	}
	if testing.Short() {
		return
	}
	for i := 1; i < len(days); i++ {
		before, now := alive(ds, days[i-1]), alive(ds, days[i])
		ended, began := minus(before, now), minus(now, before)
		old, _ := union(days[i], ended)
		replaced, overlap := union(days[i], began)
		if overlap > tol {
			t.Errorf("%s: the territories that begin overlap over %.10f deg²", days[i], overlap)
		}
		if a := differ(days[i], old, replaced); a > tol {
			t.Errorf("%s: the territories that begin and those that end differ over %.10f deg²", days[i], a)
		}
	}
}

// minus lists the features of a that are not in b.
func minus(a, b []*feature.Feature) []*feature.Feature {
	in := map[*feature.Feature]bool{}
	for _, f := range b {
		in[f] = true
	}
	var out []*feature.Feature
	for _, f := range a {
		if !in[f] {
			out = append(out, f)
		}
	}
	return out
}

// TestDays checks the days in testdata/days.csv, dates the sources give by
// reign era, month and cyclical day, converted to the proleptic Gregorian
// calendar; and that every event dated to the day keeps the source's own
// dating beside it.
func TestDays(t *testing.T) {
	ds := load(t)
	for _, row := range table(t, "testdata/days.csv", 5, "collection,id,start|end,day,source date") {
		line, col := row.line, row.col
		if col[2] != "start" && col[2] != "end" {
			t.Fatalf("days.csv:%d: the field is start or end, not %q", line, col[2])
		}
		c := ds.Collection(col[0])
		if c == nil {
			t.Fatalf("days.csv:%d: no collection %q", line, col[0])
		}
		versions := c.Get(col[1])
		if len(versions) == 0 {
			t.Errorf("days.csv:%d: no feature %s in %s", line, col[1], col[0])
			continue
		}
		got := versions[0].Start.Text
		if col[2] == "end" {
			got = versions[0].End.Text
		}
		if got != col[3] {
			t.Errorf("days.csv:%d: %s %s is %s, want %s (%s)", line, col[1], col[2], got, col[3], col[4])
		}
	}
	for _, id := range []string{"events", "campaigns"} {
		for _, f := range ds.Collection(id).Features {
			for _, d := range []chrono.Date{f.Start, f.End} {
				if strings.Count(strings.TrimLeft(d.Text, "-"), "-") == 2 && f.StringProp("date_source") == "" {
					t.Errorf("%s %s is dated to the day (%s) without the source's own dating", id, f.Key, d.Text)
				}
			}
		}
	}
}
