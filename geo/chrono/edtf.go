package chrono

import (
	"fmt"
	"strconv"
	"strings"
)

// Precision is how much of a date is given.
type Precision uint8

// The precisions of a date.
const (
	PrecisionYear Precision = iota + 1
	PrecisionMonth
	PrecisionDay
)

// Qualifier is EDTF's uncertainty qualifier.
type Qualifier uint8

// The qualifiers: "?" uncertain, "~" approximate, "%" both.
const (
	QualifierNone Qualifier = iota
	QualifierUncertain
	QualifierApproximate
	QualifierUncertainApproximate
)

// Certainty values, as features carry them.
const (
	Certain     = "certain"
	Approximate = "approximate"
	Uncertain   = "uncertain"
)

// Date is an EDTF date: the text as written and the span of days it allows.
type Date struct {
	// Text is the date as written, such as "1127-01" or "1126~".
	Text string
	// Open is true for "..", an open end.
	Open      bool
	Precision Precision
	Qualifier Qualifier
	// Unspecified is true when digits are given as X ("112X").
	Unspecified bool
	// Earliest and Latest are the first and last day the date allows;
	// MinDay and MaxDay for an open date.
	Earliest, Latest Day
}

// ParseError is a date that could not be parsed.
type ParseError struct {
	Input  string
	Reason string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("chrono: %q: %s", e.Input, e.Reason)
}

// ParseEDTF parses an EDTF date of level 0, with level 1's qualifiers
// ("1126~", "1127?", "1127-01%"), unspecified digits ("112X", "1127-XX"),
// long years ("Y-12000" is out of range, though) and the open end "..".
// Years run from -9999 to 9999 in astronomical numbering.
func ParseEDTF(s string) (Date, error) {
	fail := func(format string, args ...any) (Date, error) {
		return Date{}, &ParseError{Input: s, Reason: fmt.Sprintf(format, args...)}
	}
	if s == ".." {
		return Date{Text: s, Open: true, Earliest: MinDay, Latest: MaxDay}, nil
	}
	if s == "" {
		return fail("empty date")
	}
	d := Date{Text: s}
	body := s
	switch body[len(body)-1] {
	case '?':
		d.Qualifier = QualifierUncertain
	case '~':
		d.Qualifier = QualifierApproximate
	case '%':
		d.Qualifier = QualifierUncertainApproximate
	}
	if d.Qualifier != QualifierNone {
		body = body[:len(body)-1]
	}

	// The year: [-]YYYY, with trailing X digits, or Y[-]digits.
	var yearText string
	long := strings.HasPrefix(body, "Y")
	if long {
		body = body[1:]
	}
	neg := strings.HasPrefix(body, "-")
	if neg {
		body = body[1:]
	}
	i := 0
	for i < len(body) && (isDigit(body[i]) || body[i] == 'X') {
		i++
	}
	yearText, body = body[:i], body[i:]
	switch {
	case long && (len(yearText) <= 4 || strings.Contains(yearText, "X")):
		return fail("a Y year must have more than four digits")
	case !long && len(yearText) != 4:
		return fail("the year must have four digits")
	}
	xs := strings.IndexByte(yearText, 'X')
	if xs >= 0 && strings.TrimRight(yearText[xs:], "X") != "" {
		return fail("only the last digits of a year can be X")
	}
	if xs == 0 {
		return fail("a year cannot be all X")
	}
	lo, err1 := strconv.Atoi(strings.ReplaceAll(yearText, "X", "0"))
	hi, err2 := strconv.Atoi(strings.ReplaceAll(yearText, "X", "9"))
	if err1 != nil || err2 != nil {
		return fail("bad year")
	}
	if neg {
		if lo == 0 && hi == 0 {
			return fail("year -0000 does not exist; use 0000")
		}
		lo, hi = -hi, -lo
	}
	if lo < MinYear || hi > MaxYear {
		return fail("year %s out of range", strings.TrimPrefix(s[:len(s)-len(body)], "Y"))
	}
	d.Unspecified = xs >= 0
	d.Precision = PrecisionYear
	d.Earliest, d.Latest = DayOf(lo, 1, 1), DayOf(hi, 12, 31)

	// The month and the day.
	if body == "" {
		return d, nil
	}
	month, rest, ok := part(body)
	if !ok {
		return fail("want -MM after the year")
	}
	if month == "XX" {
		d.Unspecified = true
	} else {
		if d.Unspecified {
			return fail("a month cannot follow a year with X digits")
		}
		m, err := strconv.Atoi(month)
		if err != nil || !isDigit(month[0]) || !isDigit(month[1]) {
			return fail("month %q is not a number", month)
		}
		if m < 1 || m > 12 {
			return fail("month %d out of range", m)
		}
		d.Earliest, d.Latest = DayOf(lo, m, 1), DayOf(lo, m, daysIn(lo, m))
	}
	d.Precision = PrecisionMonth
	if rest == "" {
		return d, nil
	}
	day, rest, ok := part(rest)
	if !ok || rest != "" {
		return fail("want -DD after the month")
	}
	d.Precision = PrecisionDay
	if day == "XX" {
		d.Unspecified = true
		return d, nil
	}
	if month == "XX" {
		return fail("a day cannot follow an unspecified month")
	}
	n, err := strconv.Atoi(day)
	if err != nil || !isDigit(day[0]) || !isDigit(day[1]) {
		return fail("day %q is not a number", day)
	}
	m, _ := strconv.Atoi(month)
	if n < 1 || n > daysIn(lo, m) {
		return fail("day %d out of range for %s-%s", n, yearString(lo), month)
	}
	d.Earliest = DayOf(lo, m, n)
	d.Latest = d.Earliest
	return d, nil
}

// part splits "-NN…" into "NN" and the rest.
func part(s string) (string, string, bool) {
	if len(s) < 3 || s[0] != '-' {
		return "", "", false
	}
	return s[1:3], s[3:], true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// MustParseEDTF is ParseEDTF for dates known to be valid; it panics on an
// error.
func MustParseEDTF(s string) Date {
	d, err := ParseEDTF(s)
	if err != nil {
		panic(err)
	}
	return d
}

// String returns the date as written.
func (d Date) String() string { return d.Text }

// IsZero reports whether d is the zero Date, not a parsed one.
func (d Date) IsZero() bool { return d.Text == "" }

// Certainty returns "certain", "approximate" (~) or "uncertain" (?, %, or
// X digits).
func (d Date) Certainty() string {
	switch {
	case d.Qualifier == QualifierUncertain || d.Qualifier == QualifierUncertainApproximate || d.Unspecified:
		return Uncertain
	case d.Qualifier == QualifierApproximate:
		return Approximate
	}
	return Certain
}
