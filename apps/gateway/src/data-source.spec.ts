import { DeadlineExceeded, deadlineError, OperationDeadlines } from './data-source';

describe('operation deadlines', () => {
  test('an operation\'s signal aborts when its deadline passes', async () => {
    const deadlines = new OperationDeadlines(50);
    const key = deadlines.start();
    const signal = deadlines.signal(key)!;
    expect(signal.aborted).toBe(false);
    await new Promise((r) => setTimeout(r, 120));
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(DeadlineExceeded);
    deadlines.finish(key);
    expect(deadlines.size).toBe(0);
  });

  test('a finished operation\'s clock stops and is forgotten', async () => {
    const deadlines = new OperationDeadlines(50);
    const key = deadlines.start();
    const signal = deadlines.signal(key)!;
    deadlines.finish(key);
    await new Promise((r) => setTimeout(r, 120));
    expect(signal.aborted).toBe(false);
    expect(deadlines.signal(key)).toBeUndefined();
    expect(deadlines.size).toBe(0);
  });

  test('the error names the deadline', () => {
    expect(deadlineError(15_000).message).toMatch(/deadline of 15 s/);
    expect(deadlineError(15_000).extensions.code).toBe('DEADLINE_EXCEEDED');
  });
});
