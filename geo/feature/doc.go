// Package feature holds chronoatlas's time-aware features: an orb geometry
// with properties and a life on the time line, grouped into collections that
// can be queried by place and by time.
//
// A Feature's life is the half-open interval [Start, End) of package chrono:
// one version's End is the next version's Start, and the two never overlap.
//
// Some properties follow the date. A place's names over time (Names) give
// its name on each day, and its roles (Roles, such as the Jin's capital from
// 1115 to 1153) give its kind: on a day a role "capital" holds, the place is
// a capital; on any other day it is of its base kind. The kind property
// holds the base kind, the kind outside any capital role (city, pass). A
// place written with the kind capital is read as a city outside its capital
// roles, so data that still marks former capitals as capitals keeps
// working; only a capital with no capital role at all is a capital
// throughout its life. PropertiesAt returns the properties of one day, and
// Changes the days on which they change.
package feature
