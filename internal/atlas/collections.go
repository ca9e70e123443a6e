package atlas

import (
	"net/url"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/paulmach/orb"
)

// Media types of the documents links point to.
const (
	MediaJSON    = "application/json"
	MediaGeoJSON = "application/geo+json"
	MediaHTML    = "text/html"
	MediaSchema  = "application/schema+json"
)

// RelQueryables is the link relation of a collection's queryables.
const RelQueryables = "http://www.opengis.net/def/rel/ogc/1.0/queryables"

// CRS84 is the coordinate reference system of the atlas's documents:
// longitude and latitude on WGS 84.
const CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"

const (
	trs = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
)

// CollectionDoc describes one collection, as /collections lists it.
type CollectionDoc struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Links       []Link   `json:"links"`
	Extent      Extent   `json:"extent"`
	ItemType    string   `json:"itemType"`
	CRS         []string `json:"crs"`
	StorageCRS  string   `json:"storageCrs"`
	// Count is the number of features, every version counted.
	Count int `json:"numberOfFeatures"`
}

// Extent is an OGC API extent: a bounding box and an interval.
type Extent struct {
	Spatial struct {
		Bbox [][4]float64 `json:"bbox"`
		CRS  string       `json:"crs"`
	} `json:"spatial"`
	Temporal struct {
		Interval [][2]*string `json:"interval"`
		TRS      string       `json:"trs"`
	} `json:"temporal"`
}

// rfc3339 writes a day as an RFC 3339 timestamp, or nil for an open end.
// RFC 3339 has four-digit years only; days outside them are written as the
// open end they effectively are.
func rfc3339(d chrono.Day) *string {
	if d == chrono.MinDay || d == chrono.MaxDay {
		return nil
	}
	if y := d.Year(); y < 0 || y > 9999 {
		return nil
	}
	s := d.Time().Format("2006-01-02T15:04:05Z")
	return &s
}

// CollectionDoc describes c, with links under base (the server's URL, or
// a published site's); with a datetime, its extent and count are those of
// the features that existed then, and its links keep the time.
func (a *Atlas) CollectionDoc(base string, c *feature.Collection, when *chrono.Interval) CollectionDoc {
	d := CollectionDoc{
		ID: c.ID, Title: c.Title, Description: c.Description,
		ItemType: "feature", CRS: []string{CRS84}, StorageCRS: CRS84, Count: len(c.Features),
	}
	href := base + "/collections/" + c.ID
	q := url.Values{}
	if when != nil {
		q.Set("datetime", when.Datetime())
	}
	at := func(f string) string {
		q.Set("f", f)
		return "?" + q.Encode()
	}
	d.Links = []Link{
		{Href: href + at("json"), Rel: "self", Type: MediaJSON, Title: "This collection"},
		{Href: href + at("html"), Rel: "alternate", Type: MediaHTML, Title: "This collection as HTML"},
		{Href: href + "/items" + at("json"), Rel: "items", Type: MediaGeoJSON, Title: "The features as GeoJSON"},
		{Href: href + "/items" + at("html"), Rel: "items", Type: MediaHTML, Title: "The features as HTML"},
		{Href: href + "/queryables", Rel: RelQueryables, Type: MediaSchema, Title: "What filter and the property parameters may name"},
	}
	// The collection's own tilesets (/collections/{id}/tiles) are not
	// linked here: GDAL 3.6's OGCAPI driver then prefers them to the
	// items and fails on them, where it reads the items well.
	b, life := c.Bound, c.Life
	if when != nil {
		fs := c.Query(*when, orb.Bound{})
		d.Count = len(fs)
		for i, f := range fs {
			if i == 0 {
				b = f.Bound
			} else {
				b = b.Union(f.Bound)
			}
		}
		if k, ok := life.Intersect(*when); ok && len(fs) > 0 {
			life = k
		}
	}
	d.Extent.Spatial.Bbox = [][4]float64{{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}}
	d.Extent.Spatial.CRS = CRS84
	// OGC gives the end of a temporal extent as an instant inside it, so the
	// half-open end becomes its last day.
	end := life.End
	if end != chrono.MaxDay {
		end--
	}
	d.Extent.Temporal.Interval = [][2]*string{{rfc3339(life.Start), rfc3339(end)}}
	d.Extent.Temporal.TRS = trs
	return d
}
