// Package web holds the viewer and the embed page, served from the binary.
//
// The front-end libraries (Leaflet, protomaps-leaflet) are installed from
// the npm registry by `make web`, pinned by package-lock.json, and copied
// into vendor/, which is embedded too: the pages load nothing from any
// other host.
//
// The two pages, index.html and embed.html, share one head, head.html,
// which Page puts in place of their <!--head-->. A new script under js/ is
// preloaded by both without being listed anywhere.
package web

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"slices"
)

//go:embed index.html embed.html head.html app.css icon.svg js vendor
var files embed.FS

// FS returns the viewer's files: the pages, their shared head and the
// assets they load, under the paths the pages use after /web/.
func FS() fs.FS { return files }

// Pages are the names of the viewer's pages in FS; the other files are
// assets (head.html being part of the pages).
var Pages = []string{"index.html", "embed.html"}

// IsPart reports whether name is a page or the head they share: files
// that are served whole only through Page.
func IsPart(name string) bool { return name == "head.html" || slices.Contains(Pages, name) }

// Page returns page name of fsys with its <!--head--> replaced by
// head.html, in which <!--modules--> becomes a modulepreload link for each
// script under js/ (main.js first), so the browser fetches the viewer's
// modules at once instead of one import after another. The server and a
// published site then fill in the page's own placeholders (<!--oembed-->,
// <!--attribution-->).
func Page(fsys fs.FS, name string) ([]byte, error) {
	body, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	head, err := fs.ReadFile(fsys, "head.html")
	if err != nil {
		return nil, err
	}
	scripts, err := fs.Glob(fsys, "js/*.js")
	if err != nil {
		return nil, err
	}
	// main.js first: it is what the page runs, the rest what it imports.
	var preload bytes.Buffer
	for _, s := range append([]string{"js/main.js"}, slices.DeleteFunc(scripts, func(s string) bool { return s == "js/main.js" })...) {
		fmt.Fprintf(&preload, "<link rel=\"modulepreload\" href=\"/web/%s\">\n", s)
	}
	head = bytes.Replace(head, []byte("<!--modules-->\n"), preload.Bytes(), 1)
	if !bytes.Contains(body, []byte("<!--head-->\n")) {
		return nil, fmt.Errorf("web: %s has no <!--head--> line", name)
	}
	return bytes.Replace(body, []byte("<!--head-->\n"), head, 1), nil
}
