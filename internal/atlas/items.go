package atlas

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/internal/dataset"
	"github.com/chronoatlas/chronoatlas/internal/fault"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// Link is an OGC API / RFC 8288 link.
type Link struct {
	Href  string `json:"href"`
	Rel   string `json:"rel"`
	Type  string `json:"type,omitempty"`
	Title string `json:"title,omitempty"`
}

// Page is one page of a collection's items, its features already written
// as GeoJSON; Document wraps them in a FeatureCollection.
type Page struct {
	// Matched counts the matches on every page, Returned those on this one.
	Matched, Returned int
	// Next is the offset the next page starts at, when HasNext.
	Next    int
	HasNext bool
	// Prev is the offset the previous page starts at, 0 for the first
	// page, when HasPrev.
	Prev    int
	HasPrev bool

	json   []byte // the features, comma-separated
	loaded time.Time
}

// Select runs q over c: the features of one page, and how many match on
// every page. The HTML and KML pages of items start from it.
func (a *Atlas) Select(c *feature.Collection, q dataset.Query) dataset.Page {
	return dataset.Items(c, q)
}

// Items runs q over c and writes the page's features as GeoJSON, their
// properties as they stood at q.When. A page stops early rather than grow
// past maxBytes (0 for no bound), though never before its first feature,
// and then its next page goes on from where it stopped. It gives up with
// ctx's error when ctx ends: nobody waits for the page any more.
func (a *Atlas) Items(ctx context.Context, c *feature.Collection, q dataset.Query, maxBytes int) (Page, error) {
	found := dataset.Items(c, q)
	p := Page{Matched: found.Matched, loaded: a.loaded}
	var buf bytes.Buffer
	for i, f := range found.Features {
		if i%64 == 63 && ctx.Err() != nil {
			return Page{}, ctx.Err()
		}
		mark := buf.Len()
		if p.Returned > 0 {
			buf.WriteByte(',')
		}
		if err := a.writeFeature(&buf, f, q.When, q.Properties, q.SkipGeometry); err != nil {
			return Page{}, err
		}
		if p.Returned > 0 && maxBytes > 0 && buf.Len() > maxBytes {
			buf.Truncate(mark)
			break
		}
		p.Returned++
	}
	p.json = buf.Bytes()
	if q.Offset+p.Returned < p.Matched {
		p.Next, p.HasNext = q.Offset+p.Returned, true
	}
	if q.Offset > 0 {
		p.Prev, p.HasPrev = max(0, q.Offset-q.Limit), true
	}
	return p, nil
}

// Document returns the page as a GeoJSON FeatureCollection with OGC API's
// numberMatched, numberReturned, timeStamp and links.
func (p Page) Document(links []Link) []byte {
	var buf bytes.Buffer
	buf.Grow(len(p.json) + 1024)
	buf.WriteString(`{"type":"FeatureCollection","numberMatched":`)
	buf.WriteString(strconv.Itoa(p.Matched))
	buf.WriteString(`,"numberReturned":`)
	buf.WriteString(strconv.Itoa(p.Returned))
	buf.WriteString(`,"timeStamp":"`)
	buf.WriteString(p.loaded.UTC().Format(time.RFC3339))
	buf.WriteString(`","links":`)
	mustEncode(&buf, links)
	buf.WriteString(`,"features":[`)
	buf.Write(p.json)
	buf.WriteString("]}\n")
	return buf.Bytes()
}

// FeatureDocument returns f as a GeoJSON Feature with links, its
// properties as they stood at when (nil for none).
func (a *Atlas) FeatureDocument(f *feature.Feature, when *chrono.Interval, links []Link) ([]byte, error) {
	var buf bytes.Buffer
	if err := a.WriteFeature(&buf, f, when); err != nil {
		return nil, err
	}
	// Add the links after the fact, keeping the feature's body as it is.
	buf.Truncate(buf.Len() - 1) // the closing brace
	buf.WriteString(`,"links":`)
	mustEncode(&buf, links)
	buf.WriteString("}\n")
	return buf.Bytes(), nil
}

// WriteFeature writes f as a GeoJSON Feature, its properties as they stood
// at when (names over time resolved, and for a place or an event the
// polity that held the ground: holder). The geometry's JSON is computed
// once per feature and reused.
func (a *Atlas) WriteFeature(buf *bytes.Buffer, f *feature.Feature, when *chrono.Interval) error {
	return a.writeFeature(buf, f, when, nil, false)
}

// writeFeature is WriteFeature with only the properties named in props
// (all when props is nil) and, with skipGeometry, a null geometry.
func (a *Atlas) writeFeature(buf *bytes.Buffer, f *feature.Feature, when *chrono.Interval, props []string, skipGeometry bool) error {
	geom := []byte("null")
	if !skipGeometry {
		var err error
		if geom, err = a.geometryJSON(f); err != nil {
			return err
		}
	}
	buf.WriteString(`{"type":"Feature","id":`)
	mustEncode(buf, f.Key)
	buf.WriteString(`,"geometry":`)
	buf.Write(geom)
	buf.WriteString(`,"properties":`)
	mustEncode(buf, Only(a.PropertiesAt(f, when), props))
	buf.WriteByte('}')
	return nil
}

// Only returns the properties of m named in names, or m itself when names
// is nil.
func Only(m map[string]any, names []string) map[string]any {
	if names == nil {
		return m
	}
	out := make(map[string]any, len(names))
	for _, n := range names {
		if v, ok := m[n]; ok {
			out[n] = v
		}
	}
	return out
}

// PropertiesAt returns f's properties as they stood at when, or as they
// are when when is nil: names over time resolved, and for a point the
// polity of the territory around it then (holder). The map may be f's
// own: do not change it.
func (a *Atlas) PropertiesAt(f *feature.Feature, when *chrono.Interval) map[string]any {
	if when == nil {
		return f.Properties
	}
	at := feature.Moment(*when)
	props := f.PropertiesAt(at)
	if pt, ok := f.Geometry.(orb.Point); ok {
		// Who held a place or the site of an event then: the polity of
		// the territory around it.
		if t, ok := a.ds.Holder(pt, at); ok {
			props = withProperty(props, "holder", t.StringProp("polity"))
		}
	}
	return props
}

// withProperty returns a copy of props with key set to value; props may be
// a feature's own map, which must not change.
func withProperty(props map[string]any, key string, value any) map[string]any {
	c := make(map[string]any, len(props)+1)
	for k, v := range props {
		c[k] = v
	}
	c[key] = value
	return c
}

// geometryJSON returns the GeoJSON of f's geometry, from the cache.
func (a *Atlas) geometryJSON(f *feature.Feature) ([]byte, error) {
	if b, ok := a.geoms.Load(f); ok {
		return b.([]byte), nil
	}
	b, err := json.Marshal(geojson.NewGeometry(f.Geometry))
	if err != nil {
		return nil, fault.Wrap(err, "cannot encode the geometry of %s", f.ID)
	}
	a.geoms.Store(f, b)
	return b, nil
}

// mustEncode writes v as compact JSON without HTML escaping. The values
// written are maps and slices of JSON scalars, which always encode.
func mustEncode(buf *bytes.Buffer, v any) {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	buf.Truncate(buf.Len() - 1) // Encode adds a newline
}
