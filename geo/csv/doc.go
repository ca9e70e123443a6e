// Package csv writes features as CSV (RFC 4180) for spreadsheets and GIS
// tools: one row per feature, the geometry as WKT in a column named WKT
// (which GDAL's CSV driver reads as the geometry without being told), and
// for points also lon and lat columns, which a spreadsheet can plot.
//
// The text is UTF-8 and starts with a byte order mark, without which
// Excel takes it for the local code page and garbles Chinese names; GDAL
// and the other readers skip the mark.
package csv
