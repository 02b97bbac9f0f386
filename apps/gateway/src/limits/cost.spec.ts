import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchema, getNamedType, getNullableType, isCompositeType, isListType, isObjectType, parse } from 'graphql';
import { bucketCount, CostMemo, operationCost, pointsFor } from './cost';
import { AGGREGATE_SCAN, LIST_SIZES, SMALL_LIST_TYPES, UNDECLARED_LIST_SIZE } from './list-sizes';

/** A schema shaped like the contract's: connections with `first`, plain lists, small fixed lists. */
const schema = buildSchema(`
  type Query {
    branches(first: Int = 20, after: String): BranchConnection
    programs(first: Int = 20): ProgramConnection
    consortia: [Consortium!]
    noDefault(first: Int): BranchConnection
    communityDiscussions(first: Int = 20): [Discussion!]
    node(id: ID!): Node
    profile: Profile
    undeclared: [Discussion!]
    programAggregate(interval: TimeInterval = MONTH, groupBy: [ProgramDimension!] = [], filter: ProgramFilter, from: DateTime, to: DateTime): ProgramAggregate
    feedbackAggregate(interval: TimeInterval = MONTH, groupBy: [FeedbackDimension!] = [], filter: FeedbackFilter): FeedbackAggregate
  }
  scalar DateTime
  enum TimeInterval { DAY WEEK MONTH QUARTER YEAR }
  enum ProgramDimension { BRANCH SERVICE_AREA AGE_GROUP FORMAT PERIOD }
  enum FeedbackDimension { BRANCH CATEGORY LANGUAGE PERIOD }
  enum ServiceArea { A B C D E F G H I }
  enum AgeGroup { A B C D E }
  enum FeedbackCategory { A B C D E F G H I J }
  input ProgramFilter { branchIds: [ID!] }
  input FeedbackFilter { branchIds: [ID!] submittedFrom: DateTime submittedTo: DateTime }
  type ProgramAggregate { totals: Measures! groups: [ProgramGroup!]! }
  type ProgramGroup { key: ProgramGroupKey! measures: Measures! }
  type ProgramGroupKey { branch: Branch serviceArea: ServiceArea ageGroup: AgeGroup period: String }
  type FeedbackAggregate { totals: Measures! groups: [FeedbackGroup!]! }
  type FeedbackGroup { key: FeedbackGroupKey! measures: Measures! }
  type FeedbackGroupKey { branch: Branch category: FeedbackCategory language: String period: String }
  type Measures { count: Int! }
  type Mutation { createBranch(code: String!): BranchPayload! }
  interface Node { id: ID! }
  type Consortium implements Node { id: ID! branches: [Branch!]! branchIds: [ID!]! }
  type Branch implements Node { id: ID! name: String! programs(first: Int = 20): ProgramConnection! consortium: Consortium! }
  type Program implements Node { id: ID! sessions(first: Int = 20): SessionConnection! registrations(first: Int = 50): RegistrationConnection! tags: [String!]! }
  type Session { id: ID! }
  type Registration { id: ID! }
  type Discussion { id: ID! }
  type Profile { ageBands: [Share!]! }
  type Share { key: String! share: Float! }
  type UserError { message: String! }
  type BranchPayload { branch: Branch userErrors: [UserError!]! }
  type PageInfo { hasNextPage: Boolean! }
  type BranchConnection { edges: [BranchEdge!]! nodes: [Branch!]! pageInfo: PageInfo! totalCount: Int! }
  type BranchEdge { cursor: String! node: Branch! }
  type ProgramConnection { nodes: [Program!]! }
  type SessionConnection { nodes: [Session!]! }
  type RegistrationConnection { nodes: [Registration!]! }
`);

const nodes = (query: string, variables?: Record<string, unknown>, operationName?: string) => operationCost(schema, parse(query), operationName, variables).nodes;

describe('worst-case node count (GitHub rule)', () => {
  test('a connection counts its `first`', () => {
    expect(nodes('{ branches(first: 50) { nodes { id } } }')).toBe(50);
  });

  test('`first` from a variable, from the variable default, or the schema default', () => {
    expect(nodes('query ($n: Int) { branches(first: $n) { nodes { id } } }', { n: 7 })).toBe(7);
    expect(nodes('query ($n: Int = 9) { branches(first: $n) { nodes { id } } }')).toBe(9);
    expect(nodes('{ branches { nodes { id } } }')).toBe(20);
  });

  test('without a default, `first` counts as 100; above 100 it counts as 100 (refused by the subgraph)', () => {
    expect(nodes('{ noDefault { nodes { id } } }')).toBe(100);
    expect(nodes('{ branches(first: 5000) { nodes { id } } }')).toBe(100);
    expect(nodes('{ branches(first: 0) { nodes { id } } }')).toBe(0);
  });

  test('nested connections multiply down the path and add up', () => {
    // 50 branches + 50 × 20 programs + 50 × 20 × 10 sessions
    expect(nodes('{ branches(first: 50) { nodes { programs(first: 20) { nodes { sessions(first: 10) { nodes { id } } } } } } }')).toBe(50 + 1000 + 10000);
    // siblings add up: 10 + 10 × 20 + 10 × 50
    expect(nodes('{ branches(first: 10) { edges { node { programs { nodes { sessions { nodes { id } } registrations { nodes { id } } } } } } } }')).toBe(10 + 200 + 4000 + 10000);
  });

  test('edges and nodes are the page, not another multiplication', () => {
    expect(nodes('{ branches(first: 10) { edges { node { id } } nodes { id } pageInfo { hasNextPage } } }')).toBe(10);
  });

  test('plain lists of objects count their declared size (an undeclared one 100); lists of scalars and plain objects count nothing', () => {
    expect(nodes('{ consortia { id branchIds } }')).toBe(LIST_SIZES['Query.consortia']);
    expect(nodes('{ consortia { branches { id consortium { id } } } }')).toBe(LIST_SIZES['Query.consortia'] * (1 + LIST_SIZES['Consortium.branches']));
    expect(nodes('{ undeclared { id } }')).toBe(UNDECLARED_LIST_SIZE);
    expect(nodes('{ branches(first: 3) { nodes { consortium { branchIds } } } }')).toBe(3);
  });

  test('a list with `first` counts its `first`', () => {
    expect(nodes('{ communityDiscussions(first: 5) { id } }')).toBe(5);
  });

  test('small fixed lists (userErrors, breakdown shares) count nothing', () => {
    expect(nodes('mutation { createBranch(code: "X") { branch { id } userErrors { message } } }')).toBe(0);
    expect(nodes('{ profile { ageBands { key share } } }')).toBe(0);
  });

  test('fragments and inline fragments are counted where they are spread', () => {
    const q = `
      query { branches(first: 4) { nodes { ...B } } node(id: "1") { ... on Branch { programs(first: 3) { nodes { id } } } } }
      fragment B on Branch { programs(first: 5) { nodes { id } } }`;
    expect(nodes(q)).toBe(4 + 4 * 5 + 3);
  });

  test('only the operation asked for is counted; introspection is free', () => {
    const doc = 'query A { branches(first: 2) { nodes { id } } } query B { consortia { id } __schema { types { fields { name } } } }';
    expect(nodes(doc, {}, 'A')).toBe(2);
    expect(nodes(doc, {}, 'B')).toBe(LIST_SIZES['Query.consortia']);
  });

  test('points are nodes / 100, rounded up, at least 1', () => {
    expect([pointsFor(0), pointsFor(1), pointsFor(100), pointsFor(101), pointsFor(50_000)]).toEqual([1, 1, 1, 2, 500]);
    expect(operationCost(schema, parse('{ branches(first: 100) { nodes { programs(first: 100) { nodes { id } } } } }'))).toEqual({ nodes: 10_100, points: 101 });
  });

  test('a fragment is counted once and multiplied where it is spread: 40 doubling fragments are costed in milliseconds', () => {
    const chain = (n: number) =>
      '{ branches(first: 3) { nodes { ...F0 } } } ' +
      Array.from({ length: n }, (_, i) => `fragment F${i} on Branch { ...F${i + 1} ...F${i + 1} }`).join(' ') +
      ` fragment F${n} on Branch { programs(first: 2) { nodes { id } } }`;
    expect(nodes(chain(3))).toBe(3 + 3 * 8 * 2);
    const started = performance.now();
    expect(nodes(chain(40))).toBe(3 + 3 * 2 ** 40 * 2);
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe('aggregates cost the groups they can return', () => {
  const now = new Date('2026-06-15T00:00:00Z');
  const cost = (query: string, variables?: Record<string, unknown>) => operationCost(schema, parse(query), undefined, variables, now).nodes;
  const inScope = LIST_SIZES['Query.consortia'] * LIST_SIZES['Consortium.branches'];

  test('no groupBy: the scan only', () => {
    expect(cost('{ programAggregate { totals { count } groups { measures { count } } } }')).toBe(AGGREGATE_SCAN);
  });

  test('groups are the product of the dimensions: enumerations count their values, BRANCH the branches in scope', () => {
    expect(cost('{ programAggregate(groupBy: [SERVICE_AREA, AGE_GROUP]) { groups { key { serviceArea } } } }')).toBe(AGGREGATE_SCAN + 9 * 5);
    expect(cost('{ programAggregate(groupBy: [BRANCH]) { groups { key { branch { id } } } } }')).toBe(AGGREGATE_SCAN + inScope);
    expect(cost('{ programAggregate(groupBy: [BRANCH], filter: { branchIds: ["a", "b"] }) { groups { key { branch { id } } } } }')).toBe(AGGREGATE_SCAN + 2);
    // under a branch, BRANCH is that one branch; one aggregate per consortium
    expect(cost('{ consortia { branches { id } } }')).toBe(LIST_SIZES['Query.consortia'] * (1 + LIST_SIZES['Consortium.branches']));
    expect(cost('{ feedbackAggregate(groupBy: [CATEGORY, LANGUAGE]) { groups { measures { count } } } }')).toBe(AGGREGATE_SCAN + 10 * 5);
  });

  test('PERIOD counts the buckets of the range at the interval (variables resolved)', () => {
    const q = 'query ($from: DateTime, $to: DateTime, $i: TimeInterval) { programAggregate(groupBy: [PERIOD], from: $from, to: $to, interval: $i) { groups { key { period } } } }';
    expect(cost(q, { from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z', i: 'DAY' })).toBe(AGGREGATE_SCAN + 366);
    expect(cost(q, { from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z', i: 'MONTH' })).toBe(AGGREGATE_SCAN + 13);
    expect(cost(q, { from: '2025-01-01T00:00:00Z', to: '2025-01-08T00:00:00Z', i: 'DAY' })).toBe(AGGREGATE_SCAN + 8);
    // default range: the year up to now
    expect(cost(q, {})).toBe(AGGREGATE_SCAN + 13);
    // feedback: the range is in the filter; by default 10 years (1 with DAY)
    expect(cost('{ feedbackAggregate(groupBy: [PERIOD], interval: YEAR) { groups { key { period } } } }')).toBe(AGGREGATE_SCAN + 11);
    expect(cost('{ feedbackAggregate(groupBy: [PERIOD], interval: DAY) { groups { key { period } } } }')).toBe(AGGREGATE_SCAN + 367);
    expect(cost('{ feedbackAggregate(groupBy: [PERIOD], interval: WEEK, filter: { submittedFrom: "2026-01-01T00:00:00Z", submittedTo: "2026-01-29T00:00:00Z" }) { groups { key { period } } } }')).toBe(AGGREGATE_SCAN + 5);
  });

  test('the analyst attack: 20 aliases of a year by day per branch and service area exceed the node limit', () => {
    const alias = (i: number) => `a${i}: programAggregate(from: "2025-06-01T00:00:00Z", to: "2026-06-01T00:00:00Z", groupBy: [BRANCH, SERVICE_AREA, PERIOD], interval: DAY) { groups { measures { count } } }`;
    const one = AGGREGATE_SCAN + inScope * 9 * 366;
    expect(cost(`{ ${alias(0)} }`)).toBe(one);
    expect(cost(`{ ${Array.from({ length: 20 }, (_, i) => alias(i)).join(' ')} }`)).toBe(20 * one);
    expect(20 * one).toBeGreaterThan(50_000);
  });

  test('bucket counts', () => {
    const d = (s: string) => new Date(s);
    expect(bucketCount(d('2026-01-31T00:00:00Z'), d('2026-02-01T00:00:00Z'), 'MONTH')).toBe(2);
    expect(bucketCount(d('2026-01-01T00:00:00Z'), d('2026-12-31T00:00:00Z'), 'QUARTER')).toBe(5);
    expect(bucketCount(d('2016-06-01T00:00:00Z'), d('2026-06-01T00:00:00Z'), 'YEAR')).toBe(11);
  });
});

describe('declared list sizes', () => {
  test('every plain list of objects in the API is declared (connections, small fixed lists and aggregate groups aside)', () => {
    const api = buildSchema(readFileSync(resolve(__dirname, '../../../../schema/api.graphql'), 'utf8'));
    const undeclared: string[] = [];
    for (const type of Object.values(api.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || type.name.endsWith('Connection') || type.name.endsWith('Aggregate')) continue;
      for (const field of Object.values(type.getFields())) {
        const item = getNamedType(field.type);
        if (!isListType(getNullableType(field.type)) || !isCompositeType(item) || SMALL_LIST_TYPES.has(item.name)) continue;
        if (field.args.some((a) => a.name === 'first')) continue;
        if (LIST_SIZES[`${type.name}.${field.name}`] === undefined) undeclared.push(`${type.name}.${field.name}`);
      }
    }
    expect(undeclared).toEqual([]);
  });
});

describe('costs remembered per document', () => {
  const doc = parse('query Q($n: Int) { branches(first: $n) { nodes { programs(first: 10) { nodes { title } } } } }');
  const day = new Date('2026-03-01T10:00:00Z');

  test('the same document and variables are costed once, and the answer is the computed one', () => {
    const memo = new CostMemo();
    const first = memo.cost(schema, doc, 'Q', { n: 5 }, day);
    expect(first).toEqual(operationCost(schema, doc, 'Q', { n: 5 }, day));
    expect(memo.cost(schema, doc, 'Q', { n: 5 }, day)).toEqual(first);
    expect(memo.hits).toBe(1);
  });

  test('other variables, another day or another document are costed afresh', () => {
    const memo = new CostMemo();
    const five = memo.cost(schema, doc, 'Q', { n: 5 }, day);
    const fifty = memo.cost(schema, doc, 'Q', { n: 50 }, day);
    expect(fifty.nodes).toBeGreaterThan(five.nodes);
    expect(fifty).toEqual(operationCost(schema, doc, 'Q', { n: 50 }, day));
    memo.cost(schema, doc, 'Q', { n: 5 }, new Date('2026-03-02T10:00:00Z'));
    memo.cost(schema, parse('query Q($n: Int) { branches(first: $n) { nodes { programs(first: 10) { nodes { title } } } } }'), 'Q', { n: 5 }, day);
    expect(memo.hits).toBe(0);
  });

  test('an aggregate whose range defaults to "up to now" is costed by its own day', () => {
    const memo = new CostMemo();
    const agg = parse('{ feedbackAggregate(groupBy: [PERIOD], interval: DAY) { groups { measures { count } } } }');
    const a = memo.cost(schema, agg, undefined, undefined, day);
    expect(a).toEqual(operationCost(schema, agg, undefined, undefined, day));
    const later = new Date('2027-03-01T10:00:00Z');
    expect(memo.cost(schema, agg, undefined, undefined, later)).toEqual(operationCost(schema, agg, undefined, undefined, later));
  });
});
