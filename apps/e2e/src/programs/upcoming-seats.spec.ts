import type { TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { createProgram, inHours, register, schedule, setStatus } from './helpers';

/** Branch.upcomingSessions(hasSeats:): the branch page's "sessions you can still join", by branch code rather than branch ids. */
describe('upcoming sessions of a branch, by seats', () => {
  let graph: TestGraph;
  let full: string;
  let open: string;
  let unlimited: string;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'programs'], demoData: ['libraries'] });
    const p = await createProgram(graph, { title: 'Seats test' });
    await setStatus(graph, p.id, 'PUBLISHED');
    full = (await schedule(graph, p.id, { capacity: 1, startsAt: inHours(30), endsAt: inHours(31) })).id;
    open = (await schedule(graph, p.id, { capacity: 5, startsAt: inHours(40), endsAt: inHours(41) })).id;
    unlimited = (await schedule(graph, p.id, { capacity: null, startsAt: inHours(50), endsAt: inHours(51) })).id;
    await register(graph, full, 'seats-patron-1');
  }, 120_000);
  afterAll(() => graph?.stop());

  const upcoming = async (hasSeats?: boolean) => {
    const data = await graph.data(
      `query($hasSeats: Boolean) { branch(code: "RVL-CEN") { upcomingSessions(first: 50, hasSeats: $hasSeats) { totalCount nodes { id seatsAvailable } } } }`,
      { hasSeats },
    );
    return data.branch.upcomingSessions;
  };

  test('hasSeats: true lists the sessions with seats left or no limit, soonest first', async () => {
    const page = await upcoming(true);
    expect(page.nodes.map((n: any) => n.id)).toEqual([open, unlimited]);
    expect(page.totalCount).toBe(2);
  });

  test('hasSeats: false lists the full ones', async () => {
    const page = await upcoming(false);
    expect(page.nodes).toEqual([{ id: full, seatsAvailable: 0 }]);
  });

  test('without hasSeats every upcoming session is listed', async () => {
    const page = await upcoming();
    expect(page.nodes.map((n: any) => n.id)).toEqual([full, open, unlimited]);
  });
});
