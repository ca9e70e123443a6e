// Time: the slider's year as a moment, features' lives as decimal years,
// and the reign eras that name a year. The tiles carry each version's life
// as decimal years (start_year, end_year); the items carry ISO days
// (start_date, end_date) or only EDTF, and names and roles inside a feature
// only EDTF, so yearOf reads the earliest day an EDTF date allows, which is
// all the viewer needs of it.

// moment is the slider's year Y as a decimal year: the state on 1 July of Y.
export function moment(y) {
  return decimal(y, 6, 1);
}

function decimal(y, month, day) {
  const start = Date.UTC(y, 0, 1), next = Date.UTC(y + 1, 0, 1);
  const at = new Date(Date.UTC(2000, month, day));
  at.setUTCFullYear(y); // Date.UTC maps years 0–99 to 1900–1999
  return y + (at.getTime() - start) / (next - start);
}

// yearOf is the decimal year of the first day of an ISO 8601 day or EDTF
// date ("1127", "1127-01", "1127-01-16", "1126~", "-0220", "112X"), or
// null for an open end ("..", "", absent).
export function yearOf(s) {
  if (s === undefined || s === null || s === "" || s === "..") return null;
  const m = String(s).replace(/[~?%]/g, "").replace(/X/g, "0").match(/^(-?\d{4,})(?:-(\d\d))?(?:-(\d\d))?/);
  if (!m) return null;
  const month = m[2] ? Math.max(1, Number(m[2])) - 1 : 0;
  return decimal(Number(m[1]), month, m[3] ? Number(m[3]) : 1);
}

// life is a feature's (or a name's, or a role's) life [start, end) in
// decimal years, from whichever the server gives: decimal years, ISO days
// or EDTF. An open end is -Infinity or Infinity.
export function life(p) {
  const start = p.start_year ?? yearOf(p.start_date ?? p.start);
  const end = p.end_year ?? yearOf(p.end_date ?? p.end);
  return [start ?? -Infinity, end ?? Infinity];
}

// alive reports whether p's life holds at the decimal year t.
export function alive(p, t) {
  const [start, end] = life(p);
  return start <= t && t < end;
}

// inYear reports whether p happened in the calendar year y: its life
// overlaps [y, y+1). An event with an open end is of its first year only.
export function inYear(p, y) {
  let [start, end] = life(p);
  if (end === Infinity) end = Math.floor(start) + 1;
  return start < y + 1 && end > y;
}

// eraOf names the year y in a polity's reign eras on 1 July: "Shaoxing 11",
// or "紹興11年" in Chinese; "" when no era of it holds.
export function eraOf(eras, polity, y, zh) {
  const t = moment(y);
  const e = eras.find((e) => e.polity === polity && alive(e, t));
  if (!e) return "";
  const n = y - Math.floor(yearOf(e.start)) + 1;
  return zh ? `${e.name_zh}${n === 1 ? "元" : n}年` : `${e.name} ${n}`;
}
