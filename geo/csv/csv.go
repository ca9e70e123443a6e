package csv

import (
	stdcsv "encoding/csv"
	"errors"
	"io"
	"strconv"

	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"
)

// ContentType is the media type of what Encode writes.
const ContentType = "text/csv; charset=utf-8; header=present"

// Row is one feature to write: its geometry and properties.
type Row struct {
	Geometry   orb.Geometry
	Properties map[string]any
}

// ErrNoColumns is returned for a table without columns.
var ErrNoColumns = errors.New("csv: no columns")

// Encode writes rows as CSV with a header: the columns in order, their
// values as text (feature.Text: lists and objects as JSON), then WKT and,
// when every geometry is a point, lon and lat.
func Encode(w io.Writer, columns []string, rows []Row) error {
	if len(columns) == 0 {
		return ErrNoColumns
	}
	points := len(rows) > 0
	for _, r := range rows {
		if _, ok := r.Geometry.(orb.Point); !ok {
			points = false
			break
		}
	}
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := stdcsv.NewWriter(w)
	cw.UseCRLF = true
	header := append(append([]string{}, columns...), "WKT")
	if points {
		header = append(header, "lon", "lat")
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	record := make([]string, len(header))
	for _, r := range rows {
		for i, c := range columns {
			record[i] = ""
			if v, ok := r.Properties[c]; ok && v != nil {
				record[i] = feature.Text(v)
			}
		}
		record[len(columns)] = ""
		if r.Geometry != nil {
			record[len(columns)] = wkt.MarshalString(r.Geometry)
		}
		if points {
			p := r.Geometry.(orb.Point)
			record[len(columns)+1] = strconv.FormatFloat(p[0], 'f', -1, 64)
			record[len(columns)+2] = strconv.FormatFloat(p[1], 'f', -1, 64)
		}
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
