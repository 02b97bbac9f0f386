import { Semaphore } from './bounds';

describe('the bulkhead semaphore', () => {
  test('tryAcquire refuses at once when every slot is taken', () => {
    const s = new Semaphore(2);
    expect(s.tryAcquire()).toBe(true);
    expect(s.tryAcquire()).toBe(true);
    expect(s.tryAcquire()).toBe(false);
    s.release();
    expect(s.tryAcquire()).toBe(true);
  });

  test('acquire waits in a bounded queue; released slots go to the waiters first come, first served', async () => {
    const s = new Semaphore(1);
    expect(s.acquire(2, 1000)).toBe(true);
    const order: string[] = [];
    const a = (s.acquire(2, 1000) as Promise<boolean>).then((ok) => order.push(`a:${ok}`));
    const b = (s.acquire(2, 1000) as Promise<boolean>).then((ok) => order.push(`b:${ok}`));
    expect(s.queued).toBe(2);
    expect(s.acquire(2, 1000)).toBe(false); // the queue is full
    expect(s.tryAcquire()).toBe(false); // nobody jumps the queue
    s.release();
    await a;
    expect(s.inFlight).toBe(1); // the slot passed to the first waiter
    s.release();
    await b;
    expect(order).toEqual(['a:true', 'b:true']);
    s.release();
    expect(s.inFlight).toBe(0);
  });

  test('a waiter that gets no slot within the wait is refused and leaves the queue', async () => {
    const s = new Semaphore(1);
    s.tryAcquire();
    const started = Date.now();
    expect(await s.acquire(5, 80)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
    expect(s.queued).toBe(0);
    expect(s.acquire(0, 1000)).toBe(false); // no queue at all: refused at once
    s.release();
    expect(s.inFlight).toBe(0);
  });
});
