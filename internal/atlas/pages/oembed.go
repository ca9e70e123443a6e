package pages

import (
	"fmt"
	"html"
	"net/url"
	"strconv"

	"github.com/chronoatlas/chronoatlas/internal/atlas"
	"github.com/chronoatlas/chronoatlas/internal/fault"
)

// EmbedSandbox is the sandbox of the iframes that embed the map: its
// scripts run, and its "Open in chronoatlas" link opens the viewer in a new
// page outside the sandbox; nothing else (no same origin, forms, top
// navigation).
const EmbedSandbox = "allow-scripts allow-popups allow-popups-to-escape-sandbox"

// OEmbed is an oEmbed 1.0 response of type rich.
type OEmbed struct {
	Type         string `json:"type"`
	Version      string `json:"version"`
	Title        string `json:"title"`
	ProviderName string `json:"provider_name"`
	ProviderURL  string `json:"provider_url"`
	HTML         string `json:"html"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	// The thumbnail is the still map of the same view (/map.png), as
	// large as the embed.
	ThumbnailURL    string `json:"thumbnail_url"`
	ThumbnailWidth  int    `json:"thumbnail_width"`
	ThumbnailHeight int    `json:"thumbnail_height"`
}

// OEmbed answers an oEmbed request for pageURL, a viewer (/) or embed
// (/embed) URL of the site at base, which may also be reached as host: an
// iframe of /embed at the URL's year and view, from its query or its
// fragment, at most maxWidth by maxHeight pixels (0 for the default, 640
// by 480).
func (p Pages) OEmbed(base, host, pageURL string, maxWidth, maxHeight int) (OEmbed, error) {
	view, err := embedView(base, host, pageURL)
	if err != nil {
		return OEmbed{}, err
	}
	embed := viewOf(view)
	year := p.a.Dataset().Meta.View.Year
	if y, err := strconv.Atoi(embed.Get("year")); err == nil {
		year = y
	}
	embed.Set("year", strconv.Itoa(year))
	width, height := 640, 480
	if maxWidth > 0 {
		width = min(width, maxWidth)
	}
	if maxHeight > 0 {
		height = min(height, maxHeight)
	}
	src := base + "/embed?" + embed.Encode()
	still := url.Values{}
	for k, v := range embed {
		if k != "slider" {
			still[k] = v
		}
	}
	still.Set("width", strconv.Itoa(width))
	still.Set("height", strconv.Itoa(height))
	title := fmt.Sprintf("%s — the year %d", p.a.Dataset().Meta.Title, year)
	return OEmbed{
		Type:         "rich",
		Version:      "1.0",
		Title:        title,
		ProviderName: "chronoatlas",
		ProviderURL:  base + "/",
		HTML: fmt.Sprintf(`<iframe src="%s" width="%d" height="%d" title="%s" style="border:0" loading="lazy" sandbox="%s" referrerpolicy="no-referrer"></iframe>`,
			html.EscapeString(src), width, height, html.EscapeString(title), EmbedSandbox),
		Width:           width,
		Height:          height,
		ThumbnailURL:    base + "/map.png?" + still.Encode(),
		ThumbnailWidth:  width,
		ThumbnailHeight: height,
	}, nil
}

// embedView checks that pageURL is a map of the site at base (or host)
// and returns its view: its query, with what its fragment says over it
// (old links carry the view as #year=…).
func embedView(base, host, pageURL string) (url.Values, error) {
	if pageURL == "" {
		return nil, fault.Param("url", "the URL to embed is missing")
	}
	u, err := url.Parse(pageURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fault.Param("url", "%q is not an http or https URL", pageURL)
	}
	if u.Host != host && u.Scheme+"://"+u.Host != base {
		return nil, fault.Errorf(fault.NotFound, "%s is not a map of this server", pageURL)
	}
	if u.Path != "/" && u.Path != "" && u.Path != "/embed" {
		return nil, fault.Errorf(fault.NotFound, "%s is not a map of this server: embed the viewer (/) or /embed", pageURL)
	}
	view := u.Query()
	if frag, err := url.ParseQuery(u.Fragment); err == nil {
		for k, v := range frag {
			view[k] = v
		}
	}
	return view, nil
}

// viewOf keeps the parameters of view that an embed takes and that make
// sense (CheckEmbedView): a page opened from a
// link ignores the rest (fbclid, utm_*, z=far), and so does its embed.
func viewOf(view url.Values) url.Values {
	kept := url.Values{}
	for _, k := range atlas.EmbedParams() {
		v := view.Get(k)
		if v == "" || atlas.CheckEmbedView(url.Values{k: {v}}) != nil {
			continue
		}
		kept.Set(k, v)
	}
	return kept
}

// OEmbedLink is the oEmbed discovery link of the page at path (/ or
// /embed) with the query q on the site at base, for the viewer and the
// embed page to carry: it names the page's view, so a link preview or an
// oEmbed consumer embeds the year and place the link shows.
func OEmbedLink(base, path string, q url.Values) string {
	page := base + path
	if v := viewOf(q); len(v) > 0 {
		page += "?" + v.Encode()
	}
	return `<link rel="alternate" type="application/json+oembed" href="` +
		html.EscapeString(base+"/oembed?format=json&url="+url.QueryEscape(page)) + `" title="oEmbed">`
}
