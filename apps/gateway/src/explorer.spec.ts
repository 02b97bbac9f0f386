import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { COMPOSED_SUBGRAPHS } from '@ceg/config';
import { EMPTY_RESULT_HINT, endpointFor, EXAMPLES, EXPLORER_SETTINGS, explorerTexts, MAX_TAB_TITLE, rememberedExplorerTexts, tabTitle, WELCOME, WRITE_MARK } from './explorer';

const api = buildSchema(readFileSync(join(__dirname, '../../../schema/api.graphql'), 'utf8'));

describe('explorer examples', () => {
  test.each(EXAMPLES.map((e) => [e.name, e] as const))('%s is a valid operation of the API', (_name, example) => {
    expect(validate(api, parse(example.query))).toEqual([]);
  });

  test('there are examples for every kind of user, over every composed subgraph', () => {
    expect(new Set(EXAMPLES.map((e) => e.role))).toEqual(new Set([null, 'PATRON', 'STAFF', 'ANALYST', 'ADMIN']));
    expect(new Set(EXAMPLES.flatMap((e) => e.needs))).toEqual(new Set(COMPOSED_SUBGRAPHS));
  });
});

const isWrite = (query: string) => parse(query).definitions.some((d) => d.kind === 'OperationDefinition' && d.operation !== 'query');

describe('explorer tabs', () => {
  test('the first tab is a read an anonymous visitor may run, with the welcome text', () => {
    const [first] = EXAMPLES;
    expect(first.role).toBeNull();
    expect(isWrite(first.query)).toBe(false);
    expect(first.query.startsWith(WELCOME)).toBe(true);
  });

  test('every tab that writes is marked, and comes after every read', () => {
    const writes = EXAMPLES.map((e, i) => [i, isWrite(e.query)] as const).filter(([, w]) => w).map(([i]) => i);
    expect(writes.length).toBeGreaterThan(0);
    for (const [i, e] of EXAMPLES.entries()) {
      expect(tabTitle(e).startsWith(WRITE_MARK)).toBe(writes.includes(i));
      if (writes.includes(i)) expect(e.query).toMatch(/^# WRITES/);
    }
    expect(Math.min(...writes)).toBe(EXAMPLES.length - writes.length);
  });

  test('titles are short and distinct, so that every tab reads at 1,400 px', () => {
    const titles = EXAMPLES.map(tabTitle);
    for (const t of titles) expect(t.length).toBeLessThanOrEqual(MAX_TAB_TITLE);
    expect(new Set(titles).size).toBe(titles.length);
  });

  test('the welcome text says what the graph is and how to sign in as each demo role, naming every tab', () => {
    for (const role of ['PATRON', 'STAFF', 'ANALYST', 'ADMIN']) expect(WELCOME).toContain(role);
    expect(WELCOME).toContain('/dev/token?role=');
    expect(WELCOME).toContain('Authorization: Bearer');
    for (const e of EXAMPLES.filter((x) => !isWrite(x.query) || x.role)) expect(WELCOME).toContain(e.name);
  });

  test('docs load on start; the empty result pane gives a hint', () => {
    expect(EXPLORER_SETTINGS['schema.reloadOnStart']).toBe(true);
    const texts = explorerTexts('en-US.json')!;
    expect(texts.QUERY_RESULT_NO_RESULT_TEXT).toBe(EMPTY_RESULT_HINT);
    expect(texts.QUERY_RESULT_TAB).toBe('Result');
    expect(explorerTexts('../../package.json')).toBeNull();
    expect(explorerTexts('xx-XX.json')).toBeNull();
  });

  test('a translation file name that does not exist is not remembered (clients cannot grow the cache)', () => {
    explorerTexts('en-US.json');
    const before = rememberedExplorerTexts();
    for (let i = 0; i < 50; i++) expect(explorerTexts(`made-up-${String.fromCharCode(97 + (i % 26))}${'x'.repeat(i)}.json`)).toBeNull();
    expect(rememberedExplorerTexts()).toBe(before);
    expect(before).toBeGreaterThan(0);
  });
});

describe('explorer endpoint', () => {
  test('absolute, from the host the browser used; odd hosts fall back to localhost', () => {
    expect(endpointFor('http', 'localhost:4000')).toBe('http://localhost:4000/graphql');
    expect(endpointFor('https', 'graph.library.example.org')).toBe('https://graph.library.example.org/graphql');
    expect(endpointFor('http', '[::1]:4000')).toBe('http://[::1]:4000/graphql');
    expect(endpointFor('http', 'evil"</script><script>')).toBe('http://localhost/graphql');
    expect(endpointFor('http', undefined)).toBe('http://localhost/graphql');
  });
});
