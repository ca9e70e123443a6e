package chrono

import (
	"errors"
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
	if s == ".." {
		return Date{Text: s, Open: true, Earliest: MinDay, Latest: MaxDay}, nil
	}
	if s == "" {
		return Date{}, &ParseError{Input: s, Reason: "empty date"}
	}
	d := Date{Text: s}
	var body string
	d.Qualifier, body = cutQualifier(s)
	y, rest, err := parseYear(s, body)
	if err == nil {
		err = d.setMonthDay(y, rest)
	}
	if err != nil {
		return Date{}, &ParseError{Input: s, Reason: err.Error()}
	}
	return d, nil
}

// cutQualifier splits the qualifier off the end of a date.
func cutQualifier(s string) (Qualifier, string) {
	q := QualifierNone
	switch s[len(s)-1] {
	case '?':
		q = QualifierUncertain
	case '~':
		q = QualifierApproximate
	case '%':
		q = QualifierUncertainApproximate
	}
	if q != QualifierNone {
		s = s[:len(s)-1]
	}
	return q, s
}

// yearSpan is the years an EDTF year allows: one, or with X digits
// ("112X") a run of them.
type yearSpan struct {
	lo, hi      int
	unspecified bool
}

// parseYear reads the year at the start of body: [-]YYYY, with trailing X
// digits, or Y[-]digits. s is the whole date, for messages.
func parseYear(s, body string) (yearSpan, string, error) {
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
	yearText, rest := body[:i], body[i:]
	switch {
	case long && (len(yearText) <= 4 || strings.Contains(yearText, "X")):
		return yearSpan{}, "", errors.New("a Y year must have more than four digits")
	case !long && len(yearText) != 4:
		return yearSpan{}, "", errors.New("the year must have four digits")
	}
	xs := strings.IndexByte(yearText, 'X')
	if xs >= 0 && strings.TrimRight(yearText[xs:], "X") != "" {
		return yearSpan{}, "", errors.New("only the last digits of a year can be X")
	}
	if xs == 0 {
		return yearSpan{}, "", errors.New("a year cannot be all X")
	}
	lo, err1 := strconv.Atoi(strings.ReplaceAll(yearText, "X", "0"))
	hi, err2 := strconv.Atoi(strings.ReplaceAll(yearText, "X", "9"))
	if err1 != nil || err2 != nil {
		return yearSpan{}, "", errors.New("bad year")
	}
	if neg {
		if lo == 0 && hi == 0 {
			return yearSpan{}, "", errors.New("year -0000 does not exist; use 0000")
		}
		lo, hi = -hi, -lo
	}
	if lo < MinYear || hi > MaxYear {
		return yearSpan{}, "", fmt.Errorf("year %s out of range", strings.TrimPrefix(s[:len(s)-len(rest)], "Y"))
	}
	return yearSpan{lo: lo, hi: hi, unspecified: xs >= 0}, rest, nil
}

// setMonthDay sets d's precision, span and unspecified digits from its
// year and what follows the year: nothing, -MM or -MM-DD.
func (d *Date) setMonthDay(y yearSpan, body string) error {
	d.Unspecified = y.unspecified
	d.Precision = PrecisionYear
	d.Earliest, d.Latest = DayOf(y.lo, 1, 1), DayOf(y.hi, 12, 31)
	if body == "" {
		return nil
	}
	month, rest, ok := part(body)
	if !ok {
		return errors.New("want -MM after the year")
	}
	m, err := d.setMonth(y.lo, month)
	if err != nil {
		return err
	}
	d.Precision = PrecisionMonth
	if rest == "" {
		return nil
	}
	day, rest, ok := part(rest)
	if !ok || rest != "" {
		return errors.New("want -DD after the month")
	}
	d.Precision = PrecisionDay
	if day == "XX" {
		d.Unspecified = true
		return nil
	}
	if month == "XX" {
		return errors.New("a day cannot follow an unspecified month")
	}
	n, err := strconv.Atoi(day)
	if err != nil || !isDigit(day[0]) || !isDigit(day[1]) {
		return fmt.Errorf("day %q is not a number", day)
	}
	if n < 1 || n > daysIn(y.lo, m) {
		return fmt.Errorf("day %d out of range for %s-%s", n, yearString(y.lo), month)
	}
	d.Earliest = DayOf(y.lo, m, n)
	d.Latest = d.Earliest
	return nil
}

// setMonth sets d's span to a month of year (or leaves the year's for
// "XX") and returns the month's number, 0 for "XX".
func (d *Date) setMonth(year int, month string) (int, error) {
	if month == "XX" {
		d.Unspecified = true
		return 0, nil
	}
	if d.Unspecified {
		return 0, errors.New("a month cannot follow a year with X digits")
	}
	m, err := strconv.Atoi(month)
	if err != nil || !isDigit(month[0]) || !isDigit(month[1]) {
		return 0, fmt.Errorf("month %q is not a number", month)
	}
	if m < 1 || m > 12 {
		return 0, fmt.Errorf("month %d out of range", m)
	}
	d.Earliest, d.Latest = DayOf(year, m, 1), DayOf(year, m, daysIn(year, m))
	return m, nil
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
