package metrics

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/chronoatlas/chronoatlas/internal/tilecache"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the server's Prometheus metrics, in a registry of its own so
// that two servers in one process (as in tests) do not collide.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	inflight prometheus.Gauge
	// observers caches the labelled metrics by observerKey.
	observers sync.Map
}

// New returns the metrics, registered.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chronoatlas_http_requests_total",
			Help: "HTTP requests by route template, method and status code.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "chronoatlas_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route template.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
		inflight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "chronoatlas_http_requests_in_flight",
			Help: "HTTP requests being answered now.",
		}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.inflight,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// WatchTiles exports the tile cache's counters. They start again from zero
// when a reload replaces the cache.
func (m *Metrics) WatchTiles(stats func() tilecache.Stats) {
	m.reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "chronoatlas_tile_cache_hits_total", Help: "Tiles served from the cache.",
		}, func() float64 { return float64(stats().Hits) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "chronoatlas_tile_cache_misses_total", Help: "Tiles not in the cache when asked for.",
		}, func() float64 { return float64(stats().Misses) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "chronoatlas_tiles_generated_total", Help: "Tiles generated.",
		}, func() float64 { return float64(stats().Generated) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "chronoatlas_tile_generation_seconds_total", Help: "Time spent generating tiles.",
		}, func() float64 { return stats().GenerateTime.Seconds() }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "chronoatlas_tile_cache_bytes", Help: "Memory held by cached tiles.",
		}, func() float64 { return float64(stats().Bytes) }),
	)
}

// Begin counts a request being answered; End counts it answered.
func (m *Metrics) Begin() { m.inflight.Inc() }

// End counts a request answered (see Begin).
func (m *Metrics) End() { m.inflight.Dec() }

// Observe records one answered request. Its labels come from fixed sets
// (methodLabel, codeLabel and the route templates), so no client can add
// a series.
func (m *Metrics) Observe(route, method string, code int, d time.Duration) {
	k := observerKey{route, methodLabel(method), codeLabel(code)}
	o, ok := m.observers.Load(k)
	if !ok {
		o, _ = m.observers.LoadOrStore(k, observer{
			count:   m.requests.WithLabelValues(k.route, k.method, strconv.Itoa(k.code)),
			latency: m.latency.WithLabelValues(route),
		})
	}
	ob := o.(observer)
	ob.count.Inc()
	ob.latency.Observe(d.Seconds())
}

// methodLabel maps a request method to one of a fixed set of labels: the
// methods of RFC 9110 and PATCH as they are, any other as "OTHER". A
// method is any token a client likes, and each new label would be a
// series kept for the life of the process.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPost, http.MethodPut,
		http.MethodPatch, http.MethodDelete, http.MethodTrace, http.MethodConnect:
		return m
	}
	return "OTHER"
}

// codeLabel keeps a status code to the range HTTP defines, 0 for any
// other.
func codeLabel(code int) int {
	if code < 100 || code > 599 {
		return 0
	}
	return code
}

// observerKey and observer keep the labelled metrics of each kind of
// request, so the hot path does not hash labels.
type observerKey struct {
	route, method string
	code          int
}

type observer struct {
	count   prometheus.Counter
	latency prometheus.Observer
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}
