package chrono

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Interval is the half-open span of days [Start, End). Start is MinDay
// when open, End is MaxDay when open.
type Interval struct {
	Start, End Day
}

// All is the interval of all time.
var All = Interval{MinDay, MaxDay}

// YearInterval returns the whole year y.
func YearInterval(y int) Interval { return Interval{YearStart(y), YearStart(y + 1)} }

// Life returns the life of a feature that starts at start and ends at end:
// from the first day start allows to the first day end allows. It fails
// when the end is not after the start.
func Life(start, end Date) (Interval, error) {
	iv := Interval{start.Earliest, end.Earliest}
	if start.Open {
		iv.Start = MinDay
	}
	if end.Open {
		iv.End = MaxDay
	}
	if iv.End <= iv.Start {
		return Interval{}, fmt.Errorf("chrono: end %q is not after start %q", end.Text, start.Text)
	}
	return iv, nil
}

// Empty reports whether the interval holds no day.
func (i Interval) Empty() bool { return i.End <= i.Start }

// Contains reports whether day d lies in the interval.
func (i Interval) Contains(d Day) bool { return i.Start <= d && d < i.End }

// Overlaps reports whether the two intervals share a day.
func (i Interval) Overlaps(j Interval) bool {
	return i.Start < j.End && j.Start < i.End && !i.Empty() && !j.Empty()
}

// Union returns the smallest interval covering both.
func (i Interval) Union(j Interval) Interval {
	return Interval{min(i.Start, j.Start), max(i.End, j.End)}
}

// Intersect returns the days the two share, and whether there are any.
func (i Interval) Intersect(j Interval) (Interval, bool) {
	k := Interval{max(i.Start, j.Start), min(i.End, j.End)}
	return k, !k.Empty()
}

// String returns the interval as [start, end).
func (i Interval) String() string {
	return "[" + i.Start.String() + ", " + i.End.String() + ")"
}

// Datetime returns the interval in the OGC API datetime form, with its
// last day as the end: 1141-01-01/1141-12-31, ../1141-12-31.
func (i Interval) Datetime() string {
	end := ".."
	if i.End != MaxDay {
		end = (i.End - 1).String()
	}
	return i.Start.String() + "/" + end
}

// ParseDatetime parses the OGC API Features datetime parameter: an instant
// (an EDTF date, which stands for all its days, or an RFC 3339 date-time,
// which stands for the day it falls on in UTC) or an interval of two
// instants separated by "/", either of which may be ".." or empty for an
// open end.
func ParseDatetime(s string) (Interval, error) {
	fail := func(reason string) (Interval, error) {
		return Interval{}, &ParseError{Input: s, Reason: reason}
	}
	if s == "" {
		return fail("empty datetime")
	}
	if len(s) > 64 {
		return fail("too long for a datetime")
	}
	if a, b, ok := strings.Cut(s, "/"); ok {
		if strings.Contains(b, "/") {
			return fail("an interval has one /")
		}
		iv := All
		if a != ".." && a != "" {
			x, err := instant(a)
			if err != nil {
				return fail(err.Error())
			}
			iv.Start = x.Start
		}
		if b != ".." && b != "" {
			y, err := instant(b)
			if err != nil {
				return fail(err.Error())
			}
			iv.End = y.End
		}
		if iv.Empty() {
			return fail("end is before start")
		}
		return iv, nil
	}
	if s == ".." {
		return fail("an open instant needs an interval, such as ../1141")
	}
	iv, err := instant(s)
	if err != nil {
		return fail(err.Error())
	}
	return iv, nil
}

// instant parses one side of a datetime.
func instant(s string) (Interval, error) {
	if strings.ContainsAny(s, "Tt ") {
		t, err := time.Parse(time.RFC3339Nano, strings.Replace(s, "t", "T", 1))
		if err != nil {
			return Interval{}, fmt.Errorf("%q is not an RFC 3339 date-time", s)
		}
		t = t.UTC()
		if t.Year() < MinYear || t.Year() > MaxYear {
			return Interval{}, fmt.Errorf("year %d out of range", t.Year())
		}
		d := DayOf(t.Year(), int(t.Month()), t.Day())
		return Interval{d, d + 1}, nil
	}
	d, err := ParseEDTF(s)
	if err != nil {
		if pe := (*ParseError)(nil); errors.As(err, &pe) {
			return Interval{}, fmt.Errorf("%s", pe.Reason)
		}
		return Interval{}, err
	}
	if d.Open {
		return All, nil
	}
	return Interval{d.Earliest, d.Latest + 1}, nil
}
