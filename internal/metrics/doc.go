// Package metrics holds chronoatlas's Prometheus metrics: requests by
// route, method and status, their latency, the requests in flight, and the
// tile cache's counters. Labels come from fixed sets, so no client can add
// a series; a new metric is declared and registered in New and recorded
// where it happens (the request metrics by internal/middleware).
package metrics
