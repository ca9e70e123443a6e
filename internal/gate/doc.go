// Package gate bounds and shares the server's expensive work.
//
// Some requests cost far more than others: a page of 10,000 territories
// as GeoJSON allocates megabytes, a map image seconds of CPU. Without a bound
// a single client asking for one such URL on 2,000 connections takes the
// process to gigabytes and /healthz stops answering. Handlers of such
// requests are wrapped in Sharer.Expensive, which
//
//   - runs at most server.Config.ExpensiveSlots of them at once, lets at
//     most ExpensiveQueue more wait (for up to ExpensiveWait), and refuses
//     the rest at once with 503 and Retry-After: a queue that cannot grow
//     without bound;
//   - shares one computation among identical requests that arrive while
//     it runs, so N clients asking for one page cost one page;
//   - cancels that computation when the last client waiting for it
//     leaves, and not before: it runs under a context of its own, not the
//     first caller's.
//
// Gate (gate.go) is the bound, which pictures also draw within; Sharer
// (share.go) puts a handler behind it and shares its answer; capture.go
// keeps a response to replay. A new costly route is wrapped in
// Sharer.Expensive where the server registers it.
package gate
