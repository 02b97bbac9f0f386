import { ANONYMOUS } from '@ceg/auth';
import { subgraphSettings } from '@ceg/config';
import { InputCheck } from '@ceg/conventions';
import type { Database } from '@ceg/persistence';
import { LoaderCache, type SubgraphContext } from './context';
import type { DirectoryClient } from './directory-client';
import { checkImportInput } from './import-input';
import { createLogger } from './logger';

const KNOWN = '3f2b8c1e-4d5a-4e6f-9a7b-1c2d3e4f5a6b';
const UNKNOWN = '9a7b1c2d-3e4f-4a6b-8c1e-4d5a3f2b8c1e';

/** A context whose directory knows one branch and counts what it is asked. */
function context() {
  const asked: string[] = [];
  const directory = { branch: async (_ctx: unknown, id: string) => (asked.push(id), id === KNOWN ? { id, servicePopulation: 1000 } : null) } as unknown as DirectoryClient;
  const ctx: SubgraphContext = {
    viewer: ANONYMOUS, requestId: 'r', db: {} as Database, log: createLogger('unit', 'silent'), loaders: new LoaderCache(), clientAddress: 'x',
    settings: subgraphSettings({}), directory,
  };
  return { ctx, asked };
}

describe('checkImportInput', () => {
  test('maps each value (without case) to its branch, after asking the owner, with the line offset', async () => {
    const { ctx, asked } = context();
    const check = new InputCheck();
    const got = await checkImportInput(ctx, check, { entries: [{ source: ' Central Library ', branchId: KNOWN.toUpperCase() }], field: 'branches', max: 100, noun: 'branches', timeZone: 'America/Los_Angeles', lineOffset: 40 });
    expect(check.errors).toEqual([]);
    expect(got).toEqual({ branches: new Map([['central library', KNOWN]]), lineOffset: 40 });
    expect(asked).toEqual([KNOWN]);
  });

  test('a bad time zone, too many entries, a malformed id and a bad offset are all reported, and the owner is not asked', async () => {
    const { ctx, asked } = context();
    const check = new InputCheck();
    const entries = [{ source: 'A', branchId: 'not-an-id' }, { source: 'B', branchId: KNOWN }, { source: 'C', branchId: KNOWN }];
    expect(await checkImportInput(ctx, check, { entries, field: 'geographies', max: 2, noun: 'geographies', timeZone: 'Mars/Olympus', lineOffset: -1 })).toBeNull();
    expect(check.errors.map((e) => [e.field?.join('.'), e.code])).toEqual([
      ['input.timeZone', 'INVALID'], ['input.geographies', 'INVALID'], ['input.geographies.0.branchId', 'INVALID'], ['input.lineOffset', 'INVALID'],
    ]);
    expect(check.errors[1].message).toBe('at most 2 geographies');
    expect(asked).toEqual([]);
  });

  test('a branch its owner does not know is NOT_FOUND on its entry', async () => {
    const { ctx } = context();
    const check = new InputCheck();
    expect(await checkImportInput(ctx, check, { entries: [{ source: 'A', branchId: KNOWN }, { source: 'B', branchId: UNKNOWN }], field: 'branches', max: 100, noun: 'branches' })).toBeNull();
    expect(check.errors.map((e) => [e.field?.join('.'), e.code])).toEqual([['input.branches.1.branchId', 'NOT_FOUND']]);
  });
});
