import type { ClassType } from 'type-graphql';
import { Field, Int, ObjectType } from 'type-graphql';
import { badUserInput } from './errors';
import { PageInfo } from './types';

export const MAX_PAGE_SIZE = 100;

/** `first` on every connection is 1–100 (RULES.md §6). */
export function checkFirst(first: number | null | undefined, fallback = 20, argument = 'first'): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw badUserInput(`\`${argument}\` must be between 1 and ${MAX_PAGE_SIZE}, got ${n}`, { argumentName: argument });
  }
  return n;
}

/** Cursors are opaque: base64url of the sort key's values. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, arity: number, argument = 'after'): unknown[] | null {
  if (cursor === null || cursor === undefined) return null;
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity && values.every((v) => ['string', 'number'].includes(typeof v) || v === null)) {
      return values;
    }
  } catch {
    /* fall through */
  }
  throw badUserInput(`\`${argument}\` is not a cursor of this list`, { argumentName: argument });
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number | Promise<number>;
}

/** Builds a connection from one page of rows fetched with `first + 1` (the extra row tells hasNextPage). */
export function toConnection<T>(
  rows: T[],
  first: number,
  cursorOf: (row: T) => string,
  totalCount: () => Promise<number>,
  hasPreviousPage = false,
): ConnectionShape<T> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: cursorOf(node), node }));
  const pageInfo = Object.assign(new PageInfo(), {
    hasNextPage: rows.length > first,
    hasPreviousPage,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges.at(-1)?.cursor ?? null,
  });
  let counted: Promise<number> | undefined;
  return {
    edges,
    nodes: page,
    pageInfo,
    // Counting costs a query: run it only when the client asks for totalCount.
    get totalCount() {
      counted ??= totalCount();
      return counted;
    },
  };
}

/** The `XConnection` and `XEdge` object types of a node type. */
export function connectionTypes<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, { description: `One ${name} of a page, with the cursor that points at it.` })
  class Edge {
    @Field({ description: `Opaque cursor of this ${name}: pass it as \`after\` to get the items that follow it.` }) cursor: string;
    @Field(() => node, { description: `The ${name}.` }) node: T;
  }
  @ObjectType(`${name}Connection`, {
    description: `One page of ${name} items (at most \`first\`, 1–100, default 20), in the list's documented order, with the cursor to the next page. Only what the caller may see is listed and counted. Cost: each item counts as one node of the operation's cost, and so does everything under it.`,
  })
  class Connection {
    @Field(() => [Edge], { description: 'The page, each item with its cursor (Relay style). `nodes` is the same page without cursors.' }) edges: Edge[];
    @Field(() => [node], { description: 'The page\'s items, in order.' }) nodes: T[];
    @Field(() => PageInfo, { description: 'Whether there is a next page, and the cursors of this one.' }) pageInfo: PageInfo;
    @Field(() => Int, { description: 'How many items the whole list holds for this caller (every page, same filter). Counted by a separate database query, only when asked for.' }) totalCount: number;
  }
  return { Edge, Connection };
}
