// Command chronoatlas is a time-aware map server: it serves historical
// boundaries, places, events and rivers as GeoJSON, OGC API Features and
// vector tiles, with a viewer that has a year slider.
//
//	chronoatlas [serve] [-addr :8080] [-data DIR]   serve a dataset (the embedded Jin–Song atlas by default)
//	chronoatlas validate [DIR]                       check a dataset and list every problem
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
	"io/fs"
	"log/slog"
	"net"
	"os"
	"os/signal"
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
}

// DefaultConfig returns the configuration chronoatlas runs with unless told
// otherwise.
func DefaultConfig() Config {
	cfg := Config{Server: server.DefaultConfig(), LogFormat: "text", LogLevel: "info"}
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
	fset.Int64Var(&s.TileCacheBytes, "tile-cache-bytes", s.TileCacheBytes, "memory for cached tiles (CHRONOATLAS_TILE_CACHE_BYTES)")
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
	if s.MaxLimit < 1 || s.TileWorkers < 1 || s.TileCacheBytes < 0 {
		return cfg, nil, usageError{"-max-limit and -tile-workers must be at least 1, -tile-cache-bytes at least 0"}
	}
	return cfg, fset.Args(), nil
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

// dataFS returns the dataset folder cfg names, or the embedded dataset.
func dataFS(cfg Config) (fs.FS, string, error) {
	if cfg.DataDir == "" {
		return data.JinSong(), "embedded Jin–Song atlas", nil
	}
	st, err := os.Stat(cfg.DataDir)
	if err != nil {
		return nil, "", fmt.Errorf("data folder: %w", err)
	}
	if !st.IsDir() {
		return nil, "", fmt.Errorf("data folder: %s is not a folder", cfg.DataDir)
	}
	return os.DirFS(cfg.DataDir), cfg.DataDir, nil
}

func load(cfg Config) (*dataset.Dataset, string, error) {
	fsys, name, err := dataFS(cfg)
	if err != nil {
		return nil, name, err
	}
	ds, err := dataset.Load(fsys)
	if err != nil {
		return nil, name, fmt.Errorf("%s: %w", name, err)
	}
	return ds, name, nil
}

// validate checks a dataset, printing every problem.
func validate(cfg Config, stdout io.Writer) error {
	ds, name, err := load(cfg)
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
	ready  chan<- string   // receives the address once the server listens
	reload <-chan struct{} // each value reloads the dataset
	// reloaded, if not nil, receives the outcome of each reload.
	reloaded chan<- error
}

// serve runs the server until ctx is done. A reload that fails validation
// is refused and the old dataset keeps serving.
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
	ds, name, err := load(cfg)
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
	if h.ready != nil {
		h.ready <- ln.Addr().String()
	}
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-h.reload:
				ds, _, err := load(cfg)
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
