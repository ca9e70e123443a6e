// Package web holds the viewer and the embed page, served from the binary.
//
// The front-end libraries (Leaflet, protomaps-leaflet) are installed from
// the npm registry by `make web`, pinned by package-lock.json, and copied
// into vendor/, which is embedded too: the pages load nothing from any
// other host.
package web

import (
	"embed"
	"io/fs"
)

//go:embed index.html embed.html app.css icon.svg js vendor
var files embed.FS

// FS returns the viewer's files: index.html, embed.html and the assets
// they load, under the paths the pages use after /web/.
func FS() fs.FS { return files }
