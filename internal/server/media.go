package server

import (
	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/openapi"
)

// Content types the server writes.
const (
	typeJSON    = atlas.MediaJSON
	typeGeoJSON = atlas.MediaGeoJSON
	typeHTML    = "text/html; charset=utf-8"
	typeOpenAPI = openapi.ContentType
)

// link is an OGC API / RFC 8288 link; the core writes them too.
type link = atlas.Link
