import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Express, Request, Response } from 'express';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { Database } from '@ceg/persistence';
import { isId } from '@ceg/conventions';
import type { BackgroundContext } from '@ceg/kit';
import { ProgramStatus, RegistrationStatus, SessionStatus } from './domain';
import { ProgramRow, RegistrationRow, SessionRow } from './entities';

/**
 * iCalendar (RFC 5545) feeds of sessions, for "add to calendar" and for
 * calendar apps that subscribe to a URL:
 *
 * - `/calendar/branches/<branchId>.ics`: the sessions of a branch's PUBLISHED programs;
 * - `/calendar/programs/<programId>.ics`: the sessions of one PUBLISHED program;
 * - `/calendar/patrons/<token>.ics`: the sessions a patron is registered for.
 *   The token is the patron's `sub` signed with a key derived from
 *   SUBGRAPH_SECRET (HMAC-SHA256): unguessable, not enumerable, and nothing
 *   in it but the pseudonymous `sub` the patron already has in their token.
 *
 * The programs subgraph serves them to the gateway only (`x-subgraph-secret`);
 * the gateway forwards GET /calendar/… to it. Every session is one VEVENT whose
 * UID is derived from the session id alone, so a regenerated feed updates the
 * events a calendar app already has instead of duplicating them; SEQUENCE and
 * LAST-MODIFIED follow the session's changes, and a cancelled session stays in
 * the feed as STATUS:CANCELLED so apps remove it.
 */

export const CALENDAR_PATH = '/calendar';
/** Sessions a feed covers: from this many days back … */
const PAST_DAYS = 90;
/** … to this many days ahead. */
const FUTURE_DAYS = 400;
/** Events one feed holds at most (the soonest first). */
export const MAX_FEED_EVENTS = 2000;
const DAY_MS = 86_400_000;
const UID_DOMAIN = 'programs.community-engagement-graph';

export const sessionUid = (sessionId: string) => `session-${sessionId}@${UID_DOMAIN}`;

/** Purpose of the key of patron feed tokens (the kit derives it from SUBGRAPH_SECRET: rotating the secret voids every patron link). */
export const CALENDAR_KEY_PURPOSE = 'ceg-calendar-feeds-v1';
export const calendarKey = (subgraphSecret: string) => createHmac('sha256', subgraphSecret).update(CALENDAR_KEY_PURPOSE).digest();

/** A patron's feed token: base64url(sub) + "." + base64url(HMAC-SHA256(key, "patron:" + sub)). */
export function patronFeedToken(key: Buffer, sub: string): string {
  const body = Buffer.from(sub, 'utf8').toString('base64url');
  return `${body}.${createHmac('sha256', key).update(`patron:${sub}`).digest('base64url')}`;
}

export function readPatronFeedToken(key: Buffer, token: string): string | null {
  if (token.length > 600) return null;
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined) return null;
  const sub = Buffer.from(body, 'base64url').toString('utf8');
  if (!sub || Buffer.from(sub, 'utf8').toString('base64url') !== body) return null;
  const expected = Buffer.from(createHmac('sha256', key).update(`patron:${sub}`).digest('base64url'));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected) ? sub : null;
}

/** Paths of the feeds, relative to the gateway's origin (the same origin as /graphql). */
export const calendarPaths = {
  branch: (id: string) => `${CALENDAR_PATH}/branches/${id}.ics`,
  program: (id: string) => `${CALENDAR_PATH}/programs/${id}.ics`,
  patron: (token: string) => `${CALENDAR_PATH}/patrons/${token}.ics`,
};

interface FeedEvent {
  session: SessionRow;
  program: ProgramRow;
  /** For a patron's feed: their registration's status. */
  registration?: string;
}

function secretMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Sessions in the feed window with their programs, soonest first, narrowed by `where`. */
async function feedRows(db: Database, where: (qb: ReturnType<Database['manager']['createQueryBuilder']>) => void): Promise<FeedEvent[]> {
  const now = Date.now();
  const qb = db.manager.createQueryBuilder(SessionRow, 's')
    .innerJoin(ProgramRow, 'p', 'p.id = s.programId')
    .where('s.startsAt >= :calFrom AND s.startsAt < :calTo', { calFrom: new Date(now - PAST_DAYS * DAY_MS), calTo: new Date(now + FUTURE_DAYS * DAY_MS) });
  where(qb);
  const sessions = await qb.orderBy('s.startsAt', 'ASC').addOrderBy('s.id', 'ASC').limit(MAX_FEED_EVENTS).getMany();
  const ids = [...new Set(sessions.map((s) => s.programId))];
  const programs = ids.length ? await db.manager.createQueryBuilder(ProgramRow, 'p').where('p.id IN (:...ids)', { ids }).getMany() : [];
  const byId = new Map(programs.map((p) => [p.id, p]));
  return sessions.map((session) => ({ session, program: byId.get(session.programId)! }));
}

/** One VCALENDAR with a VEVENT per session. Byte-for-byte the same for the same data. */
export function renderFeed(name: string, events: FeedEvent[]): string {
  const cal = ical({ name, prodId: { company: 'Community engagement graph', product: 'Library programs', language: 'EN' }, method: ICalCalendarMethod.PUBLISH, ttl: 3600 });
  for (const { session: s, program: p, registration } of events) {
    const cancelled = s.status === SessionStatus.CANCELLED || registration === RegistrationStatus.CANCELLED;
    const status = cancelled ? ICalEventStatus.CANCELLED : registration === RegistrationStatus.WAITLISTED ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED;
    const changed = Math.max(s.updatedAt.getTime(), p.updatedAt.getTime());
    cal.createEvent({
      id: sessionUid(s.id),
      // Grows with every change of the session or its program, as RFC 5545 asks of SEQUENCE.
      sequence: Math.max(0, Math.floor((changed - s.createdAt.getTime()) / 1000)),
      start: s.startsAt,
      end: s.endsAt,
      stamp: new Date(changed),
      lastModified: new Date(changed),
      created: s.createdAt,
      summary: registration === RegistrationStatus.WAITLISTED ? `${p.title} (waitlisted)` : p.title,
      description: p.description.length > 2000 ? `${p.description.slice(0, 1999)}…` : p.description,
      location: s.location,
      status,
    });
  }
  return cal.toString();
}

function send(res: Response, body: string, filename: string): void {
  res.setHeader('content-type', 'text/calendar; charset=utf-8');
  res.setHeader('content-disposition', `inline; filename="${filename}"`);
  res.setHeader('cache-control', 'private, max-age=300');
  res.send(body);
}

const notFound = (res: Response) => res.status(404).type('text/plain').send('No such calendar');

/**
 * The feed routes, for the programs subgraph. Only PUBLISHED programs appear
 * in branch and program feeds (what anyone may read); a patron's feed shows
 * every registration of theirs, as `myRegistrations` does.
 */
export function calendarRoutes(ctx: BackgroundContext): (app: Express) => void {
  const key = calendarKey(ctx.config.subgraphSecret);
  const { db, log } = ctx;
  return (app) => {
    const guard = (handler: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
      if (!secretMatches(req.header('x-subgraph-secret'), ctx.config.subgraphSecret)) {
        res.status(403).type('text/plain').send('This service answers only the gateway.');
        return;
      }
      try {
        await handler(req, res);
      } catch (err) {
        log.error({ err, requestId: req.requestId }, 'calendar feed failed');
        res.status(500).type('text/plain').send(`Internal server error (request ${req.requestId})`);
      }
    };
    app.get(`${CALENDAR_PATH}/branches/:file`, guard(async (req, res) => {
      const id = String(req.params.file).replace(/\.ics$/, '');
      if (!isId(id) || !String(req.params.file).endsWith('.ics')) return void notFound(res);
      const events = await feedRows(db, (qb) => qb.andWhere('s.branchId = :calBranch AND p.status = :calPublished', { calBranch: id, calPublished: ProgramStatus.PUBLISHED }));
      send(res, renderFeed('Library programs', events), `branch-${id}.ics`);
    }));
    app.get(`${CALENDAR_PATH}/programs/:file`, guard(async (req, res) => {
      const id = String(req.params.file).replace(/\.ics$/, '');
      if (!isId(id) || !String(req.params.file).endsWith('.ics')) return void notFound(res);
      const program = await db.manager.findOneBy(ProgramRow, { id });
      if (!program || program.status !== ProgramStatus.PUBLISHED) return void notFound(res);
      const events = await feedRows(db, (qb) => qb.andWhere('s.programId = :calProgram', { calProgram: id }));
      send(res, renderFeed(program.title, events), `program-${id}.ics`);
    }));
    app.get(`${CALENDAR_PATH}/patrons/:file`, guard(async (req, res) => {
      const file = String(req.params.file);
      const sub = file.endsWith('.ics') ? readPatronFeedToken(key, file.slice(0, -4)) : null;
      if (!sub) return void notFound(res);
      // The patron's latest registration per session.
      const regs = await db.manager.createQueryBuilder(RegistrationRow, 'r').where('r.patronId = :sub', { sub })
        .orderBy('r.registeredAt', 'ASC').addOrderBy('r.id', 'ASC').getMany();
      const latest = new Map(regs.map((r) => [r.sessionId, r]));
      const events = latest.size
        ? (await feedRows(db, (qb) => qb.andWhere('s.id IN (SELECT r2.sessionId FROM registration r2 WHERE r2.patronId = :calSub)', { calSub: sub })))
          .map((e) => ({ ...e, registration: latest.get(e.session.id)?.status }))
        : [];
      send(res, renderFeed('My library programs', events), 'my-programs.ics');
    }));
  };
}
