package feature

import (
	"math"
	"testing"
)

func TestText(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    any
		want string
	}{
		{"nothing", nil, ""},
		{"string", "Lin'an <临安>", "Lin'an <临安>"},
		{"integer", 1141.0, "1141"},
		{"negative", -220.0, "-220"},
		{"large", 1500000.0, "1500000"},
		{"larger than 1e21", 1e21, "1000000000000000000000"},
		{"float", 0.25, "0.25"},
		{"small float", 1e-7, "0.0000001"},
		{"not a number", math.NaN(), "NaN"},
		{"boolean", true, "true"},
		{"list", []any{"song", 1127.0, nil}, `["song",1127,null]`},
		{"map in key order", map[string]any{"name_zh": "汴京", "name": "Bianjing & Kaifeng"}, `{"name":"Bianjing & Kaifeng","name_zh":"汴京"}`},
		{"large number in a list", []any{1500000.0}, `[1500000]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Text(tc.v); got != tc.want {
				t.Errorf("Text(%#v) = %q, want %q", tc.v, got, tc.want)
			}
		})
	}
}
