package coast

import (
	"fmt"
	"github.com/chronoatlas/chronoatlas/internal/atlasbuild/xy"
	"math"
	"slices"
	"sort"

	"github.com/peterstace/simplefeatures/geom"
)

// clipRing cuts a closed ring to the rectangle box and returns the rings
// of the part inside, wound as the ring was. It works edge by edge and
// never asks whether the ring is valid, so a ring that crosses or touches
// itself outside the box, as Natural Earth's Eurasia does where the
// antimeridian cuts Chukotka, clips cleanly to a region that lies far from
// it. The pieces of the ring inside the box are joined along the box's
// edge, walking round it with the inside on the left from where a piece
// leaves to where the next one enters.
//
// Which side is inside is read from the winding number just beside an
// edge in the box, not from the ring's area: Eurasia's ring wraps round
// the world at the antimeridian, which adds a band round the Arctic to its
// area and can turn its sign.
//
// The parts of the ring inside the box must all wind one way, as they do
// for a ring that crosses itself only outside the box in a band it wraps
// round (Eurasia at the antimeridian); a ring whose lobes wind both ways
// inside the box, or whose pieces do not join up round the box, is an
// error rather than a wrong answer. No vertex may lie on the box's edge;
// choose a box whose edges miss the ring's grid.
func clipRing(r []geom.XY, box geom.Envelope) ([][]geom.XY, error) {
	if len(r) < 4 {
		return nil, nil
	}
	lo, hi, _ := box.MinMaxXYs()
	in := func(p geom.XY) bool { return p.X > lo.X && p.X < hi.X && p.Y > lo.Y && p.Y < hi.Y }
	ccw := insideOnLeft(r, lo, hi)
	if !ccw {
		r = reversed(r)
	}

	// The pieces inside: each starts where the ring enters the box and ends
	// where it leaves, unless the ring never leaves.
	start := -1
	for i := 0; i+1 < len(r); i++ {
		if !in(r[i]) {
			start = i
			break
		}
	}
	if start < 0 {
		return [][]geom.XY{orient(r, ccw)}, nil // all inside
	}
	ring := append(append([]geom.XY{}, r[start:len(r)-1]...), r[:start+1]...)
	var pieces []piece
	var cur []geom.XY
	for i := 0; i+1 < len(ring); i++ {
		a, b := ring[i], ring[i+1]
		t0, t1, ok := clipSegment(a, b, lo, hi)
		if !ok {
			continue
		}
		p0, p1 := lerp(a, b, t0), lerp(a, b, t1)
		if t0 > 0 { // enters here
			cur = []geom.XY{p0}
		}
		if t1 < 1 { // leaves here
			cur = append(cur, p1)
			pieces = append(pieces, piece{pts: cur})
			cur = nil
		} else {
			cur = append(cur, b)
		}
	}
	if len(pieces) == 0 {
		// The ring lies all outside: it holds the box, or misses it.
		if xy.Winding(r, geom.XY{X: (lo.X + hi.X) / 2, Y: (lo.Y + hi.Y) / 2}) != 0 {
			return [][]geom.XY{orient(boxRing(lo, hi, 0, 4), ccw)}, nil
		}
		return nil, nil
	}
	for _, p := range pieces {
		if q, ok := xy.LeftOf(p.pts, 1e-7); ok && xy.Winding(r, q) == 0 {
			return nil, fmt.Errorf("clipping a ring near %v: it winds both ways inside the box", p.pts[0])
		}
	}
	for i := range pieces {
		pieces[i].enter = perimeter(pieces[i].pts[0], lo, hi)
		pieces[i].out = perimeter(pieces[i].pts[len(pieces[i].pts)-1], lo, hi)
	}

	return joinPieces(pieces, lo, hi, ccw)
}

// piece is a stretch of a ring inside the box, from where it enters to
// where it leaves.
type piece struct {
	pts        []geom.XY
	enter, out float64 // positions of the ends on the box's edge
}

// joinPieces joins the pieces of an anticlockwise ring inside the box
// into rings, along the box's edge, wound anticlockwise if ccw is set.
func joinPieces(pieces []piece, lo, hi geom.XY, ccw bool) ([][]geom.XY, error) {
	// Join: from where a piece leaves, walk round the box anticlockwise
	// (the ring is anticlockwise, so the inside is on its left) to the
	// first place a piece enters.
	order := make([]int, len(pieces))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return pieces[order[a]].enter < pieces[order[b]].enter })
	next := func(from float64) int {
		for _, i := range order {
			if pieces[i].enter > from {
				return i
			}
		}
		return order[0] // round past the start of the perimeter
	}
	used := make([]bool, len(pieces))
	var out [][]geom.XY
	for first := range pieces {
		if used[first] {
			continue
		}
		var ring []geom.XY
		i := first
		for !used[i] {
			used[i] = true
			p := pieces[i]
			ring = append(ring, p.pts...)
			j := next(p.out)
			to := pieces[j].enter
			if to <= p.out {
				to += 4
			}
			ring = append(ring, boxRing(lo, hi, p.out, to)...)
			i = j
		}
		if i != first {
			return nil, fmt.Errorf("clipping a ring near %v: its pieces in the box do not join up", pieces[first].pts[0])
		}
		ring = append(ring, ring[0])
		out = append(out, orient(ring, ccw))
	}
	return out, nil
}

// clipSegment clips the segment a–b to the box (Liang–Barsky): the part
// from a+t0(b−a) to a+t1(b−a) is inside.
func clipSegment(a, b, lo, hi geom.XY) (t0, t1 float64, ok bool) {
	t0, t1 = 0, 1
	dx, dy := b.X-a.X, b.Y-a.Y
	for _, c := range [4][2]float64{{-dx, a.X - lo.X}, {dx, hi.X - a.X}, {-dy, a.Y - lo.Y}, {dy, hi.Y - a.Y}} {
		p, q := c[0], c[1]
		if p == 0 {
			if q < 0 {
				return 0, 0, false
			}
			continue
		}
		t := q / p
		if p < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
	}
	return t0, t1, t0 < t1
}

func lerp(a, b geom.XY, t float64) geom.XY {
	switch t {
	case 0:
		return a
	case 1:
		return b
	}
	return geom.XY{X: a.X + t*(b.X-a.X), Y: a.Y + t*(b.Y-a.Y)}
}

// perimeter places a point on the box's edge on a scale from 0 to 4 that
// runs anticlockwise from the south-west corner: 0–1 the south edge, 1–2
// the east, 2–3 the north, 3–4 the west.
func perimeter(p, lo, hi geom.XY) float64 {
	w, h := hi.X-lo.X, hi.Y-lo.Y
	dist := []float64{p.Y - lo.Y, hi.X - p.X, hi.Y - p.Y, p.X - lo.X} // to the south, east, north, west edges
	side := 0
	for i, d := range dist {
		if math.Abs(d) < math.Abs(dist[side]) {
			side = i
		}
	}
	switch side {
	case 0:
		return (p.X - lo.X) / w
	case 1:
		return 1 + (p.Y-lo.Y)/h
	case 2:
		return 2 + (hi.X-p.X)/w
	}
	return 3 + (hi.Y-p.Y)/h
}

// boxRing lists the corners of the box passed going anticlockwise from
// perimeter position from to to (to may exceed 4 to go round past the
// start); with 0 and 4 it is the whole box, closed.
func boxRing(lo, hi geom.XY, from, to float64) []geom.XY {
	corners := []geom.XY{{X: hi.X, Y: lo.Y}, {X: hi.X, Y: hi.Y}, {X: lo.X, Y: hi.Y}, {X: lo.X, Y: lo.Y}} // at 1, 2, 3, 4
	var out []geom.XY
	for k := math.Floor(from) + 1; k <= to; k++ {
		out = append(out, corners[(int(k)-1)%4])
	}
	if from == 0 && to == 4 {
		out = append([]geom.XY{corners[3]}, out...)
	}
	return out
}

// insideOnLeft tells whether the inside of the ring lies to the left of
// its edges within the box: whether the winding number is not zero just
// left of the longest stretch of an edge inside the box. A ring that
// misses the box is judged by its area.
func insideOnLeft(r []geom.XY, lo, hi geom.XY) bool {
	var a, b geom.XY
	longest := 0.0
	for i := 0; i+1 < len(r); i++ {
		t0, t1, ok := clipSegment(r[i], r[i+1], lo, hi)
		if !ok {
			continue
		}
		p, q := lerp(r[i], r[i+1], t0), lerp(r[i], r[i+1], t1)
		if d := math.Hypot(q.X-p.X, q.Y-p.Y); d > longest {
			longest, a, b = d, p, q
		}
	}
	if q, ok := xy.LeftOf([]geom.XY{a, b}, 1e-7); ok {
		return xy.Winding(r, q) != 0
	}
	return xy.SignedArea(r) > 0
}

func reversed(r []geom.XY) []geom.XY {
	out := slices.Clone(r)
	slices.Reverse(out)
	return out
}

// orient returns r anticlockwise when ccw is true, clockwise otherwise; r
// comes anticlockwise.
func orient(r []geom.XY, ccw bool) []geom.XY {
	if ccw {
		return r
	}
	return reversed(r)
}
