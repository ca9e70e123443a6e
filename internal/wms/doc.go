// Package wms is chronoatlas's OGC Web Map Service 1.3.0 endpoint, /wms,
// with a time dimension: GetCapabilities (capabilities.go), GetMap
// (getmap.go, read phase by phase into a pictures.Picture) and
// GetLegendGraphic (legend.go), errors as ServiceExceptionReports
// (wms.go). The maps themselves are drawn and cached by internal/pictures.
//
// A new WMS request is a case in Handler.ServeHTTP and a method beside
// getMap; a new CRS is a case in bound (getmap.go) and a line in the
// capabilities.
package wms
