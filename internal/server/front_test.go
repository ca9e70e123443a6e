package server

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// serveOn serves s on a loopback port until the test ends and returns
// the address.
func serveOn(t *testing.T, s *Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	return ln.Addr().String()
}

// exchange writes raw on a new connection to addr and returns the bytes
// of the answers to the first n requests of it, as sent.
func exchange(t *testing.T, addr, raw string, methods []string) string {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	br := bufio.NewReader(io.TeeReader(c, &got))
	for _, m := range methods {
		res, err := http.ReadResponse(br, &http.Request{Method: m})
		if err != nil {
			t.Fatalf("%q: %v", raw, err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
	return got.String()[:got.Len()-br.Buffered()]
}

var dateLine = regexp.MustCompile(`(?m)^Date: [^\r]*\r$`)

// TestFrontAnswersAsNetHTTP sends the same bytes to a server with the
// front (internal/front) and to one without, and wants the same bytes
// back but for the Date: tile requests the front answers, and every kind
// of request it must hand to net/http, alone and pipelined.
func TestFrontAnswersAsNetHTTP(t *testing.T) {
	withFront, without := DefaultConfig(), DefaultConfig()
	without.Front = false
	a, b := newAtlasServer(t, withFront), newAtlasServer(t, without)
	addrA, addrB := serveOn(t, a), serveOn(t, b)

	const kaifeng = "/tiles/5/25/12.mvt"
	tmpl := mustTileURL(t, a, "")
	_, version, _ := strings.Cut(tmpl, "?v=")
	plain := get(t, a, "GET", kaifeng+"?datetime=1141", nil).Header.Get("Etag")
	zipped := get(t, a, "GET", kaifeng+"?datetime=1141", map[string]string{"Accept-Encoding": "gzip"}).Header.Get("Etag")
	if plain == "" || zipped == "" || plain == zipped {
		t.Fatalf("ETags %q and %q: want two", plain, zipped)
	}
	browser := "User-Agent: Mozilla/5.0\r\nAccept: */*\r\nAccept-Language: zh-TW,en;q=0.5\r\nAccept-Encoding: gzip, deflate, br, zstd\r\n" +
		"Origin: https://example.org\r\nReferer: https://example.org/\r\nSec-Fetch-Dest: empty\r\nSec-Fetch-Mode: cors\r\nSec-Fetch-Site: cross-site\r\nConnection: keep-alive\r\n"
	req := func(method, target, headers string) string {
		return method + " " + target + " HTTP/1.1\r\nHost: atlas.test\r\n" + headers + "\r\n"
	}
	for _, tc := range []struct {
		name    string
		raw     string
		methods []string // of the requests in raw, in order
	}{
		{"a year", req("GET", kaifeng+"?datetime=1141", ""), nil},
		{"a year, gzip", req("GET", kaifeng+"?datetime=1141", "Accept-Encoding: gzip\r\n"), nil},
		{"gzip refused", req("GET", kaifeng+"?datetime=1141", "Accept-Encoding: gzip;q=0, identity\r\n"), nil},
		{"any coding", req("GET", kaifeng+"?datetime=1141", "Accept-Encoding: *\r\n"), nil},
		{"a browser", req("GET", kaifeng+"?datetime=1141", browser), nil},
		{"a day", req("GET", kaifeng+"?datetime=1141-11-07", ""), nil},
		{"an interval", req("GET", kaifeng+"?datetime=1127-01-09/1127-04-27", ""), nil},
		{"all versions", req("GET", "/tiles/7/105/51.mvt", "Accept-Encoding: gzip\r\n"), nil},
		{"empty", req("GET", "/tiles/5/0/0.mvt?datetime=1141", ""), nil},
		{"head", req("HEAD", kaifeng+"?datetime=1141", ""), []string{"HEAD"}},
		{"head, gzip", req("HEAD", kaifeng+"?datetime=1141", "Accept-Encoding: gzip\r\n"), []string{"HEAD"}},
		{"not modified", req("GET", kaifeng+"?datetime=1141", "If-None-Match: "+plain+"\r\n"), nil},
		{"not modified, gzip", req("GET", kaifeng+"?datetime=1141", "Accept-Encoding: gzip\r\nIf-None-Match: W/"+zipped+"\r\n"), nil},
		{"the other form's tag", req("GET", kaifeng+"?datetime=1141", "If-None-Match: "+zipped+"\r\n"), nil},
		{"any tag", req("GET", kaifeng+"?datetime=1141", "If-None-Match: *\r\n"), nil},
		{"versioned", req("GET", kaifeng+"?datetime=1141&v="+version, ""), nil},
		{"versioned first", req("GET", kaifeng+"?v="+version+"&datetime=1141", ""), nil},
		{"stale version", req("GET", kaifeng+"?v=0123456789abcdef", ""), nil},
		// answered by net/http, by both
		{"bad datetime", req("GET", kaifeng+"?datetime=soon", ""), nil},
		{"escaped datetime", req("GET", kaifeng+"?datetime=1141%2D11", ""), nil},
		{"malformed escape", req("GET", kaifeng+"?datetime=%ZZ", ""), nil},
		{"semicolon", req("GET", kaifeng+"?datetime=1141;x=1", ""), nil},
		{"unknown parameter", req("GET", kaifeng+"?year=1141", ""), nil},
		{"two datetimes", req("GET", kaifeng+"?datetime=1141&datetime=1142", ""), nil},
		{"two versions", req("GET", kaifeng+"?v="+version+"&v="+version, ""), nil},
		{"off the grid", req("GET", "/tiles/5/99/12.mvt", ""), nil},
		{"too deep", req("GET", "/tiles/30/1/1.mvt", ""), nil},
		{"not a tile", req("GET", "/tiles/5/25/12.pbf", ""), nil},
		{"raster", req("GET", "/tiles/5/25/12.png?datetime=1141", ""), nil},
		{"OGC API tiles", req("GET", "/tiles/WebMercatorQuad/5/12/25?datetime=1141", ""), nil},
		{"landing page", req("GET", "/?f=json", ""), nil},
		{"close", req("GET", kaifeng+"?datetime=1141", "Connection: close\r\n"), nil},
		{"forwarded", req("GET", kaifeng+"?datetime=1141", "X-Forwarded-Host: evil.test\r\n"), nil},
		{"range", req("GET", kaifeng+"?datetime=1141", "Range: bytes=0-10\r\n"), nil},
		{"options", req("OPTIONS", kaifeng, "Origin: https://example.org\r\n"), []string{"OPTIONS"}},
		{"post", "POST " + kaifeng + " HTTP/1.1\r\nHost: atlas.test\r\nContent-Length: 3\r\n\r\nabc", []string{"POST"}},
		{"HTTP/1.0", "GET " + kaifeng + "?datetime=1141 HTTP/1.0\r\n\r\n", nil},
		{"no host", "GET " + kaifeng + "?datetime=1141 HTTP/1.1\r\n\r\n", nil},
		{"long URL", req("GET", kaifeng+"?datetime="+strings.Repeat("1", 5000), ""), nil},
		// pipelined: answered in order, whoever answers each
		{"pipelined tiles", req("GET", kaifeng+"?datetime=1141", "") + req("HEAD", "/tiles/5/0/0.mvt", "") + req("GET", kaifeng+"?datetime=1142", "Accept-Encoding: gzip\r\n"),
			[]string{"GET", "HEAD", "GET"}},
		{"pipelined, then net/http", req("GET", kaifeng+"?datetime=1141", "") + req("GET", "/collections?f=json", "") + req("GET", kaifeng+"?datetime=1142", ""),
			[]string{"GET", "GET", "GET"}},
		{"pipelined, then a body", req("GET", kaifeng+"?datetime=1141", "") + "POST / HTTP/1.1\r\nHost: atlas.test\r\nContent-Length: 2\r\n\r\nhi" + req("GET", kaifeng, ""),
			[]string{"GET", "POST", "GET"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			methods := tc.methods
			if methods == nil {
				methods = []string{"GET"}
			}
			got := dateLine.ReplaceAllString(exchange(t, addrA, tc.raw, methods), "Date: -\r")
			want := dateLine.ReplaceAllString(exchange(t, addrB, tc.raw, methods), "Date: -\r")
			if got != want {
				t.Errorf("with the front:\n%s\nwithout:\n%s", head(got), head(want))
			}
		})
	}
}

// BenchmarkCachedTile fetches a cached tile over one keep-alive loopback
// connection, request after request, from the front and from net/http.
func BenchmarkCachedTile(b *testing.B) {
	for _, front := range []bool{true, false} {
		b.Run(fmt.Sprintf("front=%v", front), func(b *testing.B) {
			cfg := DefaultConfig()
			cfg.Front = front
			s := newAtlasServer(b, cfg)
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			go s.Serve(ctx, ln)
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			br := bufio.NewReader(c)
			req := []byte("GET /tiles/5/25/12.mvt?datetime=1141 HTTP/1.1\r\nHost: atlas.test\r\nAccept-Encoding: gzip\r\n\r\n")
			get := func() {
				if _, err := c.Write(req); err != nil {
					b.Fatal(err)
				}
				res, err := http.ReadResponse(br, nil)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					b.Fatal(res.Status)
				}
			}
			get() // made and cached
			for b.Loop() {
				get()
			}
		})
	}
}

// head is the answers' text up to a body's first bytes, for a message.
func head(s string) string {
	var b strings.Builder
	for _, part := range strings.SplitAfter(s, "\r\n\r\n") {
		if len(part) > 300 {
			part = fmt.Sprintf("%s… (%d bytes)", part[:300], len(part))
		}
		b.WriteString(part)
	}
	return b.String()
}
