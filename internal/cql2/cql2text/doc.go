// Package cql2text reads the text encoding of OGC CQL2 (cql2-text,
// OGC 21-065 §8): a lexer and a recursive-descent parser that make the
// filter model of internal/cql2, which evaluates it. WKT and BBOX(…)
// literals are parsed here; what both encodings share (the limits, the
// error, dates and bounding boxes) is internal/cql2's, so text and JSON
// accept and refuse the same filters.
//
// A new construct of the text grammar goes here, and its node, if it
// needs one, in internal/cql2 with a constructor both parsers call.
package cql2text
