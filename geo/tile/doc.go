// Package tile encodes time-aware features as Mapbox Vector Tiles (MVT
// 2.1): projected to Web Mercator tile coordinates, clipped to the tile with
// a buffer, simplified for the zoom, snapped to the tile grid and wound as
// the specification asks (exterior rings clockwise and holes
// counter-clockwise with the y axis pointing down). Rings that collapse are
// dropped rather than emitted broken, so strict clients draw every polygon.
//
// Encode knows nothing of HTTP or caching; package internal/tilecache builds
// on it.
package tile
