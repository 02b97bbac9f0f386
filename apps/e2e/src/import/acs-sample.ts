/**
 * ACS tables as data.census.gov's "Download Table Data" writes them (the
 * `…-Data.csv` file): variable ids, then labels (2020+ style, with colons
 * in the detailed tables), then one row per geography with each estimate
 * followed by its margin of error. The figures are invented but consistent
 * (subtotals add up as in the real tables).
 */
import { stringify } from 'csv-stringify/sync';

export const TRACT_1 = { id: '1400000US41051000100', name: 'Census Tract 1; Multnomah County; Oregon' };
export const TRACT_2 = { id: '1400000US41051000200', name: 'Census Tract 2; Multnomah County; Oregon' };
export const TRACT_9 = { id: '1400000US41051000900', name: 'Census Tract 9; Multnomah County; Oregon' };

type Line = { line: string; label: string };
type Values = Record<string, [string | number, string | number]>; // line → [estimate, margin]

function table(lines: Line[], rows: { geo: { id: string; name: string }; values: Values }[]): string {
  const ids = ['GEO_ID', 'NAME', ...lines.flatMap((l) => [`${l.line}E`, `${l.line}M`])];
  const labels = ['Geography', 'Geographic Area Name', ...lines.flatMap((l) => [`Estimate!!${l.label}`, `Margin of Error!!${l.label}`])];
  const data = rows.map((r) => [r.geo.id, r.geo.name, ...lines.flatMap((l) => (r.values[l.line] ?? ['0', '13']).map(String))]);
  return stringify([ids, labels, ...data]);
}

// ------------------------------------------------------------------ B03002

const B = (n: number) => `B03002_${String(n).padStart(3, '0')}`;
export const B03002_LINES: Line[] = [
  { line: B(1), label: 'Total:' },
  { line: B(2), label: 'Total:!!Not Hispanic or Latino:' },
  { line: B(3), label: 'Total:!!Not Hispanic or Latino:!!White alone' },
  { line: B(4), label: 'Total:!!Not Hispanic or Latino:!!Black or African American alone' },
  { line: B(5), label: 'Total:!!Not Hispanic or Latino:!!American Indian and Alaska Native alone' },
  { line: B(6), label: 'Total:!!Not Hispanic or Latino:!!Asian alone' },
  { line: B(7), label: 'Total:!!Not Hispanic or Latino:!!Native Hawaiian and Other Pacific Islander alone' },
  { line: B(8), label: 'Total:!!Not Hispanic or Latino:!!Some other race alone' },
  { line: B(9), label: 'Total:!!Not Hispanic or Latino:!!Two or more races:' },
  { line: B(10), label: 'Total:!!Not Hispanic or Latino:!!Two or more races:!!Two races including Some other race' },
  { line: B(11), label: 'Total:!!Not Hispanic or Latino:!!Two or more races:!!Two races excluding Some other race, and three or more races' },
  { line: B(12), label: 'Total:!!Hispanic or Latino:' },
  { line: B(13), label: 'Total:!!Hispanic or Latino:!!White alone' },
  { line: B(14), label: 'Total:!!Hispanic or Latino:!!Black or African American alone' },
  { line: B(15), label: 'Total:!!Hispanic or Latino:!!American Indian and Alaska Native alone' },
  { line: B(16), label: 'Total:!!Hispanic or Latino:!!Asian alone' },
  { line: B(17), label: 'Total:!!Hispanic or Latino:!!Native Hawaiian and Other Pacific Islander alone' },
  { line: B(18), label: 'Total:!!Hispanic or Latino:!!Some other race alone' },
  { line: B(19), label: 'Total:!!Hispanic or Latino:!!Two or more races:' },
  { line: B(20), label: 'Total:!!Hispanic or Latino:!!Two or more races:!!Two races including Some other race' },
  { line: B(21), label: 'Total:!!Hispanic or Latino:!!Two or more races:!!Two races excluding Some other race, and three or more races' },
];

/** Non-Hispanic white, Black, AIAN, Asian, NHPI, other, two or more; then Hispanic; each [estimate, margin]. */
export function b03002Values(races: [number, string | number][], hispanic: [number, string | number], totalMoe: string | number): Values {
  const v: Values = {};
  const non = races.reduce((s, r) => s + r[0], 0);
  v[B(1)] = [non + hispanic[0], totalMoe];
  v[B(2)] = [non, 400];
  races.forEach((r, i) => (v[B(3 + i)] = r));
  v[B(10)] = [Math.floor(races[6][0] / 3), 40];
  v[B(11)] = [races[6][0] - Math.floor(races[6][0] / 3), 60];
  v[B(12)] = hispanic;
  v[B(13)] = [Math.floor(hispanic[0] / 2), 90];
  v[B(18)] = [hispanic[0] - Math.floor(hispanic[0] / 2), 110];
  return v;
}

export const B03002_TRACT_1 = b03002Values([[2890, 310], [301, 120], [27, 25], [402, 140], [15, 19], [22, 24], [250, 96]], [612, 198], 387);
/** The total controlled ("*****": no sampling error), a margin too few observations to compute ("**"). */
export const B03002_TRACT_2 = b03002Values([[1500, 220], [80, 51], [0, 13], [310, 102], [0, 13], [12, '**'], [150, 77]], [1050, 240], '*****');

export const B03002_SAMPLE = table(B03002_LINES, [{ geo: TRACT_1, values: B03002_TRACT_1 }, { geo: TRACT_2, values: B03002_TRACT_2 }]);

const edit = (v: Values, line: string, cell: 0 | 1, value: string | number): Values => {
  const copy: Values = { ...v, [line]: [...v[line]] as [string | number, string | number] };
  copy[line][cell] = value;
  return copy;
};

/**
 * Lines 3–9 (1 and 2 are the ids and labels): a good row, then one row for
 * each kind of problem.
 */
export const B03002_BAD = table(B03002_LINES, [
  { geo: TRACT_1, values: B03002_TRACT_1 }, // 3: fine
  { geo: TRACT_9, values: B03002_TRACT_1 }, // 4: not mapped to a branch
  { geo: TRACT_2, values: edit(B03002_TRACT_2, B(6), 0, 'N') }, // 5: an annotation instead of the Asian estimate
  { geo: { id: '1400000US41051000300', name: 'Census Tract 3; Multnomah County; Oregon' }, values: edit(B03002_TRACT_1, B(12), 1, 'about 200') }, // 6: a margin that is not one
  { geo: { id: '1400000US41051000400', name: 'Census Tract 4; Multnomah County; Oregon' }, values: edit(B03002_TRACT_1, B(3), 0, 2990) }, // 7: categories do not add up to the total
  { geo: { id: '1400000US41051000500', name: 'Census Tract 5; Multnomah County; Oregon' }, values: edit(B03002_TRACT_1, B(4), 0, '301.5') }, // 8: not a whole number
  { geo: TRACT_1, values: B03002_TRACT_1 }, // 9: the same geography as line 3 again
]);

// ------------------------------------------------------------------ S0101

const S = (n: number) => `S0101_C01_${String(n).padStart(3, '0')}`;
const AGE_GROUPS = ['Under 5 years', '5 to 9 years', '10 to 14 years', '15 to 19 years', '20 to 24 years', '25 to 29 years', '30 to 34 years', '35 to 39 years', '40 to 44 years',
  '45 to 49 years', '50 to 54 years', '55 to 59 years', '60 to 64 years', '65 to 69 years', '70 to 74 years', '75 to 79 years', '80 to 84 years', '85 years and over'];
const SELECTED = ['5 to 14 years', '15 to 17 years', 'Under 18 years', '18 to 24 years', '15 to 44 years', '16 years and over', '18 years and over', '21 years and over', '60 years and over', '62 years and over', '65 years and over', '75 years and over'];
export const S0101_LINES: Line[] = [
  { line: S(1), label: 'Total!!Total population' },
  ...AGE_GROUPS.map((g, i) => ({ line: S(2 + i), label: `Total!!Total population!!AGE!!${g}` })),
  ...SELECTED.map((g, i) => ({ line: S(20 + i), label: `Total!!Total population!!SELECTED AGE CATEGORIES!!${g}` })),
  // The percent and male columns of the same categories are not read.
  { line: 'S0101_C02_002', label: 'Percent!!Total population!!AGE!!Under 5 years' },
  { line: 'S0101_C03_002', label: 'Male!!Total population!!AGE!!Under 5 years' },
];

/** The 18 five-year groups (estimate, margin), and 15–17 (estimate, margin): everything else follows. */
export function s0101Values(groups: [number, number][], age15to17: [number, number], totalMoe: string | number): Values {
  const v: Values = {};
  const sum = (from: number, to: number) => groups.slice(from, to + 1).reduce((s, g) => s + g[0], 0);
  const rss = (from: number, to: number) => Math.round(Math.sqrt(groups.slice(from, to + 1).reduce((s, g) => s + g[1] * g[1], 0)));
  v[S(1)] = [sum(0, 17), totalMoe];
  groups.forEach((g, i) => (v[S(2 + i)] = g));
  v[S(20)] = [sum(1, 2), rss(1, 2)];
  v[S(21)] = age15to17;
  v[S(22)] = [sum(0, 2) + age15to17[0], 150];
  v[S(23)] = [sum(3, 4) - age15to17[0], 131];
  v[S(30)] = [sum(13, 17), rss(13, 17) - 5];
  v['S0101_C02_002'] = [(groups[0][0] / sum(0, 17) * 100).toFixed(1), '1.1'];
  v['S0101_C03_002'] = [Math.round(groups[0][0] / 2), 60];
  return v;
}

export const S0101_TRACT_1 = s0101Values([[250, 88], [260, 90], [270, 91], [280, 95], [300, 99], [400, 120], [410, 118], [380, 110], [350, 105],
  [330, 101], [320, 99], [300, 97], [290, 96], [120, 50], [100, 45], [70, 38], [50, 30], [39, 27]], [170, 66], 387);
export const S0101_SAMPLE = table(S0101_LINES, [{ geo: TRACT_1, values: S0101_TRACT_1 }]);

/** The same figures as an API extract: variable ids, no label row. */
export const S0101_NO_LABELS = S0101_SAMPLE.split('\n').filter((_, i) => i !== 1).join('\n');

// ------------------------------------------------------------------ C16001

const C = (n: number) => `C16001_${String(n).padStart(3, '0')}`;
const LANGUAGE_GROUPS = ['Spanish', 'French, Haitian, or Cajun', 'German or other West Germanic languages', 'Russian, Polish, or other Slavic languages', 'Other Indo-European languages',
  'Korean', 'Chinese (incl. Mandarin, Cantonese)', 'Vietnamese', 'Tagalog (incl. Filipino)', 'Other Asian and Pacific Island languages', 'Arabic', 'Other and unspecified languages'];
export const C16001_LINES: Line[] = [
  { line: C(1), label: 'Total:' },
  { line: C(2), label: 'Total:!!Speak only English' },
  ...LANGUAGE_GROUPS.flatMap((g, i) => [
    { line: C(3 + 3 * i), label: `Total:!!${g}:` },
    { line: C(4 + 3 * i), label: `Total:!!${g}:!!Speak English "very well"` },
    { line: C(5 + 3 * i), label: `Total:!!${g}:!!Speak English less than "very well"` },
  ]),
];

/** English only, then each of the 12 language groups: [estimate, margin]. */
export function c16001Values(english: [number, number], groups: [number, number][], totalMoe: number): Values {
  const v: Values = {};
  v[C(1)] = [english[0] + groups.reduce((s, g) => s + g[0], 0), totalMoe];
  v[C(2)] = english;
  groups.forEach((g, i) => {
    v[C(3 + 3 * i)] = g;
    v[C(4 + 3 * i)] = [Math.ceil(g[0] * 0.6), Math.round(g[1] * 0.8)];
    v[C(5 + 3 * i)] = [g[0] - Math.ceil(g[0] * 0.6), Math.round(g[1] * 0.7)];
  });
  return v;
}

export const C16001_TRACT_1 = c16001Values([3300, 301], [[420, 150], [20, 18], [35, 26], [60, 41], [90, 52], [25, 22], [110, 60], [70, 48], [30, 27], [45, 33], [24, 21], [40, 30]], 370);
export const C16001_SAMPLE = table(C16001_LINES, [{ geo: TRACT_1, values: C16001_TRACT_1 }]);
