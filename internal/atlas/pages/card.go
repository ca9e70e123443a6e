package pages

import (
	"fmt"
	"html"
	"strconv"
	"strings"
)

// PreviewWidth and PreviewHeight are the size of a link preview's
// picture: what Open Graph and Twitter's large summary card draw best
// (1.91:1).
const (
	PreviewWidth  = 1200
	PreviewHeight = 630
)

// Card is what a link to a page of the atlas shows where it is shared:
// the served viewer's and a published site's pages both describe
// themselves with one.
type Card struct {
	Title, Description string
	// URL is the page's own address, left out when empty (a published
	// site whose base URL is not known).
	URL string
	// Image is the preview's address, a PNG of PreviewWidth by
	// PreviewHeight.
	Image string
}

// Tags returns the card as Open Graph and Twitter card meta tags, each on
// a line of its own.
func (c Card) Tags() string {
	var b strings.Builder
	meta := func(attr, key, value string) {
		fmt.Fprintf(&b, "\n<meta %s=\"%s\" content=\"%s\">", attr, key, html.EscapeString(value))
	}
	alt := "Map: " + c.Title
	meta("property", "og:type", "website")
	meta("property", "og:site_name", "chronoatlas")
	meta("property", "og:title", c.Title)
	meta("property", "og:description", c.Description)
	if c.URL != "" {
		meta("property", "og:url", c.URL)
	}
	meta("property", "og:image", c.Image)
	meta("property", "og:image:type", "image/png")
	meta("property", "og:image:width", strconv.Itoa(PreviewWidth))
	meta("property", "og:image:height", strconv.Itoa(PreviewHeight))
	meta("property", "og:image:alt", alt)
	meta("name", "twitter:card", "summary_large_image")
	meta("name", "twitter:title", c.Title)
	meta("name", "twitter:description", c.Description)
	meta("name", "twitter:image", c.Image)
	meta("name", "twitter:image:alt", alt)
	return b.String()
}
