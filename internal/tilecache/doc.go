// Package tilecache serves vector tiles from memory, shaping each tile
// once for all time and encoding each of its states once.
//
// A feature version's shape inside a tile does not depend on the date, so
// a tile's plan (package tile's Prepared) shapes each version the first
// time a state needs it and keeps it; a state is then only a choice among
// the shapes. The cache keys a state by what it shows: a hash of the
// versions alive in that tile and of the spans their properties (names,
// kinds) stand in on the day that stands for the requested time. So the
// years in which nothing changes in one tile share one entry there,
// whatever changes elsewhere, and two requests that show different names
// never share one. Each entry's strong ETag is a hash of its content; the
// gzip body, made once the first time a client that accepts it asks and
// kept beside the plain one, has an ETag of its own.
//
// Memory is bounded: plans and tiles share one least-recently-used store
// (internal/lru)
// bounded in bytes, counted as the heap they take. Concurrent requests for
// one plan or tile make it once, under no request's context, so one
// client leaving fails no other; at most Config.Workers are made at once,
// Config.Queue more wait for as long as Config.MaxWait, and past that a
// request fails at once with ErrBusy.
package tilecache
