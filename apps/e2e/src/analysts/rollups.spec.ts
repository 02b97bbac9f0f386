/**
 * The roll-up gaps closed for analysts: librarySystem(code:),
 * LibrarySystem/Consortium participation and representation gaps under the
 * branch level's privacy method, and `from`/`to` on every aggregate.
 */
import { MAX_NOISE } from '@ceg/conventions';
import { DEMO_SYSTEMS } from '@ceg/demo-data';
import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';

jest.setTimeout(180_000);

const SHARE = 'key count share suppressed';
const PARTICIPATION = `from to respondentCount ageBands { ${SHARE} } raceEthnicity { ${SHARE} } languagesSpokenAtHome { ${SHARE} }`;
const GAPS = 'dimension key communityShare participantShare representationIndex suppressed';
const STAFF_CEN = { role: 'STAFF' as const, branchCodes: ['RVL-CEN'], sub: 'staff-cen' };
const DAY = 86_400_000;

describe('analysts: roll-ups', () => {
  let graph: TestGraph;
  const now = new Date();
  const to = now.toISOString().slice(0, 10);
  const from = new Date(now.getTime() - 364 * DAY).toISOString().slice(0, 10);

  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'feedback', 'partners', 'diversity-metrics'] });
  });
  afterAll(() => graph?.stop());

  describe('librarySystem(code:)', () => {
    test('finds a system by its code (case-insensitive) as by its id', async () => {
      const rvl = DEMO_SYSTEMS.find((s) => s.code === 'RVL')!;
      const data = await graph.data(`query($id: ID) { byCode: librarySystem(code: "rvl") { id code name } byId: librarySystem(id: $id) { id code name } none: librarySystem(code: "NOPE") { id } }`, { id: rvl.id });
      expect(data.byCode).toEqual({ id: rvl.id, code: 'RVL', name: rvl.name });
      expect(data.byId).toEqual(data.byCode);
      expect(data.none).toBeNull();
    });

    test.each([['neither', '{ librarySystem { id } }'], ['both', `{ librarySystem(id: "x", code: "RVL") { id } }`]])('%s of id and code is BAD_USER_INPUT', async (_, q) => {
      const res = await graph.query(q);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect((res.body.data as any)?.librarySystem ?? null).toBeNull();
    });
  });

  describe('LibrarySystem and Consortium participation and representation gaps', () => {
    const Q = `query($from: Date!, $to: Date!) {
      librarySystem(code: "RVL") { branchIds participation(from: $from, to: $to) { ${PARTICIPATION} } representationGaps(from: $from, to: $to) { ${GAPS} } }
      consortium(code: "CVLC") { branchIds participation(from: $from, to: $to) { ${PARTICIPATION} } representationGaps(from: $from, to: $to) { ${GAPS} } }
      branches(first: 100) { nodes { id code participation(from: $from, to: $to) { respondentCount } } }
      cen: branch(code: "RVL-CEN") { participation(from: $from, to: $to) { ${PARTICIPATION} } representationGaps(from: $from, to: $to) { ${GAPS} } }
    }`;

    test('ANALYST: respondents are the sum of the branches\' within the noise, and every breakdown has the branch level\'s shape', async () => {
      const data = await graph.data(Q, { from, to }, { as: 'ANALYST' });
      const perBranch = new Map<string, number>(data.branches.nodes.map((b: any) => [b.id, b.participation.respondentCount]));
      const sum = (ids: string[]) => ids.reduce((s, id) => s + (perBranch.get(id) ?? 0), 0);
      for (const parent of [data.librarySystem, data.consortium]) {
        expect(parent.participation.from).toBe(from);
        expect(parent.participation.to).toBe(to);
        // Every count is perturbed by its own cell key (RULES.md §3), so a parent's total is the branches' sum give or take the noise of each.
        expect(Math.abs(parent.participation.respondentCount - sum(parent.branchIds))).toBeLessThanOrEqual(MAX_NOISE * (parent.branchIds.length + 1));
        expect(parent.participation.respondentCount).toBeGreaterThan(0);
        for (const list of ['ageBands', 'raceEthnicity', 'languagesSpokenAtHome']) {
          expect(parent.participation[list].map((s: any) => s.key)).toEqual(data.cen.participation[list].map((s: any) => s.key));
        }
        expect(parent.representationGaps.length).toBeGreaterThan(0);
        for (const g of parent.representationGaps) {
          if (g.suppressed) expect(g.participantShare).toBeNull();
          else if (g.communityShare > 0 && g.participantShare !== null) expect(g.representationIndex).toBeCloseTo(g.participantShare / g.communityShare, 4);
        }
      }
      // the system is more than one branch, the consortium more than one system
      expect(data.librarySystem.participation.respondentCount).toBeGreaterThan(data.cen.participation.respondentCount);
      expect(data.consortium.participation.respondentCount).toBeGreaterThan(data.librarySystem.participation.respondentCount);
    });

    test('STAFF: a system\'s and the consortium\'s figures cover their own branch only, computed as the branch level computes it', async () => {
      const data = await graph.data(Q, { from, to }, { as: STAFF_CEN });
      for (const parent of [data.librarySystem, data.consortium]) {
        expect(parent.participation).toEqual(data.cen.participation);
        expect(parent.representationGaps).toEqual(data.cen.representationGaps);
      }
    });

    test.each([['anonymous', undefined, 'UNAUTHENTICATED'], ['PATRON', 'PATRON' as const, 'FORBIDDEN']])('%s is refused and sees nothing', async (_, as, code) => {
      const res = await graph.query(`query($from: Date!, $to: Date!) { librarySystem(code: "RVL") { name participation(from: $from, to: $to) { respondentCount } representationGaps(from: $from, to: $to) { key } } consortium(code: "CVLC") { participation(from: $from, to: $to) { respondentCount } } }`, { from, to }, { as });
      const data = res.body.data as any;
      expect(data.librarySystem.name).toBe('Riverton Public Library');
      expect(data.librarySystem.participation).toBeNull();
      expect(data.librarySystem.representationGaps).toBeNull();
      expect(data.consortium.participation).toBeNull();
      expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual([code, code, code]);
    });

    test('a period over 10 years is BAD_USER_INPUT at system level as at branch level', async () => {
      const res = await graph.query(`{ librarySystem(code: "RVL") { participation(from: "2000-01-01", to: "2020-01-01") { respondentCount } } }`, undefined, { as: 'ANALYST' });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('from/to on every aggregate', () => {
    const year = now.getUTCFullYear() - 1;
    const f = `${year}-01-01T00:00:00Z`;
    const t = `${year + 1}-01-01T00:00:00Z`;

    test('feedbackAggregate: `from`/`to` give what `filter.submittedFrom/To` give, at every level', async () => {
      const m = 'totals { count openCount averageRating } groups { key { branch { code } } measures { count } }';
      const data = await graph.data(`query($f: DateTime!, $t: DateTime!) {
        a: feedbackAggregate(from: $f, to: $t, groupBy: [BRANCH]) { ${m} }
        b: feedbackAggregate(filter: { submittedFrom: $f, submittedTo: $t }, groupBy: [BRANCH]) { ${m} }
        both: feedbackAggregate(from: $f, to: $t, filter: { submittedFrom: $f, submittedTo: $t }, groupBy: [BRANCH]) { ${m} }
        all: feedbackAggregate { totals { count } }
        librarySystem(code: "RVL") { a: feedbackAggregate(from: $f, to: $t) { totals { count } } b: feedbackAggregate(filter: { submittedFrom: $f, submittedTo: $t }) { totals { count } } }
      }`, { f, t }, { as: 'ANALYST' });
      expect(data.a).toEqual(data.b);
      expect(data.both).toEqual(data.b);
      expect(data.a.totals.count).toBeGreaterThan(0);
      expect(data.a.totals.count).toBeLessThan(data.all.totals.count);
      expect(data.librarySystem.a).toEqual(data.librarySystem.b);
      const rows: any[] = await graph.subgraph('feedback').db.manager.query('SELECT submittedAt FROM feedback');
      expect(data.a.totals.count).toBe(rows.filter((r) => { const d = new Date(r.submittedAt); return d >= new Date(f) && d < new Date(t); }).length);
    });

    test('feedbackAggregate: different instants in `from` and `filter.submittedFrom` are BAD_USER_INPUT', async () => {
      const res = await graph.query(`{ feedbackAggregate(from: "${f}", filter: { submittedFrom: "${year}-02-01T00:00:00Z" }) { totals { count } } }`, undefined, { as: 'ANALYST' });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.body.errors?.[0]?.message).toMatch(/`from` and `filter.submittedFrom`/);
      expect((res.body.data as any)?.feedbackAggregate ?? null).toBeNull();
    });

    test('partnershipAggregate: `from`/`to` count the partnerships active at some time in the range', async () => {
      const data = await graph.data(`query($f: DateTime!, $t: DateTime!) {
        ranged: partnershipAggregate(from: $f, to: $t) { totals { partnershipCount } }
        all: partnershipAggregate { totals { partnershipCount } }
        consortium(code: "CVLC") { partnershipAggregate(from: $f, to: $t) { totals { partnershipCount } } }
      }`, { f, t }, { as: 'ANALYST' });
      const rows: any[] = await graph.subgraph('partners').db.manager.query('SELECT startsOn, endsOn FROM partnership');
      const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v === null ? null : String(v).slice(0, 10));
      const expected = rows.filter((r) => day(r.startsOn) !== null && day(r.startsOn)! <= `${year}-12-31` && (day(r.endsOn) === null || day(r.endsOn)! >= `${year}-01-01`)).length;
      expect(data.ranged.totals.partnershipCount).toBe(expected);
      expect(expected).toBeGreaterThan(0);
      expect(data.consortium.partnershipAggregate.totals.partnershipCount).toBe(expected);
      expect(data.all.totals.partnershipCount).toBeGreaterThanOrEqual(expected);
    });

    test('partnershipAggregate: `to` before `from` is BAD_USER_INPUT', async () => {
      const res = await graph.query(`{ partnershipAggregate(from: "${t}", to: "${f}") { totals { partnershipCount } } }`, undefined, { as: 'ANALYST' });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });
});
