package server

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/paulmach/orb/encoding/mvt"
)

// TestOGCTiles follows the links an OGC API – Tiles client follows: the
// landing page to the tilesets, a tileset to its tiling scheme and tile
// template, and a tile, which is the same as the XYZ one.
func TestOGCTiles(t *testing.T) {
	s := mustAtlasServer(t)
	var landing struct{ Links []link }
	mustJSON(t, get(t, s, "GET", "/?f=json", nil), &landing)
	var tilesets string
	for _, l := range landing.Links {
		if l.Rel == "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector" {
			tilesets = l.Href
		}
	}
	if !strings.HasSuffix(tilesets, "/tiles") {
		t.Fatalf("landing page: tilesets-vector link %q", tilesets)
	}
	var list struct {
		Tilesets []struct {
			DataType string
			Links    []link
		}
	}
	mustJSON(t, get(t, s, "GET", "/tiles", nil), &list)
	if len(list.Tilesets) != 1 || list.Tilesets[0].DataType != "vector" || list.Tilesets[0].Links[0].Rel != "self" {
		t.Fatalf("tilesets: %+v", list)
	}
	var ts struct {
		Links []struct {
			Href, Rel, Type string
			Templated       bool
		}
		Layers []struct{ ID string }
	}
	mustJSON(t, get(t, s, "GET", "/tiles/WebMercatorQuad?datetime=1141", nil), &ts)
	var item, scheme string
	for _, l := range ts.Links {
		switch l.Rel {
		case "item":
			item = l.Href
		case "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme":
			scheme = l.Href
		}
	}
	if !strings.HasSuffix(item, "/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}?datetime=1141") || len(ts.Layers) < 5 {
		t.Fatalf("tileset: item %q, %d layers", item, len(ts.Layers))
	}
	var tms struct {
		ID           string
		TileMatrices []struct{ ID string }
		TileMatrix   []struct{ Identifier string }
	}
	mustJSON(t, get(t, s, "GET", strings.TrimPrefix(scheme, "http://example.com"), nil), &tms)
	if tms.ID != "WebMercatorQuad" || len(tms.TileMatrices) == 0 || len(tms.TileMatrix) != len(tms.TileMatrices) {
		t.Fatalf("tile matrix set from %s: %+v", scheme, tms)
	}

	// Zoom 5, row 12, column 26 is Kaifeng's tile 5/26/12.
	ogc := mustBody(t, get(t, s, "GET", "/tiles/WebMercatorQuad/5/12/26?datetime=1141", nil))
	xyz := mustBody(t, get(t, s, "GET", "/tiles/5/26/12.mvt?datetime=1141", nil))
	if len(ogc) == 0 || !bytes.Equal(ogc, xyz) {
		t.Errorf("the OGC tile (%d bytes) differs from the XYZ one (%d bytes)", len(ogc), len(xyz))
	}

	// A collection's tile is its layer alone.
	res := get(t, s, "GET", "/collections/places/tiles/WebMercatorQuad/5/12/26?datetime=1141", nil)
	body := mustBody(t, res)
	ls, err := mvt.Unmarshal(body)
	if err != nil || len(ls) != 1 || ls[0].Name != "places" || len(ls[0].Features) == 0 {
		t.Errorf("collection tile: %v, %d layers", err, len(ls))
	}
	if etag := res.Header.Get("ETag"); etag == "" {
		t.Error("collection tile without an ETag")
	} else if r := get(t, s, "GET", "/collections/places/tiles/WebMercatorQuad/5/12/26?datetime=1141", map[string]string{"If-None-Match": etag}); r.StatusCode != http.StatusNotModified {
		t.Errorf("revalidated collection tile: %d, want 304", r.StatusCode)
	}

	for _, tt := range []struct {
		path string
		want int
	}{
		{"/tiles/WorldCRS84Quad", 404},
		{"/tileMatrixSets/WorldCRS84Quad", 404},
		{"/tiles/WebMercatorQuad/5/12", 404},
		{"/tiles/WebMercatorQuad/5/40/26", 400},
		{"/collections/nothing/tiles", 404},
		{"/collections/places/tiles/WebMercatorQuad/5/12/26?datetime=x", 400},
		{"/styles/other", 404},
		{"/styles/default?datetime=1141", 200},
		{"/styles", 200},
		{"/tileMatrixSets", 200},
		{"/collections/rivers/tiles", 200},
		{"/collections/rivers/tiles/WebMercatorQuad", 200},
	} {
		if r := get(t, s, "GET", tt.path, nil); r.StatusCode != tt.want {
			t.Errorf("%s: %d, want %d", tt.path, r.StatusCode, tt.want)
		}
	}
}
