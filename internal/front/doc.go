// Package front answers the simplest and commonest requests itself, on the
// wire, and hands every other connection to net/http.
//
// A cached vector tile is a few kilobytes looked up in a map, and on a map
// server it is most of the traffic. Served through net/http, the lookup
// is a tenth of its cost: the rest is net/http reading the request into
// maps and a URL, building a response and its header map, sorting the
// header map to write it, and setting deadlines, for every request. The
// front reads a request's head itself and, when it is a plain GET or HEAD
// whose every header it knows, asks a Handler to answer it; the answer is
// written with the headers net/http would have written, byte for byte.
//
// Anything else (another method, a body, HTTP/1.0, an unknown header, a
// %-escape, a head that is not finished in 4 KiB, or a request the
// Handler declines) makes the front hand the connection, with the bytes
// it has read and not answered, to net/http, which serves it from then on
// as if it had read them itself: its errors, limits and timeouts apply.
// The front is therefore never the only reader of a request it does not
// understand, and a request both could read means the same to both: the
// tests read every accepted head with net/http too (FuzzParse).
package front
