package data_test

import (
	"encoding/json"
	"math"
	"os"
	"sort"
	"testing"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// instants are the days on which any territory begins or ends, within the
// atlas's life: between two of them nothing changes.
func instants(ds *dataset.Dataset) []chrono.Day {
	life := ds.Life()
	seen := map[chrono.Day]bool{}
	for _, f := range ds.Collection("territories").Features {
		for _, d := range []chrono.Day{f.Life.Start, f.Life.End} {
			if d >= life.Start && d < life.End {
				seen[d] = true
			}
		}
	}
	out := make([]chrono.Day, 0, len(seen))
	for d := range seen {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// alive lists the territories in force on day d.
func alive(ds *dataset.Dataset, d chrono.Day) []*feature.Feature {
	var out []*feature.Feature
	for _, f := range ds.Collection("territories").Features {
		if f.Life.Contains(d) {
			out = append(out, f)
		}
	}
	return out
}

// inside is a point a hair's breadth inside a polygon, beside the middle of
// the longest edge of its exterior ring.
func inside(p orb.Polygon) orb.Point {
	r := p[0]
	var a, b orb.Point
	longest := 0.0
	for i := 0; i+1 < len(r); i++ {
		if d := planar.Distance(r[i], r[i+1]); d > longest {
			longest, a, b = d, r[i], r[i+1]
		}
	}
	side := 1e-7 / longest
	if ringArea(r) < 0 {
		side = -side // clockwise: the inside is on the right
	}
	return orb.Point{(a[0]+b[0])/2 - side*(b[1]-a[1]), (a[1]+b[1])/2 + side*(b[0]-a[0])}
}

func ringArea(r orb.Ring) float64 {
	var a float64
	for i := 0; i+1 < len(r); i++ {
		a += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return a / 2
}

// part is one polygon of a territory.
type part struct {
	f    *feature.Feature
	p    orb.Polygon
	at   orb.Point // a point inside it
	area float64
}

func parts(fs []*feature.Feature) []part {
	var out []part
	for _, f := range fs {
		for _, p := range multiPolygon(f.Geometry) {
			out = append(out, part{f: f, p: p, at: inside(p), area: planar.Area(p)})
		}
	}
	return out
}

// enclave is an exception from data/src/cells.json: a polity's land that
// lay wholly inside another's, with the sources that say so.
type enclave struct {
	Polity  string    `json:"polity"`
	Within  string    `json:"within"`
	Place   string    `json:"place"`
	At      []float64 `json:"at"`
	Start   string    `json:"start"`
	End     string    `json:"end"`
	Sources []string  `json:"sources"`
	Note    string    `json:"note"`
}

func enclaves(t *testing.T, ds *dataset.Dataset) []enclave {
	t.Helper()
	b, err := os.ReadFile("src/cells.json")
	if err != nil {
		t.Fatal(err)
	}
	var src struct {
		Enclaves []enclave `json:"enclaves"`
	}
	if err := json.Unmarshal(b, &src); err != nil {
		t.Fatal(err)
	}
	for _, e := range src.Enclaves {
		if len(e.Sources) == 0 || e.Note == "" {
			t.Errorf("enclave %s in %s at %s: give a note and sources", e.Polity, e.Within, e.Place)
		}
		for _, s := range e.Sources {
			if _, ok := ds.Meta.Bibliography[s]; !ok {
				t.Errorf("enclave %s in %s: source %q is not in the bibliography", e.Polity, e.Within, s)
			}
		}
	}
	return src.Enclaves
}

// TestNoStrayHolesOrEnclaves checks, on every instant of change, that each
// interior ring of a territory is filled exactly by land of other
// territories alive then (not land nobody holds, not sea), and that no
// part of a polity lies wholly inside one other polity unless
// data/src/cells.json lists it as an enclave, with its sources, and the
// enclave's place lies in that part.
func TestNoStrayHolesOrEnclaves(t *testing.T) {
	ds := load(t)
	excepted := enclaves(t, ds)
	used := make([]bool, len(excepted))
	places := ds.Collection("places")
	for _, d := range instants(ds) {
		ps := parts(alive(ds, d))
		for _, q := range ps {
			for _, hole := range q.p[1:] {
				in := map[string]bool{}
				var within []part
				filled := 0.0
				for _, o := range ps {
					if o.f != q.f && o.p.Bound().Intersects(hole.Bound()) && planar.RingContains(hole, o.at) {
						in[o.f.StringProp("polity")] = true
						within = append(within, o)
						filled += o.area
					}
				}
				h := math.Abs(ringArea(hole))
				if math.Abs(filled-h) > 1e-9*max(1, h) {
					t.Errorf("%s: %s has a hole of %.8f deg² near %v that other territories fill only %.8f deg² of",
						d, q.f.Key, h, hole[0], filled)
				}
				if len(in) != 1 {
					continue
				}
				p := within[0].f.StringProp("polity")
				ok := false
				for i, e := range excepted {
					life, err := chrono.Life(chrono.MustParseEDTF(e.Start), chrono.MustParseEDTF(e.End))
					if err != nil || e.Polity != p || e.Within != q.f.StringProp("polity") || !life.Contains(d) {
						continue
					}
					var at []orb.Point
					for _, pl := range places.Get(e.Place) {
						at = append(at, pl.Geometry.(orb.Point))
					}
					if len(e.At) == 2 {
						at = append(at, orb.Point{e.At[0], e.At[1]})
					}
					for _, pt := range at {
						for _, w := range within {
							if planar.PolygonContains(w.p, pt) {
								ok, used[i] = true, true
							}
						}
					}
				}
				if !ok {
					t.Errorf("%s: %s lies wholly inside %s near %v, and no enclave in data/src/cells.json says why",
						d, within[0].f.Key, q.f.Key, hole[0])
				}
			}
		}
	}
	for i, e := range excepted {
		if !used[i] {
			t.Errorf("enclave %s in %s at %s (%s/%s) is listed but not on the map", e.Polity, e.Within, e.Place, e.Start, e.End)
		}
	}
}

// TestNoTerritoryOutlivesItsPolity checks each territory's life against its
// polity's in dataset.json.
func TestNoTerritoryOutlivesItsPolity(t *testing.T) {
	ds := load(t)
	for _, f := range ds.Collection("territories").Features {
		p, ok := ds.Polity(f.StringProp("polity"))
		if !ok {
			t.Errorf("%s: unknown polity %q", f.Key, f.StringProp("polity"))
			continue
		}
		start, end := chrono.MustParseEDTF(p.Start), chrono.MustParseEDTF(p.End)
		life, err := chrono.Life(start, end)
		if err != nil {
			t.Errorf("polity %s: %v", p.ID, err)
			continue
		}
		if f.Life.Start < life.Start || f.Life.End > life.End {
			t.Errorf("%s (%s/%s) outlives %s (%s/%s)", f.Key, f.Start, f.End, p.ID, p.Start, p.End)
		}
	}
}

// TestPlacesLieOnLand checks that every place lies on the land of some
// territory on every instant of change in its life, so that no city sits
// in the sea of the 1:50m coast or in land nobody holds.
func TestPlacesLieOnLand(t *testing.T) {
	ds := load(t)
	days := instants(ds)
	for _, f := range ds.Collection("places").Features {
		p, ok := f.Geometry.(orb.Point)
		if !ok {
			t.Errorf("place %s is not a point", f.Key)
			continue
		}
		for _, d := range append([]chrono.Day{max(f.Life.Start, ds.Life().Start)}, days...) {
			if !f.Life.Contains(d) {
				continue
			}
			if _, ok := ds.Holder(p, d); !ok {
				t.Errorf("place %s at %v lies on no territory's land on %s", f.Key, p, d)
				break
			}
		}
	}
}
