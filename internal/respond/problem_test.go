package respond

import "testing"

func TestClamp(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"GET", 16, "GET"},
		{"ABCDEFGH", 4, "ABCD…"},
		{"汴京汴京", 4, "汴…"},
		{"", 4, ""},
	}
	for _, tt := range tests {
		if got := Clamp(tt.in, tt.n); got != tt.want {
			t.Errorf("Clamp(%q, %d): got %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
