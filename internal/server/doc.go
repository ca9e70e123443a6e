// Package server is chronoatlas's HTTP server: the OGC API Features
// endpoints, the vector tiles, the timeline, the viewer and the embed page.
//
// Handlers are thin: each parses its request, calls a core function that
// knows nothing of HTTP, and writes the answer. Errors are fault.Errors,
// turned into application/problem+json responses in one place (errors.go).
// Every route is registered in routes.go.
package server
