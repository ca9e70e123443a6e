package cql2

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// ParseJSON parses a filter in CQL2's JSON encoding.
func ParseJSON(b []byte) (Expr, error) {
	if len(b) > MaxLength {
		return nil, &Error{At: "$", Msg: fmt.Sprintf("the filter is longer than %d bytes", MaxLength)}
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, &Error{At: "$", Msg: "not JSON: " + err.Error()}
	}
	if d.More() {
		return nil, &Error{At: "$", Msg: "more than one JSON value"}
	}
	return jsonBool(v, "$", 0)
}

func jsonErr(path, format string, args ...any) error {
	return &Error{At: path, Msg: fmt.Sprintf(format, args...)}
}

func jsonBool(v any, path string, depth int) (Expr, error) {
	if depth > MaxDepth {
		return nil, jsonErr(path, "the filter nests deeper than %d", MaxDepth)
	}
	if b, ok := v.(bool); ok {
		return boolLiteral(b), nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, jsonErr(path, "expected an object with op and args")
	}
	op, _ := m["op"].(string)
	if op == "" {
		return nil, jsonErr(path, "expected an object with op and args")
	}
	args, ok := m["args"].([]any)
	if !ok {
		return nil, jsonErr(path+".args", "expected an array of arguments")
	}
	at := func(i int) string { return path + ".args[" + strconv.Itoa(i) + "]" }
	need := func(n int) error {
		if len(args) != n {
			return jsonErr(path+".args", "%s takes %d arguments, not %d", op, n, len(args))
		}
		return nil
	}
	lop := strings.ToLower(op)
	switch lop {
	case "and", "or", "not":
		if lop == "not" {
			if err := need(1); err != nil {
				return nil, err
			}
		} else if len(args) < 2 {
			return nil, jsonErr(path+".args", "%s takes at least 2 arguments", op)
		}
		out := logical{op: lop}
		for i, a := range args {
			e, err := jsonBool(a, at(i), depth+1)
			if err != nil {
				return nil, err
			}
			out.args = append(out.args, e)
		}
		return out, nil
	case "=", "<>", "<", "<=", ">", ">=", "like", "s_intersects", "s_disjoint", "s_within", "s_contains":
		if err := need(2); err != nil {
			return nil, err
		}
		a, b, err := jsonPair(args, at)
		if err != nil {
			return nil, err
		}
		switch {
		case lop == "like":
			return like{a: a, pattern: b}, nil
		case spatialFuncs[lop]:
			return spatial{fn: lop, a: a, b: b}, nil
		}
		return comparison{op: lop, a: a, b: b}, nil
	case "between":
		if err := need(3); err != nil {
			return nil, err
		}
		var s [3]Scalar
		for i := range s {
			x, err := jsonScalar(args[i], at(i))
			if err != nil {
				return nil, err
			}
			s[i] = x
		}
		return between{a: s[0], lo: s[1], hi: s[2]}, nil
	case "in":
		if err := need(2); err != nil {
			return nil, err
		}
		a, err := jsonScalar(args[0], at(0))
		if err != nil {
			return nil, err
		}
		items, ok := args[1].([]any)
		if !ok {
			return nil, jsonErr(at(1), "expected the list of values")
		}
		out := in{a: a}
		for i, x := range items {
			s, err := jsonScalar(x, at(1)+"["+strconv.Itoa(i)+"]")
			if err != nil {
				return nil, err
			}
			out.list = append(out.list, s)
		}
		return out, nil
	case "isnull":
		if err := need(1); err != nil {
			return nil, err
		}
		a, err := jsonScalar(args[0], at(0))
		if err != nil {
			return nil, err
		}
		return isNull{a: a}, nil
	}
	if temporalFuncs[lop] != nil {
		if err := need(2); err != nil {
			return nil, err
		}
		a, b, err := jsonPair(args, at)
		if err != nil {
			return nil, err
		}
		return temporal{fn: lop, a: a, b: b}, nil
	}
	return nil, jsonErr(path+".op", "the operator %q is not supported", op)
}

func jsonPair(args []any, at func(int) string) (Scalar, Scalar, error) {
	a, err := jsonScalar(args[0], at(0))
	if err != nil {
		return nil, nil, err
	}
	b, err := jsonScalar(args[1], at(1))
	return a, b, err
}

func jsonScalar(v any, path string) (Scalar, error) {
	switch v := v.(type) {
	case string:
		return literal{Text(v)}, nil
	case json.Number:
		n, err := v.Float64()
		if err != nil {
			return nil, jsonErr(path, "%s is not a number", v)
		}
		return literal{Num(n)}, nil
	case bool:
		return literal{Bool(v)}, nil
	case map[string]any:
		return jsonObject(v, path)
	}
	return nil, jsonErr(path, "expected a value, a property or a literal object")
}

func jsonObject(m map[string]any, path string) (Scalar, error) {
	if p, ok := m["property"]; ok {
		s, ok := p.(string)
		if !ok || s == "" {
			return nil, jsonErr(path+".property", "expected a property name")
		}
		return property{s}, nil
	}
	for _, word := range []string{"date", "timestamp"} {
		if x, ok := m[word]; ok {
			s, _ := x.(string)
			v, err := parseInstant(word, s)
			if err != nil {
				return nil, jsonErr(path+"."+word, "%v", err)
			}
			return literal{v}, nil
		}
	}
	if x, ok := m["interval"]; ok {
		ends, ok := x.([]any)
		if !ok || len(ends) != 2 {
			return nil, jsonErr(path+".interval", "expected an array of a start and an end")
		}
		var iv interval
		for i, e := range ends {
			p := path + ".interval[" + strconv.Itoa(i) + "]"
			var s Scalar
			if str, ok := e.(string); ok {
				if str != ".." {
					word := "date"
					if strings.Contains(str, "T") {
						word = "timestamp"
					}
					v, err := parseInstant(word, str)
					if err != nil {
						return nil, jsonErr(p, "%v", err)
					}
					s = literal{v}
				}
			} else {
				var err error
				if s, err = jsonScalar(e, p); err != nil {
					return nil, err
				}
			}
			if i == 0 {
				iv.start = s
			} else {
				iv.end = s
			}
		}
		return iv, nil
	}
	if x, ok := m["bbox"]; ok {
		arr, _ := x.([]any)
		ns := make([]float64, 0, len(arr))
		for _, a := range arr {
			n, ok := a.(json.Number)
			f, err := n.Float64()
			if !ok || err != nil {
				return nil, jsonErr(path+".bbox", "expected numbers")
			}
			ns = append(ns, f)
		}
		g, err := bboxOf(ns, func(msg string) error { return jsonErr(path+".bbox", "%s", msg) })
		if err != nil {
			return nil, err
		}
		return literal{Geom(g)}, nil
	}
	if _, ok := m["type"]; ok {
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
		return literal{Geom(geom)}, nil
	}
	if _, ok := m["op"]; ok {
		return nil, jsonErr(path, "a function or operator here is not supported")
	}
	return nil, jsonErr(path, "expected a property, a date, a timestamp, an interval, a bbox or a GeoJSON geometry")
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
