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
		{"/collections/{collectionId}/items", "A page of a collection's features (GeoJSON), filtered by time, place and properties.", []string{"collectionId", "fFeatures", "bbox", "datetime", "limit", "offset"}, atlas.MediaGeoJSON, []int{400, 404}},
		{"/collections/{collectionId}/items/{featureId}", "One feature (GeoJSON). A thing with several versions is named by id@start, or by its id and a datetime.", []string{"collectionId", "featureId", "fFeatures", "datetimeItem"}, atlas.MediaGeoJSON, []int{400, 404}},
		{"/tiles/{z}/{x}/{y}.mvt", "A Mapbox Vector Tile with a layer per collection: the state at datetime, or every version with its start and end.", []string{"z", "x", "y", "datetime"}, "application/vnd.mapbox-vector-tile", []int{204, 304, 400}},
		{"/tiles.json", "TileJSON 3.0.0 for the vector tiles.", []string{"datetime"}, atlas.MediaJSON, []int{400}},
		{"/timeline", "The time domain: first and last year, the instants of change per collection, the events per year.", nil, atlas.MediaJSON, []int{400}},
		{"/dataset.json", "The dataset: title, licence, polities with names and colours, and the bibliography.", nil, atlas.MediaJSON, []int{400}},
		{"/embed", "A bare map page for iframes: year, view, layers and slider from the query string.", []string{"year", "zoom", "lat", "lon", "layers", "slider"}, "text/html", []int{400}},
		{"/oembed", "An oEmbed 1.0 provider for viewer and embed URLs.", []string{"url", "format", "maxwidth", "maxheight"}, atlas.MediaJSON, []int{400, 404, 501}},
		{"/healthz", "Liveness: the dataset served and since when.", nil, atlas.MediaJSON, nil},
		{"/metrics", "Prometheus metrics.", nil, "text/plain", nil},
	}
}

// parameters returns the OpenAPI definitions of the query and path
// parameters.
func parameters() obj {
	return obj{
		"f":            param("f", "query", "The representation: json or html. Without it, the Accept header decides.", obj{"type": "string", "enum": []string{"json", "html"}}),
		"fFeatures":    param("f", "query", "The representation: json (GeoJSON), html, or kml (KML 2.2 with each feature's life as a TimeSpan, for Google Earth). Without it, the Accept header decides.", obj{"type": "string", "enum": []string{"json", "html", "kml"}}),
		"collectionId": param("collectionId", "path", "A collection's id.", obj{"type": "string"}),
		"featureId":    param("featureId", "path", "A feature's id (id@start for one version of a thing with several).", obj{"type": "string"}),
		"bbox": func() obj {
			p := param("bbox", "query", "Only features whose bounding box intersects this one: west,south,east,north in WGS 84 longitude and latitude (CRS84); west > east crosses the antimeridian.", obj{"type": "array", "minItems": 4, "maxItems": 6, "items": obj{"type": "number"}})
			p["style"], p["explode"] = "form", false
			return p
		}(),
		"datetime":     param("datetime", "query", "Only features that existed at this instant or during this interval: 1141, 1141-12, 1141-12-17, 1141-12-17T00:00:00Z, 1127/1141, ../1141, 1141/... A bare year is the whole year; names are those in force on 1 July of it.", obj{"type": "string"}),
		"datetimeItem": param("datetime", "query", "The version in force at this instant, for a thing with several versions.", obj{"type": "string"}),
		"limit":        param("limit", "query", "The page size. A limit above the maximum is cut down to it.", obj{"type": "integer", "minimum": 1, "maximum": 10000, "default": 100}),
		"offset":       param("offset", "query", "The number of matches to skip.", obj{"type": "integer", "minimum": 0, "default": 0}),
		"z":            param("z", "path", fmt.Sprintf("The zoom level, %d–%d.", atlas.MinZoom, atlas.MaxZoom), obj{"type": "integer", "minimum": atlas.MinZoom, "maximum": atlas.MaxZoom}),
		"x":            param("x", "path", "The tile column.", obj{"type": "integer", "minimum": 0}),
		"y":            param("y", "path", "The tile row, counted from the north (XYZ).", obj{"type": "integer", "minimum": 0}),
		"zoom":         param("z", "query", "The map's zoom level.", obj{"type": "number", "minimum": 0, "maximum": 18}),
		"year":         param("year", "query", "The year shown (its state on 1 July).", obj{"type": "integer"}),
		"lat":          param("lat", "query", "The latitude of the map's centre.", obj{"type": "number"}),
		"lon":          param("lon", "query", "The longitude of the map's centre.", obj{"type": "number"}),
		"layers":       param("layers", "query", "The layers shown, comma-separated.", obj{"type": "string"}),
		"slider":       param("slider", "query", "1 to show a year slider.", obj{"type": "integer", "enum": []int{0, 1}}),
		"url":          param("url", "query", "The viewer or embed URL to embed.", obj{"type": "string"}),
		"format":       param("format", "query", "json (xml is not offered).", obj{"type": "string"}),
		"maxwidth":     param("maxwidth", "query", "The largest width the consumer takes.", obj{"type": "integer", "minimum": 1}),
		"maxheight":    param("maxheight", "query", "The largest height the consumer takes.", obj{"type": "integer", "minimum": 1}),
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
