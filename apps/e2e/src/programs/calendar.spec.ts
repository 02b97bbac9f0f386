import ICAL from 'ical.js';
import { TEST_SUBGRAPH_SECRET, type TestGraph } from '@ceg/testing';
import { startGraph } from '../graph';
import { CEN, createProgram, ERRORS, inHours, patron, register, schedule, setStatus, STAFF_CEN } from './helpers';

interface ParsedEvent {
  uid: string;
  summary: string;
  status: string;
  sequence: number;
  start: string;
  end: string;
  location: string | null;
}

/** Parses a feed with ical.js (Mozilla's maintained iCalendar parser): throws on anything that is not RFC 5545. */
function parseFeed(text: string): { name: string | null; events: ParsedEvent[] } {
  const cal = new ICAL.Component(ICAL.parse(text));
  expect(cal.name).toBe('vcalendar');
  expect(cal.getFirstPropertyValue('version')).toBe('2.0');
  const events = cal.getAllSubcomponents('vevent').map((c) => {
    const e = new ICAL.Event(c);
    return {
      uid: e.uid,
      summary: e.summary,
      status: String(c.getFirstPropertyValue('status')),
      sequence: e.sequence,
      start: e.startDate.toJSDate().toISOString(),
      end: e.endDate.toJSDate().toISOString(),
      location: e.location ?? null,
    };
  });
  return { name: (cal.getFirstPropertyValue('x-wr-calname') as string | null) ?? null, events };
}

/** iCalendar feeds per branch, per program and per patron, through the gateway. */
describe('programs: calendar feeds', () => {
  let graph: TestGraph;
  let origin: string;
  beforeAll(async () => {
    graph = await startGraph({ only: ['libraries', 'programs'], demoData: ['libraries'] });
    origin = new URL(graph.url).origin;
  });
  afterAll(() => graph?.stop());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${origin}${path}`, { headers });

  async function feed(path: string) {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = await res.text();
    return { text, ...parseFeed(text) };
  }

  test('a program feed parses, has one event per session with stable UIDs, and updates (not duplicates) a changed session', async () => {
    const p = await createProgram(graph, { title: 'Calendar storytime', description: 'Stories, songs; and rhymes,\nfor everyone.' });
    const draft = await graph.data(`query($id: ID!) { program(id: $id) { calendarUrl } }`, { id: p.id }, { as: STAFF_CEN });
    expect(draft.program.calendarUrl).toBeNull();
    expect((await get(`/calendar/programs/${p.id}.ics`)).status).toBe(404);
    await setStatus(graph, p.id, 'PUBLISHED');
    const series = (await graph.data(
      `mutation($input: CreateSessionSeriesInput!) { createSessionSeries(input: $input) { series { id sessions { nodes { id } } } ${ERRORS} } }`,
      { input: { programId: p.id, startsAt: inHours(30), endsAt: inHours(31), recurrence: 'FREQ=WEEKLY;COUNT=3', location: 'Story room', capacity: 10 } },
      { as: STAFF_CEN },
    )).createSessionSeries;
    expect(series.userErrors).toEqual([]);
    const single = await schedule(graph, p.id, { startsAt: inHours(5), endsAt: inHours(6), location: 'Hall, east; room 2' });
    const sessionIds = [single.id, ...series.series.sessions.nodes.map((n: any) => n.id)];

    const data = await graph.data(`query($id: ID!) { program(id: $id) { calendarUrl } }`, { id: p.id });
    expect(data.program.calendarUrl).toBe(`/calendar/programs/${p.id}.ics`);
    const first = await feed(data.program.calendarUrl);
    expect(first.name).toBe('Calendar storytime');
    expect(first.events).toHaveLength(4);
    expect(first.events.map((e) => e.uid)).toEqual(sessionIds.map((id) => `session-${id}@programs.community-engagement-graph`));
    // iCalendar times have whole seconds.
    const second = (iso: string) => new Date(Math.floor(new Date(iso).getTime() / 1000) * 1000).toISOString();
    expect(first.events[0]).toMatchObject({ summary: 'Calendar storytime', status: 'CONFIRMED', location: 'Hall, east; room 2', start: second(single.startsAt), end: second(single.endsAt) });

    // Regenerated with nothing changed: the same UIDs, the same bytes.
    const again = await feed(data.program.calendarUrl);
    expect(again.text).toBe(first.text);

    // A cancelled occurrence keeps its UID, becomes CANCELLED, and its SEQUENCE grows.
    await new Promise((r) => setTimeout(r, 1100));
    const cancel = await graph.data(`mutation($id: ID!) { cancelSession(sessionId: $id) { session { status } ${ERRORS} } }`, { id: sessionIds[2] }, { as: STAFF_CEN });
    expect(cancel.cancelSession.userErrors).toEqual([]);
    const after = await feed(data.program.calendarUrl);
    expect(after.events.map((e) => e.uid)).toEqual(first.events.map((e) => e.uid));
    expect(after.events[2].status).toBe('CANCELLED');
    expect(after.events[2].sequence).toBeGreaterThan(first.events[2].sequence);
    expect(after.events.filter((_, i) => i !== 2)).toEqual(first.events.filter((_, i) => i !== 2));
  });

  test('a branch feed lists only published programs; Branch.calendarUrl links it', async () => {
    const pub = await createProgram(graph, { title: 'Branch feed published' });
    await setStatus(graph, pub.id, 'PUBLISHED');
    const s = await schedule(graph, pub.id, { startsAt: inHours(12), endsAt: inHours(13) });
    const hidden = await createProgram(graph, { title: 'Branch feed draft' });
    const h = await schedule(graph, hidden.id, { startsAt: inHours(14), endsAt: inHours(15) });
    const data = await graph.data(`query($id: ID!) { branch(id: $id) { calendarUrl } }`, { id: CEN.id });
    expect(data.branch.calendarUrl).toBe(`/calendar/branches/${CEN.id}.ics`);
    const { events } = await feed(data.branch.calendarUrl);
    const uids = events.map((e) => e.uid);
    expect(uids).toContain(`session-${s.id}@programs.community-engagement-graph`);
    expect(uids).not.toContain(`session-${h.id}@programs.community-engagement-graph`);
    expect(new Set(uids).size).toBe(uids.length);
    expect((await get('/calendar/branches/not%20an%20id.ics')).status).toBe(404);
    expect((await get(`/calendar/branches/${CEN.id}.json`)).status).toBe(404);
    expect((await get('/calendar/nothing-here')).status).toBe(404);
  });

  test("a patron's feed needs their signed link: their sessions only, waitlisted as TENTATIVE; a forged or altered link is 404", async () => {
    const p = await createProgram(graph, { title: 'Patron feed program' });
    await setStatus(graph, p.id, 'PUBLISHED');
    const a = await schedule(graph, p.id, { startsAt: inHours(20), endsAt: inHours(21), capacity: 1 });
    const b = await schedule(graph, p.id, { startsAt: inHours(44), endsAt: inHours(45) });
    await register(graph, a.id, 'feed-other');
    await register(graph, a.id, 'feed-me');
    await register(graph, b.id, 'feed-me');

    const q = '{ myCalendarUrl }';
    expect((await graph.data(q)).myCalendarUrl).toBeNull();
    expect((await graph.data(q, {}, { as: STAFF_CEN })).myCalendarUrl).toBeNull();
    const url: string = (await graph.data(q, {}, { as: patron('feed-me') })).myCalendarUrl;
    expect(url).toMatch(/^\/calendar\/patrons\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}\.ics$/);
    expect((await graph.data(q, {}, { as: patron('feed-me') })).myCalendarUrl).toBe(url);
    const otherUrl: string = (await graph.data(q, {}, { as: patron('feed-other') })).myCalendarUrl;
    expect(otherUrl).not.toBe(url);

    const mine = await feed(url);
    expect(mine.events.map((e) => [e.uid, e.status])).toEqual([
      [`session-${a.id}@programs.community-engagement-graph`, 'TENTATIVE'],
      [`session-${b.id}@programs.community-engagement-graph`, 'CONFIRMED'],
    ]);
    expect((await feed(otherUrl)).events.map((e) => e.uid)).toEqual([`session-${a.id}@programs.community-engagement-graph`]);

    // The other patron's name with my signature, or my name with a changed signature: nothing.
    const [, token] = url.match(/^\/calendar\/patrons\/(.+)\.ics$/)!;
    const [, sig] = token.split('.');
    const forged = `${Buffer.from('feed-other').toString('base64url')}.${sig}`;
    expect((await get(`/calendar/patrons/${forged}.ics`)).status).toBe(404);
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect((await get(`/calendar/patrons/${flipped}.ics`)).status).toBe(404);
    expect((await get(`/calendar/patrons/${Buffer.from('feed-me').toString('base64url')}.ics`)).status).toBe(404);
  });

  test('the programs subgraph serves feeds only to the gateway', async () => {
    const sub = new URL(graph.subgraph('programs').url).origin;
    expect((await fetch(`${sub}/calendar/branches/${CEN.id}.ics`)).status).toBe(403);
    expect((await fetch(`${sub}/calendar/branches/${CEN.id}.ics`, { headers: { 'x-subgraph-secret': 'wrong' } })).status).toBe(403);
    expect((await fetch(`${sub}/calendar/branches/${CEN.id}.ics`, { headers: { 'x-subgraph-secret': TEST_SUBGRAPH_SECRET } })).status).toBe(200);
  });
});
