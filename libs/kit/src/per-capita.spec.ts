import { ANONYMOUS } from '@ceg/auth';
import { subgraphSettings } from '@ceg/config';
import type { Database } from '@ceg/persistence';
import { LoaderCache, type SubgraphContext } from './context';
import { staticDirectory, type Directory } from './directory-client';
import { createLogger } from './logger';
import { perResident, populationOf, populationScopeOf, withPopulationScope } from './per-capita';

const ctxWith = (directory: Directory): SubgraphContext => ({
  viewer: ANONYMOUS, requestId: 'r', db: {} as Database, log: createLogger('unit', 'silent'), loaders: new LoaderCache(), clientAddress: 'x',
  settings: subgraphSettings({}), directory,
});

describe('per-capita layer', () => {
  const ctx = ctxWith(staticDirectory({ branches: ['a', 'b', 'c'], populations: { a: 1000, b: 3000, c: null } }));

  test('the population of a set of branches is the sum of theirs; null when one is missing, unknown or the set is empty', async () => {
    expect(await populationOf(ctx, ['a', 'b'])).toBe(4000);
    expect(await populationOf(ctx, ['a', 'a'])).toBe(1000); // a branch counts once
    expect(await populationOf(ctx, ['a', 'c'])).toBeNull(); // no recorded population: never a guess
    expect(await populationOf(ctx, ['a', 'zz'])).toBeNull(); // no such branch
    expect(await populationOf(ctx, [])).toBeNull();
    expect(await populationOf(ctx, null)).toBeNull();
  });

  test('the libraries subgraph unreachable is SERVICE_UNAVAILABLE, not a null population', async () => {
    await expect(populationOf(ctxWith(staticDirectory({ unavailable: true })), ['a'])).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'libraries' } });
  });

  test('per resident: count × scale / population, null for a null count or population', () => {
    expect(perResident(25, 1000, 1000)).toBe(25);
    expect(perResident(1, 3)).toBe(0.333333);
    expect(perResident(null, 1000)).toBeNull();
    expect(perResident(5, null)).toBeNull();
  });

  test('groups keyed by branch cover their branch; other groups and the totals cover the aggregate\'s branches; the mark survives a copy', () => {
    const groups: { b: string | null }[] = [{ b: 'a' }, { b: null }];
    const agg = withPopulationScope({ groups }, ['a', 'b'], (g: { b: string | null }) => g.b);
    expect(populationScopeOf(agg).branchIds).toEqual(['a', 'b']);
    expect(populationScopeOf(agg.groups[0]).branchIds).toEqual(['a']);
    expect(populationScopeOf(agg.groups[1]).branchIds).toEqual(['a', 'b']);
    expect(populationScopeOf(Object.assign({}, agg)).branchIds).toEqual(['a', 'b']);
    expect(populationScopeOf({}).branchIds).toBeNull();
    expect(JSON.stringify(agg)).toBe('{"groups":[{"b":"a"},{"b":null}]}');
  });
});
