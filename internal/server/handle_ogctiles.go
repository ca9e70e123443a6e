package server

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/chronoatlas/chronoatlas/geo/tile"
	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/chronoatlas/chronoatlas/internal/params"
	"github.com/chronoatlas/chronoatlas/internal/respond"
	"github.com/gorilla/mux"
)

// OGC API – Tiles: the tile matrix set, the dataset's tileset and its
// tiles at /tiles/WebMercatorQuad/{z}/{row}/{col}, the same tiles as
// /tiles/{z}/{x}/{y}.mvt (the OGC order is zoom, row, column).

// handleTileMatrixSets lists the tile matrix sets: WebMercatorQuad.
func (s *Server) handleTileMatrixSets(w http.ResponseWriter, r *http.Request) {
	if err := params.Check(r.URL.Query(), func(k string) bool { return k == "f" }); err != nil {
		s.resp.Error(w, r, err)
		return
	}
	tms := atlas.WebMercatorQuadSet()
	href := respond.BaseURL(r) + "/tileMatrixSets/" + tms.ID
	s.resp.JSON(w, r, typeJSON, map[string]any{"tileMatrixSets": []any{map[string]any{
		"id": tms.ID, "title": tms.Title, "uri": tms.URI, "crs": tms.CRS,
		"links": []link{{Href: href, Rel: atlas.RelTilingScheme, Type: typeJSON, Title: tms.Title}},
	}}})
}

// handleTileMatrixSet serves the definition of WebMercatorQuad.
func (s *Server) handleTileMatrixSet(w http.ResponseWriter, r *http.Request) {
	if err := params.Check(r.URL.Query(), func(k string) bool { return k == "f" }); err != nil {
		s.resp.Error(w, r, err)
		return
	}
	if id := mux.Vars(r)["tileMatrixSetId"]; id != atlas.WebMercatorQuad {
		s.resp.Error(w, r, fault.Errorf(fault.NotFound, "no tile matrix set %q; the tiles are in %s", id, atlas.WebMercatorQuad))
		return
	}
	s.resp.JSON(w, r, typeJSON, atlas.WebMercatorQuadSet())
}

// handleTileSets lists the dataset's tilesets: the vector tiles in
// WebMercatorQuad.
func (s *Server) handleTileSets(w http.ResponseWriter, r *http.Request) {
	datetime, err := tilesetQuery(r)
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	s.resp.JSON(w, r, typeJSON, tilesetList(s.current().core.TileSet(respond.BaseURL(r), "", datetime, nil)))
}

// handleTileSet serves the tileset's metadata, its tile URL template
// carrying the datetime asked for.
func (s *Server) handleTileSet(w http.ResponseWriter, r *http.Request) {
	datetime, err := tilesetQuery(r)
	if err == nil {
		err = checkMatrixSet(r)
	}
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	s.resp.JSON(w, r, typeJSON, s.current().core.TileSet(respond.BaseURL(r), "", datetime, nil))
}

// handleOGCTile serves /tiles/WebMercatorQuad/{z}/{row}/{col} as the tile
// /tiles/{z}/{col}/{row}.mvt.
func (s *Server) handleOGCTile(w http.ResponseWriter, r *http.Request) {
	if err := checkMatrixSet(r); err != nil {
		s.resp.Error(w, r, err)
		return
	}
	v := mux.Vars(r)
	s.handleTile(w, r, strings.Join([]string{v["tileMatrix"], v["tileCol"], v["tileRow"] + ".mvt"}, "/"))
}

// handleStyle serves the MapLibre style of the atlas at a datetime.
func (s *Server) handleStyle(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if err := params.Check(q, func(k string) bool { return k == "datetime" || k == "f" }); err != nil {
		s.resp.Error(w, r, err)
		return
	}
	if _, _, err := params.Datetime(q); err != nil {
		s.resp.Error(w, r, err)
		return
	}
	if id := mux.Vars(r)["styleId"]; id != "default" {
		s.resp.Error(w, r, fault.Errorf(fault.NotFound, "no style %q; there is one: default", id))
		return
	}
	s.resp.JSON(w, r, typeJSON, s.current().core.Style(respond.BaseURL(r), q.Get("datetime")))
}

// handleStyles lists the styles: one.
func (s *Server) handleStyles(w http.ResponseWriter, r *http.Request) {
	if err := params.Check(r.URL.Query(), func(k string) bool { return k == "f" }); err != nil {
		s.resp.Error(w, r, err)
		return
	}
	s.resp.JSON(w, r, typeJSON, map[string]any{"styles": []any{map[string]any{
		"id": "default", "title": "The viewer's colours",
		"links": []link{{Href: respond.BaseURL(r) + "/styles/default", Rel: "stylesheet", Type: "application/vnd.mapbox.style+json", Title: "MapLibre style (v8)"}},
	}}})
}

// handleCollectionTileSets lists a collection's tilesets: its layer of the
// vector tiles in WebMercatorQuad.
func (s *Server) handleCollectionTileSets(w http.ResponseWriter, r *http.Request) {
	s.collectionTileSet(w, r, true)
}

// handleCollectionTileSet serves a collection's tileset.
func (s *Server) handleCollectionTileSet(w http.ResponseWriter, r *http.Request) {
	s.collectionTileSet(w, r, false)
}

func (s *Server) collectionTileSet(w http.ResponseWriter, r *http.Request, list bool) {
	st := s.current()
	c, err := s.collection(st, r)
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	datetime, err := tilesetQuery(r)
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	if !slices.Contains(atlas.LayerOrder(), c.ID) {
		s.resp.Error(w, r, fault.Errorf(fault.NotFound, "the tiles have no layer of %s", c.ID))
		return
	}
	ts := st.core.TileSet(respond.BaseURL(r), c.ID, datetime, nil)
	if list {
		s.resp.JSON(w, r, typeJSON, tilesetList(ts))
		return
	}
	if err := checkMatrixSet(r); err != nil {
		s.resp.Error(w, r, err)
		return
	}
	s.resp.JSON(w, r, typeJSON, ts)
}

// handleCollectionTile serves one collection's layer of a tile, cut from
// the whole tile without decoding it (tile.ExtractLayer). GIS clients ask
// for these; the viewer asks for whole tiles, so these are not kept
// gzipped.
func (s *Server) handleCollectionTile(w http.ResponseWriter, r *http.Request) {
	st := s.current()
	c, err := s.collection(st, r)
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	if err := checkMatrixSet(r); err != nil {
		s.resp.Error(w, r, err)
		return
	}
	v := mux.Vars(r)
	when, err := tileTime(r.URL)
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	t, err := parseTile(v["tileMatrix"] + "/" + v["tileCol"] + "/" + v["tileRow"] + ".mvt")
	if err != nil {
		s.resp.Error(w, r, err)
		return
	}
	tl, err := st.tiles.Tile(r.Context(), t, when)
	if err != nil {
		s.tileError(w, r, t, err)
		return
	}
	body, ok, err := tile.ExtractLayer(tl.Raw, c.ID)
	if err != nil {
		s.resp.Error(w, r, fault.Wrap(err, "cannot cut %s from tile %d/%d/%d", c.ID, t.Z, t.X, t.Y))
		return
	}
	h := w.Header()
	h["Cache-Control"] = s.tileCacheControl
	if !ok {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	etag := strings.TrimSuffix(tl.ETag, `"`) + "-" + c.ID + `"`
	h.Set("Etag", etag)
	if respond.Matches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", typeMVT)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// tilesetQuery checks the query of a tileset document, which may hold f
// and datetime, and returns the datetime (empty for none).
func tilesetQuery(r *http.Request) (string, error) {
	q := r.URL.Query()
	if err := params.Check(q, func(k string) bool { return k == "f" || k == "datetime" }); err != nil {
		return "", err
	}
	if _, _, err := params.Datetime(q); err != nil {
		return "", err
	}
	return q.Get("datetime"), nil
}

// checkMatrixSet refuses a tile matrix set other than WebMercatorQuad in
// the path.
func checkMatrixSet(r *http.Request) error {
	if id := mux.Vars(r)["tileMatrixSetId"]; id != atlas.WebMercatorQuad {
		return fault.Errorf(fault.NotFound, "no tileset in %q; the tiles are in %s", id, atlas.WebMercatorQuad)
	}
	return nil
}

// tilesetList is the list of tilesets holding ts, as /tiles and
// /collections/{id}/tiles give it: ts without its tile template.
func tilesetList(ts atlas.TileSet) map[string]any {
	var links []atlas.TileSetLink
	for _, l := range ts.Links {
		if l.Rel != "item" {
			links = append(links, l)
		}
	}
	return map[string]any{"tilesets": []any{map[string]any{
		"title": ts.Title, "dataType": ts.DataType, "crs": ts.CRS, "tileMatrixSetURI": ts.TileMatrixSetURI, "links": links,
	}}}
}
