import { InputCheck } from '@ceg/conventions';
import type { EntityManager } from 'typeorm';
import { type Admission, type BatchRunner, RegistrationCombiner } from './registration-batch';
import type { RegistrationRow } from './entities';

const admission = (patronId: string): Admission => ({ patronId, canSee: () => true, check: new InputCheck([]), field: 'sessionId' });

describe('RegistrationCombiner', () => {
  test('callers that arrive together share one transaction; when it fails, each is admitted alone, in arrival order, with its own answer or error', async () => {
    const transactions: number[] = [];
    const alone: string[] = [];
    const runner: BatchRunner = {
      transact: async <T>(_fn: (em: EntityManager) => Promise<T>): Promise<T> => {
        transactions.push(transactions.length);
        throw new Error('duplicate entry (another replica admitted one of them)');
      },
      lockSession: async () => null,
      admitAlone: async (_sessionId, a) => {
        alone.push(a.patronId);
        if (a.patronId === 'p2') throw new Error('database gone');
        return { id: `reg-${a.patronId}`, patronId: a.patronId } as RegistrationRow;
      },
    };
    const combiner = new RegistrationCombiner();
    const results = await Promise.allSettled(['p1', 'p2', 'p3'].map((p) => combiner.admit(runner, 's1', admission(p))));
    expect(transactions).toHaveLength(1); // one transaction for the three
    expect(alone).toEqual(['p1', 'p2', 'p3']);
    expect(results[0]).toEqual({ status: 'fulfilled', value: expect.objectContaining({ id: 'reg-p1' }) });
    expect(results[1]).toEqual({ status: 'rejected', reason: expect.objectContaining({ message: 'database gone' }) });
    expect(results[2]).toEqual({ status: 'fulfilled', value: expect.objectContaining({ id: 'reg-p3' }) });
    expect(combiner.waiting('s1')).toBe(0);
  });

  test('a session that does not exist is NOT_FOUND for every caller of the batch, each in its own user errors', async () => {
    const runner: BatchRunner = {
      transact: (fn) => fn({} as EntityManager),
      lockSession: async () => null,
      admitAlone: async () => {
        throw new Error('not used');
      },
    };
    const combiner = new RegistrationCombiner();
    const a = admission('p1');
    const b = admission('p2');
    const rows = await Promise.all([combiner.admit(runner, 'nope', a), combiner.admit(runner, 'nope', b)]);
    expect(rows).toEqual([null, null]);
    for (const x of [a, b]) expect(x.check.errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['sessionId'] })]);
  });
});
