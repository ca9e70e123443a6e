// Package gpkg writes a layer of features as an OGC GeoPackage (1.4): a
// SQLite file that GDAL, QGIS and ArcGIS open as it is, with typed columns
// (dates as DATE, numbers as REAL) and geometries in WGS 84.
//
// It uses modernc.org/sqlite, a SQLite compiled to Go, so the binary keeps
// needing no C compiler. GeoPackage is a file format: Write makes a file,
// which the caller streams and removes.
package gpkg
