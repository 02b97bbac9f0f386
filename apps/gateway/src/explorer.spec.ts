import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { COMPOSED_SUBGRAPHS } from '@ceg/config';
import { endpointFor, EXAMPLES } from './explorer';

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

describe('explorer endpoint', () => {
  test('absolute, from the host the browser used; odd hosts fall back to localhost', () => {
    expect(endpointFor('http', 'localhost:4000')).toBe('http://localhost:4000/graphql');
    expect(endpointFor('https', 'graph.library.example.org')).toBe('https://graph.library.example.org/graphql');
    expect(endpointFor('http', '[::1]:4000')).toBe('http://[::1]:4000/graphql');
    expect(endpointFor('http', 'evil"</script><script>')).toBe('http://localhost/graphql');
    expect(endpointFor('http', undefined)).toBe('http://localhost/graphql');
  });
});
