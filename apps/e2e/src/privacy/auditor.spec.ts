import { randomInt, randomUUID } from 'node:crypto';
import { CELL_KEY_RANGE } from '@ceg/conventions';
import { DEMO_BRANCHES, DEMO_SYSTEMS, SeededRandom } from '@ceg/demo-data';
import type { TestGraph } from '@ceg/testing';
import { testDatabase } from '@ceg/testing';
import { refreshTallies } from '@ceg/programs';
import { startGraph } from '../graph';
import { agreedBounds, AuditReport, bounds, type Interval, intersect, minus, nonNegative, plus, shift, ZERO_UP } from './auditor';

jest.setTimeout(600_000);

/**
 * The privacy auditor on a small generated data set where it knows every
 * record: the issue's four attacks and their generalisations — every pair
 * of ranges one day apart over a month, every level (branch, system,
 * consortium), every pair of nested groupings, padding up to the threshold —
 * fail if any of them pins a count of 1 to PRIVACY_MIN_CELL − 1 or a withheld
 * group's answers exactly. The full run is on SQLite; on MariaDB the four
 * attacks of attacks.spec.ts run.
 */
const K = 5;
const MONTH = Array.from({ length: 31 }, (_, i) => `2025-03-${String(i + 1).padStart(2, '0')}`);
const DIMS = {
  ageBand: ['UNDER_5', '5_TO_17', '18_TO_24', '25_TO_44', '45_TO_64', '65_AND_OVER'],
  raceEthnicity: ['HISPANIC_LATINO', 'WHITE', 'BLACK', 'ASIAN', 'TWO_OR_MORE'],
  homeLanguage: ['ENGLISH_ONLY', 'SPANISH', 'OTHER'],
} as const;
const FIELD = { ageBand: 'ageBands', raceEthnicity: 'raceEthnicity', homeLanguage: 'languagesSpokenAtHome' } as const;
type Col = keyof typeof DIMS;
const CELLS: string[] = ['TOTAL', ...(Object.keys(DIMS) as Col[]).flatMap((d) => DIMS[d].map((k) => `${d}:${k}`))];

const RVL = DEMO_SYSTEMS[0];
const BRANCHES = [...DEMO_BRANCHES.filter((b) => b.systemId === RVL.id).slice(0, 3), DEMO_BRANCHES.find((b) => b.systemId !== RVL.id)!];
const PARTICIPATION = `respondentCount ageBands { key count } raceEthnicity { key count } languagesSpokenAtHome { key count }`;

interface Sheet { branchId: string; on: string; ageBand: string | null; raceEthnicity: string | null; homeLanguage: string | null }

(testDatabase().dialect === 'sqlite' ? describe : describe.skip)('privacy auditor (generated data, every attack)', () => {
  let graph: TestGraph;
  const report = new AuditReport();
  const sheets: Sheet[] = [];
  const rng = new SeededRandom('privacy-auditor');

  beforeAll(async () => {
    graph = await startGraph({
      only: ['libraries', 'diversity-metrics', 'programs'],
      demoData: ['libraries'],
      env: { RATE_LIMIT_SIGNED_IN_POINTS: '100000000', MAX_ALIASES: '200', MAX_ROOT_FIELDS: '200', MAX_TOKENS: '100000', MAX_FIELDS: '100000', MAX_OVERLAPS: '10000000', MAX_NODES: '10000000', SUBGRAPH_MAX_HEAVY_IN_FLIGHT: '1000', SUBGRAPH_MAX_IN_FLIGHT: '1000' },
    });
    // Up to three sheets a branch a day, with rare groups so that small cells are many.
    const pick = (list: readonly string[]) => (rng.chance(0.1) ? null : rng.chance(0.55) ? list[0] : list[rng.int(0, list.length - 1)]);
    for (const b of BRANCHES) for (const on of MONTH) for (let i = rng.int(0, 3); i > 0; i--) sheets.push({ branchId: b.id, on, ageBand: pick(DIMS.ageBand.slice(3).concat(DIMS.ageBand.slice(0, 3))), raceEthnicity: pick(DIMS.raceEthnicity.slice(1).concat(['HISPANIC_LATINO'])), homeLanguage: pick(DIMS.homeLanguage) });
    await insertSheets(sheets);
  });
  afterAll(async () => {
    console.log(report.toString());
    await graph?.stop();
  });

  const dm = () => graph.subgraph('diversity-metrics').db.manager;
  async function insertSheets(rows: Sheet[]) {
    for (let i = 0; i < rows.length; i += 100) {
      const chunk = rows.slice(i, i + 100);
      await dm().query(
        `INSERT INTO participant_response (id, branchId, activityOn, serviceArea, ageBand, raceEthnicity, homeLanguage, recordKey) VALUES ${chunk.map(() => '(?, ?, ?, NULL, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((s) => [randomUUID(), s.branchId, s.on, s.ageBand, s.raceEthnicity, s.homeLanguage, randomInt(0, CELL_KEY_RANGE)]),
      );
    }
  }

  /** True counts of every cell for a branch set and a range. */
  function truth(branchIds: string[], from: string, to: string): Map<string, number> {
    const out = new Map(CELLS.map((c) => [c, 0]));
    for (const s of sheets) {
      if (!branchIds.includes(s.branchId) || s.on < from || s.on > to) continue;
      out.set('TOTAL', out.get('TOTAL')! + 1);
      for (const d of Object.keys(DIMS) as Col[]) if (s[d] !== null) out.set(`${d}:${s[d]}`, (out.get(`${d}:${s[d]}`) ?? 0) + 1);
    }
    return out;
  }

  /**
   * What a published cell says about its true count. A withheld total is
   * 1 to minCell − 1 + bound; a withheld breakdown cell may also be a
   * complement (any count) or empty (when the whole breakdown is withheld),
   * so it only says 0 to the total's upper bound.
   */
  const cellBounds = (cells: Map<string, number | null>, cell: string): Interval => {
    const total = bounds(cells.get('TOTAL')!, K);
    const v = cells.get(cell)!;
    if (cell === 'TOTAL') return total;
    return v === null ? { lo: 0, hi: total.hi } : intersect(bounds(v, K), { lo: 0, hi: total.hi });
  };

  const cellsOf = (p: any): Map<string, number | null> => {
    const out = new Map<string, number | null>([['TOTAL', p.respondentCount === 0 && p.ageBands.some((s: any) => s.count === null) ? null : p.respondentCount]]);
    for (const d of Object.keys(DIMS) as Col[]) for (const s of p[FIELD[d]]) if (CELLS.includes(`${d}:${s.key}`)) out.set(`${d}:${s.key}`, s.count);
    return out;
  };

  /** Many participation fields in few operations (aliases), as an analyst with unlimited queries would. */
  async function participations(asks: { parent: string; from: string; to: string }[]): Promise<Map<string, any>[]> {
    const out: Map<string, any>[] = [];
    for (let i = 0; i < asks.length; i += 60) {
      const chunk = asks.slice(i, i + 60);
      const q = `{ ${chunk.map((a, j) => `a${j}: ${a.parent} { participation(from: "${a.from}", to: "${a.to}") { ${PARTICIPATION} } }`).join(' ')} }`;
      const data = await graph.data(q, {}, { as: 'ANALYST' });
      chunk.forEach((_, j) => out.push(cellsOf(data[`a${j}`].participation)));
    }
    return out;
  }
  const branchField = (id: string) => `branch(id: "${id}")`;

  test('ranges: every pair of ranges one day apart over a month, and everything they say about the day together', async () => {
    const ranges: [string, string][] = [];
    for (let a = 0; a < MONTH.length; a++) for (let b = a; b < MONTH.length; b++) ranges.push([MONTH[a], MONTH[b]]);
    for (const branch of BRANCHES) {
      const got = await participations(ranges.map(([from, to]) => ({ parent: branchField(branch.id), from, to })));
      const at = new Map(ranges.map(([f, t], i) => [`${f}|${t}`, got[i]]));
      for (let d = 0; d < MONTH.length; d++) {
        const day = truth([branch.id], MONTH[d], MONTH[d]);
        for (const cell of CELLS) {
          const t = day.get(cell)!;
          let together: Interval = ZERO_UP;
          const pairs: [string, string, string, string][] = [];
          for (let a = 0; a < d; a++) pairs.push([MONTH[a], MONTH[d - 1], MONTH[a], MONTH[d]]);
          for (let b = d + 1; b < MONTH.length; b++) pairs.push([MONTH[d + 1], MONTH[b], MONTH[d], MONTH[b]]);
          for (const [f1, t1, f2, t2] of pairs) {
            const small = cellBounds(at.get(`${f1}|${t1}`)!, cell);
            const big = cellBounds(at.get(`${f2}|${t2}`)!, cell);
            const found = nonNegative(minus(big, small));
            report.attempt('range pair (one day apart)', `${branch.code} ${MONTH[d]} ${cell}`, t, found, t > 0 && t < K);
            together = intersect(together, found);
          }
          together = intersect(together, cellBounds(at.get(`${MONTH[d]}|${MONTH[d]}`)!, cell));
          report.attempt('range pairs of one day, all together', `${branch.code} ${MONTH[d]} ${cell}`, t, together, t > 0 && t < K);
        }
      }
    }
    expect(report.unsound).toEqual([]);
    expect(report.recoveries.filter((r) => r.attack === 'range pair (one day apart)')).toEqual([]);
  });

  test('levels: a branch against its system and the consortium, less the other branches', async () => {
    const periods: [string, string][] = [[MONTH[0], MONTH[30]], ...MONTH.map((d) => [d, d] as [string, string]), ...[0, 7, 14, 21].map((s) => [MONTH[s], MONTH[s + 6]] as [string, string])];
    const consortiumBranches = DEMO_BRANCHES.filter((b) => b.consortiumId === BRANCHES[0].consortiumId);
    const systemBranches = DEMO_BRANCHES.filter((b) => b.systemId === RVL.id);
    for (const [from, to] of periods) {
      const [cons, sys, ...kids] = await participations([
        { parent: `consortium(code: "CVLC")`, from, to }, { parent: `librarySystem(code: "RVL")`, from, to },
        ...consortiumBranches.map((b) => ({ parent: branchField(b.id), from, to })),
      ]);
      const byBranch = new Map(consortiumBranches.map((b, i) => [b.id, kids[i]]));
      for (const [label, parent, members] of [['system', sys, systemBranches], ['consortium', cons, consortiumBranches]] as const) {
        for (const target of members) {
          const t = truth([target.id], from, to);
          for (const cell of CELLS) {
            let rest: Interval = { lo: 0, hi: 0 };
            for (const other of members) if (other.id !== target.id) rest = plus(rest, cellBounds(byBranch.get(other.id)!, cell));
            const found = intersect(nonNegative(minus(cellBounds(parent, cell), rest)), cellBounds(byBranch.get(target.id)!, cell));
            report.attempt(`level (${label} less the other branches)`, `${target.code} ${from}..${to} ${cell}`, t.get(cell)!, found, t.get(cell)! > 0 && t.get(cell)! < K);
          }
        }
      }
    }
    expect(report.unsound).toEqual([]);
    expect(report.recoveries.filter((r) => r.attack.startsWith('level'))).toEqual([]);
  });

  test('groupings: every pair of nested programAggregate groupings, for response counts and agreed answers', async () => {
    const pm = graph.subgraph('programs').db.manager;
    const combos: { branch: string; serviceArea: string; ageGroup: string; format: string }[] = [];
    for (const branch of BRANCHES.slice(0, 2)) for (const serviceArea of ['DIGITAL_LEARNING', 'EARLY_CHILDHOOD_LITERACY']) for (const ageGroup of ['ADULTS', 'CHILDREN']) for (const format of ['ONSITE', 'VIRTUAL']) combos.push({ branch: branch.id, serviceArea, ageGroup, format });
    const facts: { branch: string; serviceArea: string; ageGroup: string; format: string; n: number; agreed: number }[] = [];
    for (const c of combos) {
      const p = await graph.data(`mutation($input: CreateProgramInput!) { createProgram(input: $input) { program { id } userErrors { message } } }`, { input: { branchId: c.branch, title: 'Audited program', description: 'Generated for the privacy auditor.', serviceArea: c.serviceArea, ageGroup: c.ageGroup, format: c.format } }, { as: 'ADMIN' });
      const programId = p.createProgram.program.id;
      const s = await graph.data(`mutation($input: ScheduleSessionInput!) { scheduleSession(input: $input) { session { id } userErrors { message } } }`, { input: { programId, startsAt: '2025-03-10T17:00:00Z', endsAt: '2025-03-10T18:00:00Z' } }, { as: 'ADMIN' });
      const sessionId = s.scheduleSession.session.id;
      const n = rng.chance(0.4) ? rng.int(1, 4) : rng.int(5, 12);
      let agreed = 0;
      const rows = Array.from({ length: n }, () => {
        const k = rng.int(1, 5);
        if (k >= 4) agreed++;
        return [randomUUID(), sessionId, programId, c.branch, 'IMMEDIATE', k, k, k, k, null, '2025-03-10', randomInt(0, CELL_KEY_RANGE)];
      });
      await pm.query(`INSERT INTO outcome_response (id, sessionId, programId, branchId, surveyType, knowledge, confidence, application, awareness, comment, submittedOn, recordKey) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`, rows.flat());
      // Written around the API (which keeps them itself): the aggregates' tallies of the session are brought up to date.
      await graph.subgraph('programs').db.transaction((em) => refreshTallies(em, [sessionId]));
      facts.push({ ...c, n, agreed });
    }
    const DIMS4 = ['BRANCH', 'SERVICE_AREA', 'AGE_GROUP', 'FORMAT'] as const;
    const keyOf = (g: any, dims: readonly string[]) => dims.map((d) => (d === 'BRANCH' ? g.key.branch.id : d === 'SERVICE_AREA' ? g.key.serviceArea : d === 'AGE_GROUP' ? g.key.ageGroup : g.key.format)).join('|');
    const factKey = (f: (typeof facts)[number], dims: readonly string[]) => dims.map((d) => (d === 'BRANCH' ? f.branch : d === 'SERVICE_AREA' ? f.serviceArea : d === 'AGE_GROUP' ? f.ageGroup : f.format)).join('|');
    const groupings: string[][] = [];
    for (let mask = 0; mask < 16; mask++) {
      const g = DIMS4.filter((_, i) => mask & (1 << i));
      if (g.length <= 3) groupings.push(g);
    }
    const results = new Map<string, Map<string, any>>();
    for (const g of groupings) {
      const data = await graph.data(`{ programAggregate(from: "2025-03-01T00:00:00Z", to: "2025-04-01T00:00:00Z", groupBy: [${g.join(', ')}]) { totals { outcomes { responseCount knowledge suppressed } } groups { key { branch { id } serviceArea ageGroup format } measures { outcomes { responseCount knowledge suppressed } } } } }`, {}, { as: 'ANALYST' });
      const m = new Map<string, any>();
      if (g.length === 0) m.set('', data.programAggregate.totals.outcomes);
      else for (const grp of data.programAggregate.groups) m.set(keyOf(grp, g), grp.measures.outcomes);
      results.set(g.join(','), m);
    }
    const countOf = (o: any) => bounds(o.suppressed && o.responseCount === 0 ? null : o.responseCount, K);
    const agreedOf = (o: any) => (o.knowledge === null ? { lo: 0, hi: countOf(o).hi } : agreedBounds(o.knowledge, o.responseCount));
    for (const coarse of groupings) {
      for (const fine of groupings) {
        if (fine.length <= coarse.length || !coarse.every((d) => fine.includes(d))) continue;
        const C = results.get(coarse.join(','))!;
        const F = results.get(fine.join(','))!;
        for (const [fk, fo] of F) {
          const members = facts.filter((f) => factKey(f, fine) === fk);
          const n = members.reduce((a, f) => a + f.n, 0);
          const agreed = members.reduce((a, f) => a + f.agreed, 0);
          const ck = coarse.map((d) => fk.split('|')[fine.indexOf(d)]).join('|');
          const siblings = [...F].filter(([k]) => k !== fk && coarse.map((d) => k.split('|')[fine.indexOf(d)]).join('|') === ck);
          const co = C.get(ck)!;
          let rest: Interval = { lo: 0, hi: 0 };
          let restAgreed: Interval = { lo: 0, hi: 0 };
          for (const [, so] of siblings) {
            rest = plus(rest, countOf(so));
            restAgreed = plus(restAgreed, agreedOf(so));
          }
          const target = `${coarse.join('+') || 'totals'} less ${fine.join('+')} siblings: ${fk}`;
          const foundN = intersect(nonNegative(minus(countOf(co), rest)), countOf(fo));
          report.attempt('grouping pair (responses)', target, n, foundN, n > 0 && n < K);
          const withheld = fo.knowledge === null;
          if (withheld && co.knowledge !== null) {
            const foundA = intersect(nonNegative(minus(agreedOf(co), restAgreed)), { lo: 0, hi: foundN.hi });
            report.attempt('grouping pair (agreed answers of a withheld group)', target, agreed, foundA, true);
          }
        }
      }
    }
    expect(report.unsound).toEqual([]);
    expect(report.recoveries.filter((r) => r.attack.startsWith('grouping'))).toEqual([]);
  });

  test('padding: adding one\'s own sheets or surveys to a withheld cell up to the threshold, and combining every step', async () => {
    // Answer sheets: the small cells of the month at each branch.
    const month = (id: string) => truth([id], MONTH[0], MONTH[30]);
    const targets: { branch: (typeof BRANCHES)[number]; cell: string; t: number }[] = [];
    for (const b of BRANCHES) for (const [cell, t] of month(b.id)) if (cell !== 'TOTAL' && t > 0 && t < K) targets.push({ branch: b, cell, t });
    for (const { branch, cell, t } of targets.slice(0, 12)) {
      const [dim, key] = cell.split(':') as [Col, string];
      let found: Interval = ZERO_UP;
      for (let p = 0; p <= K; p++) {
        if (p > 0) {
          const own: Sheet = { branchId: branch.id, on: MONTH[15], ageBand: null, raceEthnicity: null, homeLanguage: null };
          own[dim] = key;
          sheets.push(own);
          await insertSheets([own]);
        }
        const [got] = await participations([{ parent: branchField(branch.id), from: MONTH[0], to: MONTH[30] }]);
        found = intersect(found, shift(cellBounds(got, cell), -p));
        if (got.get(cell) !== null) break;
      }
      report.attempt('padding (answer sheets)', `${branch.code} ${cell}`, t, found, true);
    }
    // Outcome surveys: every program whose outcomes are withheld, padded with surveys answering 1.
    const pm = graph.subgraph('programs').db.manager;
    const withheld: any[] = await pm.query("SELECT programId, sessionId, branchId, COUNT(*) AS n, SUM(CASE WHEN knowledge >= 4 THEN 1 ELSE 0 END) AS agreed FROM outcome_response WHERE surveyType = 'IMMEDIATE' GROUP BY programId, sessionId, branchId HAVING COUNT(*) < 5");
    for (const w of withheld) {
      let n: Interval = ZERO_UP;
      let agreed: Interval = ZERO_UP;
      for (let p = 0; p <= K; p++) {
        if (p > 0) {
          await pm.query("INSERT INTO outcome_response (id, sessionId, programId, branchId, surveyType, knowledge, confidence, application, awareness, comment, submittedOn, recordKey) VALUES (?, ?, ?, ?, 'IMMEDIATE', 1, 1, 1, 1, NULL, '2025-03-10', ?)", [randomUUID(), w.sessionId, w.programId, w.branchId, randomInt(0, CELL_KEY_RANGE)]);
          await graph.subgraph('programs').db.transaction((em) => refreshTallies(em, [w.sessionId]));
        }
        const o = (await graph.data(`{ program(id: "${w.programId}") { outcomes { responseCount knowledge suppressed } } }`, {}, { as: 'ADMIN' })).program.outcomes;
        const shown = !(o.suppressed && o.responseCount === 0);
        n = intersect(n, shift(bounds(shown ? o.responseCount : null, K), -p));
        if (o.knowledge !== null) agreed = intersect(agreed, agreedBounds(o.knowledge, o.responseCount));
        if (shown) break;
      }
      report.attempt('padding (outcome surveys: responses)', `program ${w.programId}`, Number(w.n), n, true);
      report.attempt('padding (outcome surveys: agreed answers)', `program ${w.programId}`, Number(w.agreed), intersect(agreed, { lo: 0, hi: n.hi }), true);
    }
    expect(report.unsound).toEqual([]);
    expect(report.recoveries.filter((r) => r.attack.startsWith('padding'))).toEqual([]);
  });

  test('the report: attacks tried, recoveries 0', () => {
    expect(report.total).toBeGreaterThan(10_000);
    expect(report.unsound).toEqual([]);
    expect(report.recoveries).toEqual([]);
  });
});
