package atlas

import (
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
)

// QueryablesDoc is a collection's queryables as OGC API Features Part 3
// writes them: a JSON Schema of the properties that filter (CQL2) and the
// property parameters may name, for QGIS, OWSLib and filter builders.
type QueryablesDoc struct {
	Schema     string                    `json:"$schema"`
	ID         string                    `json:"$id"`
	Type       string                    `json:"type"`
	Title      string                    `json:"title"`
	Properties map[string]map[string]any `json:"properties"`
	// AdditionalProperties is false: a filter naming anything else is
	// refused.
	AdditionalProperties bool `json:"additionalProperties"`
}

// QueryablesDoc returns c's queryables document, its $id under base.
func (a *Atlas) QueryablesDoc(base string, c *feature.Collection) QueryablesDoc {
	d := QueryablesDoc{
		Schema: "https://json-schema.org/draft/2020-12/schema",
		ID:     base + "/collections/" + c.ID + "/queryables",
		Type:   "object", Title: c.Title,
		Properties: map[string]map[string]any{},
	}
	help := FieldHelp()
	for _, q := range dataset.Queryables(c) {
		if q.Name == dataset.StartDateQueryable || q.Name == dataset.EndDateQueryable {
			continue // dates, below
		}
		p := map[string]any{"type": q.Type, "title": q.Name}
		if h, ok := help[q.Name]; ok {
			p["description"] = h
		}
		d.Properties[q.Name] = p
	}
	d.Properties[dataset.GeometryQueryable] = map[string]any{
		"title": "Geometry", "format": geometryFormat(c), "x-ogc-role": "primary-geometry",
	}
	d.Properties[dataset.StartDateQueryable] = map[string]any{
		"title": "First day", "type": "string", "format": "date", "x-ogc-role": "primary-interval-start",
		"description": "The first day of the feature's life (proleptic Gregorian); absent when open",
	}
	d.Properties[dataset.EndDateQueryable] = map[string]any{
		"title": "Day after", "type": "string", "format": "date", "x-ogc-role": "primary-interval-end",
		"description": "The first day the feature no longer existed; absent when open",
	}
	return d
}

// geometryFormat is the Part 3 format of c's geometries.
func geometryFormat(c *feature.Collection) string {
	kinds := map[string]bool{}
	for _, f := range c.Features {
		switch f.Geometry.GeoJSONType() {
		case "Point", "MultiPoint":
			kinds["point"] = true
		case "LineString", "MultiLineString":
			kinds["linestring"] = true
		case "Polygon", "MultiPolygon":
			kinds["polygon"] = true
		default:
			kinds["any"] = true
		}
	}
	if len(kinds) == 1 {
		for k := range kinds {
			if k != "any" {
				return "geometry-" + k + "-or-multi"
			}
		}
	}
	return "geometry-any"
}
