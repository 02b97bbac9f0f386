import type { TestGraph } from '@ceg/testing';

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

/** A raw HTTP call to the gateway's /graphql, for what graph.query cannot send (GET, other content types, batches). */
export async function raw(graph: TestGraph, init: { method?: string; search?: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  const res = await fetch(graph.url + (init.search ?? ''), { method: init.method ?? 'POST', headers: init.headers, body: init.body });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

export const codes = (body: { errors?: { extensions?: Record<string, unknown> }[] } | undefined) => (body?.errors ?? []).map((e) => e.extensions?.code);

/** `{ __type(name: "Query") { ofType { ofType … { name } } } }`: a chain of `depth` fields that costs nothing and resolves at once. */
export function depthQuery(depth: number): string {
  let inner = 'name';
  for (let i = 0; i < depth - 2; i++) inner = `ofType { ${inner} }`;
  return `{ __type(name: "Query") { ${inner} } }`;
}

/** A document of exactly `tokens` lexical tokens: the operation Main plus small named operations. */
export function tokensDocument(tokens: number): string {
  const extra = tokens % 5;
  const main = `query Main { ${Array(1 + extra).fill('__typename').join(' ')} }`; // 5 + extra tokens
  const others = Array.from({ length: (tokens - 5 - extra) / 5 }, (_, i) => `query O${i} { __typename }`);
  return [main, ...others].join('\n');
}

export const repeat = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(' ');
