// Package conn is the server's connection plumbing below net/http: a
// listener whose connections let a handler send a whole response in one
// write (WriteWhole, for tiles and pictures), and that turns the plain-text
// errors net/http writes before any handler runs into
// application/problem+json.
//
// Something that must happen on the wire, under every handler, goes here;
// what happens per request goes in internal/middleware.
package conn
