// Package data holds chronoatlas's datasets. The Jin–Song atlas is embedded
// in the binary, so the server runs with no data folder at all.
package data

import (
	"embed"
	"io/fs"
)

//go:embed jinsong/*.json jinsong/*.geojson
var files embed.FS

// JinSong returns the embedded Jin–Song Wars dataset (1115–1234) as a
// dataset folder: dataset.json and one GeoJSON file per collection.
func JinSong() fs.FS {
	sub, err := fs.Sub(files, "jinsong")
	if err != nil {
		// fs.Sub fails only on an invalid path, and "jinsong" is valid.
		panic(err)
	}
	return sub
}
