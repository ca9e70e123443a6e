package cql2text

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chronoatlas/chronoatlas/internal/cql2"
	"github.com/paulmach/orb"
)

type tokKind uint8

const (
	tEOF tokKind = iota
	tIdent
	tQuoted // a "double-quoted" property name
	tString
	tNumber
	tOp // = <> < <= > >= ( ) , and the unsupported + - * /
)

type token struct {
	kind tokKind
	text string // the identifier, the unquoted string, the number or the operator
	pos  int
}

func (t token) is(word string) bool { return t.kind == tIdent && strings.EqualFold(t.text, word) }

func (t token) String() string {
	switch t.kind {
	case tEOF:
		return "the end of the filter"
	case tString:
		return "'" + t.text + "'"
	case tQuoted:
		return `"` + t.text + `"`
	}
	return strconv.Quote(t.text)
}

func lex(s string) ([]token, error) {
	var out []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '\'':
			var b strings.Builder
			j := i + 1
			for {
				if j >= len(s) {
					return nil, &cql2.Error{At: "byte " + strconv.Itoa(i), Msg: "a string is not closed"}
				}
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						b.WriteByte('\'')
						j += 2
						continue
					}
					break
				}
				b.WriteByte(s[j])
				j++
			}
			out = append(out, token{tString, b.String(), i})
			i = j + 1
		case c == '"':
			j := strings.IndexByte(s[i+1:], '"')
			if j < 0 {
				return nil, &cql2.Error{At: "byte " + strconv.Itoa(i), Msg: "a quoted property name is not closed"}
			}
			out = append(out, token{tQuoted, s[i+1 : i+1+j], i})
			i += j + 2
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' ||
			(c == '-' || c == '+') && i+1 < len(s) && (s[i+1] >= '0' && s[i+1] <= '9' || s[i+1] == '.') && signStarts(out):
			j := i + 1
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.' || s[j] == 'e' || s[j] == 'E' ||
				(s[j] == '-' || s[j] == '+') && (s[j-1] == 'e' || s[j-1] == 'E')) {
				j++
			}
			out = append(out, token{tNumber, s[i:j], i})
			i = j
		case c == '<' || c == '>':
			j := i + 1
			if j < len(s) && (s[j] == '=' || c == '<' && s[j] == '>') {
				j++
			}
			out = append(out, token{tOp, s[i:j], i})
			i = j
		case strings.IndexByte("=(),[]+-*/%", c) >= 0:
			out = append(out, token{tOp, s[i : i+1], i})
			i++
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsLetter(r) && r != '_' {
				return nil, &cql2.Error{At: "byte " + strconv.Itoa(i), Msg: fmt.Sprintf("unexpected %q", r)}
			}
			j := i + n
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != ':' && r != '.' {
					break
				}
				j += n
			}
			out = append(out, token{tIdent, s[i:j], i})
			i = j
		}
	}
	return append(out, token{tEOF, "", len(s)}), nil
}

// signStarts reports whether a sign here starts a number rather than
// being arithmetic: after an operator or at the start.
func signStarts(prev []token) bool {
	return len(prev) == 0 || prev[len(prev)-1].kind == tOp && prev[len(prev)-1].text != ")"
}

// Parse parses a filter in CQL2's text encoding (cql2-text), as the
// filter parameter gives it.
func Parse(s string) (cql2.Expr, error) {
	if len(s) > cql2.MaxLength {
		return nil, &cql2.Error{At: "byte 0", Msg: fmt.Sprintf("the filter is longer than %d bytes", cql2.MaxLength)}
	}
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	e, err := p.orExpr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, p.errorf(t, "expected AND, OR or the end of the filter, found %s", t)
	}
	return e, nil
}

type parser struct {
	toks  []token
	i     int
	depth int
}

func (p *parser) peek() token  { return p.toks[p.i] }
func (p *parser) peek2() token { return p.toks[min(p.i+1, len(p.toks)-1)] }
func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func (p *parser) errorf(t token, format string, args ...any) error {
	return &cql2.Error{At: "byte " + strconv.Itoa(t.pos), Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) expectOp(op string) error {
	if t := p.next(); t.kind != tOp || t.text != op {
		return p.errorf(t, "expected %q, found %s", op, t)
	}
	return nil
}

func (p *parser) enter() error {
	p.depth++
	if p.depth > cql2.MaxDepth {
		return p.errorf(p.peek(), "the filter nests deeper than %d", cql2.MaxDepth)
	}
	return nil
}

func (p *parser) orExpr() (cql2.Expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	return p.chain("or", p.andExpr)
}

func (p *parser) andExpr() (cql2.Expr, error) { return p.chain("and", p.notExpr) }

func (p *parser) chain(op string, sub func() (cql2.Expr, error)) (cql2.Expr, error) {
	e, err := sub()
	if err != nil {
		return nil, err
	}
	args := []cql2.Expr{e}
	for p.peek().is(op) {
		p.next()
		e, err := sub()
		if err != nil {
			return nil, err
		}
		args = append(args, e)
	}
	if len(args) == 1 {
		return args[0], nil
	}
	return cql2.Logical(op, args...), nil
}

func (p *parser) notExpr() (cql2.Expr, error) {
	if p.peek().is("not") {
		p.next()
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer func() { p.depth-- }()
		e, err := p.notExpr()
		if err != nil {
			return nil, err
		}
		return cql2.Logical("not", e), nil
	}
	return p.primary()
}

func (p *parser) primary() (cql2.Expr, error) {
	t := p.peek()
	switch {
	case t.kind == tOp && t.text == "(":
		p.next()
		e, err := p.orExpr()
		if err != nil {
			return nil, err
		}
		return e, p.expectOp(")")
	case (t.is("true") || t.is("false")) && !isComparison(p.peek2()):
		p.next()
		return cql2.Const(t.is("true")), nil
	case t.kind == tIdent && p.peek2().kind == tOp && p.peek2().text == "(":
		name := strings.ToLower(t.text)
		if cql2.IsFunction(name) {
			return p.function(name)
		}
	}
	return p.predicate()
}

func isComparison(t token) bool {
	if t.kind == tOp {
		switch t.text {
		case "=", "<>", "<", "<=", ">", ">=":
			return true
		}
	}
	return t.is("like") || t.is("between") || t.is("in") || t.is("is") || t.is("not")
}

func (p *parser) function(name string) (cql2.Expr, error) {
	p.next()
	p.next() // (
	a, err := p.scalar()
	if err != nil {
		return nil, err
	}
	if err := p.expectOp(","); err != nil {
		return nil, err
	}
	b, err := p.scalar()
	if err != nil {
		return nil, err
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	return cql2.Function(name, a, b), nil
}

func (p *parser) predicate() (cql2.Expr, error) {
	a, err := p.scalar()
	if err != nil {
		return nil, err
	}
	t := p.next()
	if t.kind == tOp {
		switch t.text {
		case "=", "<>", "<", "<=", ">", ">=":
			b, err := p.scalar()
			if err != nil {
				return nil, err
			}
			return cql2.Compare(t.text, a, b), nil
		case "+", "-", "*", "/", "%":
			return nil, p.errorf(t, "arithmetic is not supported")
		}
	}
	if t.is("is") {
		not := p.peek().is("not")
		if not {
			p.next()
		}
		if n := p.next(); !n.is("null") {
			return nil, p.errorf(n, "expected NULL after IS, found %s", n)
		}
		return cql2.IsNull(a, not), nil
	}
	not := t.is("not")
	if not {
		t = p.next()
	}
	switch {
	case t.is("like"):
		at := p.peek()
		b, err := p.scalar()
		if err != nil {
			return nil, err
		}
		if at.kind == tString && utf8.RuneCountInString(at.text) > cql2.MaxPattern {
			return nil, p.errorf(at, "a LIKE pattern is longer than %d characters", cql2.MaxPattern)
		}
		return cql2.Like(a, b, not), nil
	case t.is("between"):
		lo, err := p.scalar()
		if err != nil {
			return nil, err
		}
		if n := p.next(); !n.is("and") {
			return nil, p.errorf(n, "expected AND in BETWEEN, found %s", n)
		}
		hi, err := p.scalar()
		if err != nil {
			return nil, err
		}
		return cql2.Between(a, lo, hi, not), nil
	case t.is("in"):
		if err := p.expectOp("("); err != nil {
			return nil, err
		}
		var list []cql2.Scalar
		for {
			s, err := p.scalar()
			if err != nil {
				return nil, err
			}
			list = append(list, s)
			if n := p.next(); n.kind == tOp && n.text == ")" {
				break
			} else if n.kind != tOp || n.text != "," {
				return nil, p.errorf(n, "expected ',' or ')' in the IN list, found %s", n)
			}
		}
		return cql2.In(a, list, not), nil
	}
	return nil, p.errorf(t, "expected a comparison (=, <>, <, <=, >, >=, LIKE, BETWEEN, IN, IS NULL), found %s", t)
}

// scalar parses an operand: a literal or a property name.
func (p *parser) scalar() (cql2.Scalar, error) {
	t := p.next()
	switch t.kind {
	case tString:
		return cql2.Literal(cql2.Text(t.text)), nil
	case tNumber:
		n, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return nil, p.errorf(t, "%s is not a number", t)
		}
		return cql2.Literal(cql2.Num(n)), nil
	case tQuoted:
		return cql2.Property(t.text), nil
	case tIdent:
	default:
		return nil, p.errorf(t, "expected a value or a property name, found %s", t)
	}
	word := strings.ToLower(t.text)
	call := p.peek().kind == tOp && p.peek().text == "("
	switch {
	case word == "true" || word == "false":
		return cql2.Literal(cql2.Bool(word == "true")), nil
	case call && (word == "date" || word == "timestamp"):
		return p.instant(word)
	case call && word == "interval":
		return p.interval()
	case geometryWords[word] && (call || p.peek().is("z") || p.peek().is("empty")):
		p.i--
		g, err := p.geometry()
		if err != nil {
			return nil, err
		}
		return cql2.Literal(cql2.Geom(g)), nil
	case call:
		return nil, p.errorf(t, "the function %s is not supported", strings.ToUpper(t.text))
	}
	return cql2.Property(t.text), nil
}

func (p *parser) instant(word string) (cql2.Scalar, error) {
	p.next() // (
	s := p.next()
	if s.kind != tString {
		return nil, p.errorf(s, "expected a quoted %s, found %s", word, s)
	}
	v, err := cql2.Instant(word, s.text)
	if err != nil {
		return nil, p.errorf(s, "%v", err)
	}
	return cql2.Literal(v), p.expectOp(")")
}

func (p *parser) interval() (cql2.Scalar, error) {
	p.next() // (
	var ends [2]cql2.Scalar
	for k := range ends {
		if k == 1 {
			if err := p.expectOp(","); err != nil {
				return nil, err
			}
		}
		t := p.peek()
		switch {
		case t.kind == tString && t.text == "..":
			p.next()
		case t.kind == tString:
			p.next()
			word := "date"
			if strings.Contains(t.text, "T") {
				word = "timestamp"
			}
			v, err := cql2.Instant(word, t.text)
			if err != nil {
				return nil, p.errorf(t, "%v", err)
			}
			ends[k] = cql2.Literal(v)
		default:
			s, err := p.scalar()
			if err != nil {
				return nil, err
			}
			ends[k] = s
		}
	}
	return cql2.Interval(ends[0], ends[1]), p.expectOp(")")
}

var geometryWords = map[string]bool{"point": true, "linestring": true, "polygon": true, "multipoint": true,
	"multilinestring": true, "multipolygon": true, "geometrycollection": true, "bbox": true}

// geometry parses a WKT geometry or a BBOX(…).
func (p *parser) geometry() (orb.Geometry, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	t := p.next()
	word := strings.ToLower(t.text)
	if p.peek().is("z") {
		return nil, p.errorf(p.peek(), "only two-dimensional geometries are supported")
	}
	if p.peek().is("empty") {
		return nil, p.errorf(p.peek(), "an empty geometry matches nothing and is not accepted")
	}
	if err := p.expectOp("("); err != nil {
		return nil, err
	}
	var g orb.Geometry
	var err error
	switch word {
	case "bbox":
		g, err = p.bbox()
	case "point":
		g, err = p.point()
	case "linestring":
		g, err = p.points(2)
		if err == nil {
			g = orb.LineString(g.(orb.MultiPoint))
		}
	case "polygon":
		g, err = p.polygon()
	case "multipoint":
		g, err = p.multipoint()
	case "multilinestring":
		var ls orb.MultiLineString
		err = p.list(func() error {
			if err := p.expectOp("("); err != nil {
				return err
			}
			pts, err := p.points(2)
			ls = append(ls, orb.LineString(pts))
			return err
		})
		g = ls
	case "multipolygon":
		var mp orb.MultiPolygon
		err = p.list(func() error {
			if err := p.expectOp("("); err != nil {
				return err
			}
			pg, err := p.polygon()
			mp = append(mp, pg)
			return err
		})
		g = mp
	case "geometrycollection":
		var c orb.Collection
		err = p.list(func() error {
			if n := p.peek(); n.kind != tIdent || !geometryWords[strings.ToLower(n.text)] || n.is("bbox") {
				return p.errorf(n, "expected a geometry, found %s", n)
			}
			m, err := p.geometry()
			c = append(c, m)
			return err
		})
		g = c
	}
	if err != nil {
		return nil, err
	}
	return g, nil
}

// list parses items separated by commas up to a closing parenthesis.
func (p *parser) list(item func() error) error {
	for {
		if err := item(); err != nil {
			return err
		}
		if t := p.next(); t.kind == tOp && t.text == ")" {
			return nil
		} else if t.kind != tOp || t.text != "," {
			return p.errorf(t, "expected ',' or ')', found %s", t)
		}
	}
}

func (p *parser) number() (float64, error) {
	t := p.next()
	if t.kind != tNumber {
		return 0, p.errorf(t, "expected a coordinate, found %s", t)
	}
	n, err := strconv.ParseFloat(t.text, 64)
	if err != nil {
		return 0, p.errorf(t, "%s is not a number", t)
	}
	return n, nil
}

// point parses "x y)".
func (p *parser) point() (orb.Point, error) {
	pt, err := p.coords()
	if err != nil {
		return pt, err
	}
	return pt, p.expectOp(")")
}

func (p *parser) coords() (orb.Point, error) {
	x, err := p.number()
	if err != nil {
		return orb.Point{}, err
	}
	y, err := p.number()
	if err != nil {
		return orb.Point{}, err
	}
	if t := p.peek(); t.kind == tNumber {
		return orb.Point{}, p.errorf(t, "only two-dimensional coordinates are supported")
	}
	return orb.Point{x, y}, nil
}

// points parses "x y, x y, …)" with at least least points.
func (p *parser) points(least int) (orb.MultiPoint, error) {
	var pts orb.MultiPoint
	start := p.peek()
	err := p.list(func() error {
		pt, err := p.coords()
		pts = append(pts, pt)
		return err
	})
	if err == nil && len(pts) < least {
		err = p.errorf(start, "expected at least %d points, found %d", least, len(pts))
	}
	return pts, err
}

func (p *parser) multipoint() (orb.MultiPoint, error) {
	if t := p.peek(); t.kind == tOp && t.text == "(" {
		var pts orb.MultiPoint
		err := p.list(func() error {
			if err := p.expectOp("("); err != nil {
				return err
			}
			pt, err := p.point()
			pts = append(pts, pt)
			return err
		})
		return pts, err
	}
	return p.points(1)
}

func (p *parser) polygon() (orb.Polygon, error) {
	var pg orb.Polygon
	err := p.list(func() error {
		if err := p.expectOp("("); err != nil {
			return err
		}
		start := p.peek()
		pts, err := p.points(4)
		if err == nil && pts[0] != pts[len(pts)-1] {
			err = p.errorf(start, "a polygon's ring must end where it starts")
		}
		pg = append(pg, orb.Ring(pts))
		return err
	})
	return pg, err
}

func (p *parser) bbox() (orb.Geometry, error) {
	var ns []float64
	start := p.peek()
	err := p.list(func() error {
		n, err := p.number()
		ns = append(ns, n)
		return err
	})
	if err != nil {
		return nil, err
	}
	g, err := cql2.BBox(ns)
	if err != nil {
		return nil, p.errorf(start, "%v", err)
	}
	return g, nil
}
