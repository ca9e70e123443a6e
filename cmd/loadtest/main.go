// Command loadtest puts chronoatlas under a mixed load on loopback: map
// readers (tiles across years and zooms, items, the timeline and the
// viewer) and the red team's traffic (made-up methods, a different date in
// every request, expensive pages from clients some of whom give up early),
// from many concurrent connections for a bounded time. It builds and
// starts the server as a child process, so the memory it reports is the
// server's alone, and prints per mix the requests, latency percentiles,
// errors and 503s shed, then the server's resident memory over the run,
// by quarter, so that one sees it level off:
//
//	go run ./cmd/loadtest [-connections 256] [-duration 30s] [-mix all|map|methods|dates|expensive] [-bin path] [-server-args "..."]
//	go run ./cmd/loadtest -startup 9    # start to first tile, 9 starts
//
// It exits with status 1 if any request failed or got a 5xx other than a
// 503 with Retry-After, which is the server shedding load as it should.
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
	"slices"
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
	serverArgs := flag.String("server-args", "", "more flags for the server, such as \"-tile-cache-bytes 33554432 -memory-limit 128MiB\"")
	mixFlag := flag.String("mix", "all", "the traffic: map, methods, dates, expensive, or all of them at once")
	startups := flag.Int("startup", 0, "instead of the load, start the server this many times and report the time from start to first tile")
	flag.Parse()
	only := slices.Index(mixNames[:], *mixFlag)
	if only < 0 && *mixFlag != "all" {
		fmt.Fprintf(os.Stderr, "loadtest: -mix %q: use map, methods, dates, expensive or all\n", *mixFlag)
		os.Exit(2)
	}
	var err error
	if *startups > 0 {
		err = startup(*startups, *bin)
	} else {
		err = run(*conns, *duration, *bin, only, strings.Fields(*serverArgs))
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
		urls = append(urls, "/timeline", "/", "/web/js/main.js", "/collections", "/dataset.json", "/collections/places/items/kaifeng?datetime=1141")
	}
	return urls
}

// A mix is a kind of traffic: map readers (the workload above), or one of
// the red team's: made-up methods, a different date in every request, and
// expensive pages (KML and GeoJSON of 10,000 features) from clients some
// of whom give up early.
type mix int

const (
	mixMap mix = iota
	mixMethods
	mixDates
	mixExpensive
	nMixes
)

var mixNames = [nMixes]string{"map", "methods", "dates", "expensive"}

// pickMix returns the mix of one request: with -mix all, seven in ten are
// map requests and one in ten of each of the others.
func pickMix(only int, rng *rand.Rand) mix {
	if only >= 0 {
		return mix(only)
	}
	switch n := rng.IntN(10); {
	case n < 7:
		return mixMap
	default:
		return mix(n - 6)
	}
}

// request makes one request of mix m: its method, URL and whether the
// client gives up on it early.
func request(m mix, urls, tiles []string, rng *rand.Rand) (method, path string, impatient bool) {
	const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	switch m {
	case mixMethods:
		n := 1 + rng.IntN(24)
		if rng.IntN(50) == 0 {
			n = 8 << 10
		}
		b := make([]byte, n)
		for i := range b {
			b[i] = letters[rng.IntN(len(letters))]
		}
		return string(b), urls[rng.IntN(len(urls))], false
	case mixDates:
		day := func() string {
			return fmt.Sprintf("%04d-%02d-%02d", 1115+rng.IntN(120), 1+rng.IntN(12), 1+rng.IntN(28))
		}
		when := day()
		if rng.IntN(3) == 0 {
			when += "/" + day()
			if a, b, _ := strings.Cut(when, "/"); a > b {
				when = b + "/" + a
			}
		}
		if rng.IntN(4) == 0 {
			return "GET", "/collections/places/items?bbox=105,28,122,40&datetime=" + when, false
		}
		return "GET", tiles[rng.IntN(len(tiles))] + "?datetime=" + when, false
	case mixExpensive:
		pages := []string{
			"/collections/territories/items?f=kml&limit=10000",
			"/collections/territories/items?limit=10000",
			"/collections/land/items?limit=10000&f=kml",
			"/collections/territories/items?limit=10000&f=html",
		}
		path := pages[rng.IntN(len(pages))]
		if rng.IntN(2) == 0 {
			path += fmt.Sprintf("&datetime=%d", 1115+rng.IntN(120))
		}
		return "GET", path, rng.IntN(4) == 0
	}
	return "GET", urls[rng.IntN(len(urls))], false
}

// tally is what one connection saw of one mix.
type tally struct {
	latencies                      []time.Duration
	errors, s5xx, shed, s4xx, gave int
}

func run(conns int, duration time.Duration, bin string, only int, serverArgs []string) error {
	tmp, err := os.MkdirTemp("", "loadtest")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if bin, err = build(tmp, bin); err != nil {
		return err
	}
	srv := exec.Command(bin, append([]string{"-addr", "127.0.0.1:0", "-log-format", "json"}, serverArgs...)...)
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
	which := "all"
	if only >= 0 {
		which = mixNames[only]
	}
	fmt.Printf("mix %s, %d map URLs, %d connections, %s, server pid %d at %s\n", which, len(urls), conns, duration, srv.Process.Pid, base)

	ctx, cancel := context.WithTimeout(context.Background(), duration)
	defer cancel()
	mem := sampleMemory(ctx, srv.Process.Pid)
	start := time.Now()
	results := drive(ctx, base, conns, only, urls)
	elapsed := time.Since(start)
	rss, peak := mem()
	return summarize(results, elapsed, rss, peak)
}

// sampleMemory samples the resident memory of process pid every 250 ms
// until ctx ends; the function it returns waits for that and returns the
// samples and the peak, in KiB.
func sampleMemory(ctx context.Context, pid int) func() (rss []int64, peak int64) {
	done := make(chan struct{})
	var samples []int64
	var most int64
	go func() {
		defer close(done)
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			if kb, err := residentKB(pid); err == nil {
				samples = append(samples, kb)
				most = max(most, kb)
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	return func() ([]int64, int64) {
		<-done
		return samples, most
	}
}

// drive sends requests from conns connections until ctx ends and returns
// what each connection saw of each mix.
func drive(ctx context.Context, base string, conns, only int, urls []string) [][nMixes]tally {
	var tiles []string
	for _, u := range urls {
		if strings.HasPrefix(u, "/tiles/") && !strings.Contains(u, "?") {
			tiles = append(tiles, u)
		}
	}
	tr := &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, IdleConnTimeout: time.Minute}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	results := make([][nMixes]tally, conns)
	var printed atomic.Int32
	report := func(format string, args ...any) {
		if printed.Add(1) <= 10 {
			fmt.Fprintf(os.Stderr, format, args...)
		}
	}
	var wg sync.WaitGroup
	for w := range conns {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			for ctx.Err() == nil {
				m := pickMix(only, rng)
				method, path, impatient := request(m, urls, tiles, rng)
				results[w][m].once(ctx, client, base, m, method, path, impatient, rng, report)
			}
		})
	}
	wg.Wait()
	return results
}

// once makes one request and counts its outcome in t.
func (t *tally) once(ctx context.Context, client *http.Client, base string, m mix, method, path string, impatient bool, rng *rand.Rand, report func(string, ...any)) {
	rctx, rcancel := ctx, context.CancelFunc(func() {})
	if impatient {
		rctx, rcancel = context.WithTimeout(ctx, time.Duration(1+rng.IntN(20))*time.Millisecond)
	}
	defer rcancel()
	t0 := time.Now()
	req, _ := http.NewRequestWithContext(rctx, method, base+path, nil)
	req.Header.Set("Accept", "application/json, */*")
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := client.Do(req)
	if err == nil {
		_, err = io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
	switch {
	case ctx.Err() != nil:
		return // the run is over
	case err != nil && rctx.Err() != nil:
		t.gave++ // an impatient client gave up, as meant
		return
	case err != nil:
		t.errors++
		report("error: %v\n", err)
		return
	case res.StatusCode == http.StatusServiceUnavailable && res.Header.Get("Retry-After") != "":
		t.shed++
	case res.StatusCode >= 500:
		t.s5xx++
		report("%d %s %.100s\n", res.StatusCode, method, path)
	case res.StatusCode >= 400:
		t.s4xx++
		if m != mixMethods {
			report("%d %s %.100s\n", res.StatusCode, method, path)
		}
	}
	t.latencies = append(t.latencies, time.Since(t0))
}

// summarize prints per mix the requests, latencies and failures, then
// the server's memory by quarter of the run; it fails if any request
// failed or got a 5xx but a 503 with Retry-After.
func summarize(results [][nMixes]tally, elapsed time.Duration, rss []int64, peak int64) error {
	var errs, s5xx int
	total := 0
	for m := range nMixes {
		var t tally
		for _, r := range results {
			t.latencies = append(t.latencies, r[m].latencies...)
			t.errors += r[m].errors
			t.s5xx += r[m].s5xx
			t.shed += r[m].shed
			t.s4xx += r[m].s4xx
			t.gave += r[m].gave
		}
		errs += t.errors
		s5xx += t.s5xx
		total += len(t.latencies)
		if len(t.latencies) == 0 {
			continue
		}
		all := t.latencies
		sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
		pct := func(p float64) time.Duration { return all[min(len(all)-1, int(p*float64(len(all))))] }
		fmt.Printf("%-10s %7d requests, p50 %s, p99 %s; %d errors, %d 5xx, %d 503 shed, %d 4xx, %d given up by the client\n", mixNames[m]+":",
			len(all), pct(0.50).Round(time.Microsecond), pct(0.99).Round(time.Microsecond), t.errors, t.s5xx, t.shed, t.s4xx, t.gave)
	}
	if total == 0 {
		return errors.New("no request completed")
	}
	fmt.Printf("requests:   %d in %s: %.0f requests/s\n", total, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds())
	var quarters []string
	for q := 1; q <= 4; q++ {
		if len(rss) > 0 {
			quarters = append(quarters, fmt.Sprintf("%d MiB", rss[min(len(rss)-1, q*len(rss)/4)]/1024))
		}
	}
	fmt.Printf("memory:     peak %d MiB resident; by quarter of the run: %s\n", peak/1024, strings.Join(quarters, ", "))
	if errs > 0 || s5xx > 0 {
		return fmt.Errorf("%d errors and %d 5xx (besides 503s with Retry-After) under load", errs, s5xx)
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
