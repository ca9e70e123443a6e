package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chronoatlas/chronoatlas/internal/respond"
)

// countingListener counts the writes on the connections it accepts. A
// write is counted before it is made, so a client that has read a
// response sees every write of it counted.
type countingListener struct {
	net.Listener
	mu     sync.Mutex
	writes int
}

type countingConn struct {
	net.Conn
	l *countingListener
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return countingConn{c, l}, nil
}

func (c countingConn) Write(p []byte) (int, error) {
	c.l.mu.Lock()
	c.l.writes++
	c.l.mu.Unlock()
	return c.Conn.Write(p)
}

func (l *countingListener) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.writes
}

// TestTileInOneWrite serves tiles over a real connection and checks that
// each response, headers and a body larger than net/http's 4 KiB buffer,
// leaves in one write, that the bytes are those of the tile, and that the
// connection goes on to serve the next request: answered by the front
// (internal/front) and by net/http.
func TestTileInOneWrite(t *testing.T) {
	for _, front := range []bool{true, false} {
		t.Run(fmt.Sprintf("front=%v", front), func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Front = front
			testTileInOneWrite(t, newAtlasServer(t, cfg))
		})
	}
}

func testTileInOneWrite(t *testing.T, s *Server) {
	// Tiles whose body, plain or gzip, is over net/http's 4 KiB buffer:
	// without coalescing each would leave in two writes. (A HEAD has no
	// body and is one write either way; it is here to see it unharmed.)
	const year, all = "/tiles/5/25/12.mvt?datetime=1141", "/tiles/7/105/51.mvt"
	want := map[string][]byte{}
	for _, target := range []string{year, all} {
		for _, enc := range []string{"", "gzip"} {
			res := get(t, s, "GET", target, map[string]string{"Accept-Encoding": enc})
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s %s: status %d", target, enc, res.StatusCode)
			}
			if len(b) <= 4<<10 && (target == all || enc == "") {
				t.Fatalf("%s %s is %d bytes; the test needs one over 4 KiB", target, enc, len(b))
			}
			want[target+" "+enc] = b
		}
	}
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := &countingListener{Listener: inner}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()

	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(c)
	for _, tc := range []struct {
		method, target, encoding string
	}{
		{"GET", year, ""},
		{"GET", all, ""},
		{"GET", all, "gzip"},
		{"HEAD", year, ""},
		{"GET", year, ""}, // the connection is still good
	} {
		before := ln.count()
		fmt.Fprintf(c, "%s %s HTTP/1.1\r\nHost: test\r\n", tc.method, tc.target)
		if tc.encoding != "" {
			fmt.Fprintf(c, "Accept-Encoding: %s\r\n", tc.encoding)
		}
		io.WriteString(c, "\r\n")
		res, err := http.ReadResponse(br, &http.Request{Method: tc.method})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(res.Body) // as sent
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s %s %s: status %d", tc.method, tc.target, tc.encoding, res.StatusCode)
		}
		if w := want[tc.target+" "+tc.encoding]; tc.method == "GET" && !bytes.Equal(got, w) {
			t.Errorf("%s %s %s: body of %d bytes differs from the tile's %d", tc.method, tc.target, tc.encoding, len(got), len(w))
		}
		if n := ln.count() - before; n != 1 {
			t.Errorf("%s %s %s: %d writes, want 1", tc.method, tc.target, tc.encoding, n)
		}
	}
}

// TestNetHTTPErrorsAreProblems sends requests net/http refuses before any
// handler sees them, on a real connection: each answer is a problem+json
// with the status net/http chose.
func TestNetHTTPErrorsAreProblems(t *testing.T) {
	s := mustServer(t)
	s.cfg.MaxHeaderBytes = 4 << 10
	addr := serveOn(t, s)
	tests := []struct {
		name, request string
		status        int
		detail        string
	}{
		{"a malformed request line", "GET\r\n\r\n", 400, "could not be read"},
		{"a bad method token", "G(T / HTTP/1.1\r\nHost: x\r\n\r\n", 400, ""},
		{"no Host", "GET / HTTP/1.1\r\n\r\n", 400, "missing required Host header"},
		{"two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, ""},
		{"a bad header name", "GET / HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n", 400, "invalid header name"},
		{"a bad header value", "GET / HTTP/1.1\r\nHost: x\r\nX: a\x00b\r\n\r\n", 400, ""},
		{"headers too large", "GET / HTTP/1.1\r\nHost: x\r\nX-Junk: " + strings.Repeat("a", 16<<10) + "\r\n\r\n", 431, ""},
		{"an unknown transfer coding", "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: rot13\r\n\r\n", 501, ""},
		{"HTTP/2.5", "GET / HTTP/2.5\r\nHost: x\r\n\r\n", 505, "unsupported protocol version"},
		{"a bad Content-Length", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400, ""},
		{"an HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 405, "PRI"},
		{"two Content-Lengths", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400, ""},
		{"a request line with no version", "GET /\r\nHost: x\r\n\r\n", 400, ""},
		{"an Expect header", "GET / HTTP/1.1\r\nHost: x\r\nExpect: tea\r\n\r\n", 417, "Expect"},
		{"HTTP/0.9", "GET / HTTP/0.9\r\nHost: x\r\n\r\n", 505, ""},
		// on the tile route, which the front reads first and hands over
		{"a tile with an unknown transfer coding", "GET /tiles/5/25/12.mvt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: rot13\r\n\r\n", 501, ""},
		{"a tile's headers too large", "GET /tiles/5/25/12.mvt HTTP/1.1\r\nHost: x\r\nUser-Agent: " + strings.Repeat("a", 16<<10) + "\r\n\r\n", 431, ""},
		{"a tile with a bad header value", "GET /tiles/5/25/12.mvt HTTP/1.1\r\nHost: x\r\nAccept: a\x00b\r\n\r\n", 400, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(10 * time.Second))
			io.WriteString(c, tt.request)
			res, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tt.status {
				t.Errorf("status: got %d, want %d", res.StatusCode, tt.status)
			}
			if got := res.Header.Get("Content-Type"); got != "application/problem+json" {
				t.Fatalf("Content-Type: got %q, want application/problem+json; body %q", got, body)
			}
			var p respond.Problem
			if err := json.Unmarshal(body, &p); err != nil {
				t.Fatalf("%v: %q", err, body)
			}
			if p.Status != tt.status || p.Title != http.StatusText(tt.status) || p.Detail == "" || !strings.Contains(p.Detail, tt.detail) {
				t.Errorf("problem: got %+v, want status %d and a detail with %q", p, tt.status, tt.detail)
			}
		})
	}
}
