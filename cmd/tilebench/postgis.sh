#!/usr/bin/env bash
# The cold tiles of `go run ./cmd/tilebench -cold`, made by PostGIS
# instead: the atlas's collections loaded from a running chronoatlas into
# a PostGIS database, and for a tenth of the cold mode's (tile, year) pairs
# (every tenth, in its order) the work a pg_tileserv function layer does
# (postgis.sql: each layer's features alive that day near the tile, through
# ST_AsMVTGeom and ST_AsMVT), in two psql sessions at once, with no HTTP.
# It prints PostGIS's tiles a second, to set beside chronoatlas's cold rate.
#
#   go run ./cmd/chronoatlas serve -addr 127.0.0.1:8080 &
#   createdb atlas && psql -d atlas -c 'CREATE EXTENSION postgis'
#   cmd/tilebench/postgis.sh http://127.0.0.1:8080 atlas
#
# Needs psql (Debian: postgresql, postgis), ogr2ogr (gdal-bin), curl and awk.
set -euo pipefail
export PGOPTIONS="-c client_min_messages=warning"
base=${1:-http://127.0.0.1:8080}
db=${2:-atlas}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for c in land territories rivers frontiers places campaigns events; do
	curl -fsS "$base/collections/$c/items?limit=10000&f=json" -o "$work/$c.json"
	ogr2ogr -f PostgreSQL "PG:dbname=$db" "$work/$c.json" -nln "$c" -overwrite \
		-lco GEOMETRY_NAME=geom -lco FID=fid -nlt PROMOTE_TO_MULTI 2>/dev/null
	# A layer whose features have no dated life is alive throughout.
	psql -d "$db" -q -c "ALTER TABLE $c ADD COLUMN IF NOT EXISTS start_date date, ADD COLUMN IF NOT EXISTS end_date date"
done
psql -d "$db" -q -f "$here/postgis.sql"

# The cold mode's pairs: the years the timeline steps through, zooms 3 to
# 8, the tiles from (100°E, 45°N) to (125°E, 20°N); every tenth kept and
# dealt to the two sessions in turn.
years=$(curl -fsS "$base/timeline" | tr -d '\n' | sed -E 's/.*"years": *\[([^]]*)\].*/\1/' | tr -d ' ')
awk -v years="$years" -v out="$work/pairs" '
function tx(lon, z) { return int((lon + 180) / 360 * 2^z) }
function ty(lat, z,   s) { s = sin(lat * 3.141592653589793 / 180); return int((0.5 - log((1 + s) / (1 - s)) / (4 * 3.141592653589793)) * 2^z) }
BEGIN {
	n = split(years, ys, ",")
	for (i = 1; i <= n; i++) for (z = 3; z <= 8; z++)
		for (x = tx(100, z); x <= tx(125, z); x++) for (y = ty(45, z); y <= ty(20, z); y++) {
			if (k++ % 10) continue
			printf "SELECT length(atlas_tile(%d,%d,%d,\x27%04d-07-01\x27));\n", z, x, y, ys[i] > (out (kept++ % 2))
		}
	print kept > (out ".count")
}'
pairs=$(cat "$work/pairs.count")
head -50 "$work/pairs0" | psql -d "$db" -q -tA >/dev/null # warm the cache
for round in 1 2 3; do
	t0=$(date +%s.%N)
	psql -d "$db" -q -tA -f "$work/pairs0" >/dev/null &
	psql -d "$db" -q -tA -f "$work/pairs1" >/dev/null &
	wait
	t1=$(date +%s.%N)
	awk -v n="$pairs" -v t0="$t0" -v t1="$t1" -v r="$round" 'BEGIN { t = t1 - t0; printf "round %d: %d pairs in %.2f s, %.0f tiles/s\n", r, n, t, n / t }'
done
