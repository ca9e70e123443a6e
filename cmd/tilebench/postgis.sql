-- A pg_tileserv function layer's work for one tile at one day: each
-- layer's features alive that day and near the tile, clipped and encoded
-- by ST_AsMVTGeom and ST_AsMVT, the layers joined as one tile.
CREATE OR REPLACE FUNCTION atlas_tile(z int, x int, y int, d date) RETURNS bytea AS $$
DECLARE
  env geometry := ST_TileEnvelope(z, x, y);
  near geometry := ST_Transform(ST_TileEnvelope(z, x, y, margin => 64.0/4096), 4326);
  out bytea := '';
  part bytea;
BEGIN
  SELECT ST_AsMVT(q, 'land', 4096, 'geom') INTO part FROM (SELECT id, ST_AsMVTGeom(ST_Transform(geom, 3857), env, 4096, 64, true) AS geom FROM land WHERE geom && near) q;
  out := out || coalesce(part, '');
  SELECT ST_AsMVT(q, 'territories', 4096, 'geom') INTO part FROM (SELECT id, polity, name, name_zh, certainty, ST_AsMVTGeom(ST_Transform(geom, 3857), env, 4096, 64, true) AS geom FROM territories WHERE geom && near AND (start_date IS NULL OR start_date <= d) AND (end_date IS NULL OR d < end_date)) q;
  out := out || coalesce(part, '');
  SELECT ST_AsMVT(q, 'rivers', 4096, 'geom') INTO part FROM (SELECT id, name, ST_AsMVTGeom(ST_Transform(geom, 3857), env, 4096, 64, true) AS geom FROM rivers WHERE geom && near AND (start_date IS NULL OR start_date <= d) AND (end_date IS NULL OR d < end_date)) q;
  out := out || coalesce(part, '');
  SELECT ST_AsMVT(q, 'frontiers', 4096, 'geom') INTO part FROM (SELECT id, name, ST_AsMVTGeom(ST_Transform(geom, 3857), env, 4096, 64, true) AS geom FROM frontiers WHERE geom && near AND (start_date IS NULL OR start_date <= d) AND (end_date IS NULL OR d < end_date)) q;
  out := out || coalesce(part, '');
  SELECT ST_AsMVT(q, 'campaigns', 4096, 'geom') INTO part FROM (SELECT id, name, ST_AsMVTGeom(ST_Transform(geom, 3857), env, 4096, 64, true) AS geom FROM campaigns WHERE geom && near AND (start_date IS NULL OR start_date <= d) AND (end_date IS NULL OR d < end_date)) q;
  out := out || coalesce(part, '');
  SELECT ST_AsMVT(q, 'places', 4096, 'geom') INTO part FROM (SELECT id, name, kind, ST_AsMVTGeom(ST_Transform(geom, 3857), env, 4096, 64, true) AS geom FROM places WHERE geom && near AND (start_date IS NULL OR start_date <= d) AND (end_date IS NULL OR d < end_date)) q;
  out := out || coalesce(part, '');
  SELECT ST_AsMVT(q, 'events', 4096, 'geom') INTO part FROM (SELECT id, name, kind, ST_AsMVTGeom(ST_Transform(geom, 3857), env, 4096, 64, true) AS geom FROM events WHERE geom && near AND (start_date IS NULL OR start_date <= d) AND (end_date IS NULL OR d < end_date)) q;
  RETURN out || coalesce(part, '');
END
$$ LANGUAGE plpgsql STABLE PARALLEL SAFE;
