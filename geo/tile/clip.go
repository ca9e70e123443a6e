package tile

import "github.com/paulmach/orb"

// clipPolygons returns z's polygons (z.polygon set) whose bound meets
// near (in world coordinates), shifted by (-x0, -y0) into a tile's
// coordinates and clipped to box there; nil when nothing is left. It
// returns what clipping the shifted parts with orb's clip.Geometry does,
// point for point, without the passes over every point that does not
// need: the geometry's bound, and clipping a ring inside the box, which is
// only shifted.
func (sh *Shared) clipPolygons(z *zoomed, near, box orb.Bound, x0, y0 float64) orb.Geometry {
	buf, _ := sh.clips.Get().(*[3][]orb.Point)
	if buf == nil {
		buf = new([3][]orb.Point)
	}
	defer sh.clips.Put(buf)
	var out orb.MultiPolygon
	for i, part := range z.parts {
		if !z.bounds[i].Intersects(near) {
			continue
		}
		var p orb.Polygon
		for j, r := range part.(orb.Polygon) {
			rb := z.rings[i][j]
			if j > 0 && !rb.Intersects(near) {
				continue
			}
			c := clipRing(r, rb, z.chunks[i][j], box, x0, y0, buf)
			if c == nil && j == 0 {
				break
			}
			if c != nil {
				p = append(p, c)
			}
		}
		if p != nil {
			out = append(out, p)
		}
	}
	return oneOrMany(out)
}

// oneOrMany returns nil for no parts, the part itself for one, and the
// parts for more.
func oneOrMany[S interface {
	~[]E
	orb.Geometry
}, E orb.Geometry](parts S) orb.Geometry {
	switch len(parts) {
	case 0:
		return nil
	case 1:
		return parts[0]
	}
	return parts
}

// clipRing returns ring r, whose bound is rb and whose runs of points
// are bounded by chunks, shifted by (-x0, -y0) and clipped to box with
// the Sutherland–Hodgman algorithm as orb's clip.Ring does it (edge by
// edge: left, right, bottom, top), or nil when nothing is left; buf is
// scratch space.
func clipRing(r orb.Ring, rb orb.Bound, chunks chunked, box orb.Bound, x0, y0 float64, buf *[3][]orb.Point) orb.Ring {
	if len(r) == 0 {
		return nil
	}
	shift := func(q orb.Point) orb.Point { return orb.Point{q[0] - x0, q[1] - y0} }
	// Shifting keeps the order of coordinates, so the bound shifted is
	// the shifted ring's.
	if lo, hi := shift(rb.Min), shift(rb.Max); lo[0] >= box.Min[0] && lo[1] >= box.Min[1] && hi[0] <= box.Max[0] && hi[1] <= box.Max[1] {
		out := make(orb.Ring, len(r))
		for i, q := range r {
			out[i] = shift(q)
		}
		return out
	}
	closed := shift(r[0]) == shift(r[len(r)-1])
	// The first pass reads r, or what of it counts, and shifts it; the
	// others read the last's output and shift by nothing, which changes no
	// coordinate.
	in, out := []orb.Point(r), buf[0]
	if len(chunks.bounds) > 1 {
		in = chunks.reduce(buf[2][:0], r, box, shift)
		buf[2] = in[:0]
	}
	dx, dy := x0, y0
	for edge := 1; edge <= 8; edge <<= 1 {
		out = clipEdge(out[:0], in, dx, dy, closed, box, edge)
		if edge == 1 {
			in, out, dx, dy = out, buf[1], 0, 0 // r is never scratch
		} else {
			in, out = out, in
		}
		buf[0], buf[1] = in[:0], out[:0] // kept as they grew
		if len(in) == 0 {
			return nil
		}
	}
	res := make(orb.Ring, len(in), len(in)+1)
	copy(res, in)
	if closed && res[0] != res[len(res)-1] {
		res = append(res, res[0])
	}
	return res
}

// chunked holds the bounds of a ring's runs of size points (the last
// perhaps shorter), for clipRing to pass over those far from a tile.
type chunked struct {
	size   int
	bounds []orb.Bound
}

// chunkPoints is the length of the runs a ring's points are bounded in:
// a bound costs two bytes a point.
const chunkPoints = 16

func chunk(r []orb.Point, size int) chunked {
	if len(r) <= size {
		return chunked{}
	}
	c := chunked{size: size, bounds: make([]orb.Bound, 0, (len(r)+size-1)/size)}
	for lo := 0; lo < len(r); lo += size {
		c.bounds = append(c.bounds, orb.MultiPoint(r[lo:min(lo+size, len(r))]).Bound())
	}
	return c
}

// reduce appends to out the points of r that clipping r to box in
// tile coordinates (r shifted by shift) needs. A run of points all
// outside one of the box's edges, and inside those clipped before it, is
// passed through unchanged by the passes before that edge's, and its
// pass keeps none of it and makes new points only where the ring enters
// and leaves the run: so the run's first and last points give the same
// result as the whole run.
func (c chunked) reduce(out []orb.Point, r orb.Ring, box orb.Bound, shift func(orb.Point) orb.Point) []orb.Point {
	for i, b := range c.bounds {
		lo, hi := i*c.size, min((i+1)*c.size, len(r))
		if hi-lo > 2 && outsideOneEdge(shift(b.Min), shift(b.Max), box) {
			out = append(out, r[lo], r[hi-1])
			continue
		}
		out = append(out, r[lo:hi]...)
	}
	return out
}

// outsideOneEdge reports whether the points bounded by lo and hi all lie
// outside one of box's edges and inside those clipped before it, in
// clipEdge's order and terms: left (x < min), right (x > max), bottom
// (y < min), top (y > max).
func outsideOneEdge(lo, hi orb.Point, box orb.Bound) bool {
	switch {
	case hi[0] < box.Min[0], lo[0] > box.Max[0]: // left; right, so inside left
		return true
	case lo[0] < box.Min[0] || hi[0] > box.Max[0]: // across left or right
		return false
	}
	return hi[1] < box.Min[1] || lo[1] > box.Max[1] // bottom; top, so inside bottom
}

// clipEdge appends to out the points of in, shifted by (-dx, -dy), on the
// inner side of box's edge (1 left, 2 right, 4 bottom, 8 top), and where
// the ring crosses it.
func clipEdge(out, in []orb.Point, dx, dy float64, closed bool, box orb.Bound, edge int) []orb.Point {
	axis, limit, below := 0, box.Min[0], true
	switch edge {
	case 2:
		limit, below = box.Max[0], false
	case 4:
		axis, limit = 1, box.Min[1]
	case 8:
		axis, limit, below = 1, box.Max[1], false
	}
	outside := func(p orb.Point) bool {
		if below {
			return p[axis] < limit
		}
		return p[axis] > limit
	}
	prev := in[len(in)-1]
	if !closed {
		prev = in[0]
	}
	prev = orb.Point{prev[0] - dx, prev[1] - dy}
	prevInside := !outside(prev)
	for _, q := range in {
		p := orb.Point{q[0] - dx, q[1] - dy}
		inside := !outside(p)
		if inside != prevInside {
			out = append(out, intersect(box, edge, prev, p))
		}
		if inside {
			out = append(out, p)
		}
		prev, prevInside = p, inside
	}
	return out
}

// intersect returns where segment ab crosses the line of box's edge (as
// in clipEdge).
func intersect(box orb.Bound, edge int, a, b orb.Point) orb.Point {
	switch edge {
	case 8:
		return orb.Point{a[0] + (b[0]-a[0])*(box.Max[1]-a[1])/(b[1]-a[1]), box.Max[1]}
	case 4:
		return orb.Point{a[0] + (b[0]-a[0])*(box.Min[1]-a[1])/(b[1]-a[1]), box.Min[1]}
	case 2:
		return orb.Point{box.Max[0], a[1] + (b[1]-a[1])*(box.Max[0]-a[0])/(b[0]-a[0])}
	}
	return orb.Point{box.Min[0], a[1] + (b[1]-a[1])*(box.Min[0]-a[0])/(b[0]-a[0])}
}
