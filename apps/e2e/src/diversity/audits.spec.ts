import { DEMO_BRANCHES, demoId } from '@ceg/demo-data';
import type { TestGraph } from '@ceg/testing';
import { CEN, diversityGraph, ERRORS, STAFF_CEN } from './helpers';

jest.setTimeout(120_000);

/**
 * Collection audits that add up: FORMAT and LANGUAGE are exclusive (a title
 * has one of each), so their counts may not exceed totalTitles; REPRESENTATION
 * categories may overlap. The API says which is which (CollectionShare.exclusive).
 */
const AUDIT = `mutation($input: RecordCollectionAuditInput!) {
  recordCollectionAudit(input: $input) { audit { id totalTitles dimensions { dimension key titleCount share exclusive } } ${ERRORS} }
}`;
const input = (dimensions: { dimension: string; key: string; titleCount: number }[], totalTitles = 100) => ({ branchId: CEN.id, auditedOn: '2025-06-01', totalTitles, dimensions });

describe('collection audits that add up', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await diversityGraph({ demo: true });
  });
  afterAll(() => graph?.stop());

  const audits = async () => Number((await graph.subgraph('diversity-metrics').db.manager.query('SELECT COUNT(*) AS n FROM collection_audit'))[0].n);

  test.each([
    ['FORMAT', [{ dimension: 'FORMAT', key: 'PRINT', titleCount: 90 }, { dimension: 'FORMAT', key: 'EBOOK', titleCount: 90 }], /FORMAT counts add up to 180, more than totalTitles \(100\)/],
    ['LANGUAGE, any case', [{ dimension: 'language', key: 'ENGLISH', titleCount: 80 }, { dimension: 'Language', key: 'SPANISH', titleCount: 21 }], /LANGUAGE counts add up to 101/],
  ])('%s counts above totalTitles are refused with a user error on dimensions, and nothing is written', async (_name, dimensions, message) => {
    const before = await audits();
    const res = await graph.query<any>(AUDIT, { input: input(dimensions) }, { as: STAFF_CEN });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.recordCollectionAudit).toEqual({ audit: null, userErrors: [{ field: ['input', 'dimensions'], code: 'INVALID', message: expect.stringMatching(message) }] });
    expect(await audits()).toBe(before);
  });

  test('overlapping categories may add up to more than the total; exact totals of exclusive ones are accepted; the API says which is which', async () => {
    const d = await graph.data(AUDIT, {
      input: input([
        { dimension: 'FORMAT', key: 'PRINT', titleCount: 70 }, { dimension: 'FORMAT', key: 'EBOOK', titleCount: 30 },
        { dimension: 'REPRESENTATION', key: 'OWN_VOICES_BIPOC', titleCount: 90 }, { dimension: 'REPRESENTATION', key: 'LGBTQIA_PLUS', titleCount: 90 },
      ]),
    }, { as: STAFF_CEN });
    expect(d.recordCollectionAudit.userErrors).toEqual([]);
    expect(d.recordCollectionAudit.audit.dimensions.map((s: any) => [s.dimension, s.key, s.exclusive])).toEqual([
      ['FORMAT', 'PRINT', true], ['FORMAT', 'EBOOK', true], ['REPRESENTATION', 'OWN_VOICES_BIPOC', false], ['REPRESENTATION', 'LGBTQIA_PLUS', false],
    ]);
  });

  test('the demo audits add up: FORMAT and LANGUAGE counts never exceed totalTitles', async () => {
    const ids = DEMO_BRANCHES.flatMap((b) => [0, 1].map((n) => demoId('collection-audit', `${b.code}:${n}`)));
    const found: any[] = [];
    for (let i = 0; i < ids.length; i += 12) {
      const q = `{ ${ids.slice(i, i + 12).map((id, j) => `a${j}: collectionAudit(id: "${id}") { totalTitles dimensions { dimension titleCount exclusive } }`).join(' ')} }`;
      found.push(...Object.values<any>(await graph.data(q)));
    }
    expect(found).toHaveLength(ids.length);
    let checked = 0;
    for (const audit of found) {
      expect(audit).not.toBeNull();
      for (const dimension of ['FORMAT', 'LANGUAGE']) {
        const shares = audit.dimensions.filter((s: any) => s.dimension === dimension);
        expect(shares.length).toBeGreaterThan(0);
        expect(shares.every((s: any) => s.exclusive)).toBe(true);
        expect(shares.reduce((sum: number, s: any) => sum + s.titleCount, 0)).toBeLessThanOrEqual(audit.totalTitles);
        checked++;
      }
    }
    expect(checked).toBe(ids.length * 2);
  });
});
