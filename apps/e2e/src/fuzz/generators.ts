/**
 * fast-check arbitraries built from the API schema (schema/api.graphql):
 * operations (fields, aliases, inline and named fragments, nesting,
 * variables, arguments within and outside their bounds) and inputs for
 * every mutation (odd strings, numbers, dates and ids).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_BRANCHES } from '@ceg/demo-data';
import fc from 'fast-check';
import {
  buildSchema, getNamedType, type GraphQLArgument, type GraphQLField, type GraphQLInputType, type GraphQLNamedType, GraphQLSchema,
  isEnumType, isInputObjectType, isInterfaceType, isLeafType, isListType, isNonNullType, isObjectType, isScalarType, isUnionType,
} from 'graphql';

export const apiSchema: GraphQLSchema = buildSchema(readFileSync(join(__dirname, '../../../../schema/api.graphql'), 'utf8'));

/** Strings a careless or hostile client sends. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    '', ' ', '   ', '\u200B', '\u200B\u200C\u200D\u2060\uFEFF', '\u3164', '\u2800', '\u00AD',
    'a\uD800b', '\uDC00', 'x\uDBFF', 'reader\uD800@example.org',
    'Invoice \u202Eexe.txt', '\u2066isolated\u2069', '\u202D',
    'bell\u0007', 'nul\u0000byte', 'esc\u001B[31m', 'line\nbreak', 'tab\there', '\r\n',
    'Robert\'); DROP TABLE feedback;--', '%_!', '<script>alert(1)</script>', '../../etc/passwd',
    'RVL-CEN', 'rvl-cen', 'USD', 'ABC', 'reader@example.org', 'https://example.org', 'javascript:alert(1)',
    '1e309', 'NaN', 'Infinity', '-0', '0x10', '١٢٣', '😀'.repeat(50),
  ),
  fc.integer({ min: 1, max: 12_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 1, max: 3000 }).map((n) => '\u200B'.repeat(n)),
);

export const oddInt: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -5, max: 120 }),
  fc.constantFrom(0, -1, 1, 5, 6, 99, 100, 101, 1000, 2 ** 31 - 1, -(2 ** 31)),
);

export const oddFloat: fc.Arbitrary<number> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, -1, 0.5, 1, 1.0000001, 1e308, -1e308, 5e-324, 123456789.123),
);

/** Dates and instants: real ones, impossible ones, out of range, malformed. */
export const oddDate: fc.Arbitrary<string> = fc.oneof(
  fc.date({ min: new Date('1850-01-01'), max: new Date('2150-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('2026-02-30', '2026-02-29', '2024-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '0000-01-01', '9999-12-31', '1899-12-31', '2101-01-01', '2026-3-1', '2026/03/01', '', 'today'),
);
export const oddDateTime: fc.Arbitrary<string> = fc.oneof(
  fc.date({ min: new Date('1850-01-01'), max: new Date('2150-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('2026-02-30T10:00:00Z', '2026-03-01T24:00:00Z', '2026-03-01T23:60:00Z', '2026-03-01T10:00:00+24:00', '2026-03-01T10:00:00', '2026-03-01', '1899-12-31T23:59:59Z', '2101-01-01T00:00:00Z', '2026-03-01T10:00:00.123456789Z', ''),
);

/** Ids: of demo records in this and other branches, random, malformed. */
export const oddId: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...DEMO_BRANCHES.map((b) => b.id)),
  fc.uuid(),
  fc.constantFrom('', '0', '-1', 'not-an-id', 'RVL-CEN', '\u0000', 'a\uD800', 'x'.repeat(300), "1' OR '1'='1"),
);

/** A JSON value for an input type, recursively (objects with their required and some optional fields). */
export function inputValue(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return inputValue(type.ofType, depth);
  if (isListType(type)) return fc.array(inputValue(type.ofType, depth + 1), { maxLength: depth > 2 ? 1 : 4 });
  if (isEnumType(type)) {
    const values = type.getValues().map((v) => v.name);
    return fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: fc.constant('NOT_A_VALUE') });
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'String': return oddString;
      case 'Int': return oddInt;
      case 'Float': return oddFloat;
      case 'Boolean': return fc.boolean();
      case 'ID': return oddId;
      case 'Date': return oddDate;
      case 'DateTime': return oddDateTime;
      default: return fc.oneof(oddString, oddInt);
    }
  }
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    if (depth > 3) return fc.constant({});
    const entries = fields.map((f) => {
      const arb = inputValue(f.type, depth + 1);
      return isNonNullType(f.type) ? arb.map((v) => [f.name, v] as const) : fc.option(arb, { nil: undefined, freq: 2 }).map((v) => [f.name, v] as const);
    });
    return fc.tuple(...entries).map((pairs) => Object.fromEntries(pairs.filter(([, v]) => v !== undefined)));
  }
  return fc.constant(null);
}

/** An argument literal or a variable; values within and outside bounds. */
interface Built {
  text: string;
  variables: Record<string, unknown>;
  varDefs: string[];
  fragments: string[];
}

const printType = (t: GraphQLInputType): string => String(t);

/** A selection set for a named output type, with aliases, inline and named fragments. */
function selection(type: GraphQLNamedType, depth: number, acc: Built, rnd: Rng): string {
  if (isLeafType(type)) return '';
  if (isUnionType(type) || isInterfaceType(type)) {
    const possible = apiSchema.getPossibleTypes(type);
    const pick = possible[rnd.nextInt(0, possible.length - 1)];
    return `{ __typename ... on ${pick.name} ${selection(pick, depth, acc, rnd)} }`;
  }
  if (!isObjectType(type)) return '';
  const fields = Object.values(type.getFields());
  const n = depth > 3 ? 1 : rnd.nextInt(1, 4);
  const parts: string[] = [];
  const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)) && !f.args.some((a) => isNonNullType(a.type)));
  for (let i = 0; i < n; i++) {
    const candidates = depth >= 5 ? leaves : fields;
    const f = candidates.length ? candidates[rnd.nextInt(0, candidates.length - 1)] : fields[0];
    parts.push(fieldText(f, depth + 1, acc, rnd));
  }
  if (leaves.length) parts.push(leaves[0].name); // always something that resolves
  if (rnd.nextInt(0, 4) === 0) {
    const name = `F${acc.fragments.length}`;
    acc.fragments.push(`fragment ${name} on ${type.name} { ${leaves.length ? leaves[rnd.nextInt(0, leaves.length - 1)].name : '__typename'} }`);
    parts.push(`...${name}`);
  }
  if (rnd.nextInt(0, 5) === 0) parts.push(`... on ${type.name} { __typename }`);
  return `{ ${parts.join(' ')} }`;
}

function argText(arg: GraphQLArgument, acc: Built, rnd: Rng): string | null {
  if (!isNonNullType(arg.type) && rnd.nextInt(0, 2) === 0) return null;
  const value = fc.sample(inputValue(arg.type), { numRuns: 1, seed: rnd.nextInt() })[0];
  const name = `v${acc.varDefs.length}`;
  acc.varDefs.push(`$${name}: ${printType(arg.type)}`);
  acc.variables[name] = value;
  return `${arg.name}: $${name}`;
}

function fieldText(f: GraphQLField<unknown, unknown>, depth: number, acc: Built, rnd: Rng): string {
  const alias = rnd.nextInt(0, 3) === 0 ? `al${rnd.nextInt(0, 999)}: ` : '';
  const args = f.args.map((a) => argText(a, acc, rnd)).filter((a): a is string => a !== null);
  const named = getNamedType(f.type);
  return `${alias}${f.name}${args.length ? `(${args.join(', ')})` : ''} ${selection(named, depth, acc, rnd)}`;
}

export interface GeneratedOperation {
  query: string;
  variables: Record<string, unknown>;
}

/** A query operation: 1–3 root fields of Query, nested, with variables and fragments. */
export const queryOperation: fc.Arbitrary<GeneratedOperation> = fc.integer().map((seed) => {
  const rnd = new Rng(seed);
  const acc: Built = { text: '', variables: {}, varDefs: [], fragments: [] };
  const roots = Object.values(apiSchema.getQueryType()!.getFields());
  const n = rnd.nextInt(1, 3);
  const parts = Array.from({ length: n }, () => fieldText(roots[rnd.nextInt(0, roots.length - 1)], 1, acc, rnd));
  const defs = acc.varDefs.length ? `(${acc.varDefs.join(', ')})` : '';
  return { query: `query Fuzz${defs} { ${parts.join(' ')} }\n${acc.fragments.join('\n')}`, variables: acc.variables };
});

/** One mutation with generated arguments, and a payload selection that asks for userErrors. */
export function mutationOperation(name: string): fc.Arbitrary<GeneratedOperation> {
  const field = apiSchema.getMutationType()!.getFields()[name];
  const args = field.args.map((a) => inputValue(a.type).map((v) => [a.name, v] as const));
  return fc.tuple(...args).map((pairs) => {
    const variables = Object.fromEntries(pairs);
    const defs = field.args.map((a) => `$${a.name}: ${printType(a.type)}`).join(', ');
    const payload = getNamedType(field.type);
    const leaves = isObjectType(payload)
      ? Object.values(payload.getFields()).filter((f) => f.name !== 'userErrors').map((f) => {
          const t = getNamedType(f.type);
          return isObjectType(t) ? `${f.name} { __typename ${'id' in t.getFields() ? 'id' : ''} }` : f.name;
        })
      : [];
    return {
      query: `mutation Fuzz${defs ? `(${defs})` : ''} { ${name}(${field.args.map((a) => `${a.name}: $${a.name}`).join(', ')}) { ${leaves.join(' ')} userErrors { field code message } } }`,
      variables,
    };
  });
}

/** A small seeded generator (mulberry32): the shape of an operation follows from fast-check's integer, so a failing run replays. */
class Rng {
  constructor(private state: number) {}
  nextInt(min = -(2 ** 31), max = 2 ** 31 - 1): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return min + Math.floor(u * (max - min + 1));
  }
}

/** Who sends it: mostly roles that may write, so that inputs reach the checks behind authorization. */
export const roles = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constant('PATRON' as const) },
  { weight: 3, arbitrary: fc.constant('STAFF' as const) },
  { weight: 1, arbitrary: fc.constant('ANALYST' as const) },
  { weight: 4, arbitrary: fc.constant('ADMIN' as const) },
);
