// Package cql2json reads the JSON encoding of OGC CQL2 (cql2-json,
// OGC 21-065 §9): operator objects ({"op": …, "args": […]}) and the
// literal objects (property, date, timestamp, interval, bbox, GeoJSON
// geometries), into the filter model of internal/cql2, which evaluates
// it. A parse error names the JSON node, as $.args[1].args[0].
//
// A new operator goes in boolExpr's switch, with a method of op that reads
// its arguments; its node, if it needs one, in internal/cql2 with a
// constructor both parsers call.
package cql2json
