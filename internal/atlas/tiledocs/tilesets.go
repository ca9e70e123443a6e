package tiledocs

import (
	"math"

	"net/url"
	"strconv"

	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/paulmach/orb"
)

// OGC API – Tiles: the atlas's vector tiles described as one tileset of
// the dataset in the WebMercatorQuad tile matrix set, so GDAL's OGCAPI
// driver and QGIS find them from the landing page.

// The URIs the tileset documents use.
const (
	WebMercatorQuad    = "WebMercatorQuad"
	webMercatorQuadURI = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"
	crs3857            = "http://www.opengis.net/def/crs/EPSG/0/3857"
	RelTilingScheme    = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"
	RelTilesetsVector  = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector"
	RelGeodata         = "http://www.opengis.net/def/rel/ogc/1.0/geodata"
	typeMVT            = "application/vnd.mapbox-vector-tile"
)

// TileMatrixSet is a tile matrix set as OGC 17-083r4 (2DTMS 2.0) writes it
// in JSON.
type TileMatrixSet struct {
	ID           string       `json:"id"`
	Title        string       `json:"title"`
	URI          string       `json:"uri"`
	CRS          string       `json:"crs"`
	OrderedAxes  []string     `json:"orderedAxes"`
	WellKnown    string       `json:"wellKnownScaleSet"`
	TileMatrices []TileMatrix `json:"tileMatrices"`

	// The same set in the encoding of TMS 1.0 (OGC 17-083r2), which GDAL
	// before 3.7 reads and takes for a name without it: the two share
	// one document, each reader taking its own members.
	Type         string           `json:"type"`
	Identifier   string           `json:"identifier"`
	SupportedCRS string           `json:"supportedCRS"`
	BoundingBox  tmsBox           `json:"boundingBox"`
	TileMatrix   []tileMatrixTMS1 `json:"tileMatrix"`
}

type tmsBox struct {
	Type        string     `json:"type"`
	CRS         string     `json:"crs"`
	LowerCorner [2]float64 `json:"lowerCorner"`
	UpperCorner [2]float64 `json:"upperCorner"`
}

type tileMatrixTMS1 struct {
	Type             string     `json:"type"`
	Identifier       string     `json:"identifier"`
	ScaleDenominator float64    `json:"scaleDenominator"`
	TopLeftCorner    [2]float64 `json:"topLeftCorner"`
	TileWidth        int        `json:"tileWidth"`
	TileHeight       int        `json:"tileHeight"`
	MatrixWidth      int        `json:"matrixWidth"`
	MatrixHeight     int        `json:"matrixHeight"`
}

// TileMatrix is one zoom level of a tile matrix set.
type TileMatrix struct {
	ID               string     `json:"id"`
	ScaleDenominator float64    `json:"scaleDenominator"`
	CellSize         float64    `json:"cellSize"`
	CornerOfOrigin   string     `json:"cornerOfOrigin"`
	PointOfOrigin    [2]float64 `json:"pointOfOrigin"`
	TileWidth        int        `json:"tileWidth"`
	TileHeight       int        `json:"tileHeight"`
	MatrixWidth      int        `json:"matrixWidth"`
	MatrixHeight     int        `json:"matrixHeight"`
}

// WebMercatorQuadSet returns the WebMercatorQuad tile matrix set from
// zoom 0 to atlas.MaxZoom: 256-pixel tiles, 2^z by 2^z of them, with the
// standard's scale denominators (0.28 mm pixels).
func WebMercatorQuadSet() TileMatrixSet {
	const half = math.Pi * 6378137
	tms := TileMatrixSet{
		ID: WebMercatorQuad, Title: "Google Maps Compatible for the World", URI: webMercatorQuadURI,
		CRS: crs3857, OrderedAxes: []string{"E", "N"},
		WellKnown: "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible",
		Type:      "TileMatrixSetType", Identifier: WebMercatorQuad, SupportedCRS: crs3857,
		BoundingBox: tmsBox{Type: "BoundingBoxType", CRS: crs3857, LowerCorner: [2]float64{-half, -half}, UpperCorner: [2]float64{half, half}},
	}
	for z := atlas.MinZoom; z <= atlas.MaxZoom; z++ {
		n := 1 << z
		cell := 2 * half / 256 / float64(n)
		tms.TileMatrices = append(tms.TileMatrices, TileMatrix{
			ID: strconv.Itoa(z), ScaleDenominator: cell / 0.00028, CellSize: cell,
			CornerOfOrigin: "topLeft", PointOfOrigin: [2]float64{-half, half},
			TileWidth: 256, TileHeight: 256, MatrixWidth: n, MatrixHeight: n,
		})
		tms.TileMatrix = append(tms.TileMatrix, tileMatrixTMS1{
			Type: "TileMatrixType", Identifier: strconv.Itoa(z), ScaleDenominator: cell / 0.00028,
			TopLeftCorner: [2]float64{-half, half}, TileWidth: 256, TileHeight: 256, MatrixWidth: n, MatrixHeight: n,
		})
	}
	return tms
}

// TileSetLink is a link in the tileset documents.
type TileSetLink struct {
	Href      string `json:"href"`
	Rel       string `json:"rel"`
	Type      string `json:"type,omitempty"`
	Title     string `json:"title,omitempty"`
	Templated bool   `json:"templated,omitempty"`
}

// TileSet describes the atlas's vector tiles in one tile matrix set.
type TileSet struct {
	Title            string         `json:"title"`
	Description      string         `json:"description,omitempty"`
	DataType         string         `json:"dataType"`
	CRS              string         `json:"crs"`
	TileMatrixSetURI string         `json:"tileMatrixSetURI"`
	Links            []TileSetLink  `json:"links"`
	Limits           []MatrixLimits `json:"tileMatrixSetLimits"`
	Layers           []TileLayer    `json:"layers"`
	BoundingBox      struct {
		LowerLeft  [2]float64 `json:"lowerLeft"`
		UpperRight [2]float64 `json:"upperRight"`
		CRS        string     `json:"crs"`
	} `json:"boundingBox"`
}

// MatrixLimits are the rows and columns of one zoom that hold data.
type MatrixLimits struct {
	TileMatrix string `json:"tileMatrix"`
	MinTileRow int    `json:"minTileRow"`
	MaxTileRow int    `json:"maxTileRow"`
	MinTileCol int    `json:"minTileCol"`
	MaxTileCol int    `json:"maxTileCol"`
}

// TileLayer is one layer of the tiles: a collection.
type TileLayer struct {
	ID                string        `json:"id"`
	Title             string        `json:"title,omitempty"`
	DataType          string        `json:"dataType"`
	GeometryDimension int           `json:"geometryDimension"`
	MinTileMatrix     string        `json:"minTileMatrix"`
	MaxTileMatrix     string        `json:"maxTileMatrix"`
	Links             []TileSetLink `json:"links,omitempty"`
}

// TileSet returns the tileset of the atlas's vector tiles, their URLs from
// the server at base and carrying datetime when it is not empty (and the
// query extra, such as the dataset's version, when it is not nil). With a
// collection, the tileset is that collection's: tiles of its layer alone,
// under /collections/{id}/tiles.
func (d Docs) TileSet(base, collection, datetime string, extra url.Values) TileSet {
	m := d.a.Dataset().Meta
	q := url.Values{}
	for k, v := range extra {
		q[k] = v
	}
	if datetime != "" {
		q.Set("datetime", datetime)
	}
	suffix := ""
	if len(q) > 0 {
		suffix = "?" + q.Encode()
	}
	at := base + "/tiles/" + WebMercatorQuad
	title := m.Title
	if collection != "" {
		at = base + "/collections/" + url.PathEscape(collection) + "/tiles/" + WebMercatorQuad
		if c := d.a.Dataset().Collection(collection); c != nil {
			title = c.Title
		}
	}
	ts := TileSet{
		Title: title, Description: "Vector tiles (MVT): a layer per collection; with datetime the state then, without it every version with its start and end",
		DataType: "vector", CRS: crs3857, TileMatrixSetURI: webMercatorQuadURI,
		Links: []TileSetLink{
			{Href: at + suffix, Rel: "self", Type: "application/json", Title: "This tileset"},
			{Href: base + "/tileMatrixSets/" + WebMercatorQuad, Rel: RelTilingScheme, Type: "application/json", Title: "The tile matrix set"},
			{Href: at + "/{tileMatrix}/{tileRow}/{tileCol}" + suffix, Rel: "item", Type: typeMVT, Title: "A tile", Templated: true},
		},
	}
	region := d.region()
	ts.BoundingBox.LowerLeft = [2]float64{region.Min[0], region.Min[1]}
	ts.BoundingBox.UpperRight = [2]float64{region.Max[0], region.Max[1]}
	ts.BoundingBox.CRS = atlas.CRS84
	for z := atlas.MinZoom; z <= atlas.MaxZoom; z++ {
		x0, y0 := tileOf(region.Min[0], region.Max[1], z)
		x1, y1 := tileOf(region.Max[0], region.Min[1], z)
		ts.Limits = append(ts.Limits, MatrixLimits{TileMatrix: strconv.Itoa(z), MinTileRow: y0, MaxTileRow: y1, MinTileCol: x0, MaxTileCol: x1})
	}
	for _, l := range atlas.Layers(d.a.Dataset()) {
		if collection != "" && l.ID != collection {
			continue
		}
		dim := 2
		switch l.ID {
		case "places", "events":
			dim = 0
		case "rivers", "frontiers", "campaigns":
			dim = 1
		}
		ts.Layers = append(ts.Layers, TileLayer{
			ID: l.ID, Title: l.Title, DataType: "vector", GeometryDimension: dim,
			MinTileMatrix: strconv.Itoa(atlas.MinZoom), MaxTileMatrix: strconv.Itoa(atlas.MaxZoom),
			Links: []TileSetLink{{Href: base + "/collections/" + l.ID, Rel: RelGeodata, Type: "application/json", Title: l.Title}},
		})
	}
	return ts
}

// tileOf returns the column and row of the tile at zoom z holding the
// point lon, lat.
func tileOf(lon, lat float64, z int) (x, y int) {
	n := float64(int(1) << z)
	lat = math.Max(-85.0511287798, math.Min(85.0511287798, lat))
	x = int(math.Floor((lon + 180) / 360 * n))
	r := lat * math.Pi / 180
	y = int(math.Floor((1 - math.Log(math.Tan(r)+1/math.Cos(r))/math.Pi) / 2 * n))
	last := int(n) - 1
	return min(max(x, 0), last), min(max(y, 0), last)
}

// region is the dataset's region when it names one, else the bound of
// its collections.
func (d Docs) region() orb.Bound {
	if r := d.a.Dataset().Meta.Region; len(r) == 4 {
		return orb.Bound{Min: orb.Point{r[0], r[1]}, Max: orb.Point{r[2], r[3]}}
	}
	var b orb.Bound
	for i, c := range d.a.Dataset().Collections() {
		if i == 0 {
			b = c.Bound
		} else {
			b = b.Union(c.Bound)
		}
	}
	return b
}
