// Package tilecache serves vector tiles from memory, generating each one at
// most once per epoch.
//
// A tile's content changes only on the days when a feature inside it starts
// or ends, or a place inside it changes its name. The cache keys a tile by
// its address and by the epochs (the spans between those days) that the
// requested time covers, so all the years of one epoch share one entry, and
// its strong ETag is a hash of the content, so a browser's copy stays good
// across epochs whose tiles are identical. Entries keep their gzip-compressed
// bytes, so no request compresses; concurrent misses for one entry compute
// it once; and a bound on concurrent generation keeps a burst of cold tiles
// from exhausting memory.
package tilecache
