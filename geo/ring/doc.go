// Package ring repairs polygon rings on orb types: it splits rings that
// pass a point twice into simple loops and sorts those into shells and
// holes (Split, Loops, SelfTouching), takes out repeated points and the
// tips of spikes (Despike), and winds a polygon's rings (Wind).
//
// Signed area is orb's own: planar.Area of an orb.Ring is positive when
// the ring runs counter-clockwise with y pointing up. In coordinates with
// y pointing down, as in a tile, positive area is clockwise on screen; the
// functions here only look at the sign, so they work in either frame.
//
// Both the tile shaper (geo/tile), which repairs rings after clipping and
// snapping to a tile's grid, and the atlas build (internal/atlasbuild),
// which repairs them after overlays, use this package.
package ring
