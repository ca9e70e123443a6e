// Package feature holds chronoatlas's time-aware features: an orb geometry
// with properties and a life on the time line, grouped into collections that
// can be queried by place and by time.
//
// A Feature's life is the half-open interval [Start, End) of package chrono:
// one version's End is the next version's Start, and the two never overlap.
package feature
