package server

import (
	"net/http"
	"net/url"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/gorilla/mux"
	"github.com/paulmach/orb"
)

// datetimeOf returns the datetime of a request whose parameters have been
// checked already, or nil.
func datetimeOf(r *http.Request) *chrono.Interval {
	iv, ok, err := parseDatetime(r.URL.Query())
	if !ok || err != nil {
		return nil
	}
	return &iv
}

const (
	crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
	trs   = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
)

// collectionDoc describes one collection, as /collections lists it.
type collectionDoc struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Links       []link   `json:"links"`
	Extent      extent   `json:"extent"`
	ItemType    string   `json:"itemType"`
	CRS         []string `json:"crs"`
	StorageCRS  string   `json:"storageCrs"`
	// Count is the number of features, every version counted.
	Count int `json:"numberOfFeatures"`
}

type extent struct {
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

// collectionDoc describes c; with a datetime, its extent and count are
// those of the features that existed then, and its links keep the time.
func (s *Server) collectionDoc(base string, c *feature.Collection, when *chrono.Interval) collectionDoc {
	d := collectionDoc{
		ID: c.ID, Title: c.Title, Description: c.Description,
		ItemType: "feature", CRS: []string{crs84}, StorageCRS: crs84, Count: len(c.Features),
	}
	href := base + "/collections/" + c.ID
	q := url.Values{}
	if when != nil {
		q.Set("datetime", when.Datetime())
	}
	at := func(f string) string { return "?" + cloneQuery(q, "f", f).Encode() }
	d.Links = []link{
		{Href: href + at("json"), Rel: "self", Type: typeJSON, Title: "This collection"},
		{Href: href + at("html"), Rel: "alternate", Type: "text/html", Title: "This collection as HTML"},
		{Href: href + "/items" + at("json"), Rel: "items", Type: typeGeoJSON, Title: "The features as GeoJSON"},
		{Href: href + "/items" + at("html"), Rel: "items", Type: "text/html", Title: "The features as HTML"},
	}
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
	d.Extent.Spatial.CRS = crs84
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

// handleCollections lists the collections with their extents.
func (s *Server) handleCollections(w http.ResponseWriter, r *http.Request) {
	f, err := s.simpleParams(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	when := datetimeOf(r)
	base := baseURL(r)
	st := s.current()
	docs := []collectionDoc{}
	for _, c := range st.ds.Collections() {
		docs = append(docs, s.collectionDoc(base, c, when))
	}
	if f == formatHTML {
		s.writeHTML(w, r, "collections", "Collections", docs)
		return
	}
	s.writeJSON(w, r, typeJSON, map[string]any{
		"links": []link{
			{Href: base + "/collections?f=json", Rel: "self", Type: typeJSON, Title: "This document"},
			{Href: base + "/collections?f=html", Rel: "alternate", Type: "text/html", Title: "This document as HTML"},
		},
		"collections": docs,
	})
}

// collection returns the collection a request names, or a 404 error.
func (s *Server) collection(st *state, r *http.Request) (*feature.Collection, error) {
	id := mux.Vars(r)["collectionId"]
	c := st.ds.Collection(id)
	if c == nil {
		return nil, fault.Errorf(fault.NotFound, "no collection %q", id)
	}
	return c, nil
}

// handleCollection describes one collection.
func (s *Server) handleCollection(w http.ResponseWriter, r *http.Request) {
	st := s.current()
	c, err := s.collection(st, r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f, err := s.simpleParams(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	doc := s.collectionDoc(baseURL(r), c, datetimeOf(r))
	if f == formatHTML {
		s.writeHTML(w, r, "collection", c.Title, doc)
		return
	}
	s.writeJSON(w, r, typeJSON, doc)
}
