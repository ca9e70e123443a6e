// Command atlasbuild rebuilds the embedded Jin–Song dataset's derived files
// from their authored sources: the land from Natural Earth's coast (with
// -coast), then the territories, rivers and frontiers from data/src.
//
//	go run ./cmd/atlasbuild -coast web/node_modules/world-atlas/land-50m.json
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/chronoatlas/chronoatlas/internal/atlasbuild"
	"github.com/chronoatlas/chronoatlas/internal/atlasbuild/coast"
)

func main() {
	src := flag.String("src", "data/src", "the authored sources: lines.json and cells.json")
	out := flag.String("out", "data/jinsong", "the dataset folder to write into")
	coastFile := flag.String("coast", "", "Natural Earth land as TopoJSON (world-atlas's land-50m.json); rebuilds land.geojson first")
	flag.Parse()
	if err := run(*src, *out, *coastFile); err != nil {
		fmt.Fprintln(os.Stderr, "atlasbuild:", err)
		os.Exit(1)
	}
}

func run(src, out, coastFile string) error {
	if coastFile != "" {
		b, err := os.ReadFile(coastFile)
		if err != nil {
			return err
		}
		land, err := coast.Land(b, coast.Default)
		if err != nil {
			return err
		}
		if err := write(filepath.Join(out, atlasbuild.LandFile), atlasbuild.LandFeatures(land)); err != nil {
			return err
		}
	}
	files, err := atlasbuild.Build(os.DirFS(src), os.DirFS(out))
	if err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := write(filepath.Join(out, name), files[name]); err != nil {
			return err
		}
	}
	return nil
}

func write(path string, b []byte) error {
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return err
	}
	fmt.Printf("%s: %d bytes\n", path, len(b))
	return nil
}
