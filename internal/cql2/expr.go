package cql2

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/chronoatlas/chronoatlas/geo/chrono"
	"github.com/chronoatlas/chronoatlas/geo/relate"
)

// Item is what a filter is evaluated against: a feature, seen through its
// properties. Value returns Null for a property the item does not have.
type Item interface {
	Value(property string) Value
}

// Props is an Item whose properties are given as values: for a filter
// over data that is not a feature, and for tests.
type Props map[string]Value

// Value returns the property's value, Null when it is not given.
func (p Props) Value(property string) Value { return p[property] }

// Expr is a parsed filter: a boolean expression.
type Expr interface {
	// Match reports whether the item passes the filter. An error means the
	// filter compares values of kinds that cannot be compared.
	Match(it Item) (bool, error)
	// walk calls fn for every property the expression names.
	walk(fn func(name string))
	// check reports the first comparison of kinds that cannot be compared.
	check(schema Schema) error
	// unknown reports whether the expression is neither true nor false
	// for the item, as SQL's comparisons with a null are: Match reports
	// false then, and so does NOT of it.
	unknown(it Item) bool
}

// anyNull reports whether one of the scalars is null for the item.
func anyNull(it Item, ops ...Scalar) bool {
	for _, s := range ops {
		if s.value(it).IsNull() {
			return true
		}
	}
	return false
}

// Schema gives the kind of each property a filter may name, and false for
// one it may not.
type Schema func(property string) (Kind, bool)

// Check reports whether every property e names is in the schema and every
// comparison in it compares kinds that can be compared, so that a filter
// is refused before it runs rather than failing on some items.
func Check(e Expr, schema Schema) error { return e.check(schema) }

// kindOf is the kind a scalar has under a schema.
func kindOf(s Scalar, schema Schema) (Kind, error) {
	switch s := s.(type) {
	case literal:
		return s.v.Kind, nil
	case property:
		k, ok := schema(s.name)
		if !ok {
			return Null, &Error{At: "property " + s.name, Msg: "no such queryable (see the collection's queryables)"}
		}
		return k, nil
	case interval:
		for _, e := range []Scalar{s.start, s.end} {
			if e == nil {
				continue
			}
			k, err := kindOf(e, schema)
			if err != nil {
				return Null, err
			}
			if k != Time {
				return Null, &Error{At: "INTERVAL", Msg: "an interval's ends must be times, not a " + k.String()}
			}
		}
		return Time, nil
	}
	return Null, nil
}

// checkKinds checks that the operands of op have kinds it can compare:
// want, when given, or one kind for all (a list matches the kind of its
// items).
func checkKinds(op string, schema Schema, want Kind, ops ...Scalar) error {
	var first Kind = Null
	for _, s := range ops {
		k, err := kindOf(s, schema)
		if err != nil {
			return err
		}
		if k == List || k == Null {
			continue
		}
		if want != Null && k != want {
			return &Error{At: op, Msg: fmt.Sprintf("%s needs %s values, not a %s", op, want, k)}
		}
		if first == Null {
			first = k
			continue
		}
		if k != first {
			return &Error{At: op, Msg: fmt.Sprintf("cannot compare a %s with a %s", first, k)}
		}
	}
	return nil
}

// Properties returns the names of the properties a filter refers to, once
// each, in the order they first appear, so a server can check them against
// its queryables before evaluating anything.
func Properties(e Expr) []string {
	var names []string
	seen := map[string]bool{}
	e.walk(func(n string) {
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	})
	return names
}

// Scalar is an operand: a literal, a property, or an interval of them
// (Literal, Property, Interval).
type Scalar interface {
	value(it Item) Value
	walk(fn func(name string))
}

type literal struct{ v Value }

func (l literal) value(Item) Value { return l.v }
func (literal) walk(func(string))  {}

type property struct{ name string }

func (p property) value(it Item) Value  { return it.Value(p.name) }
func (p property) walk(fn func(string)) { fn(p.name) }

// interval is INTERVAL(start, end): either end a time literal, '..' (nil
// here), or a property.
type interval struct{ start, end Scalar }

func (iv interval) value(it Item) Value {
	out := chrono.Interval{Start: chrono.MinDay, End: chrono.MaxDay}
	if iv.start != nil {
		v := iv.start.value(it)
		if v.Kind == Time {
			out.Start = v.Span.Start
		}
	}
	if iv.end != nil {
		v := iv.end.value(it)
		if v.Kind == Time {
			out.End = v.Span.End
			if v.Until {
				out.End = v.Span.Start
			}
		}
	}
	return Span(out)
}

func (iv interval) walk(fn func(string)) {
	if iv.start != nil {
		iv.start.walk(fn)
	}
	if iv.end != nil {
		iv.end.walk(fn)
	}
}

// logical is AND or OR over two or more expressions, or NOT over one.
type logical struct {
	op   string // "and", "or", "not"
	args []Expr
}

func (l logical) Match(it Item) (bool, error) {
	switch l.op {
	case "not":
		ok, err := l.args[0].Match(it)
		return !ok && !l.args[0].unknown(it), err
	case "and":
		for _, a := range l.args {
			if ok, err := a.Match(it); err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	}
	for _, a := range l.args {
		if ok, err := a.Match(it); err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

// unknown follows SQL's three-valued logic: AND is unknown when no
// operand is false and one is unknown, OR when none is true and one is
// unknown, NOT when its operand is.
func (l logical) unknown(it Item) bool {
	if l.op == "not" {
		return l.args[0].unknown(it)
	}
	some := false
	for _, a := range l.args {
		if a.unknown(it) {
			some = true
			continue
		}
		if ok, _ := a.Match(it); ok == (l.op == "or") {
			return false // decided: a true operand of OR, a false one of AND
		}
	}
	return some
}

func (l logical) walk(fn func(string)) {
	for _, a := range l.args {
		a.walk(fn)
	}
}

type boolLiteral bool

func (b boolLiteral) Match(Item) (bool, error) { return bool(b), nil }
func (boolLiteral) walk(func(string))          {}
func (boolLiteral) unknown(Item) bool          { return false }

// comparison is a binary comparison: =, <>, <, <=, >, >=. A comparison
// with a null is false, as in SQL.
type comparison struct {
	op   string
	a, b Scalar
}

func (c comparison) Match(it Item) (bool, error) {
	a, b := c.a.value(it), c.b.value(it)
	if a.IsNull() || b.IsNull() {
		return false, nil
	}
	if c.op == "=" || c.op == "<>" {
		eq, err := equal(a, b)
		return eq == (c.op == "="), err
	}
	n, err := compare(a, b)
	if err != nil {
		return false, err
	}
	switch c.op {
	case "<":
		return n < 0, nil
	case "<=":
		return n <= 0, nil
	case ">":
		return n > 0, nil
	}
	return n >= 0, nil
}

func (c comparison) walk(fn func(string)) { c.a.walk(fn); c.b.walk(fn) }
func (c comparison) unknown(it Item) bool { return anyNull(it, c.a, c.b) }

// equal is = for every kind: a list equals a value it holds once (a
// property such as a polity's several names), on either side of the =; times equal when they cover
// the same days.
func equal(a, b Value) (bool, error) {
	if b.Kind == List && a.Kind != List {
		a, b = b, a
	}
	if a.Kind == List {
		for _, x := range a.Items {
			if ok, _ := equal(x, b); ok {
				return true, nil
			}
		}
		return false, nil
	}
	if a.Kind == Time && b.Kind == Time {
		return a.Span == b.Span, nil
	}
	n, err := compare(a, b)
	return n == 0, err
}

type like struct {
	a, pattern Scalar
	not        bool
}

func (l like) Match(it Item) (bool, error) {
	a, p := l.a.value(it), l.pattern.value(it)
	if a.IsNull() || p.IsNull() {
		return false, nil
	}
	if a.Kind != String || p.Kind != String {
		return false, fmt.Errorf("LIKE needs strings, not a %s and a %s", a.describe(), p.describe())
	}
	if utf8.RuneCountInString(p.Str) > MaxPattern {
		return false, fmt.Errorf("a LIKE pattern is longer than %d characters", MaxPattern)
	}
	return matchLike(a.Str, p.Str) != l.not, nil
}

func (l like) walk(fn func(string)) { l.a.walk(fn); l.pattern.walk(fn) }
func (l like) unknown(it Item) bool { return anyNull(it, l.a, l.pattern) }

// MaxPattern is the longest LIKE pattern accepted, in characters: the
// match costs the pattern's length times the value's.
const MaxPattern = 256

// matchLike matches s against a LIKE pattern: % any run of characters, _
// one character, a backslash escapes the next. It backtracks only to the
// last %, as glob matchers do, so it needs no memory and at most
// len(s)×len(pattern) steps.
func matchLike(s, pattern string) bool {
	r, p := []rune(s), []rune(pattern)
	i, j := 0, 0
	star, mark := -1, 0
	for i < len(r) {
		switch {
		case j < len(p) && p[j] == '%':
			star, mark = j, i
			j++
			continue
		case j < len(p) && p[j] == '\\' && j+1 < len(p) && r[i] == p[j+1]:
			i, j = i+1, j+2
			continue
		case j < len(p) && p[j] != '\\' && (p[j] == '_' || r[i] == p[j]):
			i, j = i+1, j+1
			continue
		case j+1 == len(p) && p[j] == '\\' && r[i] == '\\':
			i, j = i+1, j+1
			continue
		}
		if star < 0 {
			return false
		}
		mark++
		i, j = mark, star+1
	}
	for j < len(p) && p[j] == '%' {
		j++
	}
	return j == len(p)
}

type between struct {
	a, lo, hi Scalar
	not       bool
}

func (b between) Match(it Item) (bool, error) {
	a, lo, hi := b.a.value(it), b.lo.value(it), b.hi.value(it)
	if a.IsNull() || lo.IsNull() || hi.IsNull() {
		return false, nil
	}
	n1, err := compare(a, lo)
	if err != nil {
		return false, err
	}
	n2, err := compare(a, hi)
	if err != nil {
		return false, err
	}
	return (n1 >= 0 && n2 <= 0) != b.not, nil
}

func (b between) walk(fn func(string)) { b.a.walk(fn); b.lo.walk(fn); b.hi.walk(fn) }
func (b between) unknown(it Item) bool { return anyNull(it, b.a, b.lo, b.hi) }

type in struct {
	a    Scalar
	list []Scalar
	not  bool
}

func (n in) Match(it Item) (bool, error) {
	a := n.a.value(it)
	if a.IsNull() {
		return false, nil
	}
	for _, s := range n.list {
		v := s.value(it)
		if v.IsNull() {
			continue
		}
		ok, err := equal(a, v)
		if err != nil {
			return false, err
		}
		if ok {
			return !n.not, nil
		}
	}
	return n.not, nil
}

func (n in) unknown(it Item) bool { return anyNull(it, n.a) }

func (n in) walk(fn func(string)) {
	n.a.walk(fn)
	for _, s := range n.list {
		s.walk(fn)
	}
}

type isNull struct {
	a   Scalar
	not bool
}

func (n isNull) Match(it Item) (bool, error) { return n.a.value(it).IsNull() != n.not, nil }
func (n isNull) walk(fn func(string))        { n.a.walk(fn) }
func (isNull) unknown(Item) bool             { return false }

// spatial is one of the spatial functions S_INTERSECTS, S_DISJOINT,
// S_WITHIN, S_CONTAINS.
type spatial struct {
	fn   string
	a, b Scalar
}

var spatialFuncs = map[string]bool{"s_intersects": true, "s_disjoint": true, "s_within": true, "s_contains": true}

func (s spatial) Match(it Item) (bool, error) {
	a, b := s.a.value(it), s.b.value(it)
	if a.IsNull() || b.IsNull() {
		return false, nil
	}
	if a.Kind != Geometry || b.Kind != Geometry {
		return false, fmt.Errorf("%s needs geometries, not a %s and a %s", strings.ToUpper(s.fn), a.describe(), b.describe())
	}
	switch s.fn {
	case "s_intersects":
		return relate.Intersects(a.Geom, b.Geom), nil
	case "s_disjoint":
		return relate.Disjoint(a.Geom, b.Geom), nil
	case "s_within":
		return relate.Within(a.Geom, b.Geom), nil
	}
	return relate.Contains(a.Geom, b.Geom), nil
}

func (s spatial) walk(fn func(string)) { s.a.walk(fn); s.b.walk(fn) }
func (s spatial) unknown(it Item) bool { return anyNull(it, s.a, s.b) }

// temporal is one of the temporal functions, over half-open spans of
// days: an instant is its day, an interval its first to its last day.
type temporal struct {
	fn   string
	a, b Scalar
}

var temporalFuncs = map[string]func(a, b chrono.Interval) bool{
	"t_after":        func(a, b chrono.Interval) bool { return a.Start >= b.End },
	"t_before":       func(a, b chrono.Interval) bool { return a.End <= b.Start },
	"t_contains":     func(a, b chrono.Interval) bool { return a.Start < b.Start && a.End > b.End },
	"t_disjoint":     func(a, b chrono.Interval) bool { return !a.Overlaps(b) },
	"t_during":       func(a, b chrono.Interval) bool { return a.Start > b.Start && a.End < b.End },
	"t_equals":       func(a, b chrono.Interval) bool { return a == b },
	"t_finishedby":   func(a, b chrono.Interval) bool { return a.Start < b.Start && a.End == b.End },
	"t_finishes":     func(a, b chrono.Interval) bool { return a.Start > b.Start && a.End == b.End },
	"t_intersects":   func(a, b chrono.Interval) bool { return a.Overlaps(b) },
	"t_meets":        func(a, b chrono.Interval) bool { return a.End == b.Start },
	"t_metby":        func(a, b chrono.Interval) bool { return a.Start == b.End },
	"t_overlappedby": func(a, b chrono.Interval) bool { return a.Start > b.Start && a.Start < b.End && a.End > b.End },
	"t_overlaps":     func(a, b chrono.Interval) bool { return a.Start < b.Start && a.End > b.Start && a.End < b.End },
	"t_startedby":    func(a, b chrono.Interval) bool { return a.Start == b.Start && a.End > b.End },
	"t_starts":       func(a, b chrono.Interval) bool { return a.Start == b.Start && a.End < b.End },
}

func (t temporal) Match(it Item) (bool, error) {
	a, b := t.a.value(it), t.b.value(it)
	if a.IsNull() || b.IsNull() {
		return false, nil
	}
	if a.Kind != Time || b.Kind != Time {
		return false, fmt.Errorf("%s needs times, not a %s and a %s", strings.ToUpper(t.fn), a.describe(), b.describe())
	}
	return temporalFuncs[t.fn](a.Span, b.Span), nil
}

func (t temporal) walk(fn func(string)) { t.a.walk(fn); t.b.walk(fn) }
func (t temporal) unknown(it Item) bool { return anyNull(it, t.a, t.b) }

func (l logical) check(s Schema) error {
	for _, a := range l.args {
		if err := a.check(s); err != nil {
			return err
		}
	}
	return nil
}

func (boolLiteral) check(Schema) error { return nil }

func (c comparison) check(s Schema) error {
	if c.op != "=" && c.op != "<>" {
		for _, x := range []Scalar{c.a, c.b} {
			if k, err := kindOf(x, s); err == nil && (k == Geometry || k == List) {
				return &Error{At: c.op, Msg: "cannot order a " + k.String()}
			}
		}
	}
	return checkKinds(c.op, s, Null, c.a, c.b)
}

func (l like) check(s Schema) error    { return checkKinds("LIKE", s, String, l.a, l.pattern) }
func (b between) check(s Schema) error { return checkKinds("BETWEEN", s, Null, b.a, b.lo, b.hi) }
func (n in) check(s Schema) error {
	return checkKinds("IN", s, Null, append([]Scalar{n.a}, n.list...)...)
}
func (n isNull) check(s Schema) error { _, err := kindOf(n.a, s); return err }
func (x spatial) check(s Schema) error {
	return checkKinds(strings.ToUpper(x.fn), s, Geometry, x.a, x.b)
}
func (t temporal) check(s Schema) error {
	return checkKinds(strings.ToUpper(t.fn), s, Time, t.a, t.b)
}
