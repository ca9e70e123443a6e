// Package relate answers whether two geometries share a point: the test
// behind an OGC API bbox filter and CQL2's S_INTERSECTS, done on the
// geometries themselves rather than on their bounding boxes.
//
// Geometries are planar in longitude and latitude, as orb's planar package
// takes them. A point on a boundary intersects; polygons with holes are
// handled (a point in a hole is outside).
package relate
