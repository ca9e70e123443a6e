package feature

import (
	"sort"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
)

// Capital is the kind of a place while it is a polity's capital, and the
// role that makes it one.
const Capital = "capital"

// baseOfCapital is the kind outside its capital roles of a place written
// with the kind capital: a city that was a capital for a time.
const baseOfCapital = "city"

// Role is a part a place played for a polity during Life, such as the Jin's
// capital: Role "capital", Polity "jin".
type Role struct {
	Role   string
	Polity string
	Life   chrono.Interval
}

// BaseKind returns the kind of the feature outside any capital role: its
// kind property, except that a place written with the kind capital whose
// roles date when it was one is a city outside them. A capital without a
// capital role is a capital throughout its life.
func (f *Feature) BaseKind() string {
	k := f.StringProp("kind")
	if k == Capital && f.hasCapitalRole() {
		return baseOfCapital
	}
	return k
}

// KindAt returns the feature's kind on day d: capital while one of its
// capital roles holds d, its BaseKind otherwise.
func (f *Feature) KindAt(d chrono.Day) string {
	for _, r := range f.Roles {
		if r.Role == Capital && r.Life.Contains(d) {
			return Capital
		}
	}
	return f.BaseKind()
}

func (f *Feature) hasCapitalRole() bool {
	for _, r := range f.Roles {
		if r.Role == Capital {
			return true
		}
	}
	return false
}

// Changes returns the sorted, distinct days on which the feature begins or
// ends, or what PropertiesAt returns for it changes: the bounds of its
// life, of its names and of its roles, leaving out open ends.
func (f *Feature) Changes() []chrono.Day {
	days := make([]chrono.Day, 0, 2+2*len(f.Names)+2*len(f.Roles))
	add := func(iv chrono.Interval) {
		for _, d := range []chrono.Day{iv.Start, iv.End} {
			if d != chrono.MinDay && d != chrono.MaxDay {
				days = append(days, d)
			}
		}
	}
	add(f.Life)
	for _, n := range f.Names {
		add(n.Life)
	}
	for _, r := range f.Roles {
		add(r.Life)
	}
	sort.Slice(days, func(i, j int) bool { return days[i] < days[j] })
	out := days[:0]
	for i, d := range days {
		if i == 0 || d != days[i-1] {
			out = append(out, d)
		}
	}
	return out
}
