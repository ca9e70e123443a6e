package server

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"testing"
	"testing/fstest"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"
)

// servedRole is a place's role as the items without a datetime serve it.
type servedRole struct {
	Role, Polity, Start, End string
}

// servedPlace is a place as the items without a datetime serve it: its
// written kind and every role.
type servedPlace struct {
	ID    string
	Kind  string
	Roles []servedRole
	Point orb.Point
}

// mustServedPlaces returns every place of s's dataset, from the items
// without a datetime.
func mustServedPlaces(tb testing.TB, s *Server) map[string]servedPlace {
	tb.Helper()
	var fc struct {
		Features []struct {
			ID       string `json:"id"`
			Geometry struct {
				Coordinates []float64 `json:"coordinates"`
			} `json:"geometry"`
			Properties struct {
				Kind  string       `json:"kind"`
				Roles []servedRole `json:"roles"`
			} `json:"properties"`
		} `json:"features"`
	}
	mustJSON(tb, get(tb, s, "GET", "/collections/places/items?limit=10000", nil), &fc)
	out := map[string]servedPlace{}
	for _, f := range fc.Features {
		c := f.Geometry.Coordinates
		out[f.ID] = servedPlace{ID: f.ID, Kind: f.Properties.Kind, Roles: f.Properties.Roles, Point: orb.Point{c[0], c[1]}}
	}
	if len(out) == 0 {
		tb.Fatal("no places")
	}
	return out
}

// capitalOn says, from the roles alone, whether p was a capital on day d:
// a capital role holds d, or p is written a capital and no role dates it.
func capitalOn(tb testing.TB, p servedPlace, d chrono.Day) bool {
	tb.Helper()
	dated := false
	for _, r := range p.Roles {
		if r.Role != "capital" {
			continue
		}
		dated = true
		start, err1 := chrono.ParseEDTF(r.Start)
		end, err2 := chrono.ParseEDTF(r.End)
		if err1 != nil || err2 != nil {
			tb.Fatalf("%s: role %+v: %v %v", p.ID, r, err1, err2)
		}
		life, err := chrono.Life(start, end)
		if err != nil {
			tb.Fatalf("%s: role %+v: %v", p.ID, r, err)
		}
		if life.Contains(d) {
			return true
		}
	}
	return !dated && p.Kind == "capital"
}

// kindsOfItems returns each place's kind in the items at datetime.
func kindsOfItems(tb testing.TB, s *Server, datetime string) map[string]string {
	tb.Helper()
	var fc struct {
		Features []struct {
			ID         string `json:"id"`
			Properties struct {
				Kind string `json:"kind"`
			} `json:"properties"`
		} `json:"features"`
	}
	mustJSON(tb, get(tb, s, "GET", "/collections/places/items?limit=10000&datetime="+datetime, nil), &fc)
	out := map[string]string{}
	for _, f := range fc.Features {
		out[f.ID] = f.Properties.Kind
	}
	return out
}

// kindsOfKML returns each placemark's kind in the KML of the places at
// datetime, by its id.
func kindsOfKML(tb testing.TB, s *Server, datetime string) map[string]string {
	tb.Helper()
	res := get(tb, s, "GET", "/collections/places/items?f=kml&limit=10000&datetime="+datetime, nil)
	if res.StatusCode != http.StatusOK {
		tb.Fatalf("KML at %s: status %d", datetime, res.StatusCode)
	}
	var d kmlDoc
	if err := xml.Unmarshal(mustBody(tb, res), &d); err != nil {
		tb.Fatal(err)
	}
	out := map[string]string{}
	for _, p := range d.Document.Placemarks {
		var id, kind string
		for _, dd := range p.Data {
			switch dd.Name {
			case "id":
				id = dd.Value
			case "kind":
				kind = dd.Value
			}
		}
		out[id] = kind
	}
	return out
}

// placesOfTile returns the properties of the features of the places layer
// of tile t, by their id; at is "" for every version.
func placesOfTile(tb testing.TB, s *Server, t maptile.Tile, at string) map[string]map[string]any {
	tb.Helper()
	target := fmt.Sprintf("/tiles/%d/%d/%d.mvt", t.Z, t.X, t.Y)
	if at != "" {
		target += "?datetime=" + at
	}
	out := map[string]map[string]any{}
	res := get(tb, s, "GET", target, nil)
	if res.StatusCode == http.StatusNoContent {
		return out
	}
	if res.StatusCode != http.StatusOK {
		tb.Fatalf("%s: status %d", target, res.StatusCode)
	}
	layers, err := mvt.Unmarshal(mustBody(tb, res))
	if err != nil {
		tb.Fatalf("%s: %v", target, err)
	}
	for _, l := range layers {
		if l.Name != "places" {
			continue
		}
		for _, f := range l.Features {
			id, _ := f.Properties["id"].(string)
			out[id] = f.Properties
		}
	}
	return out
}

// kindYears are the years at which the atlas's places are checked: the
// first years, the fall of Kaifeng, the court in flight, the treaty, the
// move to Yanjing, the Mongol khanate, the move to Kaifeng, the end.
var kindYears = []string{"1115", "1127", "1130", "1135", "1141", "1153", "1160", "1206", "1212", "1216", "1220", "1233"}

// TestAtlasPlaceKinds checks the embedded atlas at many dates: in the
// items, the KML and the vector tiles, a place is a capital exactly when
// its roles (served in full without a datetime) say so on 1 July of the
// year, and no capital role means no capital unless the place is written
// one. It derives its expectations from the roles, so it holds while the
// atlas's places are rewritten.
func TestAtlasPlaceKinds(t *testing.T) {
	s := mustAtlasServer(t)
	places := mustServedPlaces(t, s)
	for _, year := range kindYears {
		t.Run(year, func(t *testing.T) {
			var y int
			fmt.Sscan(year, &y)
			day := chrono.SliderDay(y)
			items := kindsOfItems(t, s, year)
			kmlKinds := kindsOfKML(t, s, year)
			tiles := placesOfTile(t, s, maptile.New(0, 0, 0), year)
			if len(items) == 0 || len(kmlKinds) != len(items) || len(tiles) != len(items) {
				t.Fatalf("%d places in the items, %d in the KML, %d in the tile", len(items), len(kmlKinds), len(tiles))
			}
			for id, kind := range items {
				want := capitalOn(t, places[id], day)
				if got := kind == "capital"; got != want {
					t.Errorf("items: %s is %q on %s; a capital by its roles: %v", id, kind, day, want)
				}
				if !want && kind == "" && places[id].Kind != "" {
					t.Errorf("items: %s has no kind on %s, written %q", id, day, places[id].Kind)
				}
				if kmlKinds[id] != kind {
					t.Errorf("KML: %s is %q, the items say %q", id, kmlKinds[id], kind)
				}
				if got, _ := tiles[id]["kind"].(string); got != kind {
					t.Errorf("tile 0/0/0: %s is %q, the items say %q", id, got, kind)
				}
			}
		})
	}
}

// TestAtlasCapitals holds a few facts that stay true however the places'
// data is written: Huining stopped being the Jin capital in 1153, Avarga
// was no capital before Temüjin became Chinggis Khan in 1206, and Lin'an
// (Hangzhou) was the Song court's seat in 1141. Each is checked in the
// items, the single item, the KML and the vector tile around the place.
func TestAtlasCapitals(t *testing.T) {
	s := mustAtlasServer(t)
	places := mustServedPlaces(t, s)
	tests := []struct {
		id, datetime string
		capital      bool
	}{
		{"huining", "1141", true},
		{"huining", "1153-12-31", false},
		{"huining", "1160", false},
		{"huining", "1212", false},
		{"avarga", "1150", false},
		{"avarga", "1205-12-31", false},
		{"hangzhou", "1141", true},
		{"hangzhou", "1141-12-17", true},
		{"hangzhou", "1200", true},
		{"hangzhou", "1120", false},
	}
	for _, tc := range tests {
		t.Run(tc.id+"@"+tc.datetime, func(t *testing.T) {
			p, ok := places[tc.id]
			if !ok {
				t.Fatalf("no place %s", tc.id)
			}
			kinds := map[string]string{
				"items": kindsOfItems(t, s, tc.datetime)[tc.id],
				"KML":   kindsOfKML(t, s, tc.datetime)[tc.id],
			}
			var one struct {
				Properties struct {
					Kind string `json:"kind"`
				} `json:"properties"`
			}
			mustJSON(t, get(t, s, "GET", "/collections/places/items/"+tc.id+"?datetime="+tc.datetime, nil), &one)
			kinds["item"] = one.Properties.Kind
			for _, z := range []maptile.Zoom{3, 6} {
				tl := maptile.At(p.Point, z)
				kinds[fmt.Sprintf("tile %d/%d/%d", tl.Z, tl.X, tl.Y)], _ = placesOfTile(t, s, tl, tc.datetime)[tc.id]["kind"].(string)
			}
			for where, kind := range kinds {
				if got := kind == "capital"; got != tc.capital {
					t.Errorf("%s: kind %q, want a capital: %v", where, kind, tc.capital)
				}
				if kind == "" {
					t.Errorf("%s: no kind", where)
				}
			}
		})
	}
}

// TestAtlasTileCarriesRoles checks that a tile without a datetime, which
// holds every version, gives a client what it needs to find a place's kind
// in any year: the written kind and the roles with their dates, the same as
// the items serve.
func TestAtlasTileCarriesRoles(t *testing.T) {
	s := mustAtlasServer(t)
	places := mustServedPlaces(t, s)
	tile := placesOfTile(t, s, maptile.New(0, 0, 0), "")
	if len(tile) != len(places) {
		t.Fatalf("%d places in the tile, %d in the items", len(tile), len(places))
	}
	withRoles := 0
	for id, p := range places {
		props := tile[id]
		if got, _ := props["kind"].(string); got != p.Kind {
			t.Errorf("%s: kind %q in the tile, %q in the items", id, got, p.Kind)
		}
		if len(p.Roles) == 0 {
			continue
		}
		withRoles++
		text, _ := props["roles"].(string)
		var roles []servedRole
		if err := json.Unmarshal([]byte(text), &roles); err != nil {
			t.Errorf("%s: roles %q are not JSON: %v", id, text, err)
			continue
		}
		if fmt.Sprint(roles) != fmt.Sprint(p.Roles) {
			t.Errorf("%s: roles %v in the tile, %v in the items", id, roles, p.Roles)
		}
	}
	if withRoles == 0 {
		t.Error("no place has roles")
	}
}

// datedPlaces is a places file for the small test atlas: a place with a
// life, and a place whose capital role ends on a day nothing else changes.
const datedPlaces = `{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"id": "new-seat", "name": "New Seat", "kind": "city", "start": "1130", "end": "1150", "certainty": "certain", "sources": ["test-book"],
  "roles": [{"role": "capital", "polity": "song", "start": "1130", "end": "1140"}]},
 "geometry": {"type": "Point", "coordinates": [118.5, 31.5]}},
{"type": "Feature", "properties": {"id": "old-seat", "name": "Old Seat", "kind": "capital", "start": "..", "end": "..", "certainty": "certain", "sources": ["test-book"],
  "roles": [{"role": "capital", "polity": "song", "start": "..", "end": "1145-03-10"}]},
 "geometry": {"type": "Point", "coordinates": [118.6, 31.6]}}
]}`

// mustDatedServer returns a server over the small test atlas with
// datedPlaces for its places.
func mustDatedServer(tb testing.TB) *Server {
	tb.Helper()
	mini := os.DirFS("../dataset/testdata/mini")
	files := fstest.MapFS{}
	for _, name := range []string{"dataset.json", "territories.geojson", "events.geojson", "rivers.geojson"} {
		b, err := fs.ReadFile(mini, name)
		if err != nil {
			tb.Fatal(err)
		}
		files[name] = &fstest.MapFile{Data: b}
	}
	files["places.geojson"] = &fstest.MapFile{Data: []byte(datedPlaces)}
	ds, err := dataset.Load(files)
	if err != nil {
		tb.Fatal(err)
	}
	return New(DefaultConfig(), ds, nil)
}

// TestPlaceLife checks that a place is served only at dates within its
// life, whatever its roles say, in every output that takes a datetime.
func TestPlaceLife(t *testing.T) {
	s := mustDatedServer(t)
	tl := maptile.At(orb.Point{118.5, 31.5}, 5)
	tests := []struct {
		datetime string
		want     bool
	}{
		{"1129", false},
		{"1129-12-31", false},
		{"1130", true},
		{"1141", true},
		{"1149-12-31", true},
		{"1150", false},
		{"1120/1129", false},
		{"1120/1130-01-01", true},
		{"1150/..", false},
	}
	for _, tc := range tests {
		t.Run(tc.datetime, func(t *testing.T) {
			_, items := kindsOfItems(t, s, tc.datetime)["new-seat"]
			_, kmlFound := kindsOfKML(t, s, tc.datetime)["new-seat"]
			_, tile := placesOfTile(t, s, tl, tc.datetime)["new-seat"]
			res := get(t, s, "GET", "/collections/places/items/new-seat?datetime="+tc.datetime, nil)
			item := res.StatusCode == http.StatusOK
			if !item && res.StatusCode != http.StatusNotFound {
				t.Errorf("item: status %d", res.StatusCode)
			}
			for where, got := range map[string]bool{"items": items, "KML": kmlFound, "tile": tile, "item": item} {
				if got != tc.want {
					t.Errorf("%s: new-seat found %v, want %v", where, got, tc.want)
				}
			}
		})
	}
}

// TestKindFilterAndTileEpochs checks what follows a place's kind beyond
// the property: a filter on kind at a datetime keeps the capitals of that
// day, and the tile cache does not serve a tile of a day before a capital
// role ended for a day after it, though nothing else changed then.
func TestKindFilterAndTileEpochs(t *testing.T) {
	s := mustDatedServer(t)
	for _, tc := range []struct {
		datetime string
		want     []string
	}{
		{"1135", []string{"new-seat", "old-seat"}},
		{"1142", []string{"old-seat"}},
		{"1146", nil},
	} {
		var fc struct {
			Features []struct {
				ID string `json:"id"`
			} `json:"features"`
		}
		mustJSON(t, get(t, s, "GET", "/collections/places/items?kind=capital&datetime="+tc.datetime, nil), &fc)
		var got []string
		for _, f := range fc.Features {
			got = append(got, f.ID)
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("capitals at %s: got %v, want %v", tc.datetime, got, tc.want)
		}
	}

	tl := maptile.At(orb.Point{118.6, 31.6}, 5)
	for _, tc := range []struct{ datetime, want string }{
		{"1145-03-09", "capital"},
		{"1145-03-10", "city"},
		{"1144", "capital"},
		{"1146", "city"},
	} {
		if got, _ := placesOfTile(t, s, tl, tc.datetime)["old-seat"]["kind"].(string); got != tc.want {
			t.Errorf("tile at %s: old-seat is %q, want %q", tc.datetime, got, tc.want)
		}
	}
}
