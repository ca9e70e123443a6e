// Package downloads writes the features of an atlas (internal/atlas) as
// files to download rather than pages: KML for Google Earth (kml.go,
// streamed placemark by placemark through geo/kml), CSV for spreadsheets
// and GeoPackage for GIS (tables.go, with the columns the GeoJSON's
// properties give). A Writer is made once per atlas; the server's items
// routes call it for f=kml, f=csv and f=gpkg.
//
// A new download format goes here: a method of Writer beside these, its
// file encoding in geo/ when it is a format of its own (as geo/kml and
// geo/csv are), and a case in the server's format negotiation.
package downloads

import "github.com/chronoatlas/chronoatlas/internal/atlas"

// Writer writes the features of one atlas as files.
type Writer struct{ a *atlas.Atlas }

// New returns the Writer of a's features.
func New(a *atlas.Atlas) Writer { return Writer{a: a} }
