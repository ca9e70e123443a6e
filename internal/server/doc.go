// Package server is chronoatlas's HTTP layer: routes, handlers,
// middleware, content negotiation, ETags and compression, over the core
// (internal/atlas) and the tile cache (internal/tilecache).
//
// Handlers are thin: each parses its request (params.go), calls the core
// through the small interfaces it declares (core.go), and writes the
// answer (respond.go). Every route is registered in routes.go; a handler
// handleX lives in handle_x.go. Errors are fault.Errors, turned into
// application/problem+json responses in one place (errors.go). The
// documents themselves, HTML pages included, are the core's; the OpenAPI
// document is internal/openapi's.
//
// A new output format of features is written in the core (as
// internal/atlas/downloads writes KML) and offered here by a case in the
// format negotiation (params.go) and in handleItems and handleItem.
package server
