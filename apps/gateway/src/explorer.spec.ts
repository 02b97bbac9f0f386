import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { COMPOSED_SUBGRAPHS } from '@ceg/config';
import { EXAMPLES } from './explorer';

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
