// Package cql2 parses and evaluates OGC CQL2 filters (OGC 21-065), the
// `filter` parameter of OGC API – Features Part 3, in both its text and its
// JSON encoding (read by cql2text and cql2json).
//
// It covers Basic CQL2 (comparisons, AND, OR, NOT, IS NULL), the advanced
// comparison operators (LIKE, BETWEEN, IN), comparisons of one property
// with another, the temporal functions (T_INTERSECTS, T_BEFORE, … over
// DATE, TIMESTAMP and INTERVAL literals), and the spatial functions
// S_INTERSECTS, S_DISJOINT, S_WITHIN and S_CONTAINS over WKT, GeoJSON and
// BBOX literals. Arithmetic, arrays and case- or accent-insensitive
// comparison are not supported and are refused with a message that says so.
//
// Times are days of the proleptic Gregorian calendar (geo/chrono): an
// instant is the day it falls on, and an interval covers its first day to
// its last, both included, as CQL2 reads them. A parse error says at which
// byte of the text, or at which JSON node, the filter went wrong.
//
// This package is the filter model: the expressions (expr.go), the values
// they compare (value.go), their evaluation against an Item and their
// check against a Schema, and the constructors and shared readings of
// literals the parsers build with (build.go). The two encodings are read
// by packages of their own, cql2text (cql2-text) and cql2json
// (cql2-json), which the server picks between by filter-lang. A new
// operator is a node and a constructor here, and a case in each parser.
package cql2
