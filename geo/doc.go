// Package geo holds nothing itself: its packages are the geometry and time
// libraries the server is built on (the time model, time-aware features,
// ring repair, validity, tiles, GeoJSON, KML, PMTiles). They are pure
// libraries: no HTTP, no network, nothing that is chronoatlas's server,
// so any program can use them; TestPure holds them to that, imports of
// imports included. Drawing maps, whose canvas library brings net/http,
// is internal/render.
package geo
