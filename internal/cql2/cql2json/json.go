package cql2json

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/chronoatlas/chronoatlas/internal/cql2"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// Parse parses a filter in CQL2's JSON encoding (cql2-json).
func Parse(b []byte) (cql2.Expr, error) {
	if len(b) > cql2.MaxLength {
		return nil, &cql2.Error{At: "$", Msg: fmt.Sprintf("the filter is longer than %d bytes", cql2.MaxLength)}
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, &cql2.Error{At: "$", Msg: "not JSON: " + err.Error()}
	}
	if d.More() {
		return nil, &cql2.Error{At: "$", Msg: "more than one JSON value"}
	}
	return boolExpr(v, "$", 0)
}

func jsonErr(path, format string, args ...any) error {
	return &cql2.Error{At: path, Msg: fmt.Sprintf(format, args...)}
}

// boolExpr reads a boolean expression at path: true, false, or an
// operator and its arguments, depth deep in others.
func boolExpr(v any, path string, depth int) (cql2.Expr, error) {
	if depth > cql2.MaxDepth {
		return nil, jsonErr(path, "the filter nests deeper than %d", cql2.MaxDepth)
	}
	if b, ok := v.(bool); ok {
		return cql2.Const(b), nil
	}
	n, err := operation(v, path, depth)
	if err != nil {
		return nil, err
	}
	switch n.op {
	case "and", "or", "not":
		return n.logical()
	case "=", "<>", "<", "<=", ">", ">=", "like":
		return n.binary()
	case "between":
		return n.between()
	case "in":
		return n.in()
	case "isnull":
		return n.isNull()
	}
	if cql2.IsFunction(n.op) {
		return n.binary()
	}
	return nil, jsonErr(path+".op", "the operator %q is not supported", n.name)
}

// call is an operator object, {"op": …, "args": […]}, read at path.
type call struct {
	op    string // the operator in lower case
	name  string // as the filter writes it
	args  []any
	path  string
	depth int
}

// operation reads v as an operator object.
func operation(v any, path string, depth int) (call, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return call{}, jsonErr(path, "expected an object with op and args")
	}
	name, _ := m["op"].(string)
	if name == "" {
		return call{}, jsonErr(path, "expected an object with op and args")
	}
	args, ok := m["args"].([]any)
	if !ok {
		return call{}, jsonErr(path+".args", "expected an array of arguments")
	}
	return call{op: strings.ToLower(name), name: name, args: args, path: path, depth: depth}, nil
}

// at is the path of argument i.
func (n call) at(i int) string { return n.path + ".args[" + strconv.Itoa(i) + "]" }

// need refuses a number of arguments other than k.
func (n call) need(k int) error {
	if len(n.args) != k {
		return jsonErr(n.path+".args", "%s takes %d arguments, not %d", n.name, k, len(n.args))
	}
	return nil
}

// scalar reads argument i as an operand.
func (n call) scalar(i int) (cql2.Scalar, error) { return scalar(n.args[i], n.at(i)) }

// logical is AND or OR over two or more expressions, or NOT over one.
func (n call) logical() (cql2.Expr, error) {
	if n.op == "not" {
		if err := n.need(1); err != nil {
			return nil, err
		}
	} else if len(n.args) < 2 {
		return nil, jsonErr(n.path+".args", "%s takes at least 2 arguments", n.name)
	}
	var args []cql2.Expr
	for i, a := range n.args {
		e, err := boolExpr(a, n.at(i), n.depth+1)
		if err != nil {
			return nil, err
		}
		args = append(args, e)
	}
	return cql2.Logical(n.op, args...), nil
}

// binary is an operator of two operands: a comparison, LIKE, or a
// spatial or temporal function.
func (n call) binary() (cql2.Expr, error) {
	if err := n.need(2); err != nil {
		return nil, err
	}
	a, err := n.scalar(0)
	if err != nil {
		return nil, err
	}
	b, err := n.scalar(1)
	if err != nil {
		return nil, err
	}
	switch {
	case n.op == "like":
		return cql2.Like(a, b, false), nil
	case cql2.IsFunction(n.op):
		return cql2.Function(n.op, a, b), nil
	}
	return cql2.Compare(n.op, a, b), nil
}

func (n call) between() (cql2.Expr, error) {
	if err := n.need(3); err != nil {
		return nil, err
	}
	var s [3]cql2.Scalar
	for i := range s {
		x, err := n.scalar(i)
		if err != nil {
			return nil, err
		}
		s[i] = x
	}
	return cql2.Between(s[0], s[1], s[2], false), nil
}

func (n call) in() (cql2.Expr, error) {
	if err := n.need(2); err != nil {
		return nil, err
	}
	a, err := n.scalar(0)
	if err != nil {
		return nil, err
	}
	items, ok := n.args[1].([]any)
	if !ok {
		return nil, jsonErr(n.at(1), "expected the list of values")
	}
	var list []cql2.Scalar
	for i, x := range items {
		s, err := scalar(x, n.at(1)+"["+strconv.Itoa(i)+"]")
		if err != nil {
			return nil, err
		}
		list = append(list, s)
	}
	return cql2.In(a, list, false), nil
}

func (n call) isNull() (cql2.Expr, error) {
	if err := n.need(1); err != nil {
		return nil, err
	}
	a, err := n.scalar(0)
	if err != nil {
		return nil, err
	}
	return cql2.IsNull(a, false), nil
}

// scalar reads an operand: a string, number or boolean, or an object (a
// property, a time, an interval, a bbox, a GeoJSON geometry).
func scalar(v any, path string) (cql2.Scalar, error) {
	switch v := v.(type) {
	case string:
		return cql2.Literal(cql2.Text(v)), nil
	case json.Number:
		n, err := v.Float64()
		if err != nil {
			return nil, jsonErr(path, "%s is not a number", v)
		}
		return cql2.Literal(cql2.Num(n)), nil
	case bool:
		return cql2.Literal(cql2.Bool(v)), nil
	case map[string]any:
		return object(v, path)
	}
	return nil, jsonErr(path, "expected a value, a property or a literal object")
}

// object reads an operand written as an object, by the member it has.
func object(m map[string]any, path string) (cql2.Scalar, error) {
	if p, ok := m["property"]; ok {
		s, ok := p.(string)
		if !ok || s == "" {
			return nil, jsonErr(path+".property", "expected a property name")
		}
		return cql2.Property(s), nil
	}
	for _, word := range []string{"date", "timestamp"} {
		if x, ok := m[word]; ok {
			s, _ := x.(string)
			v, err := cql2.Instant(word, s)
			if err != nil {
				return nil, jsonErr(path+"."+word, "%v", err)
			}
			return cql2.Literal(v), nil
		}
	}
	if x, ok := m["interval"]; ok {
		return interval(x, path+".interval")
	}
	if x, ok := m["bbox"]; ok {
		return bbox(x, path+".bbox")
	}
	if _, ok := m["type"]; ok {
		return geometry(m, path)
	}
	if _, ok := m["op"]; ok {
		return nil, jsonErr(path, "a function or operator here is not supported")
	}
	return nil, jsonErr(path, "expected a property, a date, a timestamp, an interval, a bbox or a GeoJSON geometry")
}

// interval reads an interval's array of a start and an end: each a date
// or timestamp string, ".." for open, or an operand.
func interval(x any, path string) (cql2.Scalar, error) {
	ends, ok := x.([]any)
	if !ok || len(ends) != 2 {
		return nil, jsonErr(path, "expected an array of a start and an end")
	}
	var iv [2]cql2.Scalar
	for i, e := range ends {
		p := path + "[" + strconv.Itoa(i) + "]"
		str, ok := e.(string)
		switch {
		case ok && str == "..":
		case ok:
			word := "date"
			if strings.Contains(str, "T") {
				word = "timestamp"
			}
			v, err := cql2.Instant(word, str)
			if err != nil {
				return nil, jsonErr(p, "%v", err)
			}
			iv[i] = cql2.Literal(v)
		default:
			s, err := scalar(e, p)
			if err != nil {
				return nil, err
			}
			iv[i] = s
		}
	}
	return cql2.Interval(iv[0], iv[1]), nil
}

// bbox reads a bbox's array of numbers.
func bbox(x any, path string) (cql2.Scalar, error) {
	arr, _ := x.([]any)
	ns := make([]float64, 0, len(arr))
	for _, a := range arr {
		n, ok := a.(json.Number)
		f, err := n.Float64()
		if !ok || err != nil {
			return nil, jsonErr(path, "expected numbers")
		}
		ns = append(ns, f)
	}
	g, err := cql2.BBox(ns)
	if err != nil {
		return nil, jsonErr(path, "%v", err)
	}
	return cql2.Literal(cql2.Geom(g)), nil
}

// geometry reads a GeoJSON geometry.
func geometry(m map[string]any, path string) (cql2.Scalar, error) {
	b, _ := json.Marshal(m)
	g, err := geojson.UnmarshalGeometry(b)
	if err != nil {
		return nil, jsonErr(path, "not a GeoJSON geometry: %v", err)
	}
	if g.Coordinates == nil && g.Geometries == nil {
		return nil, jsonErr(path, "a GeoJSON geometry without coordinates")
	}
	geom := g.Geometry()
	if err := checkGeometry(geom); err != nil {
		return nil, jsonErr(path, "%v", err)
	}
	return cql2.Literal(cql2.Geom(geom)), nil
}

// checkGeometry refuses polygons whose rings do not close or are too short.
func checkGeometry(g orb.Geometry) error {
	switch g := g.(type) {
	case orb.Polygon:
		for _, r := range g {
			if len(r) < 4 || r[0] != r[len(r)-1] {
				return fmt.Errorf("a polygon's ring must have 4 points or more and end where it starts")
			}
		}
	case orb.MultiPolygon:
		for _, p := range g {
			if err := checkGeometry(p); err != nil {
				return err
			}
		}
	case orb.LineString:
		if len(g) < 2 {
			return fmt.Errorf("a line needs 2 points or more")
		}
	case orb.Collection:
		for _, m := range g {
			if err := checkGeometry(m); err != nil {
				return err
			}
		}
	}
	return nil
}
