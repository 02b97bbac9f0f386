import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { asStaff, submit, validInput } from './helpers';

jest.setTimeout(180_000);

const SEARCH = `query($s: String!, $order: FeedbackOrder, $first: Int, $after: String) {
  feedbackItems(filter: { search: $s }, orderBy: $order, first: $first, after: $after) { totalCount nodes { id subject } pageInfo { hasNextPage endCursor } }
}`;

describe('search as people type (FeedbackFilter.search)', () => {
  let graph: TestGraph;
  const ids: Record<string, string> = {};
  const found = async (s: string, as?: Parameters<TestGraph['data']>[2] extends infer O ? (O extends { as?: infer A } ? A : never) : never) => {
    const d = await graph.data(SEARCH, { s, first: 100 }, { as });
    expect(d.feedbackItems.totalCount).toBe(d.feedbackItems.nodes.length);
    return d.feedbackItems.nodes.map((n: { id: string }) => Object.keys(ids).find((k) => ids[k] === n.id) ?? n.id).sort();
  };

  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'feedback'], demoData: ['libraries'] });
    const items: Record<string, [string, string, string[]?]> = {
      sabado: ['Horario del sábado', 'Abran más temprano el SÁBADO, por favor.'],
      ninos: ['Libros para niños', 'La biblioteca necesita más libros en español para los niños pequeños.'],
      wifiHyphen: ['Wi-Fi drops', 'The Wi-Fi keeps dropping in the study room.'],
      wifiJoined: ['wifi password', 'Please post the WIFI password at the desk.'],
      ebook: ['E-book loans', 'More e-books please.', ['lectura-digital']],
      tv: ['The TV is broken', 'The TV in the teen room does not work.'],
      programacion: ['Clases de programación', 'Me encantó la clase de programación para adultos.'],
      cafe: ['Café', 'A café corner would be lovely.'],
    };
    for (const [key, [subject, body, tags]] of Object.entries(items)) {
      ids[key] = (await submit(graph, validInput({ subject, body, tags: tags ?? [], isPublic: true, rating: 4 }))).id;
    }
  });
  afterAll(() => graph?.stop());

  it('ignores accents and case', async () => {
    for (const s of ['sabado', 'sábado', 'SABADO', 'Sábado', 'SÁBADO']) expect([s, await found(s)]).toEqual([s, ['sabado']]);
    for (const s of ['cafe', 'CAFÉ', 'Café']) expect([s, await found(s)]).toEqual([s, ['cafe']]);
    expect(await found('programacion')).toEqual(['programacion']);
  });

  it('matches word starts as people type', async () => {
    expect(await found('sab')).toEqual(['sabado']);
    expect(await found('bibli')).toEqual(['ninos']);
    expect(await found('programacion adul')).toEqual(['programacion']);
    expect(await found('libros bibli')).toEqual(['ninos']);
    // Only the last word may be unfinished.
    expect(await found('progr adultos')).toEqual([]);
  });

  it('tolerates hyphens and spaces', async () => {
    for (const s of ['wifi', 'wi-fi', 'Wi-Fi', 'WIFI', 'wi fi', 'Wi Fi']) expect([s, await found(s)]).toEqual([s, ['wifiHyphen', 'wifiJoined']]);
    for (const s of ['ebook', 'e-book', 'e book', 'E-Books']) expect([s, await found(s)]).toEqual([s, ['ebook']]);
    expect(await found('lectura digital')).toEqual(['ebook']);
    expect(await found('lecturadigital')).toEqual(['ebook']);
  });

  it('finds Spanish text by its words, every word required', async () => {
    expect(await found('niños español')).toEqual(['ninos']);
    expect(await found('ninos espanol')).toEqual(['ninos']);
    expect(await found('libros ninos')).toEqual(['ninos']);
    expect(await found('libros gatos')).toEqual([]);
  });

  it('finds short words too', async () => {
    expect(await found('tv')).toEqual(['tv']);
    expect(await found('de la programación')).toEqual(['programacion']);
  });

  it('treats the search as text: operators and punctuation are not a query language', async () => {
    for (const s of ['"wifi" OR tv', 'wifi*', '-tv +wifi', 'NEAR(wifi tv)', "wifi'; DROP TABLE feedback; --", '(wifi']) {
      const d = await graph.query(SEARCH, { s, first: 100 });
      expect([s, d.body.errors]).toEqual([s, undefined]);
    }
    expect(await found('!!! ***')).toEqual([]);
    expect(await found('wifi*')).toEqual(['wifiHyphen', 'wifiJoined']);
    const tooLong = await graph.query(SEARCH, { s: 'x'.repeat(201), first: 10 });
    expect(tooLong.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is the same filter in aggregates and on Branch.feedback', async () => {
    const agg = await graph.data('{ feedbackAggregate(filter: { search: "wi fi" }) { totals { count } } }', {}, { as: asStaff('RVL-CEN') });
    expect(agg.feedbackAggregate.totals.count).toBe(2);
    const b = await graph.data('{ branch(code: "RVL-CEN") { feedback(filter: { search: "sabado" }) { totalCount nodes { id } } } }');
    expect(b.branch.feedback.nodes.map((n: { id: string }) => n.id)).toEqual([ids.sabado]);
    expect(b.branch.feedback.totalCount).toBe(1);
  });

  it('orders by relevance when asked, page by page', async () => {
    const strong = (await submit(graph, validInput({ subject: 'Parking parking parking', body: 'Parking is the problem: more parking, better parking.', isPublic: true }))).id;
    const weak = (await submit(graph, validInput({ subject: 'Hours', body: 'Longer hours; also the lot for parking is small, and the staff are lovely and the books great.', isPublic: true }))).id;
    const first = await graph.data(SEARCH, { s: 'parking', order: 'RELEVANCE', first: 1 });
    expect(first.feedbackItems.nodes.map((n: { id: string }) => n.id)).toEqual([strong]);
    expect(first.feedbackItems.totalCount).toBe(2);
    expect(first.feedbackItems.pageInfo.hasNextPage).toBe(true);
    const second = await graph.data(SEARCH, { s: 'parking', order: 'RELEVANCE', first: 1, after: first.feedbackItems.pageInfo.endCursor });
    expect(second.feedbackItems.nodes.map((n: { id: string }) => n.id)).toEqual([weak]);
    expect(second.feedbackItems.pageInfo.hasNextPage).toBe(false);
    const byBranch = await graph.data('{ branch(code: "RVL-CEN") { feedback(filter: { search: "parking" }, orderBy: RELEVANCE) { nodes { id } } } }');
    expect(byBranch.branch.feedback.nodes.map((n: { id: string }) => n.id)).toEqual([strong, weak]);
    const noSearch = await graph.query('{ feedbackItems(orderBy: RELEVANCE) { nodes { id } } }', {});
    expect(noSearch.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is served by the full-text index (EXPLAIN of the statement the subgraph runs)', async () => {
    const db = graph.subgraph('feedback').db;
    const logger = db.ds.logger as unknown as { logQuery: (q: string, p?: unknown[]) => unknown };
    const original = logger.logQuery;
    const seen: [string, unknown[]][] = [];
    logger.logQuery = function (this: unknown, q: string, p?: unknown[]) {
      seen.push([q, p ?? []]);
      return original.call(this, q, p);
    };
    try {
      await graph.data('{ feedbackItems(filter: { search: "sabado" }) { nodes { id } } }', {});
    } finally {
      logger.logQuery = original;
    }
    const statement = seen.find(([q]) => /feedback_fts|MATCH/.test(q) && /^SELECT/i.test(q.trim()));
    expect(statement).toBeDefined();
    const [sql, params] = statement!;
    if (db.dialect === 'mysql') {
      const plan: { table: string; type: string; key: string | null }[] = await db.ds.query(`EXPLAIN ${sql}`, params);
      expect(plan).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'fulltext', key: 'IDX_feedback_search' })]));
      expect(sql).not.toMatch(/LIKE/i);
    } else {
      const plan: { detail: string }[] = await db.ds.query(`EXPLAIN QUERY PLAN ${sql}`, params);
      expect(plan.map((r) => r.detail).join('\n')).toMatch(/SCAN feedback_fts VIRTUAL TABLE INDEX/);
      expect(plan.map((r) => r.detail).join('\n')).not.toMatch(/SCAN f\b(?! USING)/);
    }
  });

  it('finds what the demo board holds: "sabado" as "sábado", "wifi" as "wi-fi"', async () => {
    const demo = await startGraph({ only: ['libraries', 'feedback'], demoData: ['libraries', 'feedback'] });
    try {
      const count = async (s: string) => (await demo.data('query($s: String!) { feedbackItems(filter: { search: $s }) { totalCount } }', { s })).feedbackItems.totalCount as number;
      const sabado = await count('sabado');
      expect(sabado).toBeGreaterThan(0);
      expect(await count('sábado')).toBe(sabado);
      const wifi = await count('wifi');
      expect(wifi).toBeGreaterThan(0);
      expect(await count('wi-fi')).toBe(wifi);
      expect(await count('Wi Fi')).toBe(wifi);
    } finally {
      await demo.stop();
    }
  });
});
