// Package pages makes what people rather than programs read of an atlas
// (internal/atlas): the API's HTML pages (html.go, with templates/), the
// oEmbed answer and iframe that embed the map in an article (oembed.go),
// and the card of a link preview (card.go). A Pages is made once per
// atlas; the server renders and writes what it returns.
//
// A new HTML page is a template in templates/ and the data it takes in
// html.go; a new output format of features is not a page and goes in
// internal/atlas/downloads.
package pages

import "github.com/chronoatlas/chronoatlas/internal/atlas"

// Pages makes the pages and embeds of one atlas.
type Pages struct{ a *atlas.Atlas }

// New returns the Pages of a.
func New(a *atlas.Atlas) Pages { return Pages{a: a} }
