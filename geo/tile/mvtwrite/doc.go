// Package mvtwrite writes Mapbox Vector Tiles (MVT 2.1) from parts
// encoded ahead: a feature's geometry as packed command integers
// (Geometry) and its properties as tags numbering a table of keys and
// values (Table) that many tiles and states may share. A tile is then
// written a layer at a time (Writer) by copying those parts out, in the
// bytes orb's mvt.Marshal writes for the same features, so that a
// caller can encode each feature once and write it into many tiles.
package mvtwrite
