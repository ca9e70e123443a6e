// Package valid checks geometries against the rules chronoatlas's data
// keeps: coordinates in range, closed and simple rings, rings of a polygon
// that do not cross, holes inside their exterior, polygons of a
// MultiPolygon that do not overlap, and the winding RFC 7946 asks for
// (exterior rings counter-clockwise, holes clockwise).
//
// Crossings are found with a sweep over segments sorted by longitude, so
// coastlines of tens of thousands of vertices are checked quickly.
package valid
