package server

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"runtime"
	rtmetrics "runtime/metrics"
	"sync/atomic"
	"time"

	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/conn"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/chronoatlas/chronoatlas/internal/front"
	"github.com/chronoatlas/chronoatlas/internal/gate"
	"github.com/chronoatlas/chronoatlas/internal/metrics"
	"github.com/chronoatlas/chronoatlas/internal/middleware"
	"github.com/chronoatlas/chronoatlas/internal/payload"
	"github.com/chronoatlas/chronoatlas/internal/pictures"
	"github.com/chronoatlas/chronoatlas/internal/render"
	"github.com/chronoatlas/chronoatlas/internal/respond"
	"github.com/chronoatlas/chronoatlas/internal/tilecache"
	"github.com/chronoatlas/chronoatlas/internal/tiles"
	"github.com/chronoatlas/chronoatlas/internal/wms"
	"github.com/gorilla/mux"
)

// Config is the server's configuration. Start from DefaultConfig.
type Config struct {
	// Addr is the address to listen on, such as ":8080" or "127.0.0.1:0".
	Addr string
	// Timeouts against slow or stuck clients.
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	// ShutdownTimeout bounds how long in-flight requests may run on after
	// a shutdown begins.
	ShutdownTimeout time.Duration
	// MaxHeaderBytes bounds the size of request headers.
	MaxHeaderBytes int
	// MaxURLBytes bounds the length of a request's URL.
	MaxURLBytes int
	// DefaultLimit and MaxLimit are the page sizes of /items: the default,
	// and the cap a larger limit is cut down to.
	DefaultLimit int
	MaxLimit     int
	// MaxPageBytes bounds the GeoJSON of one page of /items: a page that
	// would be larger ends early, and its next link goes on from there.
	MaxPageBytes int
	// MaxAge is the Cache-Control max-age of data responses.
	MaxAge time.Duration
	// TileWorkers bounds the number of tiles generated at once.
	TileWorkers int
	// TileCacheBytes bounds the memory the tile cache may hold.
	TileCacheBytes int64
	// ExpensiveSlots bounds the costly requests (large pages, KML, images)
	// worked on at once; ExpensiveQueue more may wait, each for at most
	// ExpensiveWait, and any beyond get 503 with Retry-After.
	ExpensiveSlots int
	ExpensiveQueue int
	ExpensiveWait  time.Duration
	// SlowRequest is the time past which a request is logged at info;
	// quicker ones are logged at debug, failed ones (5xx) at error.
	SlowRequest time.Duration
	// TrustedProxies are the networks whose X-Forwarded-Host and
	// X-Forwarded-Proto are believed; from any other peer they are
	// dropped, so no client can make a cacheable body name its host.
	TrustedProxies []netip.Prefix
	// PictureCacheBytes bounds the memory drawn pictures are kept in.
	PictureCacheBytes int64
	// GzipCacheBytes bounds the memory kept gzip forms of documents
	// (pages of items, TileJSON, the timeline) are kept in.
	GzipCacheBytes int64
	// Front answers plain requests for vector tiles on the wire, without
	// net/http (internal/front), with the same bytes; false sends every
	// request through net/http.
	Front bool
	// Version is reported by /healthz and the landing page.
	Version string
}

// DefaultConfig returns the configuration chronoatlas runs with unless told
// otherwise.
func DefaultConfig() Config {
	return Config{
		Addr:              ":8080",
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		ShutdownTimeout:   15 * time.Second,
		MaxHeaderBytes:    16 << 10,
		MaxURLBytes:       4 << 10,
		DefaultLimit:      100,
		MaxLimit:          10000,
		MaxPageBytes:      8 << 20,
		MaxAge:            time.Hour,
		TileWorkers:       4,
		TileCacheBytes:    8 << 20,
		ExpensiveSlots:    max(2, runtime.GOMAXPROCS(0)),
		ExpensiveQueue:    64,
		ExpensiveWait:     5 * time.Second,
		SlowRequest:       time.Second,
		PictureCacheBytes: 8 << 20,
		GzipCacheBytes:    8 << 20,
		Front:             true,
		Version:           "dev",
	}
}

// FitMemoryLimit returns a soft memory limit (debug.SetMemoryLimit) fitted
// to a server of cfg over the dataset just loaded: twice the live heap
// (room to collect garbage in), plus what the caches may hold, and at least
// 40 MiB, the heap a server of the embedded atlas with the default caches
// lives in. A larger dataset or larger caches raise it. It collects the
// garbage first, so that what it measures is live.
func FitMemoryLimit(cfg Config) int64 {
	runtime.GC()
	sample := []rtmetrics.Sample{{Name: "/gc/heap/live:bytes"}}
	rtmetrics.Read(sample)
	live := int64(sample[0].Value.Uint64())
	return max(40<<20, 2*live+cfg.TileCacheBytes+cfg.PictureCacheBytes+cfg.GzipCacheBytes)
}

// Server serves one dataset at a time; Reload swaps in another without
// dropping requests.
type Server struct {
	cfg      Config
	log      *slog.Logger
	snapshot atomic.Pointer[snapshot]
	router   *mux.Router
	resp     *respond.Writer
	metrics  *metrics.Metrics
	// gate bounds expensive work, which shared runs and shares
	// (internal/gate).
	gate   *gate.Gate
	shared *gate.Sharer
	handle http.Handler
	// render draws pictures; it holds the parsed fonts.
	render *render.Renderer
	// pictures and wms serve the maps drawn of the current snapshot.
	pictures *pictures.Handlers
	wms      *wms.Handler
	// tiles serves the vector tiles of the current snapshot.
	tiles *tiles.Handlers
	// front is the middleware's part in what internal/front answers.
	front *middleware.Front
}

// snapshot is what one dataset is served with: the core over it and its
// tiles. It is replaced whole on a reload, so a request sees one dataset
// from start to end.
type snapshot struct {
	core  core
	tiles *tiles.Set
	// pictures draws and caches the maps and raster tiles.
	pictures *pictures.Pictures
}

// New returns a server for ds.
func New(cfg Config, ds *dataset.Dataset, log *slog.Logger) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{cfg: cfg, log: log, resp: respond.New(log, payload.NewGzipCache(cfg.GzipCacheBytes, gzip.BestCompression), cfg.MaxAge), metrics: metrics.New(),
		gate: gate.New(cfg.ExpensiveSlots, cfg.ExpensiveQueue, cfg.ExpensiveWait)}
	s.shared = gate.NewSharer(s.gate, s.resp)
	var err error
	if s.render, err = render.New(); err != nil {
		// the fonts are embedded and tested: only a broken build fails here
		panic(err)
	}
	s.snapshot.Store(s.newSnapshot(ds))
	s.metrics.WatchTiles(func() tilecache.Stats { return s.current().tiles.Stats() })
	current := func() *pictures.Pictures { return s.current().pictures }
	s.pictures = pictures.NewHandlers(current, s.resp)
	s.wms = wms.New(current, s.resp, log, s.render)
	s.tiles = tiles.NewHandlers(func() *tiles.Set { return s.current().tiles }, s.resp)
	s.router = s.routes()
	mw := middleware.Config{Log: log, Metrics: s.metrics, Respond: s.resp,
		SlowRequest: cfg.SlowRequest, MaxURLBytes: cfg.MaxURLBytes, TrustedProxies: cfg.TrustedProxies}
	s.handle = middleware.Wrap(mw, s.dispatch())
	s.front = middleware.NewFront(mw)
	return s
}

func (s *Server) newSnapshot(ds *dataset.Dataset) *snapshot {
	tc := tilecache.DefaultConfig()
	tc.Workers = s.cfg.TileWorkers
	tc.MaxBytes = s.cfg.TileCacheBytes
	a := atlas.New(ds, time.Now())
	core := newCore(a)
	return &snapshot{core: core, tiles: tiles.New(ds, core, tilecache.New(ds, tc), s.cfg.Version),
		pictures: pictures.New(a, s.render, s.gate, s.cfg.PictureCacheBytes)}
}

// Reload replaces the dataset the server serves. Requests already running
// finish with the old one.
func (s *Server) Reload(ds *dataset.Dataset) {
	s.snapshot.Store(s.newSnapshot(ds))
}

// current returns the snapshot to serve one request with.
func (s *Server) current() *snapshot { return s.snapshot.Load() }

// ServeHTTP serves a request through the middleware and the routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handle.ServeHTTP(w, r)
}

// Serve accepts connections on ln until ctx is done, then shuts down
// gracefully: it stops accepting, lets in-flight requests finish (up to
// ShutdownTimeout) and returns.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.handle,
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    s.cfg.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
		ConnContext:       conn.Context,
	}
	var fl *front.Listener
	if s.cfg.Front {
		fl = front.Listen(ln, front.Config{ReadHeaderTimeout: s.cfg.ReadHeaderTimeout, IdleTimeout: s.cfg.IdleTimeout,
			WriteTimeout: s.cfg.WriteTimeout, MaxTarget: s.cfg.MaxURLBytes, Fixed: s.front.Fields(), Log: s.log},
			frontTiles{s}, s.front)
		ln = fl
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(conn.Listener{Listener: ln}) }()
	select {
	case err := <-errc:
		return fmt.Errorf("server: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "timeout", s.cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("server: shutdown: %w", err)
	}
	if fl != nil {
		// hs.Shutdown closed it; its own connections close as they
		// fall idle
		if err := fl.Wait(sctx); err != nil {
			return fmt.Errorf("server: shutdown: %w", err)
		}
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("server: %w", err)
	}
	return nil
}
