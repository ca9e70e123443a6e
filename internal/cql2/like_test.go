package cql2

import "testing"

func TestMatchLike(t *testing.T) {
	tests := []struct {
		s, p string
		want bool
	}{
		{"", "", true}, {"", "%", true}, {"a", "", false}, {"abc", "a%", true}, {"abc", "%c", true},
		{"abc", "%b%", true}, {"abc", "a_c", true}, {"abc", "a__c", false}, {"a%c", `a\%c`, true},
		{"abc", `a\%c`, false}, {"a_c", `a\_c`, true}, {"abc", `a\_c`, false}, {`a\`, `a\`, true},
		{"aaab", "%a%b", true}, {"mississippi", "m%iss%ppi", true}, {"mississippi", "m%iss%ppx", false},
		{"開封", "開_", true}, {"開封府", "%封%", true},
	}
	for _, tt := range tests {
		if got := matchLike(tt.s, tt.p); got != tt.want {
			t.Errorf("matchLike(%q, %q) = %v, want %v", tt.s, tt.p, got, tt.want)
		}
	}
}
