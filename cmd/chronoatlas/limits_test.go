package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestLimits checks the defences against slow and oversized clients on a
// real connection: headers over the limit get 431, a client that never
// finishes its headers is cut off after the read-header timeout.
func TestLimits(t *testing.T) {
	cfg := testConfig()
	cfg.Server.ReadHeaderTimeout = 300 * time.Millisecond
	base := mustStart(t, cfg)
	addr := strings.TrimPrefix(base, "http://")

	t.Run("oversized headers", func(t *testing.T) {
		req, _ := http.NewRequest("GET", base+"/collections", nil)
		req.Header.Set("X-Junk", strings.Repeat("a", 64<<10))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("status %d, want 431", res.StatusCode)
		}
	})

	t.Run("slow headers", func(t *testing.T) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if _, err := io.WriteString(c, "GET /collections HTTP/1.1\r\nHost: x\r\n"); err != nil {
			t.Fatal(err)
		}
		// Never send the blank line that ends the headers.
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		start := time.Now()
		line, err := bufio.NewReader(c).ReadString('\n')
		if err == nil && !strings.Contains(line, "408") {
			t.Errorf("the server answered an unfinished request: %q", line)
		}
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Fatal("the server kept a slow client for 5 s")
		}
		if took := time.Since(start); took > 3*time.Second {
			t.Errorf("cut off after %s", took)
		}
	})
}
