package geojson

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// parser reads JSON from b at i. Its methods check the grammar as they
// go (RFC 8259), so what it accepts is valid JSON; what it does not
// handle itself it declines with ErrUnusual.
type parser struct {
	b []byte
	i int
}

// ws skips white space and returns the new position.
func (p *parser) ws() int {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return p.i
		}
	}
	return p.i
}

// peek returns the next byte after white space, or 0 at the end.
func (p *parser) peek() byte {
	if p.ws() < len(p.b) {
		return p.b[p.i]
	}
	return 0
}

// literal consumes word (null, true, false) if it comes next.
func (p *parser) literal(word string) bool {
	p.ws()
	if len(p.b)-p.i >= len(word) && string(p.b[p.i:p.i+len(word)]) == word {
		p.i += len(word)
		return true
	}
	return false
}

// object parses an object, calling member with p just past each key's
// colon; member must consume the value.
func (p *parser) object(member func(key string) error) error {
	if p.peek() != '{' {
		return ErrUnusual
	}
	p.i++
	if p.peek() == '}' {
		p.i++
		return nil
	}
	for {
		key, err := p.str()
		if err != nil {
			return err
		}
		if p.peek() != ':' {
			return ErrUnusual
		}
		p.i++
		if err := member(key); err != nil {
			return err
		}
		switch p.peek() {
		case ',':
			p.i++
		case '}':
			p.i++
			return nil
		default:
			return ErrUnusual
		}
	}
}

// array parses an array, calling elem for each element; elem must
// consume it.
func (p *parser) array(elem func() error) error {
	if p.peek() != '[' {
		return ErrUnusual
	}
	p.i++
	if p.peek() == ']' {
		p.i++
		return nil
	}
	for {
		if err := elem(); err != nil {
			return err
		}
		switch p.peek() {
		case ',':
			p.i++
		case ']':
			p.i++
			return nil
		default:
			return ErrUnusual
		}
	}
}

// str parses a string. One with escapes is decoded by encoding/json,
// which knows them all; one with invalid UTF-8 is declined (encoding/json
// would replace the bad bytes).
func (p *parser) str() (string, error) {
	if p.peek() != '"' {
		return "", ErrUnusual
	}
	start := p.i
	p.i++
	escaped := false
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			if escaped {
				var s string
				if err := json.Unmarshal(p.b[start:p.i], &s); err != nil {
					return "", ErrUnusual
				}
				return s, nil
			}
			s := p.b[start+1 : p.i-1]
			if !utf8.Valid(s) {
				return "", ErrUnusual
			}
			return string(s), nil
		case c == '\\':
			escaped = true
			p.i += 2
		case c < 0x20:
			return "", ErrUnusual
		default:
			p.i++
		}
	}
	return "", ErrUnusual
}

// value parses any value as encoding/json decodes it into an any:
// map[string]any, []any, float64, string, bool or nil.
func (p *parser) value() (any, error) {
	switch c := p.peek(); {
	case c == '{':
		return p.members()
	case c == '[':
		l := []any{}
		err := p.array(func() error {
			v, err := p.value()
			l = append(l, v)
			return err
		})
		return l, err
	case c == '"':
		return p.str()
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case p.literal("null"):
		return nil, nil
	case p.literal("true"):
		return true, nil
	case p.literal("false"):
		return false, nil
	}
	return nil, ErrUnusual
}

// members parses an object into a map, the last of a name given twice
// counting, as encoding/json does.
func (p *parser) members() (map[string]any, error) {
	m := map[string]any{}
	err := p.object(func(key string) error {
		v, err := p.value()
		m[key] = v
		return err
	})
	return m, err
}

// skip parses a value and drops it, making nothing of it.
func (p *parser) skip() error {
	switch c := p.peek(); {
	case c == '{':
		return p.object(func(string) error { return p.skip() })
	case c == '[':
		return p.array(p.skip)
	case c == '"':
		return p.skipString()
	case c == '-' || c >= '0' && c <= '9':
		_, err := p.number()
		return err
	case p.literal("null"), p.literal("true"), p.literal("false"):
		return nil
	}
	return ErrUnusual
}

// balanced passes over an object or array by its brackets alone, minding
// strings (and over any other value as skip does): a quick way to find where a feature ends, which leaves
// checking what is inside to Decode.
func (p *parser) balanced() error {
	if c := p.peek(); c != '{' && c != '[' {
		return p.skip()
	}
	depth := 0
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				p.i++
				return nil
			}
		case '"':
			if err := p.skipString(); err != nil {
				return err
			}
			continue
		}
		p.i++
	}
	return ErrUnusual
}

// skipString passes over a string, checking its escapes.
func (p *parser) skipString() error {
	p.i++ // the opening quote
	for p.i < len(p.b) {
		switch c := p.b[p.i]; {
		case c == '"':
			p.i++
			return nil
		case c == '\\':
			if p.i+1 >= len(p.b) {
				return ErrUnusual
			}
			switch p.b[p.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				p.i += 2
			case 'u':
				if p.i+6 > len(p.b) {
					return ErrUnusual
				}
				for _, h := range p.b[p.i+2 : p.i+6] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return ErrUnusual
					}
				}
				p.i += 6
			default:
				return ErrUnusual
			}
		case c < 0x20:
			return ErrUnusual
		default:
			p.i++
		}
	}
	return ErrUnusual
}

// pow10 are the powers of ten a float64 holds exactly.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// number parses a number as strconv.ParseFloat does. The common case, at
// most 15 significant digits and no exponent, is one exact integer
// divided by an exact power of ten, which IEEE 754 rounds correctly;
// anything else goes to strconv.
func (p *parser) number() (float64, error) {
	p.ws()
	start := p.i
	neg := p.i < len(p.b) && p.b[p.i] == '-'
	if neg {
		p.i++
	}
	intStart := p.i
	var mant uint64
	digits, frac := 0, 0
	for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
		mant = mant*10 + uint64(p.b[p.i]-'0')
		digits++
		p.i++
	}
	if digits == 0 || digits > 1 && p.b[intStart] == '0' {
		return 0, ErrUnusual
	}
	if p.i < len(p.b) && p.b[p.i] == '.' {
		p.i++
		for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
			mant = mant*10 + uint64(p.b[p.i]-'0')
			digits++
			frac++
			p.i++
		}
		if frac == 0 {
			return 0, ErrUnusual
		}
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		if p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
			p.i++
		}
		expStart := p.i
		for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
			p.i++
		}
		if p.i == expStart {
			return 0, ErrUnusual
		}
		digits = 99 // strconv's
	}
	if digits <= 15 && frac < len(pow10) {
		x := float64(mant) / pow10[frac]
		if neg {
			x = -x
		}
		return x, nil
	}
	x, err := strconv.ParseFloat(string(p.b[start:p.i]), 64)
	if err != nil {
		return 0, ErrUnusual
	}
	return x, nil
}
