/**
 * What every CSV import takes besides its file, checked one way: the time
 * zone of its wall-clock times (when the import has one), the mapping from
 * the values of the file's branch column to branches (their form first,
 * then, once the rest is valid, their existence, asked of the libraries
 * subgraph), and the line offset of a batch.
 */
import { InputCheck, isTimeZone, UserErrorCode } from '@ceg/conventions';
import type { SubgraphContext } from './context';
import { ReferenceCheck } from './directory-client';

/** One value of the file's branch column (or geography) and the branch it stands for. */
export interface SourceBranch {
  source: string;
  branchId: string;
}

export interface ImportInputSpec {
  /** The mapping entries and the input field that holds them, e.g. `branches`, `geographies`. */
  entries: readonly SourceBranch[];
  field: string;
  /** At most this many entries (more: INVALID, and only the first `max` are read). */
  max: number;
  /** What an entry is called in the message, e.g. "branches". */
  noun: string;
  timeZone?: string;
  lineOffset?: number | null;
}

/**
 * Adds every problem of the input to `check` (after whatever the caller
 * checked before). Returns the mapping (value in lower case → branch id) and
 * the line offset, or null when `check` holds errors.
 */
export async function checkImportInput(ctx: SubgraphContext, check: InputCheck, spec: ImportInputSpec): Promise<{ branches: Map<string, string>; lineOffset: number } | null> {
  if (spec.timeZone !== undefined && !isTimeZone(spec.timeZone)) {
    check.fail('timeZone', UserErrorCode.INVALID, `"${spec.timeZone.slice(0, 60)}" is not an IANA time zone such as America/Los_Angeles`);
  }
  if (spec.entries.length > spec.max) check.fail(spec.field, UserErrorCode.INVALID, `at most ${spec.max} ${spec.noun}`);
  // The branches are the libraries subgraph's: their form now, their existence once the rest is valid.
  const refs = new ReferenceCheck(ctx, check);
  const branches = new Map<string, string>();
  spec.entries.slice(0, spec.max).forEach((e, i) => {
    const source = check.text([spec.field, i, 'source'], e.source, { required: true, max: 200 });
    const branchId = refs.branch([spec.field, String(i), 'branchId'], e.branchId);
    if (source && branchId) branches.set(source.toLowerCase(), branchId);
  });
  const lineOffset = check.int('lineOffset', spec.lineOffset ?? 0, { min: 0, max: 100_000_000 }) ?? 0;
  if (!check.ok) return null;
  await refs.verify();
  return check.ok ? { branches, lineOffset } : null;
}
