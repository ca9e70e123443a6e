package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/chronoatlas/chronoatlas/internal/publish"
	"github.com/chronoatlas/chronoatlas/web"
)

// publishCmd writes a dataset as a static site:
//
//	chronoatlas publish [-data DIR] [-minzoom 0] [-maxzoom 7] [-base-url URL] OUT
func publishCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	opt := publish.Options{MinZoom: 0, MaxZoom: publish.DefaultMaxZoom, Web: web.FS()}
	var cfg Config
	fset := flag.NewFlagSet("publish", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.StringVar(&cfg.DataDir, "data", getenv("CHRONOATLAS_DATA"), "dataset folder; empty publishes the embedded Jin–Song atlas (CHRONOATLAS_DATA)")
	fset.IntVar(&opt.MinZoom, "minzoom", opt.MinZoom, "the shallowest zoom of the tile archive")
	fset.IntVar(&opt.MaxZoom, "maxzoom", opt.MaxZoom, "the deepest zoom of the tile archive; the viewer scales deeper zooms up from it")
	fset.StringVar(&opt.BaseURL, "base-url", "", "the absolute URL the site will be served from, for links that must be absolute; empty keeps links relative")
	fset.Usage = func() {
		fmt.Fprintf(stderr, "usage: chronoatlas publish [flags] DIR\n\nwrites the dataset as a static site into DIR\n\nflags:\n")
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if fset.NArg() != 1 {
		return usageError{"publish takes one folder to write the site into"}
	}
	if opt.MinZoom < 0 || opt.MaxZoom > 14 || opt.MinZoom > opt.MaxZoom {
		return usageError{fmt.Sprintf("-minzoom %d -maxzoom %d: want 0 ≤ minzoom ≤ maxzoom ≤ 14", opt.MinZoom, opt.MaxZoom)}
	}
	dir := fset.Arg(0)
	start := time.Now()
	ds, name, err := load(ctx, cfg, true)
	if err != nil {
		return err
	}
	rep, err := publish.Site(ctx, ds, dir, opt)
	if err != nil {
		return err
	}
	a := rep.Archive
	fmt.Fprintf(stdout, "%s: published %s into %s: %d files, %d bytes; %s: z%d–%d, %d tiles (%d distinct), %d bytes; took %s\n",
		name, ds.Meta.Title, dir, rep.Files, rep.Bytes, publish.Archive, opt.MinZoom, opt.MaxZoom,
		a.Addressed, a.Contents, a.Bytes, time.Since(start).Round(10*time.Millisecond))
	return nil
}
