// Package web holds the viewer and the embed page, served from the binary.
//
// The front-end libraries are installed from the npm registry by `make web`
// (pinned by package-lock.json) into vendor/, which is embedded too.
package web

import (
	"embed"
	"io/fs"
)

//go:embed *.html
var files embed.FS

// FS returns the viewer's files: index.html, embed.html and the assets.
func FS() fs.FS { return files }
