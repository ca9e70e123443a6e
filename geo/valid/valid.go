package valid

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/chronoatlas/chronoatlas/geo/ring"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Problem is one thing wrong with a geometry.
type Problem struct {
	// Path says where: "polygon 2 ring 0", "point 3", or "".
	Path string
	Msg  string
}

func (p Problem) Error() string {
	if p.Path == "" {
		return p.Msg
	}
	return p.Path + ": " + p.Msg
}

// Geometry returns the first problem of g, or nil when it is valid.
func Geometry(g orb.Geometry) error {
	if ps := Check(g); len(ps) > 0 {
		return ps[0]
	}
	return nil
}

// Crossings returns the first place where the rings of mp cross, touch
// themselves or overlap one another, in any planar coordinates: unlike
// Check it asks nothing of ranges or winding, so it serves for tile
// coordinates too.
func Crossings(mp orb.MultiPolygon) error {
	var c checker
	c.crossings("", mp)
	if len(c.problems) > 0 {
		return c.problems[0]
	}
	return nil
}

// Crossing names the two edges of the first place where a multipolygon's
// rings meet as they may not: edge Index runs from vertex Index to
// Index+1 of ring Ring of polygon Poly.
type Crossing struct {
	Poly, Ring, Index                int
	OtherPoly, OtherRing, OtherIndex int
}

// FirstCrossing returns the first crossing of mp's rings, so a caller can
// mend it; ok is false when there is none between edges (a polygon inside
// another is reported by Crossings only).
func FirstCrossing(mp orb.MultiPolygon) (cr Crossing, ok bool) {
	var c checker
	c.crossings("", mp)
	if c.first == nil {
		return Crossing{}, false
	}
	s, t := c.first[0], c.first[1]
	return Crossing{s.poly, s.ring, s.index, t.poly, t.ring, t.index}, true
}

// Check returns every problem of g.
func Check(g orb.Geometry) []Problem {
	p, _ := CheckContext(context.Background(), g)
	return p
}

// CheckContext is Check that gives up when ctx ends, returning the
// problems found so far and ctx's error. Finding crossings among n edges
// can take time near n² for some shapes, such as a comb of long parallel
// teeth at a slant.
func CheckContext(ctx context.Context, g orb.Geometry) ([]Problem, error) {
	c := checker{ctx: ctx}
	c.geometry("", g)
	return c.problems, c.err
}

type checker struct {
	ctx      context.Context // nil for no deadline
	err      error           // ctx's error once it ended
	problems []Problem
	// first holds the two edges of the first contact crossings reports.
	first *[2]segment
}

func (c *checker) add(path, format string, args ...any) {
	c.problems = append(c.problems, Problem{Path: path, Msg: fmt.Sprintf(format, args...)})
}

func join(prefix, part string) string {
	if prefix == "" {
		return part
	}
	return prefix + " " + part
}

func (c *checker) geometry(path string, g orb.Geometry) {
	switch g := g.(type) {
	case nil:
		c.add(path, "no geometry")
	case orb.Point:
		c.points(path, []orb.Point{g})
	case orb.MultiPoint:
		if len(g) == 0 {
			c.add(path, "empty multipoint")
		}
		c.points(path, g)
	case orb.LineString:
		c.line(path, g)
	case orb.MultiLineString:
		if len(g) == 0 {
			c.add(path, "empty multilinestring")
		}
		for i, l := range g {
			c.line(join(path, fmt.Sprintf("line %d", i)), l)
		}
	case orb.Polygon:
		if c.polygon(path, g) {
			c.crossings(path, orb.MultiPolygon{g})
		}
	case orb.MultiPolygon:
		if len(g) == 0 {
			c.add(path, "empty multipolygon")
		}
		ok := true
		for i, p := range g {
			ok = c.polygon(join(path, fmt.Sprintf("polygon %d", i)), p) && ok
		}
		if ok {
			c.crossings(path, g)
		}
	case orb.Collection:
		for i, part := range g {
			c.geometry(join(path, fmt.Sprintf("part %d", i)), part)
		}
	case orb.Ring:
		c.polygon(path, orb.Polygon{g})
	case orb.Bound:
		c.polygon(path, orb.Polygon{g.ToRing()})
	default:
		c.add(path, "unsupported geometry %T", g)
	}
}

// points checks that coordinates are numbers within WGS 84's range.
func (c *checker) points(path string, ps []orb.Point) bool {
	for i, p := range ps {
		switch {
		case math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0):
			c.add(path, "point %d is not a number: %v", i, p)
			return false
		case p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90:
			c.add(path, "point %d (%g, %g) is out of range: longitude must be within ±180, latitude ±90", i, p[0], p[1])
			return false
		}
	}
	return true
}

func (c *checker) line(path string, l orb.LineString) {
	if !c.points(path, l) {
		return
	}
	for i := 1; i < len(l); i++ {
		if l[i] != l[0] {
			return
		}
	}
	c.add(path, "a line needs two distinct points, has %d", distinct(l))
}

func distinct(ps []orb.Point) int {
	seen := map[orb.Point]bool{}
	for _, p := range ps {
		seen[p] = true
	}
	return len(seen)
}

// polygon checks each ring on its own; it reports whether the rings are
// sound enough to look for crossings.
func (c *checker) polygon(path string, p orb.Polygon) bool {
	if len(p) == 0 {
		c.add(path, "empty polygon")
		return false
	}
	ok := true
	for i, r := range p {
		rp := join(path, fmt.Sprintf("ring %d", i))
		if !c.points(rp, r) {
			ok = false
			continue
		}
		if len(r) < 4 {
			c.add(rp, "a ring needs at least 4 points, has %d", len(r))
			ok = false
			continue
		}
		if r[0] != r[len(r)-1] {
			c.add(rp, "ring is not closed: it starts at %v and ends at %v", r[0], r[len(r)-1])
			ok = false
			continue
		}
		area := planar.Area(r) // positive when counter-clockwise
		if area == 0 || distinct(r) < 3 {
			c.add(rp, "ring has no area")
			ok = false
			continue
		}
		if i == 0 && area < 0 {
			c.add(rp, "exterior ring is clockwise; RFC 7946 wants counter-clockwise")
		}
		if i > 0 && area > 0 {
			c.add(rp, "hole is counter-clockwise; RFC 7946 wants clockwise")
		}
	}
	if !ok {
		return false
	}
	for i := 1; i < len(p); i++ {
		if !inside(p[0], p[i]) {
			c.add(join(path, fmt.Sprintf("ring %d", i)), "hole is not inside the exterior ring")
		}
	}
	return true
}

// inside reports whether ring r lies within ring outer, judged by a vertex
// of r that is not on outer's boundary.
func inside(outer, r orb.Ring) bool {
	for _, p := range r {
		if !onRing(outer, p) {
			return planar.RingContains(outer, p)
		}
	}
	return true
}

func onRing(r orb.Ring, p orb.Point) bool {
	for i := 1; i < len(r); i++ {
		if ring.Orient(r[i-1], r[i], p) == 0 && between(r[i-1], r[i], p) {
			return true
		}
	}
	return false
}

// segment is one edge of a ring, with where it comes from.
type segment struct {
	a, b       orb.Point
	poly, ring int
	index      int     // the edge's index in its ring
	n          int     // the number of edges in its ring
	minX, maxX float64 // the edge's extent along the sweep's axis (x or y)
}

// sweepKey is an edge's start along the sweep's axis and its index among
// the edges.
type sweepKey struct {
	minX float64
	i    int32
}

// sweepBuf is the memory a crossings check works in, kept from one check
// to the next: a tile checks its shapes' crossings every time it is made.
type sweepBuf struct {
	segs   []segment
	order  []sweepKey
	active []int32
}

var sweepBufs = sync.Pool{New: func() any { return new(sweepBuf) }}

// sweepEdges lists mp's edges (none between a point and its repeat) and the order in
// which a sweep takes them; oy is the axis across the sweep.
func sweepEdges(mp orb.MultiPolygon, buf *sweepBuf) (segs []segment, order []sweepKey, oy int) {
	// Sweep along the axis the edges are shorter in, so that a comb of
	// long teeth is swept across its teeth.
	var spanX, spanY float64
	for _, p := range mp {
		for _, r := range p {
			for i := 1; i < len(r); i++ {
				spanX += math.Abs(r[i][0] - r[i-1][0])
				spanY += math.Abs(r[i][1] - r[i-1][1])
			}
		}
	}
	ax := 0 // the sweep's axis
	oy = 1
	if spanY < spanX {
		ax, oy = 1, 0
	}
	edges := 0
	for _, p := range mp {
		for _, r := range p {
			edges += max(len(r)-1, 0)
		}
	}
	segs = slices.Grow(buf.segs[:0], edges)
	for pi, p := range mp {
		for ri, r := range p {
			n := len(r) - 1
			for i := 0; i < n; i++ {
				a, b := r[i], r[i+1]
				if a == b {
					continue // a repeated point is harmless
				}
				segs = append(segs, segment{a: a, b: b, poly: pi, ring: ri, index: i, n: n, minX: math.Min(a[ax], b[ax]), maxX: math.Max(a[ax], b[ax])})
			}
		}
	}
	// The edges are taken in the order of their start along the axis. The
	// sort moves 16-byte keys rather than the edges; slices.SortFunc runs
	// the same pdqsort as sort.Slice did on the edges themselves, so ties
	// come out in the same order and so do the problems.
	order = slices.Grow(buf.order[:0], len(segs))
	for i := range segs {
		order = append(order, sweepKey{segs[i].minX, int32(i)})
	}
	slices.SortFunc(order, func(s, t sweepKey) int {
		switch {
		case s.minX < t.minX:
			return -1
		case t.minX < s.minX:
			return 1
		}
		return 0
	})
	return segs, order, oy
}

// crossings finds rings that cross themselves or each other, and polygons
// that overlap.
func (c *checker) crossings(path string, mp orb.MultiPolygon) {
	buf := sweepBufs.Get().(*sweepBuf)
	segs, order, oy := sweepEdges(mp, buf)
	// The active edges are indices into segs, so that the sweep moves ints
	// rather than copying 88-byte edges.
	active := buf.active[:0]
	defer func() {
		// kept for the next check, unless a huge one grew them
		if cap(segs) <= 1<<16 {
			buf.segs, buf.order, buf.active = segs[:0], order[:0], active[:0]
			sweepBufs.Put(buf)
		}
	}()
	where := func(s segment) string {
		if len(mp) == 1 {
			return join(path, fmt.Sprintf("ring %d", s.ring))
		}
		return join(path, fmt.Sprintf("polygon %d ring %d", s.poly, s.ring))
	}
	type pairKey struct {
		sp, sr, tp, tr int
		kind           string
	}
	reported := map[pairKey]bool{}
	report := func(s, t segment, format string, args ...any) {
		key := pairKey{s.poly, s.ring, t.poly, t.ring, format}
		if reported[key] || len(c.problems) > 50 {
			return
		}
		reported[key] = true
		if c.first == nil {
			c.first = &[2]segment{s, t}
		}
		c.add(where(s), format, args...)
	}
	for k, key := range order {
		s := &segs[key.i]
		if k%1024 == 0 && c.ctx != nil && c.ctx.Err() != nil {
			c.err = c.ctx.Err()
			return
		}
		kept := active[:0]
		for _, j := range active {
			if segs[j].maxX >= s.minX {
				kept = append(kept, j)
			}
		}
		active = kept
		sLo, sHi := math.Min(s.a[oy], s.b[oy]), math.Max(s.a[oy], s.b[oy])
		for _, j := range active {
			t := &segs[j]
			if sHi < math.Min(t.a[oy], t.b[oy]) || math.Max(t.a[oy], t.b[oy]) < sLo {
				continue
			}
			c.pair(*s, *t, report)
		}
		active = append(active, key.i)
	}
	// Polygons of a MultiPolygon must not contain one another either.
	bounds := polygonBounds(mp)
	for i := range mp {
		for j := range mp {
			if nests(mp, bounds, i, j) {
				c.add(join(path, fmt.Sprintf("polygon %d", j)), "lies inside polygon %d", i)
			}
		}
	}
}

// Covered lists the polygons of mp that lie wholly inside another of its
// polygons and not in one of that one's holes, which a MultiPolygon may not
// hold: an island that simplification has swallowed into the land around
// it. Of two polygons that cover each other, only the later is listed.
func Covered(mp orb.MultiPolygon) []int {
	var out []int
	dropped := make([]bool, len(mp))
	bounds := polygonBounds(mp)
	for j := len(mp) - 1; j >= 0; j-- {
		for i := range mp {
			if dropped[i] || len(mp[i]) == 0 || len(mp[j]) == 0 || !nests(mp, bounds, i, j) {
				continue
			}
			// inside judges by one vertex: a polygon that also reaches
			// out of i crosses it, and is not covered.
			if _, crossed := FirstCrossing(orb.MultiPolygon{mp[i], mp[j]}); crossed {
				continue
			}
			dropped[j] = true
			out = append([]int{j}, out...)
			break
		}
	}
	return out
}

// nests reports whether polygon j lies inside polygon i and not in one of
// its holes, judged by a vertex of j; bounds are the polygons' bounds.
func nests(mp orb.MultiPolygon, bounds []orb.Bound, i, j int) bool {
	if i == j || !bounds[i].Contains(bounds[j].Min) || !bounds[i].Contains(bounds[j].Max) {
		return false // j can lie inside i only if its bound does
	}
	return inside(mp[i][0], mp[j][0]) && !inHole(mp[i], mp[j][0])
}

// polygonBounds lists the bound of each polygon's exterior ring, made once:
// the pairwise checks would otherwise remake them for every pair.
func polygonBounds(mp orb.MultiPolygon) []orb.Bound {
	out := make([]orb.Bound, len(mp))
	for i, p := range mp {
		if len(p) > 0 {
			out[i] = p[0].Bound()
		}
	}
	return out
}

// inHole reports whether ring r lies in one of p's holes.
func inHole(p orb.Polygon, r orb.Ring) bool {
	for _, h := range p[1:] {
		if inside(h, r) {
			return true
		}
	}
	return false
}

// pair checks two edges for a contact the rules forbid.
func (c *checker) pair(s, t segment, report func(s, t segment, format string, args ...any)) {
	o1, o2 := ring.Orient(s.a, s.b, t.a), ring.Orient(s.a, s.b, t.b)
	o3, o4 := ring.Orient(t.a, t.b, s.a), ring.Orient(t.a, t.b, s.b)
	proper := o1*o2 < 0 && o3*o4 < 0
	sameRing := s.poly == t.poly && s.ring == t.ring
	adjacent := sameRing && (abs(s.index-t.index) == 1 || abs(s.index-t.index) == s.n-1)
	if proper {
		p := intersection(s, t)
		switch {
		case sameRing:
			report(s, t, "ring crosses itself near (%.5f, %.5f)", p[0], p[1])
		case s.poly == t.poly:
			report(s, t, "crosses ring %d near (%.5f, %.5f)", t.ring, p[0], p[1])
		default:
			report(s, t, "overlaps polygon %d near (%.5f, %.5f)", t.poly, p[0], p[1])
		}
		return
	}
	// Contacts without a proper crossing: a vertex on the other edge, or
	// collinear edges that overlap.
	touches := (o1 == 0 && between(s.a, s.b, t.a)) || (o2 == 0 && between(s.a, s.b, t.b)) ||
		(o3 == 0 && between(t.a, t.b, s.a)) || (o4 == 0 && between(t.a, t.b, s.b))
	if !touches {
		return
	}
	collinear := o1 == 0 && o2 == 0
	switch {
	case adjacent:
		// Neighbours share a vertex; they may not fold back on each other.
		if collinear && overlapLength(s, t) > 0 {
			report(s, t, "ring has a spike at (%.5f, %.5f)", shared(s, t)[0], shared(s, t)[1])
		}
	case sameRing:
		p := contact(s, t)
		report(s, t, "ring touches itself at (%.5f, %.5f)", p[0], p[1])
	case collinear && overlapLength(s, t) > 0 && s.poly == t.poly:
		report(s, t, "shares an edge with ring %d at (%.5f, %.5f)", t.ring, contact(s, t)[0], contact(s, t)[1])
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// between reports whether p, collinear with a and b, lies on the segment.
func between(a, b, p orb.Point) bool {
	return math.Min(a[0], b[0]) <= p[0] && p[0] <= math.Max(a[0], b[0]) &&
		math.Min(a[1], b[1]) <= p[1] && p[1] <= math.Max(a[1], b[1])
}

// overlapLength returns how far two collinear segments overlap, along the
// axis they extend most in.
func overlapLength(s, t segment) float64 {
	axis := 0
	if math.Abs(s.b[0]-s.a[0]) < math.Abs(s.b[1]-s.a[1]) {
		axis = 1
	}
	lo := math.Max(math.Min(s.a[axis], s.b[axis]), math.Min(t.a[axis], t.b[axis]))
	hi := math.Min(math.Max(s.a[axis], s.b[axis]), math.Max(t.a[axis], t.b[axis]))
	return hi - lo
}

func shared(s, t segment) orb.Point {
	if s.a == t.a || s.a == t.b {
		return s.a
	}
	return s.b
}

// contact returns a point where two touching segments meet.
func contact(s, t segment) orb.Point {
	for _, p := range []orb.Point{t.a, t.b} {
		if ring.Orient(s.a, s.b, p) == 0 && between(s.a, s.b, p) {
			return p
		}
	}
	for _, p := range []orb.Point{s.a, s.b} {
		if ring.Orient(t.a, t.b, p) == 0 && between(t.a, t.b, p) {
			return p
		}
	}
	return s.a
}

// intersection returns where two properly crossing segments cross.
func intersection(s, t segment) orb.Point {
	d := (s.b[0]-s.a[0])*(t.b[1]-t.a[1]) - (s.b[1]-s.a[1])*(t.b[0]-t.a[0])
	if d == 0 {
		return s.a
	}
	u := ((t.a[0]-s.a[0])*(t.b[1]-t.a[1]) - (t.a[1]-s.a[1])*(t.b[0]-t.a[0])) / d
	return orb.Point{s.a[0] + u*(s.b[0]-s.a[0]), s.a[1] + u*(s.b[1]-s.a[1])}
}

// RFC7946 returns a copy of g with its rings wound as RFC 7946 asks:
// exterior rings counter-clockwise, holes clockwise.
func RFC7946(g orb.Geometry) orb.Geometry {
	switch g := g.(type) {
	case orb.Polygon:
		return windPolygon(g)
	case orb.MultiPolygon:
		out := make(orb.MultiPolygon, len(g))
		for i, p := range g {
			out[i] = windPolygon(p)
		}
		return out
	case orb.Collection:
		out := make(orb.Collection, len(g))
		for i, part := range g {
			out[i] = RFC7946(part)
		}
		return out
	}
	return g
}

func windPolygon(p orb.Polygon) orb.Polygon {
	out := make(orb.Polygon, len(p))
	for i, r := range p {
		out[i] = r.Clone()
	}
	ring.Wind(out, orb.CCW)
	return out
}
