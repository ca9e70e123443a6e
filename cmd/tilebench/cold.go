package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chronoatlas/chronoatlas/internal/server"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// The cold mode asks for every (tile, state) pair once: the tiles over
// China at zooms minZoom to maxZoom, each at every year in which anything
// in the atlas changes (the states a slider steps through), in the order a
// reader sliding through the years would: year by year, zoom by zoom. Each
// round starts chronoatlas afresh, in a process of its own so that its
// peak RSS is its own, and runs one pass over the pairs; nginx serves the
// same bodies as files, one pass too. Both are driven by one lean HTTP/1.1
// client over keep-alive connections: wrk cannot stop after one pass.

// serveChild runs chronoatlas for the cold mode's rounds on addr until
// killed.
func serveChild(addr string, cacheBytes int64) error {
	ds, err := loadAtlas()
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	cfg := server.DefaultConfig()
	if cacheBytes > 0 {
		cfg.TileCacheBytes = cacheBytes
	}
	if debug.SetMemoryLimit(-1) == math.MaxInt64 { // as serve does, unless GOMEMLIMIT is set
		debug.SetMemoryLimit(server.FitMemoryLimit(cfg))
	}
	srv := server.New(cfg, ds, log)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return srv.Serve(context.Background(), ln)
}

// child is chronoatlas running in a process of its own.
type child struct {
	addr string
	cmd  *exec.Cmd
}

func startChild(cacheBytes int64) (*child, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, "-serve", addr, "-tile-cache-bytes", strconv.FormatInt(cacheBytes, 10))
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	c := &child{addr: addr, cmd: cmd}
	for i := 0; i < 200; i++ {
		if res, err := http.Get("http://" + addr + "/healthz"); err == nil {
			res.Body.Close()
			return c, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	c.stop()
	return nil, errors.New("chronoatlas did not start")
}

// peakRSS returns the child's peak resident set in bytes (VmHWM).
func (c *child) peakRSS() (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no VmHWM in /proc status")
}

// memory returns what the child's metrics say it holds: the tile cache's
// bytes, the live heap and what the Go runtime took from the system.
func (c *child) memory() string {
	res, err := http.Get("http://" + c.addr + "/metrics")
	if err != nil {
		return err.Error()
	}
	defer res.Body.Close()
	want := map[string]string{
		"chronoatlas_tile_cache_bytes": "tile cache", "go_memstats_heap_alloc_bytes": "heap",
		"go_memstats_sys_bytes": "Go runtime", "go_gc_gogc_percent": "GOGC", "go_gc_gomemlimit_bytes": "GOMEMLIMIT",
	}
	var out []string
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		name, v, ok := strings.Cut(sc.Text(), " ")
		if label, found := want[name]; ok && found {
			f, _ := strconv.ParseFloat(v, 64)
			if strings.HasSuffix(name, "bytes") {
				out = append(out, fmt.Sprintf("%s %.1f MB", label, f/1e6))
			} else {
				out = append(out, fmt.Sprintf("%s %s", label, v))
			}
		}
	}
	return strings.Join(out, ", ")
}

func (c *child) stop() {
	c.cmd.Process.Kill()
	c.cmd.Wait()
}

// pair is one tile at one year: its URL on chronoatlas and its file's
// path on nginx.
type pair struct{ atlas, file string }

func runCold(conns, rounds, minZoom, maxZoom int, cacheBytes int64) error {
	dir, err := workDir("nginx")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	// The pairs, and their bodies for nginx, from a first chronoatlas.
	first, err := startChild(cacheBytes)
	if err != nil {
		return err
	}
	years, err := timelineYears("http://" + first.addr)
	if err != nil {
		first.stop()
		return err
	}
	var pairs []pair
	for _, y := range years {
		for z := minZoom; z <= maxZoom; z++ {
			a, b := maptile.At(orb.Point{100, 45}, maptile.Zoom(z)), maptile.At(orb.Point{125, 20}, maptile.Zoom(z))
			for x := a.X; x <= b.X; x++ {
				for ty := a.Y; ty <= b.Y; ty++ {
					pairs = append(pairs, pair{
						atlas: fmt.Sprintf("/tiles/%d/%d/%d.mvt?datetime=%d", z, x, ty, y),
						file:  fmt.Sprintf("/cold/%d/%d/%d/%d.mvt", y, z, x, ty),
					})
				}
			}
		}
	}
	err = fetchAll("http://"+first.addr, pairs, filepath.Join(dir, "www"))
	first.stop()
	if err != nil {
		return err
	}
	fmt.Printf("%d pairs: %d years × the tiles over China at zooms %d–%d, each asked once, over %d connections\n",
		len(pairs), len(years), minZoom, maxZoom, conns)

	nginxAddr, stopNginx, err := startNginx(dir)
	if err != nil {
		return err
	}
	defer stopNginx()

	atlasPaths, nginxPaths := make([]string, len(pairs)), make([]string, len(pairs))
	for i, p := range pairs {
		atlasPaths[i], nginxPaths[i] = p.atlas, p.file
	}
	var ratios []float64
	var peak int64
	for i := 0; i < max(1, rounds); i++ {
		c, err := startChild(cacheBytes)
		if err != nil {
			return err
		}
		atlas, err := onePass(c.addr, atlasPaths, conns)
		rss, rssErr := c.peakRSS()
		mem := c.memory()
		c.stop()
		if err != nil {
			return fmt.Errorf("chronoatlas: %w", err)
		}
		if rssErr != nil {
			return rssErr
		}
		peak = max(peak, rss)
		nginx, err := onePass(nginxAddr, nginxPaths, conns)
		if err != nil {
			return fmt.Errorf("nginx: %w", err)
		}
		ratios = append(ratios, atlas.rps()/nginx.rps())
		fmt.Printf("round %d: chronoatlas %.0f (p99 %v, %d busy, peak RSS %.1f MB; after: %s), nginx %.0f requests/s (p99 %v), ratio %.3f\n",
			i+1, atlas.rps(), atlas.p99(), atlas.busy, float64(rss)/1e6, mem, nginx.rps(), nginx.p99(), ratios[i])
	}
	fmt.Printf("cold ratio:  %10.3f (median of the rounds, %.3f–%.3f; goal: at least 0.16)\n", median(ratios), slices.Min(ratios), slices.Max(ratios))
	fmt.Printf("peak RSS:    %10.1f MB (the highest of the rounds; goal: at most 60)\n", float64(peak)/1e6)
	return nil
}

// timelineYears returns the years in which anything in the atlas changes.
func timelineYears(base string) ([]int, error) {
	res, err := http.Get(base + "/timeline")
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	var tl struct {
		Years []int `json:"years"`
	}
	if err := json.NewDecoder(res.Body).Decode(&tl); err != nil {
		return nil, err
	}
	if len(tl.Years) == 0 {
		return nil, errors.New("no years in the timeline")
	}
	return tl.Years, nil
}

// fetchAll gets every pair's body from chronoatlas and writes it where
// nginx finds it; an empty tile (204) is an empty file.
func fetchAll(base string, pairs []pair, root string) error {
	var wg sync.WaitGroup
	var next atomic.Int64
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(pairs) {
					return
				}
				res, err := http.Get(base + pairs[i].atlas)
				if err != nil {
					errs <- err
					return
				}
				body, err := io.ReadAll(res.Body)
				res.Body.Close()
				if err == nil && res.StatusCode != http.StatusOK && res.StatusCode != http.StatusNoContent {
					err = fmt.Errorf("%s: status %d", pairs[i].atlas, res.StatusCode)
				}
				if err == nil {
					file := filepath.Join(root, filepath.FromSlash(pairs[i].file))
					if err = os.MkdirAll(filepath.Dir(file), 0o755); err == nil {
						err = os.WriteFile(file, body, 0o644)
					}
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// pass is what one pass over the paths took.
type pass struct {
	n, busy   int // requests, and those answered 503 (busy)
	took      time.Duration
	latencies []time.Duration
}

func (p pass) rps() float64 { return float64(p.n) / p.took.Seconds() }

func (p pass) p99() time.Duration {
	s := slices.Clone(p.latencies)
	slices.Sort(s)
	return s[len(s)*99/100].Round(10 * time.Microsecond)
}

// onePass asks for each path once over conns keep-alive connections to
// addr, failing on any status but 200, 204 and 503 (which it counts).
func onePass(addr string, paths []string, conns int) (pass, error) {
	var next, busy atomic.Int64
	latencies := make([]time.Duration, len(paths))
	errs := make(chan error, conns)
	var wg sync.WaitGroup
	start := time.Now()
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				errs <- err
				return
			}
			defer conn.Close()
			r := bufio.NewReaderSize(conn, 64<<10)
			for {
				i := int(next.Add(1) - 1)
				if i >= len(paths) {
					return
				}
				t0 := time.Now()
				if _, err := io.WriteString(conn, "GET "+paths[i]+" HTTP/1.1\r\nHost: localhost\r\n\r\n"); err != nil {
					errs <- err
					return
				}
				ok, err := readResponse(r)
				if err != nil {
					errs <- fmt.Errorf("%s: %w", paths[i], err)
					return
				}
				if !ok {
					busy.Add(1)
				}
				latencies[i] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	close(errs)
	if err := <-errs; err != nil {
		return pass{}, err
	}
	return pass{n: len(paths), busy: int(busy.Load()), took: took, latencies: latencies}, nil
}

// readResponse reads one response with a Content-Length body (or none)
// and discards it; it reports false for a 503, and a status but 200, 204
// or 503 is an error.
func readResponse(r *bufio.Reader) (bool, error) {
	status, err := r.ReadString('\n')
	if err != nil {
		return false, err
	}
	f := strings.Fields(status)
	if len(f) < 2 || (f[1] != "200" && f[1] != "204" && f[1] != "503") {
		return false, fmt.Errorf("answer %q", strings.TrimSpace(status))
	}
	ok := f[1] != "503"
	length := 0
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return false, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		if k, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(k, "Content-Length") {
			if length, err = strconv.Atoi(strings.TrimSpace(v)); err != nil {
				return false, err
			}
		}
	}
	_, err = r.Discard(length)
	return ok, err
}
