package tiledocs

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/atlas/atlastest"
)

func TestStyle(t *testing.T) {
	d := New(atlastest.MustMini(t))
	s := d.Style("http://example.test", "1141")
	if s.Version != 8 {
		t.Errorf("version %d, want 8", s.Version)
	}
	src, _ := s.Sources["chronoatlas"].(map[string]any)
	if got, want := src["url"], "http://example.test/tiles.json?datetime=1141"; got != want {
		t.Errorf("source url %v, want %v", got, want)
	}
	ids := map[string]bool{}
	for _, l := range s.Layers {
		if ids[l.ID] {
			t.Errorf("layer id %s twice", l.ID)
		}
		ids[l.ID] = true
		if l.Type != "background" && !slices.Contains(atlas.LayerOrder(), l.SourceLayer) {
			t.Errorf("layer %s draws %q, which the tiles do not have", l.ID, l.SourceLayer)
		}
	}
	// Every polity has its colour in the territories' fill.
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range d.a.Dataset().Meta.Polities {
		if !strings.Contains(string(b), `["`+p.ID+`"],"`+p.Color+`"`) {
			t.Errorf("the style has no colour for %s", p.ID)
		}
	}
	// QGIS's style import matches nothing with a bare match label and
	// skips "case": every label is a list.
	for _, l := range s.Layers {
		for prop, v := range l.Paint {
			e, ok := v.([]any)
			if !ok || len(e) == 0 {
				continue
			}
			switch e[0] {
			case "case":
				t.Errorf("%s %s is a case expression, which QGIS skips", l.ID, prop)
			case "match":
				for i := 2; i < len(e)-1; i += 2 {
					if _, ok := e[i].([]any); !ok {
						t.Errorf("%s %s: match label %v is not a list", l.ID, prop, e[i])
					}
				}
			}
		}
	}
	if def := d.Style("", ""); def.Metadata["chronoatlas:datetime"] == "" {
		t.Error("a style without a datetime names none")
	}
}

func TestWebMercatorQuad(t *testing.T) {
	tms := WebMercatorQuadSet()
	if len(tms.TileMatrices) != atlas.MaxZoom-atlas.MinZoom+1 {
		t.Fatalf("%d matrices, want %d", len(tms.TileMatrices), atlas.MaxZoom-atlas.MinZoom+1)
	}
	// The standard's own figures for zoom 0 and 5 (OGC 17-083r4 Annex D).
	for _, tt := range []struct {
		z     int
		scale float64
		n     int
	}{{0, 559082264.0287178, 1}, {5, 17471320.75089743, 32}} {
		m := tms.TileMatrices[tt.z]
		if d := m.ScaleDenominator/tt.scale - 1; d > 1e-9 || d < -1e-9 || m.MatrixWidth != tt.n || m.MatrixHeight != tt.n {
			t.Errorf("zoom %d: scale %v, %d×%d; want %v, %d×%d", tt.z, m.ScaleDenominator, m.MatrixWidth, m.MatrixHeight, tt.scale, tt.n, tt.n)
		}
	}
}

func TestTileSet(t *testing.T) {
	d := New(atlastest.MustMini(t))
	ts := d.TileSet("http://example.test", "", "1141", nil)
	var item string
	for _, l := range ts.Links {
		if l.Rel == "item" {
			item = l.Href
		}
	}
	if want := "http://example.test/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}?datetime=1141"; item != want {
		t.Errorf("item link %s, want %s", item, want)
	}
	if x, y := tileOf(114.35, 34.79, 5); x != 26 || y != 12 {
		t.Errorf("Kaifeng at zoom 5 is in %d/%d, want 26/12", x, y)
	}
	for _, l := range ts.Limits {
		if l.MinTileRow > l.MaxTileRow || l.MinTileCol > l.MaxTileCol {
			t.Errorf("limits of %s upside down: %+v", l.TileMatrix, l)
		}
	}
	if len(ts.Layers) == 0 {
		t.Error("no layers")
	}
}

func TestCollectionTileSet(t *testing.T) {
	d := New(atlastest.MustMini(t))
	ts := d.TileSet("http://example.test", "rivers", "", nil)
	if len(ts.Layers) != 1 || ts.Layers[0].ID != "rivers" || ts.Layers[0].GeometryDimension != 1 {
		t.Errorf("layers %+v, want rivers alone, of lines", ts.Layers)
	}
	if ts.Links[0].Href != "http://example.test/collections/rivers/tiles/WebMercatorQuad" {
		t.Errorf("self %s", ts.Links[0].Href)
	}
}
