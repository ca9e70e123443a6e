package atlas

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestStyle(t *testing.T) {
	a := mustAtlas(t)
	s := a.Style("http://example.test", "1141")
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
		if l.Type != "background" && !slices.Contains(LayerOrder(), l.SourceLayer) {
			t.Errorf("layer %s draws %q, which the tiles do not have", l.ID, l.SourceLayer)
		}
	}
	// Every polity has its colour in the territories' fill.
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range a.Dataset().Meta.Polities {
		if !strings.Contains(string(b), `"`+p.ID+`","`+p.Color+`"`) {
			t.Errorf("the style has no colour for %s", p.ID)
		}
	}
	if def := a.Style("", ""); def.Metadata["chronoatlas:datetime"] == "" {
		t.Error("a style without a datetime names none")
	}
}
