package feature

import "github.com/chronoatlas/chronoatlas/geo/chrono"

// Name is one of a feature's names, valid during Life.
type Name struct {
	Name   string
	NameZh string
	Pinyin string
	Life   chrono.Interval
}

// NameAt returns the name valid on day d, if the feature has names over
// time and one of them covers d.
func (f *Feature) NameAt(d chrono.Day) (Name, bool) {
	for _, n := range f.Names {
		if n.Life.Contains(d) {
			return n, true
		}
	}
	return Name{}, false
}

// PropertiesAt returns the feature's properties as they stood on day d: the
// same map when nothing depends on time, otherwise a copy whose name and
// name_zh are the ones valid on d and whose kind is the one of d (KindAt: a
// capital only while a capital role holds). The names and roles lists stay
// whole.
func (f *Feature) PropertiesAt(d chrono.Day) map[string]any {
	n, named := f.NameAt(d)
	renamed := named && (f.StringProp("name") != n.Name || f.StringProp("name_zh") != n.NameZh)
	kind := f.KindAt(d)
	rekinded := kind != f.StringProp("kind")
	if !renamed && !rekinded {
		return f.Properties
	}
	p := make(map[string]any, len(f.Properties))
	for k, v := range f.Properties {
		p[k] = v
	}
	if renamed {
		p["name"] = n.Name
		if n.NameZh != "" {
			p["name_zh"] = n.NameZh
		}
	}
	if rekinded {
		p["kind"] = kind
	}
	return p
}

// Moment returns the day that stands for an interval when one state must be
// shown for all of it: 1 July for a whole year (the slider's convention),
// otherwise the first day, or the last day of an interval open at the start.
func Moment(iv chrono.Interval) chrono.Day {
	if iv.Start != chrono.MinDay {
		y := iv.Start.Year()
		if iv == chrono.YearInterval(y) {
			return chrono.SliderDay(y)
		}
		return iv.Start
	}
	if iv.End != chrono.MaxDay {
		return iv.End - 1
	}
	return chrono.MinDay
}
