package middleware

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strings"
	"time"

	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/chronoatlas/chronoatlas/internal/front"
	"github.com/chronoatlas/chronoatlas/internal/metrics"
	"github.com/chronoatlas/chronoatlas/internal/params"
	"github.com/chronoatlas/chronoatlas/internal/respond"
	"github.com/gorilla/mux"
)

// Config is what the middleware needs of the server.
type Config struct {
	Log     *slog.Logger
	Metrics *metrics.Metrics
	Respond *respond.Writer
	// SlowRequest is the time past which a request is logged at info.
	SlowRequest time.Duration
	// MaxURLBytes bounds the length of a request's URL.
	MaxURLBytes int
	// TrustedProxies are the networks whose forwarding headers are
	// believed.
	TrustedProxies []netip.Prefix
}

// chain is the middleware of one server.
type chain struct {
	cfg Config
}

// Wrap wraps next, the routes, in the middleware every request passes
// through, outermost first: logging, recovery, CORS and security headers,
// limits.
func Wrap(cfg Config, next http.Handler) http.Handler {
	s := &chain{cfg: cfg}
	return s.logRequests(s.recoverPanics(commonHeaders(s.limit(next))))
}

// recorder remembers the status and size of a response for the log.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int
	route  string // the route template that matched, set by recordRoute
}

func (rec *recorder) WriteHeader(code int) {
	if rec.status == 0 {
		rec.status = code
	}
	rec.ResponseWriter.WriteHeader(code)
}

func (rec *recorder) Write(b []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	n, err := rec.ResponseWriter.Write(b)
	rec.bytes += n
	return n, err
}

func (rec *recorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }

// logRequests writes one structured log line per request and records its
// metrics: at debug for a request answered in time, at info for one slower
// than Config.SlowRequest, at error for a 5xx.
func (s *chain) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		s.cfg.Metrics.Begin()
		next.ServeHTTP(rec, r)
		s.cfg.Metrics.End()
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		route := rec.route
		if route == "" {
			route = "unmatched"
		}
		s.cfg.done(r.Context(), r.Method, r.URL.EscapedPath(), route, rec.status, rec.bytes, time.Since(start), r.RemoteAddr)
	})
}

// done records a request answered: its metrics, and its log line at debug
// for one answered in time, at info for one slower than SlowRequest, at
// error for a 5xx.
func (cfg *Config) done(ctx context.Context, method, path, route string, status, bytes int, took time.Duration, remote string) {
	cfg.Metrics.Observe(route, method, status, took)
	// A line per request costs a fifth of a cached tile's time, so only
	// what needs a look is logged at info or above; -log-level debug
	// shows every request.
	level := slog.LevelDebug
	switch {
	case status >= 500:
		level = slog.LevelError
	case took >= cfg.SlowRequest:
		level = slog.LevelInfo
	}
	if !cfg.Log.Enabled(ctx, level) {
		return
	}
	cfg.Log.LogAttrs(ctx, level, "request",
		slog.String("method", respond.Clamp(method, respond.MaxLoggedMethod)),
		slog.String("path", respond.Clamp(path, respond.MaxLoggedPath)),
		slog.String("route", route),
		slog.Int("status", status),
		slog.Int("bytes", bytes),
		slog.Duration("duration", took),
		slog.String("remote", remote),
	)
}

// Front is the middleware's part in the requests internal/front answers
// without net/http: the metrics and log line every request gets, and
// (Fields) the headers commonHeaders sets on a tile.
type Front struct{ cfg Config }

// NewFront returns the middleware of cfg for internal/front.
func NewFront(cfg Config) *Front { return &Front{cfg: cfg} }

// Begin counts a request begun.
func (f *Front) Begin() { f.cfg.Metrics.Begin() }

// Done records a request answered, as logRequests does; one the front
// declined (a nil Answer) is net/http's to record.
func (f *Front) Done(r *front.Request, a *front.Answer, remote string, bytes int, took time.Duration) {
	f.cfg.Metrics.End()
	if a == nil {
		return
	}
	f.cfg.done(context.Background(), r.Method, r.Path, a.Route, a.Status, bytes, took, remote)
}

// Fields are the headers commonHeaders sets on a response to a GET or
// HEAD for a tile.
func (f *Front) Fields() []front.Field {
	return []front.Field{{Name: "Access-Control-Allow-Origin", Value: hdrAny[0]}, {Name: "X-Content-Type-Options", Value: hdrNosniff[0]}}
}

// SetRoute notes route as the template of the request w answers, for the
// log line and the metrics, where the router does not (the tile routes
// dispatched before it).
func SetRoute(w http.ResponseWriter, route string) {
	if rec, ok := w.(*recorder); ok {
		rec.route = route
	}
}

// RecordRoute is router middleware that notes the matched route's template
// on the recorder, for the log line and the metrics.
func RecordRoute(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rec, ok := w.(*recorder); ok {
			if route := mux.CurrentRoute(r); route != nil {
				if t, err := route.GetPathTemplate(); err == nil {
					rec.route = t
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// recoverPanics turns a panic in a handler into a 500 and a log line with
// the stack, instead of a dropped connection.
func (s *chain) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.cfg.Log.Error("panic", "path", respond.Clamp(r.URL.Path, respond.MaxLoggedPath), "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				s.cfg.Respond.Error(w, r, fault.Wrap(fmt.Errorf("panic: %v", v), "handler failed"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// limit refuses requests the server does not take: methods other than GET,
// HEAD and OPTIONS, URLs longer than MaxURLBytes, and query strings with a
// pair the query parser would drop.
func (s *chain) limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(r.RequestURI) > s.cfg.MaxURLBytes {
			s.cfg.Respond.Error(w, r, &fault.Error{Kind: fault.Invalid, Param: "url",
				Message: fmt.Sprintf("the URL is %d bytes long; the limit is %d", len(r.RequestURI), s.cfg.MaxURLBytes)})
			return
		}
		s.dropForwarded(r)
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			if r.URL.RawQuery != "" {
				if err := params.CheckQuery(r.URL.RawQuery); err != nil {
					s.cfg.Respond.Error(w, r, err)
					return
				}
			}
		case http.MethodOptions:
			w.Header().Set("Allow", "GET, HEAD, OPTIONS")
			w.WriteHeader(http.StatusNoContent)
			return
		default:
			w.Header().Set("Allow", "GET, HEAD, OPTIONS")
			s.cfg.Respond.Error(w, r, fault.Errorf(fault.NotAllowed, "method %s is not allowed; use GET or HEAD", respond.Clamp(r.Method, respond.MaxLoggedMethod)))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// dropForwarded deletes the headers a proxy tells the client's view with
// (X-Forwarded-Host, -Proto, Forwarded) unless the peer is a trusted
// proxy: respond.BaseURL writes them into links, TileJSON and oEmbed bodies,
// which caches keep and hand to everyone.
func (s *chain) dropForwarded(r *http.Request) {
	h := r.Header
	if h["X-Forwarded-Host"] == nil && h["X-Forwarded-Proto"] == nil && h["Forwarded"] == nil {
		return
	}
	if s.trusted(r.RemoteAddr) {
		return
	}
	delete(h, "X-Forwarded-Host")
	delete(h, "X-Forwarded-Proto")
	delete(h, "Forwarded")
}

// trusted reports whether remote, a request's RemoteAddr, is in one of
// the configured proxies' networks.
func (s *chain) trusted(remote string) bool {
	if len(s.cfg.TrustedProxies) == 0 {
		return false
	}
	ap, err := netip.ParseAddrPort(remote)
	if err != nil {
		return false
	}
	ip := ap.Addr().Unmap()
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// Header values every response carries, shared: net/http never changes a
// header's value slice once set.
var (
	hdrAny     = []string{"*"}
	hdrExpose  = []string{"ETag, Link, Content-Crs"}
	hdrNosniff = []string{"nosniff"}
)

// commonHeaders sets CORS and nosniff, which every response carries. HTML
// pages add the headers that only documents need (respond.HTMLHeaders).
func commonHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Access-Control-Allow-Origin"] = hdrAny
		// Scripts on other sites may read these headers of the API's
		// answers; a tile's ETag needs no exposing, browsers revalidate
		// without scripts seeing it, and one header fewer keeps a tile's
		// header map from growing.
		if !strings.HasPrefix(r.URL.Path, "/tiles/") {
			h["Access-Control-Expose-Headers"] = hdrExpose
		}
		if r.Method == http.MethodOptions {
			h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
			h.Set("Access-Control-Allow-Headers", "Accept, Accept-Encoding, If-None-Match, Content-Type")
			h.Set("Access-Control-Max-Age", "86400")
		}
		h["X-Content-Type-Options"] = hdrNosniff
		h["Date"] = front.DateHeader(time.Now())
		next.ServeHTTP(w, r)
	})
}
