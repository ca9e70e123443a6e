// Package respond is the response vocabulary every HTTP package of
// chronoatlas shares: whole bodies with strong ETags, 304s, gzip and byte
// ranges (respond.go), errors as application/problem+json with the one
// map from fault kinds to HTTP statuses (problem.go), the base URL a
// client reached the server at and query-string links (links.go), and the
// security headers of HTML pages (html.go).
//
// It knows nothing of routes or datasets. A new way of answering that
// more than one endpoint needs (a header, a status) is added here; a new
// status for an error kind goes in Status.
package respond
