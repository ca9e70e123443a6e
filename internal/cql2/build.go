package cql2

import (
	"errors"
	"fmt"
	"strings"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/paulmach/orb"
)

// Building filters: the parsers of the two encodings (cql2text and
// cql2json) make an Expr with these, and share the limits, the error and
// the reading of literals below, so that both accept and refuse the same.

// Error is a filter that cannot be parsed: where it went wrong and why.
// At is a byte offset into the text encoding, or a path such as
// args[1].args[0] into the JSON one.
type Error struct {
	At  string
	Msg string
}

func (e *Error) Error() string { return "cql2: at " + e.At + ": " + e.Msg }

// MaxLength is the longest filter accepted, in bytes, and MaxDepth the
// deepest nesting: a filter is a query parameter, not a program.
const (
	MaxLength = 64 << 10
	MaxDepth  = 64
)

// Literal is a value as an operand.
func Literal(v Value) Scalar { return literal{v} }

// Property is the value of the named property of the item.
func Property(name string) Scalar { return property{name} }

// Interval is INTERVAL(start, end); a nil end is open ('..').
func Interval(start, end Scalar) Scalar { return interval{start: start, end: end} }

// Const is the filter TRUE or FALSE.
func Const(b bool) Expr { return boolLiteral(b) }

// Logical is op, one of "and", "or" (over two or more filters) and "not"
// (over one).
func Logical(op string, args ...Expr) Expr { return logical{op: op, args: args} }

// Compare is a comparison, op one of =, <>, <, <=, > and >=.
func Compare(op string, a, b Scalar) Expr { return comparison{op: op, a: a, b: b} }

// Like is a LIKE pattern, or NOT LIKE.
func Like(a, pattern Scalar, not bool) Expr { return like{a: a, pattern: pattern, not: not} }

// Between is a BETWEEN lo AND hi, or NOT BETWEEN.
func Between(a, lo, hi Scalar, not bool) Expr { return between{a: a, lo: lo, hi: hi, not: not} }

// In is a IN (list…), or NOT IN.
func In(a Scalar, list []Scalar, not bool) Expr { return in{a: a, list: list, not: not} }

// IsNull is a IS NULL, or IS NOT NULL.
func IsNull(a Scalar, not bool) Expr { return isNull{a: a, not: not} }

// IsFunction reports whether name, lower case, is a spatial (s_…) or
// temporal (t_…) function this package evaluates.
func IsFunction(name string) bool { return spatialFuncs[name] || temporalFuncs[name] != nil }

// Function is the spatial or temporal function name (lower case, one
// IsFunction knows) of a and b.
func Function(name string, a, b Scalar) Expr {
	if spatialFuncs[name] {
		return spatial{fn: name, a: a, b: b}
	}
	return temporal{fn: name, a: a, b: b}
}

// Instant reads a DATE ('1141-12-17', word "date") or a TIMESTAMP
// ('1141-12-17T00:00:00Z', word "timestamp") into the day it falls on.
func Instant(word, s string) (Value, error) {
	day := s
	if word == "timestamp" {
		i := strings.IndexByte(s, 'T')
		if i < 0 || !strings.HasSuffix(s, "Z") && !strings.ContainsAny(s[i:], "+-") {
			return Value{}, fmt.Errorf("%q is not a timestamp (YYYY-MM-DDThh:mm:ssZ)", s)
		}
		day = s[:i]
	}
	if len(day) < 10 || strings.Count(day[1:], "-") != 2 {
		return Value{}, fmt.Errorf("%q is not a date (YYYY-MM-DD)", s)
	}
	iv, err := chrono.ParseDatetime(s)
	if err != nil {
		return Value{}, fmt.Errorf("%q is not a %s: %v", s, word, err)
	}
	return Day(iv.Start), nil
}

// BBox makes a bound of four numbers (or six, whose heights it drops);
// one across the antimeridian (west above east) is two boxes.
func BBox(ns []float64) (orb.Geometry, error) {
	switch len(ns) {
	case 4:
	case 6:
		ns = []float64{ns[0], ns[1], ns[3], ns[4]}
	default:
		return nil, fmt.Errorf("a BBOX takes 4 or 6 numbers, not %d", len(ns))
	}
	if ns[1] > ns[3] {
		return nil, errors.New("a BBOX's south is above its north")
	}
	if ns[0] > ns[2] {
		return orb.MultiPolygon{
			orb.Bound{Min: orb.Point{ns[0], ns[1]}, Max: orb.Point{180, ns[3]}}.ToPolygon(),
			orb.Bound{Min: orb.Point{-180, ns[1]}, Max: orb.Point{ns[2], ns[3]}}.ToPolygon(),
		}, nil
	}
	return orb.Bound{Min: orb.Point{ns[0], ns[1]}, Max: orb.Point{ns[2], ns[3]}}, nil
}
