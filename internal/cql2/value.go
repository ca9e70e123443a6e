package cql2

import (
	"fmt"
	"strconv"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/paulmach/orb"
)

// Kind is the type of a value.
type Kind uint8

// The kinds of value a filter compares.
const (
	Null Kind = iota
	String
	Number
	Boolean
	Time
	Geometry
	List
)

var kindNames = [...]string{"null", "string", "number", "boolean", "time", "geometry", "list"}

func (k Kind) String() string { return kindNames[k] }

// Value is a literal of a filter or a property of an item.
type Value struct {
	Kind Kind
	Str  string
	Num  float64
	Bool bool
	// Span is a time's days: one day for an instant, several for an
	// interval.
	Span chrono.Interval
	// Until marks a time that is the first day after what it bounds, as a
	// feature's end is: as the end of an INTERVAL it closes the interval
	// before that day rather than after it.
	Until bool
	Geom  orb.Geometry
	Items []Value
}

// Text, Num, Bool, Day, Span and Geom make values.
func Text(s string) Value           { return Value{Kind: String, Str: s} }
func Num(n float64) Value           { return Value{Kind: Number, Num: n} }
func Bool(b bool) Value             { return Value{Kind: Boolean, Bool: b} }
func Day(d chrono.Day) Value        { return Value{Kind: Time, Span: chrono.Interval{Start: d, End: d + 1}} }
func Span(iv chrono.Interval) Value { return Value{Kind: Time, Span: iv} }
func Geom(g orb.Geometry) Value     { return Value{Kind: Geometry, Geom: g} }
func EndDay(d chrono.Day) Value     { v := Day(d); v.Until = true; return v }
func ListOf(items ...Value) Value   { return Value{Kind: List, Items: items} }
func (v Value) IsNull() bool        { return v.Kind == Null }
func (v Value) describe() string    { return v.Kind.String() }
func kindError(a, b Value) error {
	return fmt.Errorf("cannot compare a %s with a %s", a.describe(), b.describe())
}

// compare orders two values of one kind: -1, 0 or 1. Times compare by
// their first day; a number compares with a string that spells one, since
// properties read from JSON may hold either.
func compare(a, b Value) (int, error) {
	if a.Kind == Number && b.Kind == String {
		if n, err := strconv.ParseFloat(b.Str, 64); err == nil {
			b = Num(n)
		}
	}
	if a.Kind == String && b.Kind == Number {
		if n, err := strconv.ParseFloat(a.Str, 64); err == nil {
			a = Num(n)
		}
	}
	if a.Kind != b.Kind {
		return 0, kindError(a, b)
	}
	switch a.Kind {
	case String:
		return cmp3(a.Str < b.Str, a.Str > b.Str), nil
	case Number:
		return cmp3(a.Num < b.Num, a.Num > b.Num), nil
	case Boolean:
		return cmp3(!a.Bool && b.Bool, a.Bool && !b.Bool), nil
	case Time:
		return cmp3(a.Span.Start < b.Span.Start, a.Span.Start > b.Span.Start), nil
	}
	return 0, fmt.Errorf("cannot order a %s", a.describe())
}

func cmp3(less, more bool) int {
	switch {
	case less:
		return -1
	case more:
		return 1
	}
	return 0
}
