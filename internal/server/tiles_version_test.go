package server

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/chronoatlas/chronoatlas/data"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
)

// mustTileURL returns the tile URL template of the server's TileJSON with
// its scheme and host cut off.
func mustTileURL(tb testing.TB, s *Server, query string) string {
	tb.Helper()
	var tj struct{ Tiles []string }
	mustJSON(tb, get(tb, s, "GET", "/tiles.json"+query, nil), &tj)
	if len(tj.Tiles) != 1 {
		tb.Fatalf("tiles: got %q, want one URL", tj.Tiles)
	}
	_, path, ok := strings.Cut(tj.Tiles[0], "example.com")
	if !ok {
		tb.Fatalf("tile URL %q: want it on the request's host", tj.Tiles[0])
	}
	return path
}

func TestTileVersion(t *testing.T) {
	s := mustServer(t)
	tmpl := mustTileURL(t, s, "")
	_, v, ok := strings.Cut(tmpl, "?v=")
	if !strings.HasPrefix(tmpl, "/tiles/{z}/{x}/{y}.mvt?v=") || !ok || len(v) != 16 {
		t.Fatalf("TileJSON's tile URL %q: want /tiles/{z}/{x}/{y}.mvt?v= and 16 hex digits", tmpl)
	}
	if got, want := mustTileURL(t, s, "?datetime=1141"), tmpl+"&datetime=1141"; got != want {
		t.Errorf("with datetime: got %q, want %q", got, want)
	}
	tile := strings.NewReplacer("{z}", "5", "{x}", "26", "{y}", "12").Replace(tmpl)
	const short = "public, max-age=3600"
	const forever = "public, max-age=31536000, immutable"
	tests := []struct {
		name, target string
		status       int
		cacheControl string
	}{
		{"versioned", tile, 200, forever},
		{"versioned at a datetime", tile + "&datetime=1141", 200, forever},
		{"datetime first", kaifengZ5 + "?datetime=1141&v=" + v, 200, forever},
		{"versioned and empty", "/tiles/5/0/31.mvt?v=" + v, 204, forever},
		{"unversioned", kaifengZ5, 200, short},
		{"stale", kaifengZ5 + "?v=0123456789abcdef", 200, short},
		{"stale at a datetime", kaifengZ5 + "?v=0123456789abcdef&datetime=1141", 200, short},
		{"empty version", kaifengZ5 + "?v=", 200, short},
		{"two versions", kaifengZ5 + "?v=" + v + "&v=" + v, 400, "no-store"},
		{"bad datetime", kaifengZ5 + "?v=" + v + "&datetime=never", 400, "no-store"},
		{"unknown parameter", kaifengZ5 + "?v=" + v + "&time=1141", 400, "no-store"},
		{"versioned, out of range", "/tiles/15/0/0.mvt?v=" + v, 400, "no-store"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := get(t, s, "GET", tt.target, map[string]string{"Accept-Encoding": "gzip"})
			if res.StatusCode != tt.status {
				t.Fatalf("%s: status %d, want %d: %s", tt.target, res.StatusCode, tt.status, mustBody(t, res))
			}
			if got := res.Header.Get("Cache-Control"); got != tt.cacheControl {
				t.Errorf("Cache-Control: got %q, want %q", got, tt.cacheControl)
			}
			if got := res.Header.Values("Set-Cookie"); len(got) > 0 {
				t.Errorf("Set-Cookie: %q, want none", got)
			}
			if got := res.Header.Get("Vary"); tt.status < 400 && got != "Accept-Encoding" {
				t.Errorf("Vary: got %q, want Accept-Encoding alone", got)
			}
		})
	}
}

// TestReplicas: two servers on the same dataset, loaded apart, are
// interchangeable behind a load balancer: the same tile URLs, and the same
// bytes and ETags for every tile, in both encodings.
func TestReplicas(t *testing.T) {
	load := func() *Server {
		ds, err := dataset.Load(data.JinSong())
		if err != nil {
			t.Fatal(err)
		}
		return New(DefaultConfig(), ds, nil)
	}
	a, b := load(), load()
	tmpl := mustTileURL(t, a, "")
	if got := mustTileURL(t, b, ""); got != tmpl {
		t.Fatalf("tile URLs differ: %q and %q", tmpl, got)
	}
	tiles := []string{"0/0/0", "3/6/3", "5/26/12", "6/52/25", "7/104/51"}
	for _, addr := range tiles {
		zxy := strings.Split(addr, "/")
		target := strings.NewReplacer("{z}", zxy[0], "{x}", zxy[1], "{y}", zxy[2]).Replace(tmpl)
		for _, query := range []string{"", "&datetime=1141"} {
			for _, enc := range []string{"", "gzip"} {
				h := map[string]string{"Accept-Encoding": enc}
				ra, rb := get(t, a, "GET", target+query, h), get(t, b, "GET", target+query, h)
				if ra.StatusCode != 200 || rb.StatusCode != 200 {
					t.Fatalf("%s%s: status %d and %d", target, query, ra.StatusCode, rb.StatusCode)
				}
				if ea, eb := ra.Header.Get("ETag"), rb.Header.Get("ETag"); ea == "" || ea != eb {
					t.Errorf("%s%s %q: ETags %q and %q", target, query, enc, ea, eb)
				}
				if ba, bb := mustRaw(t, ra.Body), mustRaw(t, rb.Body); len(ba) == 0 || !bytes.Equal(ba, bb) {
					t.Errorf("%s%s %q: bodies differ (%d and %d bytes)", target, query, enc, len(ba), len(bb))
				}
			}
		}
	}
	// A server on another dataset names another version.
	ds, err := dataset.Load(os.DirFS("../dataset/testdata/mini"))
	if err != nil {
		t.Fatal(err)
	}
	if got := mustTileURL(t, New(DefaultConfig(), ds, nil), ""); got == tmpl {
		t.Errorf("another dataset has the same tile URL %q", got)
	}
	// So does another build of the program on the same dataset.
	cfg := DefaultConfig()
	cfg.Version = "v9.9.9"
	ds2, _ := dataset.Load(data.JinSong())
	if got := mustTileURL(t, New(cfg, ds2, nil), ""); got == tmpl {
		t.Errorf("another build has the same tile URL %q", got)
	}
}

// mustRaw reads a response's body as sent, compressed or not.
func mustRaw(tb testing.TB, res interface{ Read([]byte) (int, error) }) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(res); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
