package tile

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/planar"
)

var update = flag.Bool("update", false, "rewrite the golden tiles")

func mustFeature(tb testing.TB, id string, g orb.Geometry, start, end string, props map[string]any) *feature.Feature {
	tb.Helper()
	if props == nil {
		props = map[string]any{}
	}
	props["id"] = id
	f, err := feature.New(id, g, chrono.MustParseEDTF(start), chrono.MustParseEDTF(end), props)
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

// coast returns a ragged counter-clockwise ring around (lon, lat), like a
// detailed coastline: n vertices, seeded.
func coast(lon, lat, radius float64, n int, seed uint64) orb.Ring {
	rnd := rand.New(rand.NewPCG(seed, 7))
	r := make(orb.Ring, 0, n+1)
	for i := 0; i < n; i++ {
		a := 2 * math.Pi * float64(i) / float64(n)
		d := radius * (1 + 0.04*rnd.Float64())
		r = append(r, orb.Point{lon + d*math.Cos(a), lat + d*math.Sin(a)})
	}
	return append(r, r[0])
}

// fixture is a small atlas: two territories that share the 33°N line, a
// detailed island with a lake, a river and a city with a name that changes.
func fixture(tb testing.TB) []Layer {
	tb.Helper()
	south := orb.Polygon{{{110, 28}, {120, 28}, {120, 33}, {110, 33}, {110, 28}}}
	north := orb.Polygon{{{110, 33}, {120, 33}, {120, 38}, {110, 38}, {110, 33}}}
	lake := coast(122, 24, 0.3, 200, 2)
	lake.Reverse()
	island := orb.Polygon{coast(122, 24, 1.2, 4000, 1), lake}
	kaifeng := mustFeature(tb, "kaifeng", orb.Point{114.31, 34.8}, "..", "..", map[string]any{"name": "Kaifeng", "kind": "capital", "sources": []any{"a-book"}})
	kaifeng.Names = []feature.Name{
		{Name: "Dongjing", Life: chrono.Interval{Start: chrono.MinDay, End: chrono.DayOf(1127, 1, 9)}},
		{Name: "Bianjing", Life: chrono.Interval{Start: chrono.DayOf(1127, 1, 9), End: chrono.MaxDay}},
	}
	return []Layer{
		{Name: "territories", Features: []*feature.Feature{
			mustFeature(tb, "song-1127", south, "1127-01-09", "1235", map[string]any{"polity": "song", "certainty": "approximate"}),
			mustFeature(tb, "jin-1127", north, "1127-01-09", "1234-02-09", map[string]any{"polity": "jin", "certainty": "approximate"}),
			mustFeature(tb, "island", island, "..", "..", map[string]any{"polity": "other"}),
		}},
		{Name: "rivers", Features: []*feature.Feature{
			mustFeature(tb, "huai", orb.LineString{{113, 32.4}, {115, 32.5}, {117, 32.7}, {119, 33.5}}, "..", "..", map[string]any{"name": "Huai"}),
		}},
		{Name: "places", Features: []*feature.Feature{kaifeng}},
	}
}

func TestGolden(t *testing.T) {
	layers := fixture(t)
	at := chrono.YearInterval(1141)
	tests := []struct {
		tile maptile.Tile
		at   *chrono.Interval
		// the feature ids each layer must hold
		want map[string][]string
	}{
		{maptile.New(26, 12, 5), &at, map[string][]string{"territories": {"song-1127", "jin-1127"}, "rivers": {"huai"}, "places": {"kaifeng"}}},
		{maptile.New(6, 3, 3), nil, map[string][]string{"territories": {"song-1127", "jin-1127", "island"}, "rivers": {"huai"}, "places": {"kaifeng"}}},
		{maptile.New(214, 110, 8), nil, map[string][]string{"territories": {"island"}}},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%d-%d-%d", tt.tile.Z, tt.tile.X, tt.tile.Y)
		t.Run(name, func(t *testing.T) {
			got, err := Encode(tt.tile, layers, Options{At: tt.at})
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", name+".mvt")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("tile differs from %s (%d bytes, want %d)", golden, len(got), len(want))
			}
			decoded, err := mvt.Unmarshal(want)
			if err != nil {
				t.Fatal(err)
			}
			ids := map[string][]string{}
			for _, l := range decoded {
				if l.Version != 2 || l.Extent != 4096 {
					t.Errorf("layer %s: version %d extent %d", l.Name, l.Version, l.Extent)
				}
				for _, f := range l.Features {
					ids[l.Name] = append(ids[l.Name], f.Properties.MustString("id"))
				}
			}
			for layer, wantIDs := range tt.want {
				if fmt.Sprint(ids[layer]) != fmt.Sprint(wantIDs) {
					t.Errorf("layer %s: got %v, want %v", layer, ids[layer], wantIDs)
				}
			}
			if len(ids) != len(tt.want) {
				t.Errorf("layers: got %v, want %v", ids, tt.want)
			}
		})
	}
}

func TestProperties(t *testing.T) {
	layers := fixture(t)
	at := chrono.YearInterval(1141)
	for _, tc := range []struct {
		at   *chrono.Interval
		name string
	}{{&at, "Bianjing"}, {nil, "Kaifeng"}} {
		b, err := Encode(maptile.New(26, 12, 5), layers, Options{At: tc.at})
		if err != nil {
			t.Fatal(err)
		}
		ls, err := mvt.Unmarshal(b)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range ls {
			for _, f := range l.Features {
				p := f.Properties
				if _, ok := p["start"].(string); !ok {
					t.Errorf("%s: start %v is not EDTF text", p["id"], p["start"])
				}
				if p["id"] == "song-1127" {
					if sy, ok := p["start_year"].(float64); !ok || sy < 1127 || sy > 1127.1 {
						t.Errorf("song-1127 start_year: got %v", p["start_year"])
					}
				}
				if p["id"] == "kaifeng" {
					if p["name"] != tc.name {
						t.Errorf("kaifeng at %v: name %v, want %s", tc.at, p["name"], tc.name)
					}
					if _, has := p["start_year"]; has {
						t.Error("an open start has a start_year")
					}
					if p["sources"] != `["a-book"]` {
						t.Errorf("sources: got %v, want JSON text", p["sources"])
					}
				}
			}
		}
	}
}

// TestValidPolygons encodes every tile of the fixture down to zoom 9 and
// checks each polygon as a strict decoder would: rings closed, four points
// or more, an area, exterior rings positive (clockwise on screen) and
// holes negative.
func TestValidPolygons(t *testing.T) {
	layers := fixture(t)[:1]
	tiles := 0
	for _, tl := range fixtureTiles() {
		b, err := Encode(tl, layers, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if b == nil {
			continue
		}
		tiles++
		ls, err := mvt.Unmarshal(b)
		if err != nil {
			t.Fatalf("%v: %v", tl, err)
		}
		for _, l := range ls {
			for _, f := range l.Features {
				checkPolygons(t, tl, f.Geometry)
			}
		}
	}
	if tiles < 100 {
		t.Errorf("only %d tiles checked", tiles)
	}
}

// TestSameAsOrb encodes every tile of the fixture down to zoom 9, with
// every version and at years either side of its changes, and checks that
// the bytes are those orb's encoder writes for the features they decode
// to: the key and value tables, tags and geometry commands of
// mvt.Marshal.
func TestSameAsOrb(t *testing.T) {
	layers := fixture(t)
	var whens []*chrono.Interval
	for _, y := range []int{1100, 1127, 1141, 1234, 1300} {
		whens = append(whens, new(chrono.YearInterval(y)))
	}
	tiles := 0
	for _, tl := range fixtureTiles() {
		p, err := Prepare(tl, layers, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, at := range append(whens, nil) {
			b, err := p.Encode(at)
			if err != nil || b == nil {
				continue
			}
			tiles++
			ls, err := mvt.Unmarshal(b)
			if err != nil {
				t.Fatalf("%v at %v: %v", tl, at, err)
			}
			if want, err := mvt.Marshal(ls); err != nil || !bytes.Equal(b, want) {
				t.Fatalf("%v at %v: %d bytes, orb writes %d (%v)", tl, at, len(b), len(want), err)
			}
		}
	}
	if tiles < 200 {
		t.Errorf("only %d tiles checked", tiles)
	}
}

// fixtureTiles returns the tiles over the fixture (109°E 39°N to 124°E
// 22°N) at zooms 0 to 9.
func fixtureTiles() []maptile.Tile {
	var ts []maptile.Tile
	for z := maptile.Zoom(0); z <= 9; z++ {
		min, max := maptile.At(orb.Point{109, 39}, z), maptile.At(orb.Point{124, 22}, z)
		for x := min.X; x <= max.X; x++ {
			for y := min.Y; y <= max.Y; y++ {
				ts = append(ts, maptile.New(x, y, z))
			}
		}
	}
	return ts
}

func checkPolygons(t *testing.T, tl maptile.Tile, g orb.Geometry) {
	t.Helper()
	var polys []orb.Polygon
	switch g := g.(type) {
	case orb.Polygon:
		polys = []orb.Polygon{g}
	case orb.MultiPolygon:
		polys = g
	default:
		t.Fatalf("%v: a territory came back as %T", tl, g)
	}
	for _, p := range polys {
		for i, r := range p {
			if len(r) < 4 || r[0] != r[len(r)-1] {
				t.Fatalf("%v: ring %d has %d points or is open", tl, i, len(r))
			}
			a := planar.Area(r)
			if a == 0 || (i == 0) != (a > 0) {
				t.Fatalf("%v: ring %d has area %g", tl, i, a)
			}
		}
	}
}

func TestEmptyAndInvalid(t *testing.T) {
	layers := fixture(t)
	// The middle of the Pacific holds nothing.
	b, err := Encode(maptile.New(3, 3, 3), layers, Options{})
	if err != nil || b != nil {
		t.Errorf("empty tile: got %d bytes, %v; want nil, nil", len(b), err)
	}
	_, err = Encode(maptile.New(8, 0, 2), layers, Options{})
	if !errors.Is(err, ErrTile) {
		t.Errorf("tile 2/8/0: got %v, want ErrTile", err)
	}
}

// TestConcurrentStates encodes the states of one Prepared tile at once,
// each with a Shared of its own first and then all with one Shared, whose
// table of keys and values grows meanwhile, and checks every state comes
// out as it does alone.
func TestConcurrentStates(t *testing.T) {
	layers := fixture(t)
	tl := maptile.New(26, 12, 5)
	var whens []*chrono.Interval
	for y := 1100; y <= 1240; y += 7 {
		iv := chrono.YearInterval(y)
		whens = append(whens, &iv)
	}
	whens = append(whens, nil)
	want := make([][]byte, len(whens))
	for i, at := range whens {
		b, err := Encode(tl, layers, Options{At: at})
		if err != nil {
			t.Fatal(err)
		}
		want[i] = b
	}
	p, err := Prepare(tl, layers, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := make([][]byte, len(whens))
	var wg sync.WaitGroup
	for i, at := range whens {
		wg.Go(func() { got[i], _ = p.Encode(at) })
	}
	wg.Wait()
	for i := range whens {
		if !bytes.Equal(got[i], want[i]) {
			t.Errorf("at %v: %d bytes at once, %d alone", whens[i], len(got[i]), len(want[i]))
		}
	}
}
