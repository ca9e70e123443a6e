package dataset

import (
	"cmp"
	"slices"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/feature"
)

// sortFeatures orders fs by keys, properties read as they stood at when
// (the day's name and kind). Numbers sort as numbers, anything else as its
// text (ISO dates in order); a feature without the property comes after
// those with it, whichever the direction. Ties keep the collection's
// order, so pages are stable.
func sortFeatures(fs []*feature.Feature, keys []SortKey, when *chrono.Interval) {
	props := make(map[*feature.Feature]map[string]any, len(fs))
	for _, f := range fs {
		props[f] = f.Properties
		if when != nil {
			props[f] = f.PropertiesAt(feature.Moment(*when))
		}
	}
	slices.SortStableFunc(fs, func(a, b *feature.Feature) int {
		for _, k := range keys {
			va, oka := props[a][k.Property]
			vb, okb := props[b][k.Property]
			switch {
			case !oka && !okb:
				continue
			case !oka:
				return 1
			case !okb:
				return -1
			}
			c := compareValues(va, vb)
			if k.Desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
}

func compareValues(a, b any) int {
	na, oka := a.(float64)
	nb, okb := b.(float64)
	if oka && okb {
		return cmp.Compare(na, nb)
	}
	return cmp.Compare(feature.Text(a), feature.Text(b))
}
