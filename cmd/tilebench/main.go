// Command tilebench measures how fast chronoatlas serves cached vector tiles
// against nginx serving the very same bytes as static files.
//
// It starts chronoatlas in-process on loopback, fetches a fixed list of
// tiles (a viewport over China at one year), writes them as files, starts
// nginx on loopback over those files, and runs wrk against each in turn for
// a bounded time, printing requests per second and their ratio:
//
//	go run ./cmd/tilebench [-duration 10s] [-rounds 3] [-connections 64] [-zoom 5] [-datetime 1141]
//
// With -cold it measures tiles the cache has not seen instead: every
// (tile, state) pair over China at zooms 3 to 8 asked once, each round
// against a freshly started chronoatlas, whose peak RSS it reports too:
//
//	go run ./cmd/tilebench -cold [-rounds 3] [-connections 64]
//
// It needs nginx and wrk (Debian: nginx-light, wrk) and sends traffic to
// 127.0.0.1 only.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/chronoatlas/chronoatlas/data"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/chronoatlas/chronoatlas/internal/server"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "tilebench:", err)
		os.Exit(1)
	}
}

func run() error {
	duration := flag.Duration("duration", 10*time.Second, "how long wrk runs against each server")
	conns := flag.Int("connections", 64, "wrk's concurrent connections")
	zoom := flag.Int("zoom", 5, "the zoom of the viewport's tiles")
	datetime := flag.String("datetime", "1141", "the datetime of the tiles")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of chronoatlas under load to this file")
	rounds := flag.Int("rounds", 3, "rounds of wrk against each server, taken in turn; the medians are compared")
	cold := flag.Bool("cold", false, "measure cold tiles: every (tile, state) pair over China asked once of a fresh server")
	minZoom := flag.Int("minzoom", 3, "with -cold, the first zoom")
	maxZoom := flag.Int("maxzoom", 8, "with -cold, the last zoom")
	serve := flag.String("serve", "", "serve chronoatlas on this address (the cold mode's own processes)")
	cacheBytes := flag.Int64("tile-cache-bytes", 0, "with -cold, the tile cache's bound (0: the server's default)")
	flag.Parse()
	if *serve != "" {
		return serveChild(*serve, *cacheBytes)
	}
	if *cold {
		if *minZoom < 0 || *maxZoom > 14 || *minZoom > *maxZoom {
			return errors.New("-minzoom and -maxzoom: 0 ≤ minzoom ≤ maxzoom ≤ 14")
		}
		return runCold(*conns, *rounds, *minZoom, *maxZoom, *cacheBytes)
	}
	if *duration > 2*time.Minute {
		return errors.New("-duration is capped at 2m")
	}
	return runCached(*conns, *rounds, *zoom, *duration, *datetime, *cpuprofile)
}

// workDir checks that the tools a measure runs are installed and makes the
// folder whose files nginx serves; the caller removes it.
func workDir(tools ...string) (string, error) {
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			return "", fmt.Errorf("%s not found; install it (Debian: nginx-light for nginx)", tool)
		}
	}
	dir, err := os.MkdirTemp("", "tilebench")
	if err != nil {
		return "", err
	}
	// nginx's workers run as another user; they must reach the files.
	if err := os.Chmod(dir, 0o755); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}

// runCached measures cached tiles: a viewport's tiles, fetched once from
// chronoatlas in this process (which warms its cache) and written where
// nginx serves them, then wrk against each in turn.
func runCached(conns, rounds, zoom int, duration time.Duration, datetime, cpuprofile string) error {
	dir, err := workDir("nginx", "wrk")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	atlas, err := startInProcess(ctx)
	if err != nil {
		return err
	}
	paths, err := fetchViewport(atlas, dir, zoom, datetime)
	if err != nil {
		return err
	}
	fmt.Printf("%d tiles at zoom %d, datetime=%s\n", len(paths), zoom, datetime)
	nginxAddr, stop, err := startNginx(dir)
	if err != nil {
		return err
	}
	defer stop()
	script := filepath.Join(dir, "urls.lua")
	if err := writeScript(script, paths, "?datetime="+datetime); err != nil {
		return err
	}
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	return compare(atlas, "http://"+nginxAddr, script, conns, rounds, duration)
}

// startInProcess serves the embedded atlas as chronoatlas serve does
// (geometry trusted, default configuration, logging at the default level,
// info) on a loopback port until ctx ends, and returns its base URL.
func startInProcess(ctx context.Context) (string, error) {
	ds, err := loadAtlas()
	if err != nil {
		return "", err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	srv := server.New(server.DefaultConfig(), ds, log)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	go srv.Serve(ctx, ln)
	return "http://" + ln.Addr().String(), nil
}

// loadAtlas loads the embedded atlas as chronoatlas serve does: its
// geometry, which data's tests check, trusted.
func loadAtlas() (*dataset.Dataset, error) {
	lim := dataset.DefaultLimits()
	lim.TrustGeometry = true
	return dataset.LoadLimited(context.Background(), data.JinSong(), lim)
}

// fetchViewport fetches the tiles of a viewport over China at zoom and
// datetime and writes those with content under dir/www, returning their
// paths.
func fetchViewport(atlas, dir string, zoom int, datetime string) ([]string, error) {
	a, b := maptile.At(orb.Point{100, 45}, maptile.Zoom(zoom)), maptile.At(orb.Point{125, 20}, maptile.Zoom(zoom))
	var paths []string
	for x := a.X; x <= b.X; x++ {
		for y := a.Y; y <= b.Y; y++ {
			p := fmt.Sprintf("/tiles/%d/%d/%d.mvt", zoom, x, y)
			res, err := http.Get(atlas + p + "?datetime=" + datetime)
			if err != nil {
				return nil, err
			}
			body, err := io.ReadAll(res.Body)
			res.Body.Close()
			if err != nil {
				return nil, err
			}
			if res.StatusCode != http.StatusOK {
				continue // an empty tile: 204
			}
			file := filepath.Join(dir, "www", filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				return nil, err
			}
			if err := os.WriteFile(file, body, 0o644); err != nil {
				return nil, err
			}
			paths = append(paths, p)
		}
	}
	if len(paths) == 0 {
		return nil, errors.New("no tile in the viewport")
	}
	return paths, nil
}

// compare runs wrk against the two servers in turn, rounds times, and
// prints their rates and the median of the rounds' ratios.
func compare(atlas, nginx, script string, conns, rounds int, duration time.Duration) error {
	// On a small machine wrk, the server and the rest of the system share
	// the cores, and one run of each drifts by a tenth either way: each
	// round pairs two runs a few seconds apart, so its ratio is spared
	// most of the drift, and the median of the rounds' ratios is the
	// figure to go by.
	var atlasRuns, nginxRuns, ratios []float64
	for i := 0; i < max(1, rounds); i++ {
		rps, err := runWrk(atlas, script, conns, duration)
		if err != nil {
			return fmt.Errorf("wrk against chronoatlas: %w", err)
		}
		atlasRuns = append(atlasRuns, rps)
		if rps, err = runWrk(nginx, script, conns, duration); err != nil {
			return fmt.Errorf("wrk against nginx: %w", err)
		}
		nginxRuns = append(nginxRuns, rps)
		ratios = append(ratios, atlasRuns[i]/nginxRuns[i])
		fmt.Printf("round %d: chronoatlas %.0f, nginx %.0f requests/s, ratio %.2f\n", i+1, atlasRuns[i], nginxRuns[i], ratios[i])
	}
	fmt.Printf("chronoatlas: %10.0f requests/s (median)\n", median(atlasRuns))
	fmt.Printf("nginx:       %10.0f requests/s (median)\n", median(nginxRuns))
	lo, hi := slices.Min(ratios), slices.Max(ratios)
	fmt.Printf("ratio:       %10.2f (median of the rounds, %.2f–%.2f; goal: at least 0.90)\n", median(ratios), lo, hi)
	return nil
}

// startNginx serves dir/www on a free loopback port.
func startNginx(dir string) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	conf := fmt.Sprintf(`daemon off;
worker_processes auto;
pid %[1]s/nginx.pid;
error_log stderr warn;
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 100000;
	client_body_temp_path %[1]s/tmp;
	proxy_temp_path %[1]s/tmp;
	fastcgi_temp_path %[1]s/tmp;
	uwsgi_temp_path %[1]s/tmp;
	scgi_temp_path %[1]s/tmp;
	types { application/vnd.mapbox-vector-tile mvt; }
	server {
		listen %[2]s;
		root %[1]s/www;
		etag on;
		location /tiles/ { add_header Access-Control-Allow-Origin *; }
	}
}
`, dir, addr)
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		return "", nil, err
	}
	path := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		return "", nil, err
	}
	cmd := exec.Command("nginx", "-p", dir, "-c", path)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
		}
	}
	for i := 0; i < 100; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return addr, stop, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	return "", nil, errors.New("nginx did not start")
}

// writeScript writes a wrk Lua script that cycles through the paths.
func writeScript(file string, paths []string, query string) error {
	var b strings.Builder
	b.WriteString("local paths = {\n")
	for _, p := range paths {
		fmt.Fprintf(&b, "  %q,\n", p+query)
	}
	b.WriteString("}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format(\"GET\", paths[i])\nend\n")
	return os.WriteFile(file, []byte(b.String()), 0o644)
}

var rpsLine = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)

// runWrk runs wrk and returns its requests per second; it fails on any
// non-2xx answer or socket error.
func runWrk(base, script string, conns int, d time.Duration) (float64, error) {
	cmd := exec.Command("wrk", "-t2", "-c"+strconv.Itoa(conns), "-d"+d.String(), "--latency", "-s", script, base)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("%v: %s", err, out)
	}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		line := sc.Text()
		if strings.Contains(line, "Non-2xx") || strings.Contains(line, "Socket errors") {
			return 0, fmt.Errorf("wrk saw errors: %s", line)
		}
	}
	m := rpsLine.FindStringSubmatch(string(out))
	if m == nil {
		return 0, fmt.Errorf("no Requests/sec in wrk's output: %s", out)
	}
	return strconv.ParseFloat(m[1], 64)
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
