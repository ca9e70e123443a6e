// Package openapi writes the OpenAPI 3.0 document of chronoatlas's HTTP
// API (/api): every path the server answers, its parameters and its
// responses, and an items path per collection of the dataset served with
// its properties as filters. A new route of the server is listed in Paths.
package openapi

import (
	"fmt"
	"strconv"

	"github.com/chronoatlas/chronoatlas/geo/kml"
	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/atlas/tiledocs"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
)

// ContentType is the media type of the OpenAPI document.
const ContentType = "application/vnd.oai.openapi+json;version=3.0"

type obj = map[string]any

// Path is one path of the API, for the OpenAPI document and its HTML
// page.
type Path struct {
	Path    string
	Summary string
	Params  []string // names of components/parameters
	Type    string   // the media type of a 200
	Codes   []int    // the statuses beyond 200
}

// Paths lists every path the server answers, in the order the HTML page
// shows them.
func Paths() []Path {
	return []Path{
		{"/", "The map viewer (HTML), or this API's landing page as JSON (f=json).", []string{"f"}, atlas.MediaJSON, []int{400}},
		{"/conformance", "The OGC API conformance classes the server meets.", []string{"f"}, atlas.MediaJSON, []int{400}},
		{"/api", "This API definition, OpenAPI 3.0 (JSON), or as HTML (f=html).", []string{"f"}, ContentType, []int{400}},
		{"/collections", "The collections, with their spatial and temporal extents.", []string{"f"}, atlas.MediaJSON, []int{400}},
		{"/collections/{collectionId}", "One collection.", []string{"collectionId", "f"}, atlas.MediaJSON, []int{400, 404}},
		{"/collections/{collectionId}/items", "A page of a collection's features (GeoJSON), filtered by time, place and properties.", []string{"collectionId", "fFeatures", "bbox", "datetime", "limit", "offset", "filter", "filter-lang", "filter-crs", "sortby", "properties", "skipGeometry"}, atlas.MediaGeoJSON, []int{400, 404}},
		{"/collections/{collectionId}/queryables", "What a collection's filter (CQL2) and property parameters may name: a JSON Schema (OGC API Features Part 3).", []string{"collectionId", "f"}, atlas.MediaSchema, []int{400, 404}},
		{"/collections/{collectionId}/items/{featureId}", "One feature (GeoJSON). A thing with several versions is named by id@start, or by its id and a datetime.", []string{"collectionId", "featureId", "fFeatures", "datetimeItem"}, atlas.MediaGeoJSON, []int{400, 404}},
		{"/tiles/{z}/{x}/{y}.mvt", "A Mapbox Vector Tile with a layer per collection: the state at datetime, or every version with its start and end.", []string{"z", "x", "y", "datetime"}, "application/vnd.mapbox-vector-tile", []int{204, 304, 400}},
		{"/tiles.json", "TileJSON 3.0.0 for the vector tiles.", []string{"datetime"}, atlas.MediaJSON, []int{400}},
		{"/tiles", "OGC API – Tiles: the dataset's tilesets (the vector tiles in WebMercatorQuad).", []string{"f", "datetime"}, atlas.MediaJSON, []int{400}},
		{"/tiles/{tileMatrixSetId}", "The vector tileset: its tile URL template, zoom limits and layers.", []string{"tileMatrixSetId", "f", "datetime"}, atlas.MediaJSON, []int{400, 404}},
		{"/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", "A vector tile in the OGC order (zoom, row, column): the same tile as /tiles/{z}/{x}/{y}.mvt.", []string{"tileMatrixSetId", "tileMatrix", "tileRow", "tileCol", "datetime"}, "application/vnd.mapbox-vector-tile", []int{204, 304, 400, 404}},
		{"/tileMatrixSets", "The tile matrix sets: WebMercatorQuad.", []string{"f"}, atlas.MediaJSON, []int{400}},
		{"/tileMatrixSets/{tileMatrixSetId}", "The definition of a tile matrix set (TMS 2.0, with the TMS 1.0 members older clients read).", []string{"tileMatrixSetId", "f"}, atlas.MediaJSON, []int{400, 404}},
		{"/collections/{collectionId}/tiles", "A collection's tilesets: its layer of the vector tiles.", []string{"collectionId", "f", "datetime"}, atlas.MediaJSON, []int{400, 404}},
		{"/collections/{collectionId}/tiles/{tileMatrixSetId}", "A collection's vector tileset.", []string{"collectionId", "tileMatrixSetId", "f", "datetime"}, atlas.MediaJSON, []int{400, 404}},
		{"/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", "A collection's layer of a vector tile.", []string{"collectionId", "tileMatrixSetId", "tileMatrix", "tileRow", "tileCol", "datetime"}, "application/vnd.mapbox-vector-tile", []int{204, 304, 400, 404}},
		{"/styles", "The map styles: one.", []string{"f"}, atlas.MediaJSON, []int{400}},
		{"/styles/{styleId}", "A MapLibre style (v8) of the vector tiles at a datetime, in the viewer's colours (without labels).", []string{"styleId", "f", "datetime"}, "application/vnd.mapbox.style+json", []int{400, 404}},
		{"/timeline", "The time domain: first and last year, the instants of change per collection, the events per year.", nil, atlas.MediaJSON, []int{400}},
		{"/dataset.json", "The dataset: title, licence, polities with names and colours, and the bibliography.", nil, atlas.MediaJSON, []int{400}},
		{"/embed", "A bare map page for iframes: year, view, layers and slider from the query string.", []string{"year", "zoom", "lat", "lon", "layers", "slider"}, "text/html", []int{400}},
		{"/oembed", "An oEmbed 1.0 provider for viewer and embed URLs.", []string{"url", "format", "maxwidth", "maxheight"}, atlas.MediaJSON, []int{400, 404, 501}},
		{"/map.png", "A finished map of one moment as PNG: territories, rivers, frontiers, places by their kind on the day, labels, title with the year and its eras, legend, scale bar, attribution.", []string{"datetime", "year", "bbox", "lat", "lon", "zoom", "width", "height", "scale", "lang", "layers", "legend"}, "image/png", []int{304, 400, 503}},
		{"/map.svg", "The same map as SVG, its labels as text.", []string{"datetime", "year", "bbox", "lat", "lon", "zoom", "width", "height", "lang", "layers", "legend"}, "image/svg+xml", []int{304, 400, 503}},
		{"/map.pdf", "The same map as PDF, its labels as text.", []string{"datetime", "year", "bbox", "lat", "lon", "zoom", "width", "height", "lang", "layers", "legend"}, "application/pdf", []int{304, 400, 503}},
		{"/tiles/{z}/{x}/{y}.png", "A raster tile of the map at datetime, 256 pixels ({y}@2x.png: 512); /tiles.json?format=png is their TileJSON.", []string{"zRaster", "x", "y", "datetime", "lang", "layers"}, "image/png", []int{304, 400, 503}},
		{"/wms", "WMS 1.3.0 with a time dimension: GetCapabilities, GetMap (layers atlas, land, territories, rivers, frontiers, places; CRS:84, EPSG:4326, EPSG:3857; image/png; TIME) and GetLegendGraphic. Parameter names in any case; errors are XML service exceptions.", []string{"wmsService", "wmsRequest"}, "text/xml", []int{400, 503}},
		{"/healthz", "Liveness: the dataset served and since when.", nil, atlas.MediaJSON, nil},
		{"/metrics", "Prometheus metrics.", nil, "text/plain", nil},
	}
}

// parameters returns the OpenAPI definitions of the query and path
// parameters.
func parameters() obj {
	return obj{
		"f":            param("f", "query", "The representation: json or html. Without it, the Accept header decides.", obj{"type": "string", "enum": []string{"json", "html"}}),
		"fFeatures":    param("f", "query", "The representation: json (GeoJSON), html, kml (KML 2.2 with each feature's life as a TimeSpan, for Google Earth), csv (RFC 4180 with WKT), or gpkg (a GeoPackage). Without it, the Accept header decides. kml, csv and gpkg are downloads: every match unless a limit is given.", obj{"type": "string", "enum": []string{"json", "html", "kml", "csv", "gpkg"}}),
		"collectionId": param("collectionId", "path", "A collection's id.", obj{"type": "string"}),
		"featureId":    param("featureId", "path", "A feature's id (id@start for one version of a thing with several).", obj{"type": "string"}),
		"bbox": func() obj {
			p := param("bbox", "query", "Only features whose bounding box intersects this one: west,south,east,north in WGS 84 longitude and latitude (CRS84); west > east crosses the antimeridian.", obj{"type": "array", "minItems": 4, "maxItems": 6, "items": obj{"type": "number"}})
			p["style"], p["explode"] = "form", false
			return p
		}(),
		"datetime":        param("datetime", "query", "Only features that existed at this instant or during this interval: 1141, 1141-12, 1141-12-17, 1141-12-17T00:00:00Z, 1127/1141, ../1141, 1141/... A bare year is the whole year; names are those in force on 1 July of it.", obj{"type": "string"}),
		"datetimeItem":    param("datetime", "query", "The version in force at this instant, for a thing with several versions.", obj{"type": "string"}),
		"limit":           param("limit", "query", "The page size. A limit above the maximum is cut down to it.", obj{"type": "integer", "minimum": 1, "maximum": 10000, "default": 100}),
		"filter":          param("filter", "query", "A CQL2 filter (OGC API Features Part 3) over the collection's queryables, such as polity = 'jin' AND T_INTERSECTS(INTERVAL(start_date, end_date), DATE('1141-07-01')) or S_INTERSECTS(geometry, BBOX(110, 30, 120, 36)). A filter that cannot be parsed is a 400 saying where.", obj{"type": "string"}),
		"filter-lang":     param("filter-lang", "query", "The encoding of filter: cql2-text (the default) or cql2-json.", obj{"type": "string", "enum": []string{"cql2-text", "cql2-json"}, "default": "cql2-text"}),
		"filter-crs":      param("filter-crs", "query", "The CRS of the filter's geometries: CRS84 only (longitude, latitude).", obj{"type": "string", "enum": []string{"http://www.opengis.net/def/crs/OGC/1.3/CRS84"}}),
		"sortby":          param("sortby", "query", "Properties to sort the matches by, separated by commas, each with an optional + (ascending) or - (descending): -start_date,name.", obj{"type": "string"}),
		"properties":      param("properties", "query", "The only properties each feature is to carry, separated by commas.", obj{"type": "string"}),
		"skipGeometry":    param("skipGeometry", "query", "true to leave the geometries out.", obj{"type": "boolean", "default": false}),
		"offset":          param("offset", "query", "The number of matches to skip.", obj{"type": "integer", "minimum": 0, "default": 0}),
		"tileMatrixSetId": param("tileMatrixSetId", "path", "A tile matrix set: WebMercatorQuad.", obj{"type": "string", "enum": []string{tiledocs.WebMercatorQuad}}),
		"tileMatrix":      param("tileMatrix", "path", fmt.Sprintf("The zoom level, %d–%d.", atlas.MinZoom, atlas.MaxZoom), obj{"type": "string"}),
		"tileRow":         param("tileRow", "path", "The tile row, counted from the north.", obj{"type": "integer", "minimum": 0}),
		"tileCol":         param("tileCol", "path", "The tile column.", obj{"type": "integer", "minimum": 0}),
		"styleId":         param("styleId", "path", "A style: default.", obj{"type": "string", "enum": []string{"default"}}),
		"z":               param("z", "path", fmt.Sprintf("The zoom level, %d–%d.", atlas.MinZoom, atlas.MaxZoom), obj{"type": "integer", "minimum": atlas.MinZoom, "maximum": atlas.MaxZoom}),
		"x":               param("x", "path", "The tile column.", obj{"type": "integer", "minimum": 0}),
		"y":               param("y", "path", "The tile row, counted from the north (XYZ).", obj{"type": "integer", "minimum": 0}),
		"zoom":            param("z", "query", "The map's zoom level.", obj{"type": "number", "minimum": 0, "maximum": 18}),
		"year":            param("year", "query", "The year shown (its state on 1 July).", obj{"type": "integer"}),
		"lat":             param("lat", "query", "The latitude of the map's centre.", obj{"type": "number"}),
		"lon":             param("lon", "query", "The longitude of the map's centre.", obj{"type": "number"}),
		"layers":          param("layers", "query", "The layers shown, comma-separated.", obj{"type": "string"}),
		"slider":          param("slider", "query", "1 to show a year slider.", obj{"type": "integer", "enum": []int{0, 1}}),
		"url":             param("url", "query", "The viewer or embed URL to embed.", obj{"type": "string"}),
		"format":          param("format", "query", "json (xml is not offered).", obj{"type": "string"}),
		"maxwidth":        param("maxwidth", "query", "The largest width the consumer takes.", obj{"type": "integer", "minimum": 1}),
		"maxheight":       param("maxheight", "query", "The largest height the consumer takes.", obj{"type": "integer", "minimum": 1}),
		"zRaster":         param("z", "path", "The zoom level, 0–18.", obj{"type": "integer", "minimum": 0, "maximum": 18}),
		"width":           param("width", "query", "The map's width in CSS pixels.", obj{"type": "integer", "minimum": 1, "maximum": 2048, "default": 800}),
		"height":          param("height", "query", "The map's height in CSS pixels.", obj{"type": "integer", "minimum": 1, "maximum": 2048, "default": 600}),
		"scale":           param("scale", "query", "Pixels per CSS pixel: 2 for high-density screens.", obj{"type": "integer", "enum": []int{1, 2}, "default": 1}),
		"lang":            param("lang", "query", "The language of names, title and legend.", obj{"type": "string", "enum": atlas.Languages()}),
		"legend":          param("legend", "query", "0 for no legend.", obj{"type": "integer", "enum": []int{0, 1}, "default": 1}),
		"wmsService":      param("SERVICE", "query", "WMS.", obj{"type": "string", "enum": []string{"WMS"}}),
		"wmsRequest":      param("REQUEST", "query", "The WMS operation; each takes the parameters WMS 1.3.0 gives it.", obj{"type": "string", "enum": []string{"GetCapabilities", "GetMap", "GetLegendGraphic"}}),
	}
}

func param(name, in, desc string, schema obj) obj {
	return obj{"name": name, "in": in, "description": desc, "required": in == "path", "schema": schema}
}

// Document returns the OpenAPI 3.0 document of the server at base for ds:
// the generic paths, and one items path per collection with its
// properties as filters.
func Document(ds *dataset.Dataset, base, version string) map[string]any {
	paths := obj{}
	for _, p := range Paths() {
		paths[p.Path] = pathItem(p, nil)
	}
	for _, c := range ds.Collections() {
		var extra []obj
		for _, q := range dataset.Queryables(c) {
			if q.Name == "start" || q.Name == "end" {
				continue
			}
			extra = append(extra, param(q.Name, "query", "Only features whose "+q.Name+" equals this value.", obj{"type": q.Type}))
		}
		p := Path{
			Path:    "/collections/" + c.ID + "/items",
			Summary: "The features of " + c.Title + ".",
			Params:  []string{"fFeatures", "bbox", "datetime", "limit", "offset"},
			Type:    atlas.MediaGeoJSON,
			Codes:   []int{400},
		}
		paths[p.Path] = pathItem(p, extra)
	}
	return obj{
		"openapi": "3.0.3",
		"info": obj{
			"title":       ds.Meta.Title,
			"description": ds.Meta.Description + "\n\nServed by chronoatlas, a time-aware map server.",
			"version":     version,
			"license":     obj{"name": ds.Meta.License.Name, "url": ds.Meta.License.URL},
		},
		"servers": []obj{{"url": base}},
		"paths":   paths,
		"components": obj{
			"parameters": parameters(),
			"schemas": obj{
				"Problem": obj{
					"type": "object",
					"properties": obj{
						"type": obj{"type": "string"}, "title": obj{"type": "string"}, "status": obj{"type": "integer"},
						"detail": obj{"type": "string"}, "instance": obj{"type": "string"}, "parameter": obj{"type": "string"},
					},
				},
			},
			"responses": obj{
				"Problem": obj{
					"description": "An error, as RFC 9457 problem details.",
					"content":     obj{"application/problem+json": obj{"schema": obj{"$ref": "#/components/schemas/Problem"}}},
				},
			},
		},
	}
}

func pathItem(p Path, extra []obj) obj {
	var ps []any
	for _, name := range p.Params {
		ps = append(ps, obj{"$ref": "#/components/parameters/" + name})
	}
	for _, e := range extra {
		ps = append(ps, e)
	}
	content := obj{p.Type: obj{}}
	for _, name := range p.Params {
		if name == "fFeatures" {
			content[kml.ContentType], content["text/html"] = obj{}, obj{}
		}
	}
	responses := obj{"200": obj{"description": "OK", "content": content}}
	for _, code := range p.Codes {
		switch code {
		case 204:
			responses["204"] = obj{"description": "The tile is empty."}
		case 304:
			responses["304"] = obj{"description": "Not modified: the client's copy (If-None-Match) is current."}
		default:
			responses[strconv.Itoa(code)] = obj{"$ref": "#/components/responses/Problem"}
		}
	}
	op := obj{"summary": p.Summary, "responses": responses}
	if len(ps) > 0 {
		op["parameters"] = ps
	}
	return obj{"get": op}
}
