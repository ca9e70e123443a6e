package chrono

import (
	"fmt"
	"math"
	"time"
)

// Day is a day on the proleptic Gregorian calendar, counted from
// 1970-01-01.
type Day int64

// MinDay and MaxDay stand for the open ends of intervals; they lie far
// outside any year a date can name.
const (
	MinDay Day = -(1 << 40)
	MaxDay Day = 1 << 40
)

// Year limits of the dates this package parses.
const (
	MinYear = -9999
	MaxYear = 9999
)

// DayOf returns the day of a date. Month and day must be valid; DayOf does
// not check them.
func DayOf(year, month, day int) Day {
	// Howard Hinnant's days_from_civil.
	y := int64(year)
	if month <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	m := int64(month)
	var mp int64
	if m > 2 {
		mp = m - 3
	} else {
		mp = m + 9
	}
	doy := (153*mp+2)/5 + int64(day) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return Day(era*146097 + doe - 719468)
}

// Time returns midnight UTC at the start of d.
func (d Day) Time() time.Time {
	y, m, dd := d.Date()
	return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC)
}

// Date returns the year, month and day of d.
func (d Day) Date() (year, month, day int) {
	// Howard Hinnant's civil_from_days.
	z := int64(d) + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	dd := doy - (153*mp+2)/5 + 1
	var m int64
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return int(y), int(m), int(dd)
}

// Year returns the year of d.
func (d Day) Year() int {
	y, _, _ := d.Date()
	return y
}

// YearStart returns 1 January of year y.
func YearStart(y int) Day { return DayOf(y, 1, 1) }

// SliderDay returns 1 July of year y: the day the viewer's year slider
// shows for y.
func SliderDay(y int) Day { return DayOf(y, 7, 1) }

// DecimalYear returns d as a year with a fraction: 1141.5 is early July
// 1141. MinDay and MaxDay give minus and plus infinity.
func (d Day) DecimalYear() float64 {
	switch d {
	case MinDay:
		return math.Inf(-1)
	case MaxDay:
		return math.Inf(1)
	}
	y := d.Year()
	start, next := YearStart(y), YearStart(y+1)
	return float64(y) + float64(d-start)/float64(next-start)
}

// String returns d in ISO 8601 (1141-12-17, -0220-01-01), or ".." for an
// open end.
func (d Day) String() string {
	if d <= MinDay || d >= MaxDay {
		return ".."
	}
	y, m, dd := d.Date()
	return fmt.Sprintf("%s-%02d-%02d", yearString(y), m, dd)
}

// yearString writes a year with at least four digits and a sign when
// negative, as ISO 8601 and EDTF do.
func yearString(y int) string {
	if y < 0 {
		return fmt.Sprintf("-%04d", -y)
	}
	return fmt.Sprintf("%04d", y)
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// daysIn returns the number of days in a month.
func daysIn(year, month int) int {
	switch month {
	case 2:
		if isLeap(year) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
