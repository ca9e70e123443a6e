package server

import (
	"net/url"
	"testing"
)

// TestMetadataCarriesFilter: GDAL keeps the query of the URL it was given
// on every request, the collection's own included, so a layer opened as
// OAPIF:…/collections/territories?filter=… must not be refused there, nor
// the next pages, where GDAL appends that query to the server's next link,
// which has it already. The routes stay strict about anything else.
func TestMetadataCarriesFilter(t *testing.T) {
	s := mustServer(t)
	filter := url.Values{"datetime": {"1141"}, "filter": {"polity = 'jin'"}, "filter-lang": {"cql2-text"}, "filter-crs": {"http://www.opengis.net/def/crs/OGC/1.3/CRS84"}}.Encode()
	tests := []struct {
		target string
		status int
	}{
		{"/collections/territories?" + filter, 200},
		{"/collections?" + filter, 200},
		{"/conformance?" + filter, 200},
		{"/collections/territories/items?" + filter, 200},
		{"/collections/territories?sortby=name", 400},
		{"/collections/territories?filter=x&datetime=garbage", 400},
		{"/collections/territories?bbox=1,2,3,4", 400},
		// GDAL's next page: the server's next link, and the query again.
		{"/collections/territories/items?filter=polity+%3D+%27jin%27&limit=1&offset=1&filter=polity%20=%20'jin'", 200},
		{"/collections/territories/items?datetime=1141&datetime=1141", 200},
		{"/collections/territories/items?datetime=1141&datetime=1142", 400},
		{"/collections/territories/items?filter=polity='jin'&filter=polity='song'", 400},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			res := get(t, s, "GET", tt.target, nil)
			if res.StatusCode != tt.status {
				t.Errorf("%s: %d, want %d", tt.target, res.StatusCode, tt.status)
			}
		})
	}
}
