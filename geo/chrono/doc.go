// Package chrono is chronoatlas's time model: days on the proleptic
// Gregorian calendar, EDTF dates, half-open intervals, and the OGC API
// datetime parameter.
//
// A Day counts days from 1970-01-01 and reaches back before the common era
// with astronomical year numbering (year 0 is 1 BCE, -220 is 221 BCE). An
// EDTF date (ParseEDTF) stands for a span of days, from its Earliest to its
// Latest: "1127-01" is 1127-01-01 to 1127-01-31, "112X" the 1120s. A
// feature lives in the half-open Interval [start.Earliest, end.Earliest), so
// one version's end is the next one's start and the two never overlap.
//
// The package parses EDTF itself: the point is not the date as written but
// the first and last day it allows, and the EDTF libraries available stop at
// the written form.
package chrono
