package respond

import (
	"net/http"
	"net/url"
	"strings"
)

// BaseURL returns the scheme and host the client reached the server at,
// honouring X-Forwarded-Proto and X-Forwarded-Host from a proxy in front.
// The middleware has dropped both unless the peer is a trusted proxy
// (server.Config.TrustedProxies).
func BaseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "https" || p == "http" {
		scheme = p
	}
	host := r.Host
	if h := r.Header.Get("X-Forwarded-Host"); h != "" && !strings.ContainsAny(h, "/ \t,") {
		host = h
	}
	return scheme + "://" + host
}

// WithQuery returns base+path with the query q, leaving out empty values.
func WithQuery(base, path string, q url.Values) string {
	u := base + path
	if enc := q.Encode(); enc != "" {
		u += "?" + enc
	}
	return u
}

// CloneQuery copies q, setting key to value (or deleting it when value is "").
func CloneQuery(q url.Values, key, value string) url.Values {
	c := url.Values{}
	for k, v := range q {
		c[k] = append([]string(nil), v...)
	}
	if value == "" {
		c.Del(key)
	} else {
		c.Set(key, value)
	}
	return c
}
