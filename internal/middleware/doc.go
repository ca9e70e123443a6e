// Package middleware is what every request passes through before its
// handler: the request log line and metrics, recovery from panics, CORS
// and the security headers every response carries, the refusal of methods,
// over-long URLs and query strings the parser would cut short, and the
// dropping of forwarding headers from untrusted peers.
//
// A new header for every response goes in commonHeaders; a new refusal of
// requests no route takes, in limit. Wrap puts them together in order.
package middleware
