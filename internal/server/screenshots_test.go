package server

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the README's screenshots of a still map and of raster tiles")

// screenshots are the README's pictures, made here: a still map and a view
// of raster tiles, both of 1141.
var screenshots = []struct {
	file          string
	width, height int
	make          func(tb testing.TB, s *Server) []byte
}{
	{"map-1141.png", 800, 600, func(tb testing.TB, s *Server) []byte {
		return mustBody(tb, get(tb, s, "GET", "/map.png?"+over1141, nil))
	}},
	{"tiles-1141.png", 768, 512, func(tb testing.TB, s *Server) []byte {
		// six z5 tiles from the Qinling to the sea, as a raster-only client
		// would lay them out
		view := image.NewRGBA(image.Rect(0, 0, 768, 512))
		for y := 12; y <= 13; y++ {
			for x := 25; x <= 27; x++ {
				img := mustPNG(tb, get(tb, s, "GET", fmt.Sprintf("/tiles/5/%d/%d.png?datetime=1141", x, y), nil))
				at := image.Pt((x-25)*256, (y-12)*256)
				draw.Draw(view, img.Bounds().Add(at), img, image.Point{}, draw.Src)
			}
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, view); err != nil {
			tb.Fatal(err)
		}
		return buf.Bytes()
	}},
}

// TestScreenshots makes the README's pictures with -update, and otherwise
// checks that those committed are PNGs of the size the README shows.
func TestScreenshots(t *testing.T) {
	s := mustAtlasServer(t)
	for _, sc := range screenshots {
		t.Run(sc.file, func(t *testing.T) {
			path := filepath.Join("..", "..", "web", "screenshots", sc.file)
			if *update {
				if err := os.WriteFile(path, sc.make(t, s), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatalf("%v: run go test ./internal/server -run Screenshots -update", err)
			}
			defer f.Close()
			cfg, err := png.DecodeConfig(f)
			if err != nil || cfg.Width != sc.width || cfg.Height != sc.height {
				t.Errorf("%s: %dx%d (%v), want a %dx%d PNG", path, cfg.Width, cfg.Height, err, sc.width, sc.height)
			}
		})
	}
}
