import type { Express, NextFunction, Request, Response } from 'express';
import { type ExportParams, STORED_OPERATIONS, type StoredOperation } from './operations';
import { toCsv, toXlsx } from './writers';

/** What running one operation through the gateway's GraphQL pipeline answers. */
export interface PipelineResult {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[]; extensions?: Record<string, unknown> };
}

export type RunOperation = (req: Request, op: { query: string; operationName: string; variables: Record<string, unknown> }) => Promise<PipelineResult>;

const FORMATS = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

const PARAMS = ['branch', 'system', 'consortium', 'from', 'to', 'groupBy', 'interval', 'year', 'peerGroup'];

/** HTTP status of an answer with errors, by the first error's code. */
const STATUS_OF: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  GRAPHQL_PARSE_FAILED: 400,
  OPERATION_LIMIT: 400,
  COST_LIMIT: 400,
  THROTTLED: 429,
  SERVICE_UNAVAILABLE: 503,
};

class ExportInputError extends Error {
  constructor(message: string, readonly argumentName: string) {
    super(message);
  }
}

const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;

/** The query string of an export, checked: exactly one of branch/system/consortium, calendar days, known dimensions. */
export function exportParams(op: StoredOperation, query: Record<string, unknown>, now = new Date()): ExportParams {
  for (const k of Object.keys(query)) {
    if (!PARAMS.includes(k)) throw new ExportInputError(`Unknown parameter \`${k}\`; an export takes ${['branch', 'system', 'consortium', 'from', 'to', ...op.accepts].join(', ')}`, k);
    if (typeof query[k] !== 'string') throw new ExportInputError(`\`${k}\` is given more than once`, k);
    if (!['branch', 'system', 'consortium', 'from', 'to'].includes(k) && !op.accepts.includes(k as never)) throw new ExportInputError(`\`${k}\` does not apply to ${op.name}`, k);
  }
  const q = query as Record<string, string | undefined>;
  const scopes = (['branch', 'system', 'consortium'] as const).filter((k) => q[k] !== undefined && q[k] !== '');
  if (scopes.length !== 1) throw new ExportInputError('Give exactly one of `branch`, `system` or `consortium` (a code, e.g. branch=RVL-CEN)', 'branch');
  if (op.scopes && !op.scopes.includes(scopes[0])) throw new ExportInputError(`${op.name} takes ${op.scopes.join(' or ')}`, scopes[0]);
  const lastYear = now.getUTCFullYear() - 1;
  const from = q.from ?? `${lastYear}-01-01`;
  const to = q.to ?? `${lastYear}-12-31`;
  if (!isDay(from)) throw new ExportInputError('`from` must be a calendar day YYYY-MM-DD', 'from');
  if (!isDay(to)) throw new ExportInputError('`to` must be a calendar day YYYY-MM-DD', 'to');
  if (to < from) throw new ExportInputError('`to` must not be before `from`', 'to');
  const groupBy = q.groupBy ? q.groupBy.split(',').map((d) => d.trim().toUpperCase()).filter(Boolean) : [];
  for (const d of groupBy) if (!op.dimensions?.includes(d)) throw new ExportInputError(`\`groupBy\`: ${d} is not one of ${(op.dimensions ?? []).join(', ')}`, 'groupBy');
  if (new Set(groupBy).size !== groupBy.length) throw new ExportInputError('`groupBy` names a dimension twice', 'groupBy');
  let year: number | null = null;
  if (q.year !== undefined) {
    if (!/^\d{4}$/.test(q.year)) throw new ExportInputError('`year` must be a year, e.g. 2024', 'year');
    year = Number(q.year);
  }
  return { scope: { kind: scopes[0], code: q[scopes[0]]! }, from, to, groupBy, interval: q.interval ? q.interval.toUpperCase() : null, year, peerGroup: q.peerGroup || null };
}

const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');

/**
 * `GET /export` (the list of stored operations and their parameters) and
 * `GET /export/<operation>.csv|xlsx?branch=…&from=…&to=…`: runs the stored
 * operation through the gateway's own GraphQL pipeline with the caller's
 * token and answers a file, or the API's errors as JSON with a matching
 * HTTP status. Never a partial file: any error answers no file at all.
 */
export function mountExport(app: Express, authenticate: (req: Request, res: Response, next: NextFunction) => unknown, run: RunOperation): void {
  app.get('/export', (_req, res) => {
    res.json({
      formats: Object.keys(FORMATS),
      parameters: {
        branch: 'a branch code (give exactly one of branch, system, consortium)',
        system: 'a library system code',
        consortium: 'a consortium code',
        from: 'first day, YYYY-MM-DD (default: 1 January of last year)',
        to: 'last day, YYYY-MM-DD, inclusive (default: 31 December of last year)',
        groupBy: 'aggregates: dimensions, comma-separated (at most 3)',
        interval: 'aggregates grouped by PERIOD: DAY, WEEK, MONTH, QUARTER or YEAR',
        year: 'representation-gaps: the community profile\'s year',
        peerGroup: 'peer-comparison: a named peer group\'s id (default: the branch\'s population band)',
      },
      operations: [...STORED_OPERATIONS.values()].map((o) => ({
        name: o.name, title: o.title, operationName: o.operationName, accepts: o.accepts, dimensions: o.dimensions ?? [], document: o.document,
        csv: `/export/${o.name}.csv`, xlsx: `/export/${o.name}.xlsx`,
      })),
    });
  });

  app.get('/export/:file', authenticate, async (req, res, next) => {
    try {
      const match = /^([a-z-]+)\.(csv|xlsx)$/.exec(String(req.params.file));
      const op = match ? STORED_OPERATIONS.get(match[1]) : undefined;
      if (!match || !op) {
        res.status(404).json({ errors: [{ message: `No export ${String(req.params.file)}; GET /export lists them`, extensions: { code: 'NOT_FOUND' } }] });
        return;
      }
      const format = match[2] as keyof typeof FORMATS;
      let params: ExportParams;
      try {
        params = exportParams(op, req.query as Record<string, unknown>);
      } catch (e) {
        if (!(e instanceof ExportInputError)) throw e;
        res.status(400).json({ errors: [{ message: e.message, extensions: { code: 'BAD_USER_INPUT', argumentName: e.argumentName } }] });
        return;
      }
      if (op.lookupBranchId && params.scope.kind === 'branch') {
        const found = await run(req, { query: 'query ExportBranchId($code: String!) { branch(code: $code) { id } }', operationName: 'ExportBranchId', variables: { code: params.scope.code } });
        const id = (found.body.data?.branch as { id?: string } | null | undefined)?.id;
        if (found.body.errors?.length || found.status !== 200) {
          res.status(found.status !== 200 ? found.status : 502).json({ errors: found.body.errors });
          return;
        }
        if (!id) {
          res.status(404).json({ errors: [{ message: `No branch with code ${params.scope.code}`, extensions: { code: 'NOT_FOUND', argumentName: 'branch' } }] });
          return;
        }
        params.branchId = id;
      }
      const result = await run(req, { query: op.document, operationName: op.operationName, variables: op.variables(params) });
      const errors = result.body.errors ?? [];
      if (errors.length || result.status !== 200) {
        const code = String(errors[0]?.extensions?.code ?? '');
        res.status(result.status !== 200 ? result.status : (STATUS_OF[code] ?? 502)).json({ errors, extensions: result.body.extensions });
        return;
      }
      const data = result.body.data ?? {};
      if ((data.branch ?? data.librarySystem ?? data.consortium ?? data.plsProgramReport ?? null) === null) {
        res.status(404).json({ errors: [{ message: `No ${params.scope.kind} with code ${params.scope.code}`, extensions: { code: 'NOT_FOUND', argumentName: params.scope.kind } }] });
        return;
      }
      const table = op.table(data, params);
      const about = {
        operation: op.operationName,
        [params.scope.kind]: params.scope.code,
        from: params.from,
        to: params.to,
        ...(params.groupBy.length ? { groupBy: params.groupBy.join(',') } : {}),
        ...(params.interval ? { interval: params.interval } : {}),
        ...(params.year !== null ? { year: String(params.year) } : {}),
        generatedAt: new Date().toISOString(),
      };
      const body = format === 'csv' ? toCsv(table) : await toXlsx(table, about);
      const cost = (result.body.extensions?.cost as { requestedQueryCost?: number } | undefined)?.requestedQueryCost;
      res.status(200)
        .type(FORMATS[format])
        .set('content-disposition', `attachment; filename="${safeName(`${op.name}_${params.scope.kind}-${params.scope.code}_${params.from}_${params.to}`)}.${format}"`)
        .set('cache-control', 'no-store');
      if (cost !== undefined) res.set('x-query-cost', String(cost));
      res.send(body);
    } catch (e) {
      next(e);
    }
  });
}
