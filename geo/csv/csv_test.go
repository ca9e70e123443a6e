package csv

import (
	"bytes"
	stdcsv "encoding/csv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestEncode(t *testing.T) {
	tests := []struct {
		name    string
		columns []string
		rows    []Row
		want    string
	}{
		{
			name:    "points get lon and lat",
			columns: []string{"id", "name_zh", "population", "sources"},
			rows: []Row{
				{orb.Point{114.35, 34.79}, map[string]any{"id": "kaifeng", "name_zh": "開封", "population": 1500000.0, "sources": []any{"a", "b"}}},
				{orb.Point{120.16, 30.27}, map[string]any{"id": "lin'an", "name_zh": "臨安, \"行在\""}},
			},
			want: "\ufeffid,name_zh,population,sources,WKT,lon,lat\r\n" +
				"kaifeng,開封,1500000,\"[\"\"a\"\",\"\"b\"\"]\",POINT(114.35 34.79),114.35,34.79\r\n" +
				"lin'an,\"臨安, \"\"行在\"\"\",,,POINT(120.16 30.27),120.16,30.27\r\n",
		},
		{
			name:    "polygons carry WKT only",
			columns: []string{"id"},
			rows: []Row{
				{orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, map[string]any{"id": "a"}},
				{orb.Point{1, 2}, map[string]any{"id": "b"}},
			},
			want: "\ufeffid,WKT\r\na,\"POLYGON((0 0,1 0,1 1,0 0))\"\r\nb,POINT(1 2)\r\n",
		},
		{
			name:    "no rows",
			columns: []string{"id", "name"},
			want:    "\ufeffid,name,WKT\r\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Encode(&b, tt.columns, tt.rows); err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
			// What is written reads back with as many fields a row.
			recs, err := stdcsv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff"))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != len(tt.rows)+1 {
				t.Errorf("read back %d records, want %d", len(recs), len(tt.rows)+1)
			}
		})
	}
	if err := Encode(&bytes.Buffer{}, nil, nil); err != ErrNoColumns {
		t.Errorf("no columns: got %v, want ErrNoColumns", err)
	}
}
