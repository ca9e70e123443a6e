package tiles

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/chronoatlas/chronoatlas/geo/tile"
	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/atlas/tiledocs"
	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/chronoatlas/chronoatlas/internal/params"
	"github.com/chronoatlas/chronoatlas/internal/respond"
	"github.com/gorilla/mux"
)

// OGC API – Tiles: the tile matrix set, the dataset's tileset and its
// tiles at /tiles/WebMercatorQuad/{z}/{row}/{col}, the same tiles as
// /tiles/{z}/{x}/{y}.mvt (the OGC order is zoom, row, column).

// TileMatrixSets lists the tile matrix sets: WebMercatorQuad.
func (h *Handlers) TileMatrixSets(w http.ResponseWriter, r *http.Request) {
	if err := params.Check(r.URL.Query(), func(k string) bool { return k == "f" }); err != nil {
		h.resp.Error(w, r, err)
		return
	}
	tms := tiledocs.WebMercatorQuadSet()
	href := respond.BaseURL(r) + "/tileMatrixSets/" + tms.ID
	h.resp.JSON(w, r, atlas.MediaJSON, map[string]any{"tileMatrixSets": []any{map[string]any{
		"id": tms.ID, "title": tms.Title, "uri": tms.URI, "crs": tms.CRS,
		"links": []atlas.Link{{Href: href, Rel: tiledocs.RelTilingScheme, Type: atlas.MediaJSON, Title: tms.Title}},
	}}})
}

// TileMatrixSet serves the definition of WebMercatorQuad.
func (h *Handlers) TileMatrixSet(w http.ResponseWriter, r *http.Request) {
	if err := params.Check(r.URL.Query(), func(k string) bool { return k == "f" }); err != nil {
		h.resp.Error(w, r, err)
		return
	}
	if id := mux.Vars(r)["tileMatrixSetId"]; id != tiledocs.WebMercatorQuad {
		h.resp.Error(w, r, fault.Errorf(fault.NotFound, "no tile matrix set %q; the tiles are in %s", id, tiledocs.WebMercatorQuad))
		return
	}
	h.resp.JSON(w, r, atlas.MediaJSON, tiledocs.WebMercatorQuadSet())
}

// TileSets lists the dataset's tilesets: the vector tiles in
// WebMercatorQuad.
func (h *Handlers) TileSets(w http.ResponseWriter, r *http.Request) {
	datetime, err := tilesetQuery(r)
	if err != nil {
		h.resp.Error(w, r, err)
		return
	}
	h.resp.JSON(w, r, atlas.MediaJSON, tilesetList(h.current().core.TileSet(respond.BaseURL(r), "", datetime, nil)))
}

// TileSet serves the tileset's metadata, its tile URL template
// carrying the datetime asked for.
func (h *Handlers) TileSet(w http.ResponseWriter, r *http.Request) {
	datetime, err := tilesetQuery(r)
	if err == nil {
		err = checkMatrixSet(r)
	}
	if err != nil {
		h.resp.Error(w, r, err)
		return
	}
	h.resp.JSON(w, r, atlas.MediaJSON, h.current().core.TileSet(respond.BaseURL(r), "", datetime, nil))
}

// OGCTile serves /tiles/WebMercatorQuad/{z}/{row}/{col} as the tile
// /tiles/{z}/{col}/{row}.mvt.
func (h *Handlers) OGCTile(w http.ResponseWriter, r *http.Request) {
	if err := checkMatrixSet(r); err != nil {
		h.resp.Error(w, r, err)
		return
	}
	v := mux.Vars(r)
	h.Tile(w, r, strings.Join([]string{v["tileMatrix"], v["tileCol"], v["tileRow"] + ".mvt"}, "/"))
}

// Style serves the MapLibre style of the atlas at a datetime.
func (h *Handlers) Style(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if err := params.Check(q, func(k string) bool { return k == "datetime" || k == "f" }); err != nil {
		h.resp.Error(w, r, err)
		return
	}
	if _, _, err := params.Datetime(q); err != nil {
		h.resp.Error(w, r, err)
		return
	}
	if id := mux.Vars(r)["styleId"]; id != "default" {
		h.resp.Error(w, r, fault.Errorf(fault.NotFound, "no style %q; there is one: default", id))
		return
	}
	h.resp.JSON(w, r, atlas.MediaJSON, h.current().core.Style(respond.BaseURL(r), q.Get("datetime")))
}

// Styles lists the styles: one.
func (h *Handlers) Styles(w http.ResponseWriter, r *http.Request) {
	if err := params.Check(r.URL.Query(), func(k string) bool { return k == "f" }); err != nil {
		h.resp.Error(w, r, err)
		return
	}
	h.resp.JSON(w, r, atlas.MediaJSON, map[string]any{"styles": []any{map[string]any{
		"id": "default", "title": "The viewer's colours",
		"links": []atlas.Link{{Href: respond.BaseURL(r) + "/styles/default", Rel: "stylesheet", Type: "application/vnd.mapbox.style+json", Title: "MapLibre style (v8)"}},
	}}})
}

// CollectionTileSets lists a collection's tilesets: its layer of the
// vector tiles in WebMercatorQuad.
func (h *Handlers) CollectionTileSets(w http.ResponseWriter, r *http.Request) {
	h.collectionTileSet(w, r, true)
}

// CollectionTileSet serves a collection's tileset.
func (h *Handlers) CollectionTileSet(w http.ResponseWriter, r *http.Request) {
	h.collectionTileSet(w, r, false)
}

func (h *Handlers) collectionTileSet(w http.ResponseWriter, r *http.Request, list bool) {
	set := h.current()
	c, err := set.collection(r)
	if err != nil {
		h.resp.Error(w, r, err)
		return
	}
	datetime, err := tilesetQuery(r)
	if err != nil {
		h.resp.Error(w, r, err)
		return
	}
	if !slices.Contains(atlas.LayerOrder(), c.ID) {
		h.resp.Error(w, r, fault.Errorf(fault.NotFound, "the tiles have no layer of %s", c.ID))
		return
	}
	ts := set.core.TileSet(respond.BaseURL(r), c.ID, datetime, nil)
	if list {
		h.resp.JSON(w, r, atlas.MediaJSON, tilesetList(ts))
		return
	}
	if err := checkMatrixSet(r); err != nil {
		h.resp.Error(w, r, err)
		return
	}
	h.resp.JSON(w, r, atlas.MediaJSON, ts)
}

// CollectionTile serves one collection's layer of a tile, cut from
// the whole tile without decoding it (tile.ExtractLayer). GIS clients ask
// for these; the viewer asks for whole tiles, so these are not kept
// gzipped.
func (h *Handlers) CollectionTile(w http.ResponseWriter, r *http.Request) {
	set := h.current()
	c, err := set.collection(r)
	if err != nil {
		h.resp.Error(w, r, err)
		return
	}
	if err := checkMatrixSet(r); err != nil {
		h.resp.Error(w, r, err)
		return
	}
	v := mux.Vars(r)
	when, err := tileTime(r.URL.RawQuery)
	if err != nil {
		h.resp.Error(w, r, err)
		return
	}
	t, err := parseTile(v["tileMatrix"] + "/" + v["tileCol"] + "/" + v["tileRow"] + ".mvt")
	if err != nil {
		h.resp.Error(w, r, err)
		return
	}
	tl, err := set.cache.Tile(r.Context(), t, when)
	if err != nil {
		h.tileError(w, r, t, err)
		return
	}
	body, ok, err := tile.ExtractLayer(tl.Raw, c.ID)
	if err != nil {
		h.resp.Error(w, r, fault.Wrap(err, "cannot cut %s from tile %d/%d/%d", c.ID, t.Z, t.X, t.Y))
		return
	}
	hd := w.Header()
	hd["Cache-Control"] = h.cacheControl
	if !ok {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	etag := strings.TrimSuffix(tl.ETag, `"`) + "-" + c.ID + `"`
	hd.Set("Etag", etag)
	if respond.Matches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hd.Set("Content-Type", ContentType)
	hd.Set("Content-Length", strconv.Itoa(len(body)))
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
	if id := mux.Vars(r)["tileMatrixSetId"]; id != tiledocs.WebMercatorQuad {
		return fault.Errorf(fault.NotFound, "no tileset in %q; the tiles are in %s", id, tiledocs.WebMercatorQuad)
	}
	return nil
}

// tilesetList is the list of tilesets holding ts, as /tiles and
// /collections/{id}/tiles give it: ts without its tile template.
func tilesetList(ts tiledocs.TileSet) map[string]any {
	var links []tiledocs.TileSetLink
	for _, l := range ts.Links {
		if l.Rel != "item" {
			links = append(links, l)
		}
	}
	return map[string]any{"tilesets": []any{map[string]any{
		"title": ts.Title, "dataType": ts.DataType, "crs": ts.CRS, "tileMatrixSetURI": ts.TileMatrixSetURI, "links": links,
	}}}
}
