package pages

import (
	"strings"
	"testing"
)

func TestCardTags(t *testing.T) {
	tests := []struct {
		name string
		card Card
		want []string
		not  []string
	}{
		{"served", Card{Title: `Jin & Song — 1141`, Description: "d", URL: "https://x/?year=1141", Image: "https://x/map.png"},
			[]string{`<meta property="og:title" content="Jin &amp; Song — 1141">`, `<meta property="og:url" content="https://x/?year=1141">`,
				`<meta name="twitter:image" content="https://x/map.png">`, `<meta property="og:image:width" content="1200">`,
				`<meta name="twitter:image:alt" content="Map: Jin &amp; Song — 1141">`}, nil},
		{"no base URL", Card{Title: "t", Image: "previews/1141.png"},
			[]string{`<meta property="og:image" content="previews/1141.png">`}, []string{"og:url"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.card.Tags()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("got %s\nwant it to hold %s", got, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("got %s\nwant no %s", got, n)
				}
			}
		})
	}
}
