// Command chronoatlas is a time-aware map server: it serves historical
// boundaries, places, events and rivers as GeoJSON, OGC API Features and
// vector tiles, with a viewer that has a year slider.
//
//	chronoatlas [serve] [-addr :8080] [-data DIR]   serve a dataset (the embedded Jin–Song atlas by default)
//	chronoatlas validate [DIR]                       check a dataset and list its problems
//	chronoatlas publish [-maxzoom 7] DIR             write the dataset as a static site
//	chronoatlas version                              print the version
//
// Every flag has an environment variable: -addr is CHRONOATLAS_ADDR, -data is
// CHRONOATLAS_DATA, and so on; a flag wins over its variable.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/chronoatlas/chronoatlas/data"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/chronoatlas/chronoatlas/internal/server"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "chronoatlas:", err)
		}
		os.Exit(exitCode(err))
	}
}

// usageError is a mistake on the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func exitCode(err error) int {
	var u usageError
	if errors.As(err, &u) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

// Config is the whole program's configuration, filled from flags and
// CHRONOATLAS_* environment variables on top of DefaultConfig.
type Config struct {
	Server server.Config
	// DataDir is the dataset folder; empty means the embedded dataset.
	DataDir string
	// LogFormat is "text" or "json"; LogLevel is debug, info, warn or error.
	LogFormat string
	LogLevel  string
	// MemoryLimit is the soft memory limit given to the Go runtime
	// (debug.SetMemoryLimit), in bytes. AutoMemoryLimit (the default)
	// sets one from the dataset and the caches once the dataset is
	// loaded, unless GOMEMLIMIT sets one; 0 sets none.
	MemoryLimit int64
}

// AutoMemoryLimit is the MemoryLimit that asks for a limit made to fit:
// see server.FitMemoryLimit.
const AutoMemoryLimit = -1

// DefaultConfig returns the configuration chronoatlas runs with unless told
// otherwise.
func DefaultConfig() Config {
	cfg := Config{Server: server.DefaultConfig(), LogFormat: "text", LogLevel: "info", MemoryLimit: AutoMemoryLimit}
	cfg.Server.Version = version
	return cfg
}

// parseFlags fills cfg from args and the environment. Flags win over
// environment variables, which win over the defaults.
func parseFlags(name string, args []string, getenv func(string) string, stderr io.Writer) (Config, []string, error) {
	cfg := DefaultConfig()
	fset := flag.NewFlagSet(name, flag.ContinueOnError)
	fset.SetOutput(stderr)
	s := &cfg.Server
	fset.StringVar(&s.Addr, "addr", s.Addr, "address to listen on (CHRONOATLAS_ADDR)")
	fset.StringVar(&cfg.DataDir, "data", cfg.DataDir, "dataset folder; empty serves the embedded Jin–Song atlas (CHRONOATLAS_DATA)")
	fset.StringVar(&cfg.LogFormat, "log-format", cfg.LogFormat, "log format: text or json (CHRONOATLAS_LOG_FORMAT)")
	fset.StringVar(&cfg.LogLevel, "log-level", cfg.LogLevel, "log level: debug, info, warn or error (CHRONOATLAS_LOG_LEVEL)")
	fset.DurationVar(&s.ReadHeaderTimeout, "read-header-timeout", s.ReadHeaderTimeout, "time allowed to read request headers (CHRONOATLAS_READ_HEADER_TIMEOUT)")
	fset.DurationVar(&s.ReadTimeout, "read-timeout", s.ReadTimeout, "time allowed to read a request (CHRONOATLAS_READ_TIMEOUT)")
	fset.DurationVar(&s.WriteTimeout, "write-timeout", s.WriteTimeout, "time allowed to write a response (CHRONOATLAS_WRITE_TIMEOUT)")
	fset.DurationVar(&s.IdleTimeout, "idle-timeout", s.IdleTimeout, "how long an idle keep-alive connection is kept (CHRONOATLAS_IDLE_TIMEOUT)")
	fset.DurationVar(&s.ShutdownTimeout, "shutdown-timeout", s.ShutdownTimeout, "how long in-flight requests may finish after SIGTERM (CHRONOATLAS_SHUTDOWN_TIMEOUT)")
	fset.IntVar(&s.MaxLimit, "max-limit", s.MaxLimit, "the largest page of items (CHRONOATLAS_MAX_LIMIT)")
	fset.IntVar(&s.MaxPageBytes, "max-page-bytes", s.MaxPageBytes, "the largest page of items in bytes; a larger page ends early (CHRONOATLAS_MAX_PAGE_BYTES)")
	fset.IntVar(&s.TileWorkers, "tile-workers", s.TileWorkers, "tiles generated at once at most (CHRONOATLAS_TILE_WORKERS)")
	fset.Var(byteSize{&s.TileCacheBytes}, "tile-cache-bytes", "memory for cached vector tiles and their shapes, such as 64MiB (CHRONOATLAS_TILE_CACHE_BYTES)")
	fset.Var(byteSize{&s.PictureCacheBytes}, "picture-cache-bytes", "memory for drawn maps and raster tiles (CHRONOATLAS_PICTURE_CACHE_BYTES)")
	fset.Var(byteSize{&s.GzipCacheBytes}, "gzip-cache-bytes", "memory for compressed documents: pages of items, TileJSON, the timeline (CHRONOATLAS_GZIP_CACHE_BYTES)")
	fset.IntVar(&s.ExpensiveSlots, "expensive-slots", s.ExpensiveSlots, "costly requests (large pages, KML) worked on at once (CHRONOATLAS_EXPENSIVE_SLOTS)")
	fset.IntVar(&s.ExpensiveQueue, "expensive-queue", s.ExpensiveQueue, "costly requests that may wait for a slot; past them 503 with Retry-After (CHRONOATLAS_EXPENSIVE_QUEUE)")
	fset.DurationVar(&s.SlowRequest, "slow-request", s.SlowRequest, "a request slower than this is logged at info; the rest at debug, failures at error (CHRONOATLAS_SLOW_REQUEST)")
	fset.BoolVar(&s.Front, "front", s.Front, "answer plain requests for vector tiles on the wire, with the bytes net/http would send; false sends every request through net/http (CHRONOATLAS_FRONT)")
	fset.Var(prefixList{&s.TrustedProxies}, "trusted-proxies", "comma-separated networks (CIDR) or addresses of proxies whose X-Forwarded-Host and -Proto are believed; none by default (CHRONOATLAS_TRUSTED_PROXIES)")
	fset.Var(memoryLimit{&cfg.MemoryLimit}, "memory-limit", "soft memory limit for the process, such as 512MiB or 2GiB, near which the garbage collector works harder; auto fits it to the dataset and the caches, none sets none (CHRONOATLAS_MEMORY_LIMIT; GOMEMLIMIT, if set, wins over auto)")
	showVersion := fset.Bool("version", false, "print the version and exit")
	fset.Usage = func() {
		fmt.Fprintf(stderr, "usage: chronoatlas [serve|validate [DIR]|version] [flags]\n\nflags:\n")
		fset.PrintDefaults()
	}
	// Environment first, so that flags given on the command line win.
	var envErr error
	fset.VisitAll(func(f *flag.Flag) {
		key := "CHRONOATLAS_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v := getenv(key); v != "" && f.Name != "version" {
			if err := f.Value.Set(v); err != nil && envErr == nil {
				envErr = usageError{fmt.Sprintf("%s=%q: %v", key, v, err)}
			}
		}
	})
	if envErr != nil {
		return cfg, nil, envErr
	}
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, nil, err
		}
		return cfg, nil, usageError{err.Error()}
	}
	if *showVersion {
		return cfg, []string{"version"}, nil
	}
	switch cfg.LogFormat {
	case "text", "json":
	default:
		return cfg, nil, usageError{fmt.Sprintf("-log-format %q: use text or json", cfg.LogFormat)}
	}
	if _, err := parseLevel(cfg.LogLevel); err != nil {
		return cfg, nil, err
	}
	if s.MaxLimit < 1 || s.TileWorkers < 1 || s.ExpensiveSlots < 1 || s.ExpensiveQueue < 0 {
		return cfg, nil, usageError{"-max-limit, -tile-workers and -expensive-slots must be at least 1, -expensive-queue at least 0"}
	}
	return cfg, fset.Args(), nil
}

// prefixList is a flag holding networks, written as CIDR prefixes or
// single addresses and separated by commas.
type prefixList struct{ p *[]netip.Prefix }

func (l prefixList) String() string {
	if l.p == nil {
		return ""
	}
	var parts []string
	for _, p := range *l.p {
		parts = append(parts, p.String())
	}
	return strings.Join(parts, ",")
}

func (l prefixList) Set(v string) error {
	var out []netip.Prefix
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if p, err := netip.ParsePrefix(part); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(part)
		if err != nil {
			return fmt.Errorf("%q is neither a network such as 10.0.0.0/8 nor an address", part)
		}
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	*l.p = out
	return nil
}

// byteSize is a flag holding a number of bytes, written as GOMEMLIMIT is:
// a whole number with an optional B, KiB, MiB, GiB or TiB.
type byteSize struct{ n *int64 }

func (b byteSize) String() string {
	if b.n == nil || *b.n == 0 {
		return ""
	}
	return strconv.FormatInt(*b.n, 10)
}

func (b byteSize) Set(v string) error {
	units := []struct {
		suffix string
		shift  uint
	}{{"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}, {"B", 0}}
	num, shift := strings.TrimSpace(v), uint(0)
	for _, u := range units {
		if n, ok := strings.CutSuffix(num, u.suffix); ok {
			num, shift = n, u.shift
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || n > math.MaxInt64>>shift {
		return fmt.Errorf("%q: use a number of bytes such as 536870912, 512MiB or 2GiB", v)
	}
	*b.n = n << shift
	return nil
}

// memoryLimit is the -memory-limit flag: a size, auto or none.
type memoryLimit struct{ n *int64 }

func (m memoryLimit) String() string {
	switch {
	case m.n == nil || *m.n == AutoMemoryLimit:
		return "auto"
	case *m.n == 0:
		return "none"
	}
	return byteSize(m).String()
}

func (m memoryLimit) Set(v string) error {
	switch v {
	case "auto":
		*m.n = AutoMemoryLimit
		return nil
	case "none", "0":
		*m.n = 0
		return nil
	}
	return byteSize(m).Set(v)
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return l, usageError{fmt.Sprintf("-log-level %q: use debug, info, warn or error", s)}
	}
	return l, nil
}

// run is the whole program, split from main so a test can run it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		cfg, rest, err := parseFlags("serve", args, getenv, stderr)
		if err != nil {
			return err
		}
		if len(rest) == 1 && rest[0] == "version" {
			fmt.Fprintln(stdout, "chronoatlas", version)
			return nil
		}
		if len(rest) > 0 {
			return usageError{fmt.Sprintf("serve takes no arguments, got %q", rest)}
		}
		hup := make(chan os.Signal, 1)
		signal.Notify(hup, syscall.SIGHUP)
		defer signal.Stop(hup)
		reload := make(chan struct{})
		go func() {
			for range hup {
				reload <- struct{}{}
			}
		}()
		return serve(ctx, cfg, stderr, hooks{reload: reload})
	case "validate":
		cfg, rest, err := parseFlags("validate", args, getenv, stderr)
		if err != nil {
			return err
		}
		if len(rest) > 1 {
			return usageError{"validate takes at most one folder"}
		}
		if len(rest) == 1 {
			cfg.DataDir = rest[0]
		}
		return validate(cfg, stdout)
	case "publish":
		return publishCmd(ctx, args, getenv, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "chronoatlas", version)
		return nil
	case "help":
		_, _, err := parseFlags("help", []string{"-h"}, getenv, stderr)
		return err
	default:
		return usageError{fmt.Sprintf("unknown command %q; use serve, validate or version", cmd)}
	}
}

// load reads and validates the dataset cfg names: the data folder, opened
// through os.Root so that nothing outside it is read, within
// dataset.DefaultLimits; or the embedded dataset. Serving, the embedded
// dataset's geometry is trusted, not checked again: data's tests check it
// all, and the checks were a third of the time from start to first tile.
func load(ctx context.Context, cfg Config, serving bool) (*dataset.Dataset, string, error) {
	if cfg.DataDir == "" {
		const name = "embedded Jin–Song atlas"
		lim := dataset.DefaultLimits()
		lim.TrustGeometry = serving
		ds, err := dataset.LoadLimited(ctx, data.JinSong(), lim)
		if err != nil {
			return nil, name, fmt.Errorf("%s: %w", name, err)
		}
		return ds, name, nil
	}
	name := cfg.DataDir
	st, err := os.Stat(cfg.DataDir)
	if err != nil {
		return nil, name, fmt.Errorf("data folder: %w", err)
	}
	if !st.IsDir() {
		return nil, name, fmt.Errorf("data folder: %s is not a folder", cfg.DataDir)
	}
	root, err := os.OpenRoot(cfg.DataDir)
	if err != nil {
		return nil, name, fmt.Errorf("data folder: %w", err)
	}
	defer root.Close()
	ds, err := dataset.LoadLimited(ctx, dataset.RootFS(root), dataset.DefaultLimits())
	if err != nil {
		return nil, name, fmt.Errorf("%s: %w", name, err)
	}
	return ds, name, nil
}

// validate checks a dataset, printing every problem.
func validate(cfg Config, stdout io.Writer) error {
	ds, name, err := load(context.Background(), cfg, false)
	if err != nil {
		return err
	}
	n := 0
	for _, c := range ds.Collections() {
		n += len(c.Features)
	}
	fmt.Fprintf(stdout, "%s: ok: %d collections, %d features\n", name, len(ds.Collections()), n)
	return nil
}

// hooks connect serve to its surroundings: main feeds reload from SIGHUP,
// tests feed it directly and learn the address from ready.
type hooks struct {
	ready  chan<- string   // receives the address once the server listens and has its memory limit
	reload <-chan struct{} // each value reloads the dataset
	// reloaded, if not nil, receives the outcome of each reload.
	reloaded chan<- error
}

// serve runs the server until ctx is done. A reload that fails validation
// is refused and the old dataset keeps serving.
// setMemoryLimit gives the Go runtime cfg's memory limit: the one given,
// or with auto one fitted to the dataset loaded, unless GOMEMLIMIT set one.
func setMemoryLimit(cfg Config, log *slog.Logger) {
	switch set := debug.SetMemoryLimit(-1) != math.MaxInt64; {
	case cfg.MemoryLimit > 0:
		debug.SetMemoryLimit(cfg.MemoryLimit)
	case cfg.MemoryLimit == AutoMemoryLimit && !set: // GOMEMLIMIT wins over auto
		debug.SetMemoryLimit(server.FitMemoryLimit(cfg.Server))
	}
	if limit := debug.SetMemoryLimit(-1); limit != math.MaxInt64 {
		log.Info("memory limit", "bytes", limit)
	}
}

func serve(ctx context.Context, cfg Config, stderr io.Writer, h hooks) error {
	level, _ := parseLevel(cfg.LogLevel)
	opts := &slog.HandlerOptions{Level: level}
	var log *slog.Logger
	if cfg.LogFormat == "json" {
		log = slog.New(slog.NewJSONHandler(stderr, opts))
	} else {
		log = slog.New(slog.NewTextHandler(stderr, opts))
	}
	start := time.Now()
	ds, name, err := load(ctx, cfg, true)
	if err != nil {
		return err
	}
	log.Info("dataset loaded", "dataset", name, "title", ds.Meta.Title, "took", time.Since(start).Round(time.Millisecond).String())
	srv := server.New(cfg.Server, ds, log)

	ln, err := net.Listen("tcp", cfg.Server.Addr)
	if err != nil {
		return err
	}
	log.Info("listening", "addr", ln.Addr().String(), "version", version)
	// The memory limit is fitted beside the first requests rather than
	// before them: fitting collects the garbage to measure the live heap,
	// a few milliseconds a first tile need not wait for.
	go func() {
		setMemoryLimit(cfg, log)
		if h.ready != nil {
			h.ready <- ln.Addr().String()
		}
	}()
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-h.reload:
				ds, _, err := load(ctx, cfg, true)
				if err != nil {
					log.Error("reload refused; still serving the old dataset", "err", err)
				} else {
					srv.Reload(ds)
					log.Info("dataset reloaded", "dataset", name)
				}
				if h.reloaded != nil {
					h.reloaded <- err
				}
			}
		}
	}()
	return srv.Serve(ctx, ln)
}
