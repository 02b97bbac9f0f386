import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { CALENDAR_KEY_PURPOSE, calendarPaths, patronFeedToken } from './calendar';
import type { ProgramsContext } from './service';
import { Branch, Program, ProgramStatus } from './types';

const FEED = 'an iCalendar (RFC 5545) feed, served by the gateway at this path (same origin as /graphql): prefix it with that origin to subscribe in a calendar app or to offer "add to calendar". Each session keeps its UID across regenerations, so apps update events instead of duplicating them; a cancelled session stays as STATUS:CANCELLED.';

@Resolver(() => Program)
export class ProgramCalendarResolver {
  @FieldResolver(() => String, { nullable: true, description: `Its sessions from 90 days back to 400 days ahead as ${FEED} Null unless the program is PUBLISHED (the feed is public).` })
  calendarUrl(@Root() p: Program): string | null {
    return p.status === ProgramStatus.PUBLISHED ? calendarPaths.program(p.id) : null;
  }
}

@Resolver(() => Branch)
export class BranchCalendarResolver {
  @FieldResolver(() => String, { nullable: true, description: `The sessions of the branch's PUBLISHED programs from 90 days back to 400 days ahead as ${FEED} Anyone may read it; null only when the programs subgraph cannot be reached.` })
  calendarUrl(@Root() b: Branch): string {
    return calendarPaths.branch(b.id);
  }
}

@Resolver()
export class MyCalendarResolver {
  @Query(() => String, {
    nullable: true,
    description: `PATRON: the sessions the caller registered for (waitlisted ones as TENTATIVE, cancelled ones as CANCELLED) as ${FEED} The path holds an unguessable signed token instead of a login, so a calendar app can fetch it: keep it private like a password. Null for any other caller.`,
  })
  myCalendarUrl(@Ctx() ctx: ProgramsContext): string | null {
    const v = ctx.viewer;
    if (!v.roles.has('PATRON') || !v.sub || !ctx.linkKey) return null;
    return calendarPaths.patron(patronFeedToken(ctx.linkKey(CALENDAR_KEY_PURPOSE), v.sub));
  }
}

export const CALENDAR_RESOLVERS = [ProgramCalendarResolver, BranchCalendarResolver, MyCalendarResolver] as const;
