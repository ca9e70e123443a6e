// Command loadtest puts chronoatlas under a mixed load on loopback: tiles
// across years and zooms, items, the timeline and the viewer, from many
// concurrent connections for a bounded time. It builds and starts the
// server as a child process, so the memory it reports is the server's
// alone, and prints requests per second, latency percentiles, errors and
// the server's resident memory over the run:
//
//	go run ./cmd/loadtest [-connections 256] [-duration 30s] [-bin path]
//
// It exits with status 1 if any request failed or got a 5xx.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

func main() {
	conns := flag.Int("connections", 256, "concurrent connections")
	duration := flag.Duration("duration", 30*time.Second, "how long the load runs")
	bin := flag.String("bin", "", "the chronoatlas binary (built from ./cmd/chronoatlas when empty)")
	startups := flag.Int("startup", 0, "instead of the load, start the server this many times and report the time from start to first tile")
	flag.Parse()
	var err error
	if *startups > 0 {
		err = startup(*startups, *bin)
	} else {
		err = run(*conns, *duration, *bin)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

// workload lists the requests, in the proportions a map reader makes
// them: mostly tiles, some items, the timeline and the page itself.
func workload() []string {
	var urls []string
	years := []int{1115, 1120, 1125, 1127, 1130, 1135, 1141, 1150, 1161, 1165, 1190, 1206, 1210, 1215, 1220, 1227, 1233}
	for z := 3; z <= 8; z++ {
		a, b := maptile.At(orb.Point{105, 40}, maptile.Zoom(z)), maptile.At(orb.Point{122, 28}, maptile.Zoom(z))
		for x := a.X; x <= b.X; x++ {
			for y := a.Y; y <= b.Y; y++ {
				tile := fmt.Sprintf("/tiles/%d/%d/%d.mvt", z, x, y)
				urls = append(urls, tile)
				for _, yr := range years {
					urls = append(urls, fmt.Sprintf("%s?datetime=%d", tile, yr))
				}
			}
		}
	}
	for _, yr := range years {
		urls = append(urls,
			fmt.Sprintf("/collections/territories/items?datetime=%d", yr),
			fmt.Sprintf("/collections/places/items?datetime=%d&bbox=110,30,120,38", yr),
			fmt.Sprintf("/collections/events/items?datetime=%d", yr),
			fmt.Sprintf("/tiles.json?datetime=%d", yr),
		)
	}
	for range 20 {
		urls = append(urls, "/timeline", "/", "/web/app.js", "/collections", "/dataset.json", "/collections/places/items/kaifeng?datetime=1141")
	}
	return urls
}

type result struct {
	latencies        []time.Duration
	errors, s5xx, s4 int
}

func run(conns int, duration time.Duration, bin string) error {
	tmp, err := os.MkdirTemp("", "loadtest")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if bin, err = build(tmp, bin); err != nil {
		return err
	}
	srv := exec.Command(bin, "-addr", "127.0.0.1:0", "-log-format", "json")
	stderr, err := srv.StderrPipe()
	if err != nil {
		return err
	}
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() {
		srv.Process.Signal(os.Interrupt)
		srv.Wait()
	}()
	base, err := listening(stderr)
	if err != nil {
		return err
	}
	urls := workload()
	fmt.Printf("%d URLs, %d connections, %s, server pid %d at %s\n", len(urls), conns, duration, srv.Process.Pid, base)

	tr := &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, IdleConnTimeout: time.Minute}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), duration)
	defer cancel()

	// The server's resident memory, sampled through the run.
	var rss []int64
	var peak atomic.Int64
	memDone := make(chan struct{})
	go func() {
		defer close(memDone)
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			if kb, err := residentKB(srv.Process.Pid); err == nil {
				rss = append(rss, kb)
				if kb > peak.Load() {
					peak.Store(kb)
				}
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()

	results := make([]result, conns)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &results[w]
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			for ctx.Err() == nil {
				u := base + urls[rng.IntN(len(urls))]
				t0 := time.Now()
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
				req.Header.Set("Accept", "application/json, */*")
				res, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						r.errors++
						if r.errors <= 3 {
							fmt.Fprintln(os.Stderr, "error:", err)
						}
					}
					continue
				}
				_, err = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if err != nil && ctx.Err() == nil {
					r.errors++
					continue
				}
				switch {
				case res.StatusCode >= 500:
					r.s5xx++
					fmt.Fprintln(os.Stderr, res.StatusCode, u)
				case res.StatusCode >= 400:
					r.s4++
					fmt.Fprintln(os.Stderr, res.StatusCode, u)
				}
				if ctx.Err() == nil {
					r.latencies = append(r.latencies, time.Since(t0))
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	<-memDone

	var all []time.Duration
	var errs, s5xx, s4 int
	for _, r := range results {
		all = append(all, r.latencies...)
		errs += r.errors
		s5xx += r.s5xx
		s4 += r.s4
	}
	if len(all) == 0 {
		return errors.New("no request completed")
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	pct := func(p float64) time.Duration { return all[min(len(all)-1, int(p*float64(len(all))))] }
	fmt.Printf("requests:   %d in %s: %.0f requests/s\n", len(all), elapsed.Round(time.Millisecond), float64(len(all))/elapsed.Seconds())
	fmt.Printf("latency:    p50 %s, p90 %s, p99 %s, max %s\n", pct(0.50).Round(time.Microsecond), pct(0.90).Round(time.Microsecond), pct(0.99).Round(time.Microsecond), all[len(all)-1].Round(time.Microsecond))
	fmt.Printf("failures:   %d errors, %d 5xx, %d 4xx\n", errs, s5xx, s4)
	var quarters []string
	for q := 1; q <= 4; q++ {
		if len(rss) > 0 {
			quarters = append(quarters, fmt.Sprintf("%d MiB", rss[min(len(rss)-1, q*len(rss)/4)]/1024))
		}
	}
	fmt.Printf("memory:     peak %d MiB resident; by quarter of the run: %s\n", peak.Load()/1024, strings.Join(quarters, ", "))
	if errs > 0 || s5xx > 0 {
		return fmt.Errorf("%d errors and %d 5xx under load", errs, s5xx)
	}
	return nil
}

// build returns bin, or builds the server into tmp when bin is empty.
func build(tmp, bin string) (string, error) {
	if bin != "" {
		return bin, nil
	}
	bin = filepath.Join(tmp, "chronoatlas")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/chronoatlas")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("building the server: %w", err)
	}
	return bin, nil
}

// firstTile is what a map asks for first: a tile of the default view at
// the default year.
const firstTile = "/tiles/5/26/12.mvt?datetime=1141"

// startup starts the server n times on a fixed free port and reports the
// time from starting the process to the first tile's last byte: the
// shortest, the median and the longest.
func startup(n int, bin string) error {
	tmp, err := os.MkdirTemp("", "loadtest")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if bin, err = build(tmp, bin); err != nil {
		return err
	}
	var took, cpu []time.Duration
	for range n {
		d, c, err := startOnce(bin)
		if err != nil {
			return err
		}
		took, cpu = append(took, d), append(cpu, c)
	}
	for _, l := range []struct {
		what string
		d    []time.Duration
	}{{"start to first tile", took}, {"CPU time of the server", cpu}} {
		sort.Slice(l.d, func(i, j int) bool { return l.d[i] < l.d[j] })
		fmt.Printf("%s (%s), %d starts: min %s, median %s, max %s\n", l.what, firstTile, n,
			l.d[0].Round(100*time.Microsecond), l.d[n/2].Round(100*time.Microsecond), l.d[n-1].Round(100*time.Microsecond))
	}
	return nil
}

// startOnce starts the server, asks for the first tile until it comes,
// and stops the server; it returns the time that took and the CPU time the
// server used in all (user and system, which on a busy machine says more
// than the wall clock). Connections are tried every 200 µs, so the port is
// known before: one the kernel just gave out and took back.
func startOnce(bin string) (took, cpu time.Duration, err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, 0, err
	}
	addr := ln.Addr().String()
	ln.Close()
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 30 * time.Second}
	srv := exec.Command(bin, "-addr", addr, "-log-level", "warn")
	srv.Stderr = os.Stderr
	start := time.Now()
	if err := srv.Start(); err != nil {
		return 0, 0, err
	}
	defer func() {
		srv.Process.Signal(os.Interrupt)
		srv.Wait()
		if ru, ok := srv.ProcessState.SysUsage().(*syscall.Rusage); ok {
			cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		}
	}()
	for {
		if time.Since(start) > 30*time.Second {
			return 0, 0, errors.New("no tile in 30 s")
		}
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			time.Sleep(200 * time.Microsecond)
			continue
		}
		c.Close()
		break
	}
	res, err := client.Get("http://" + addr + firstTile)
	if err != nil {
		return 0, 0, err
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	took = time.Since(start)
	if err != nil {
		return 0, 0, err
	}
	if res.StatusCode != http.StatusOK {
		return 0, 0, fmt.Errorf("first tile: status %d", res.StatusCode)
	}
	return took, 0, nil
}

// listening waits for the server's "listening" log line and returns its
// base URL; the rest of its log (a line per request) is read and dropped.
func listening(r io.Reader) (string, error) {
	sc := bufio.NewScanner(r)
	re := regexp.MustCompile(`"msg":"listening","addr":"([^"]+)"`)
	deadline := time.AfterFunc(30*time.Second, func() {})
	defer deadline.Stop()
	for sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			go io.Copy(io.Discard, r) // request logs, as in production
			return "http://" + m[1], nil
		}
		fmt.Fprintln(os.Stderr, sc.Text())
	}
	return "", errors.New("the server exited before listening")
}

// residentKB reads a process's resident memory from /proc.
func residentKB(pid int) (int64, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		}
	}
	return 0, errors.New("no VmRSS")
}
