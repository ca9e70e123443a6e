// Package render draws a finished map of one moment: the land, the
// territories in their polities' colours with doubt drawn (dashed borders
// for approximate lines, hatching for uncertain ones), rivers, frontiers,
// places by their kind on that day, labels that never collide (capitals
// first), and, around a whole map, a title with the year and its reign
// eras, a legend of the polities shown, a scale bar and the attribution.
//
// The same drawing comes out as PNG, SVG or PDF through
// github.com/tdewolff/canvas; in SVG and PDF the labels stay text. A raster
// tile is the same map without its frame, cut to the tile.
//
// Text is set in fonts embedded in the package, subsets of DejaVu Sans
// (Latin, bold and regular) and Droid Sans Fallback (CJK) cut down to the
// characters the embedded dataset uses (cmd/fontsubset builds them). A
// label with a character neither font has is drawn in the other language
// when that one can be drawn, and left out otherwise; in SVG the text is
// still in the document, where a reader's fonts may draw it.
//
// The map is in Web Mercator, as the tiles are, and its unit is the CSS
// pixel: a PNG at scale 2 has twice the pixels of the same SVG.
package render
