package atlas

import (
	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
	"github.com/chronoatlas/chronoatlas/internal/fault"
)

// Version returns the version of a thing in c that key names. A key with
// a start ("yellow-river@1128-12") names one version; a bare id names the
// version in force during when, or the last version when when is nil. With
// when, the version must have existed then. datetime is when as the client
// wrote it, for the message of a NotFound error.
func (a *Atlas) Version(c *feature.Collection, key string, when *chrono.Interval, datetime string) (*feature.Feature, error) {
	f, ok := c.Lookup(key)
	if !ok || when != nil {
		versions := c.Get(key)
		if ok {
			versions = []*feature.Feature{f}
		}
		f = nil
		for _, v := range versions {
			if when == nil || v.Life.Overlaps(*when) {
				f = v // the last one in force, versions being oldest first
			}
		}
	}
	if f != nil {
		return f, nil
	}
	if when != nil && (ok || len(c.Get(key)) > 0) {
		return nil, fault.Errorf(fault.NotFound, "feature %q of %s did not exist at %s", key, c.ID, datetime)
	}
	return nil, fault.Errorf(fault.NotFound, "no feature %q in %s", key, c.ID)
}
