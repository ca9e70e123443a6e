module github.com/chronoatlas/chronoatlas

go 1.26.8

require (
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/gorilla/mux v1.8.1 // indirect
	github.com/paulmach/orb v0.14.0 // indirect
	github.com/prometheus/client_golang v1.25.0 // indirect
	github.com/tidwall/geoindex v1.7.0 // indirect
	github.com/tidwall/rtree v1.10.0 // indirect
	github.com/twpayne/go-geom v1.7.0 // indirect
	golang.org/x/sync v0.25.0 // indirect
)
