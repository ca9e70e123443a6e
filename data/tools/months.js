// months.js writes the table of Chinese lunar months from 1100 to 1240 that
// data/calendar_test.go converts the atlas's dates with, or, with --check
// FILE, checks a table against lunar-javascript and says what differs.
//
// lunar-javascript follows the historical calendars (its new moons for years
// before 1645 carry the corrections to the calendars actually in use), and
// gives Julian-calendar days before 1582; the table holds proleptic
// Gregorian days, as the atlas does, computed from the Julian day number.
//
//   node months.js > ../testdata/months.csv
//   node months.js --check ../testdata/months.csv
'use strict';
const fs = require('fs');
const { LunarYear, Solar } = require('lunar-javascript');

const FIRST = 1100;
const LAST = 1240;

// gregorian turns a Julian day number into a proleptic Gregorian date.
function gregorian(jdn) {
  const a = jdn + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor(146097 * b / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor(1461 * d / 4);
  const m = Math.floor((5 * e + 2) / 153);
  const day = e - Math.floor((153 * m + 2) / 5) + 1;
  const month = m + 3 - 12 * Math.floor(m / 10);
  const year = 100 * b + d - 4800 + Math.floor(m / 10);
  const p = (n, w) => String(n).padStart(w, '0');
  return `${p(year, 4)}-${p(month, 2)}-${p(day, 2)}`;
}

// julianDay reads lunar-javascript's Julian-calendar date of a day back
// into a Julian day number, so that the table's Gregorian days are checked
// against its own reckoning (the calendars differ by six days until
// February 1100 and by seven from March 1100 to February 1300).
function julianDay(jdn) {
  const [y, m, d] = Solar.fromJulianDay(jdn).toYmd().split('-').map(Number);
  const a = Math.floor((14 - m) / 12);
  const yy = y + 4800 - a;
  const mm = m + 12 * a - 3;
  return d + Math.floor((153 * mm + 2) / 5) + 365 * yy + Math.floor(yy / 4) - 32083;
}

const STEMS = '甲乙丙丁戊己庚辛壬癸';
const BRANCHES = '子丑寅卯辰巳午未申酉戌亥';

function rows() {
  const out = [];
  for (let y = FIRST; y <= LAST; y++) {
    for (const m of LunarYear.fromYear(y).getMonths()) {
      if (m.getYear() !== y) continue;
      const jdn = m.getFirstJulianDay();
      if (!Number.isInteger(jdn)) throw new Error(`${y}/${m.getMonth()}: Julian day ${jdn} is not noon`);
      const first = gregorian(jdn);
      if (julianDay(jdn) !== jdn) {
        throw new Error(`${y}/${m.getMonth()}: day ${jdn} reads back as ${julianDay(jdn)}`);
      }
      // The first day's cyclical name, from lunar-javascript, so the Go
      // test can check its own reckoning of the sixty-day cycle.
      const l = Solar.fromJulianDay(jdn).getLunar();
      if (l.getYear() !== y || l.getMonth() !== m.getMonth() || l.getDay() !== 1) {
        throw new Error(`${y}/${m.getMonth()}: day ${jdn} is ${l.getYear()}/${l.getMonth()}/${l.getDay()}`);
      }
      const gz = l.getDayInGanZhi();
      if (STEMS.indexOf(gz[0]) % 2 !== BRANCHES.indexOf(gz[1]) % 2) throw new Error(`bad cyclical day ${gz}`);
      out.push([y, Math.abs(m.getMonth()), m.getMonth() < 0 ? 1 : 0, first, m.getDayCount(), gz].join(','));
    }
  }
  return out;
}

const header = [
  '# year,month,leap,first,days,cyclical - the Chinese lunar months of 1100-1240: the lunar year',
  '# (numbered as the Gregorian year in which it begins), the month, 1 for an intercalary month,',
  '# its first day in the proleptic Gregorian calendar, its length, and the cyclical name of its',
  '# first day. Written by data/tools/months.js from lunar-javascript; do not edit by hand.',
];

const table = header.concat(rows());
const i = process.argv.indexOf('--check');
if (i < 0) {
  process.stdout.write(table.join('\n') + '\n');
} else {
  const have = fs.readFileSync(process.argv[i + 1], 'utf8').trimEnd().split('\n');
  let bad = 0;
  for (let k = 0; k < Math.max(have.length, table.length); k++) {
    if (have[k] !== table[k]) {
      if (++bad <= 10) console.error(`line ${k + 1}: have ${have[k]}, want ${table[k]}`);
    }
  }
  if (bad) {
    console.error(`${bad} lines differ`);
    process.exit(1);
  }
  console.log(`${table.length - header.length} months agree with lunar-javascript`);
}
