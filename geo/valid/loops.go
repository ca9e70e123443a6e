package valid

// Loops splits a closed ring (its last point repeats its first) at every
// point it passes twice, into closed loops that pass no point twice: a
// ring that touches itself, as where two islands meet at a point, becomes
// the simple rings a validator accepts. It works on any comparable point
// type, orb's or another library's. A final loop of fewer than three
// distinct points is left out.
func Loops[P comparable](ring []P) [][]P {
	if len(ring) < 2 {
		return nil
	}
	var out [][]P
	var stack []P
	at := map[P]int{}
	for _, p := range ring[:len(ring)-1] {
		if i, ok := at[p]; ok {
			loop := append(append([]P(nil), stack[i:]...), p)
			out = append(out, loop)
			for _, q := range stack[i+1:] {
				delete(at, q)
			}
			stack = stack[:i+1]
			continue
		}
		at[p] = len(stack)
		stack = append(stack, p)
	}
	if len(stack) >= 3 {
		out = append(out, append(stack, stack[0]))
	}
	return out
}
