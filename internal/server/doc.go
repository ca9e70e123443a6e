// Package server is chronoatlas's HTTP server: its Config, New, Serve and
// Reload, the snapshot of the dataset being served, every route
// (routes.go), and the handlers of OGC API – Features, the landing page,
// the dataset's documents and the viewer's pages, over the core
// (internal/atlas).
//
// Handlers are thin: each parses its request (internal/params), calls the
// core through the small interfaces it declares (core.go), and writes the
// answer (internal/respond, where errors become application/problem+json).
// A handler handleX lives in handle_x.go. The other protocols live in
// packages of their own, which the routes here register: vector tiles and
// OGC API – Tiles (internal/tiles), maps, raster tiles and previews
// (internal/pictures), WMS (internal/wms). Every request passes through
// internal/middleware; costly ones through internal/gate; connections are
// internal/conn's. The documents themselves, HTML pages included, are the
// core's; the OpenAPI document is internal/openapi's.
//
// A new output format of features is written in the core (as
// internal/atlas/downloads writes KML), named as a params.Format in the
// negotiation (internal/params/negotiate.go), and written by a case in
// handleItems and handleItem. A new URL is a handler registered in routes.go and listed in
// internal/openapi.
package server
