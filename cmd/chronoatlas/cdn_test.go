package main

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// mustNginx returns the path of nginx. Without it the test is skipped
// locally and fails in CI, where the setup installs nginx-light.
func mustNginx(tb testing.TB) string {
	tb.Helper()
	path, err := exec.LookPath("nginx")
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatal("nginx not found: CI must install nginx-light")
		}
		tb.Skip("nginx not found; install nginx-light to run the caching proxy test")
	}
	return path
}

// startNginx runs nginx on a free loopback port with the server block
// given (%[1]s is its folder, %[2]s its address) until the test ends, and
// returns its address.
func startNginx(tb testing.TB, server string) string {
	tb.Helper()
	bin := mustNginx(tb)
	dir := tb.TempDir()
	// nginx's workers may run as another user; they must reach the folder,
	// which the testing package makes inside one of its own.
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			tb.Fatal(err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	conf := fmt.Sprintf(`daemon off;
worker_processes 1;
pid %[1]s/nginx.pid;
error_log stderr warn;
events { worker_connections 256; }
http {
	access_log off;
	client_body_temp_path %[1]s/tmp;
	proxy_temp_path %[1]s/tmp;
	fastcgi_temp_path %[1]s/tmp;
	uwsgi_temp_path %[1]s/tmp;
	scgi_temp_path %[1]s/tmp;
	`+server+`
}
`, dir, addr)
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", dir, "-c", path)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
		}
	})
	for i := 0; i < 100; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return addr
		}
		time.Sleep(50 * time.Millisecond)
	}
	tb.Fatalf("nginx did not start: %s", stderr.String())
	return ""
}

var tileRequests = regexp.MustCompile(`(?m)^chronoatlas_http_requests_total\{[^}]*route="/tiles/\{z\}/\{x\}/\{y\}\.mvt"[^}]*\} (\d+)`)

// upstreamTiles returns how many tile requests the server has answered,
// from its own metrics.
func upstreamTiles(tb testing.TB, base string) int {
	tb.Helper()
	_, body := fetch(tb, base+"/metrics")
	n := 0
	for _, m := range tileRequests.FindAllStringSubmatch(string(body), -1) {
		v, _ := strconv.Atoi(m[1])
		n += v
	}
	return n
}

// TestCachingProxy puts nginx with proxy_cache in front of the server, as
// a CDN would be, and walks the tiles of a view over China twice at the
// versioned URLs of TileJSON: the first pass reaches the server for every
// tile, the second is answered entirely from the cache.
func TestCachingProxy(t *testing.T) {
	mustNginx(t)
	base := mustStart(t, testConfig())
	upstream := strings.TrimPrefix(base, "http://")
	proxy := "http://" + startNginx(t, `proxy_cache_path %[1]s/cache levels=1:2 keys_zone=tiles:10m max_size=100m inactive=1h use_temp_path=off;
	server {
		listen %[2]s;
		location / {
			proxy_pass http://`+upstream+`;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_cache tiles;
			add_header X-Cache-Status $upstream_cache_status always;
		}
	}`)

	var tj struct{ Tiles []string }
	res, body := fetch(t, proxy+"/tiles.json")
	if res.StatusCode != 200 {
		t.Fatalf("tiles.json through nginx: %d %s", res.StatusCode, body)
	}
	if err := json.Unmarshal(body, &tj); err != nil || len(tj.Tiles) != 1 || !strings.Contains(tj.Tiles[0], "?v=") {
		t.Fatalf("tiles.json: %v %s", err, body)
	}
	_, tmpl, _ := strings.Cut(tj.Tiles[0], "/tiles/")
	tmpl = "/tiles/" + tmpl

	var urls []string
	for _, z := range []maptile.Zoom{4, 5} {
		a, b := maptile.At(orb.Point{100, 45}, z), maptile.At(orb.Point{125, 20}, z)
		for x := a.X; x <= b.X; x++ {
			for y := a.Y; y <= b.Y; y++ {
				u := strings.NewReplacer("{z}", strconv.Itoa(int(z)), "{x}", strconv.Itoa(int(x)), "{y}", strconv.Itoa(int(y))).Replace(tmpl)
				urls = append(urls, proxy+u, proxy+u+"&datetime=1141")
			}
		}
	}
	pass := func() (statuses map[string]int, upstreamDelta int) {
		before := upstreamTiles(t, base)
		statuses = map[string]int{}
		for _, u := range urls {
			res, _ := fetch(t, u)
			if res.StatusCode != 200 && res.StatusCode != 204 {
				t.Fatalf("%s: status %d", u, res.StatusCode)
			}
			if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
				t.Errorf("%s: Cache-Control %q", u, cc)
			}
			statuses[res.Header.Get("X-Cache-Status")]++
		}
		return statuses, upstreamTiles(t, base) - before
	}
	first, up1 := pass()
	second, up2 := pass()
	t.Logf("%d tiles; first pass: %v, %d reached the server; second pass: %v, %d reached the server", len(urls), first, up1, second, up2)
	if first["MISS"] != len(urls) || up1 != len(urls) {
		t.Errorf("first pass: %v, %d at the server; want every one of %d a MISS that reached it", first, up1, len(urls))
	}
	if second["HIT"] != len(urls) || up2 != 0 {
		t.Errorf("second pass: %v, %d at the server; want all %d HITs and none at the server", second, up2, len(urls))
	}
}
