package tilecache

import "container/list"

// lru holds values up to a total size, dropping the least recently used
// first. It is not safe for concurrent use.
type lru struct {
	max, bytes int64
	items      map[key]*list.Element
	order      *list.List // of *item, most recently used first
}

type item struct {
	k    key
	v    any
	size int64
}

func newLRU(max int64) *lru {
	return &lru{max: max, items: map[key]*list.Element{}, order: list.New()}
}

func (l *lru) get(k key) (any, bool) {
	el, ok := l.items[k]
	if !ok {
		return nil, false
	}
	l.order.MoveToFront(el)
	return el.Value.(*item).v, true
}

// add keeps v under k unless k is there already or v alone is over the
// bound, then drops the least recently used values until the total is
// within it.
func (l *lru) add(k key, v any, size int64) {
	if _, ok := l.items[k]; ok || size > l.max {
		return
	}
	l.items[k] = l.order.PushFront(&item{k: k, v: v, size: size})
	l.bytes += size
	l.trim()
}

func (l *lru) trim() {
	for l.bytes > l.max {
		last := l.order.Back()
		it := last.Value.(*item)
		l.order.Remove(last)
		delete(l.items, it.k)
		l.bytes -= it.size
	}
}

// resize sets the size of the value under k, if it is there, and drops
// the least recently used values until the total is within the bound.
func (l *lru) resize(k key, size int64) {
	el, ok := l.items[k]
	if !ok {
		return
	}
	it := el.Value.(*item)
	l.bytes += size - it.size
	it.size = size
	l.trim()
}

func (l *lru) len() int { return len(l.items) }
