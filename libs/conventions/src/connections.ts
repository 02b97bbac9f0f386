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
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field() cursor: string;
    @Field(() => node) node: T;
  }
  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge]) edges: Edge[];
    @Field(() => [node]) nodes: T[];
    @Field(() => PageInfo) pageInfo: PageInfo;
    @Field(() => Int) totalCount: number;
  }
  return { Edge, Connection };
}
