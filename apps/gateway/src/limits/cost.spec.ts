import { buildSchema, parse } from 'graphql';
import { operationCost, pointsFor } from './cost';

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
  }
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

  test('lists of objects without `first` count 100; lists of scalars and plain objects count nothing', () => {
    expect(nodes('{ consortia { id branchIds } }')).toBe(100);
    expect(nodes('{ consortia { branches { id consortium { id } } } }')).toBe(100 + 100 * 100);
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
    expect(nodes(doc, {}, 'B')).toBe(100);
  });

  test('points are nodes / 100, rounded up, at least 1', () => {
    expect([pointsFor(0), pointsFor(1), pointsFor(100), pointsFor(101), pointsFor(50_000)]).toEqual([1, 1, 1, 2, 500]);
    expect(operationCost(schema, parse('{ branches(first: 100) { nodes { programs(first: 100) { nodes { id } } } } }'))).toEqual({ nodes: 10_100, points: 101 });
  });
});
