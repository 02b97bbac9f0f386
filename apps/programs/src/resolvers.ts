import { Arg, Args, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DateScalar, TimeInterval } from '@ceg/conventions';
import { aggregateArgsType, branchSetFieldResolvers, scopeForPerCapita, stubReferenceResolvers } from '@ceg/kit';
import { type AggregateArgs, ProgramAggregates } from './aggregates';
import { PER_CAPITA_RESOLVERS } from './per-capita';
import { toProgram, toRegistration, toSession } from './mapping';
import { NotificationPreferencesResolver } from './notification-api';
import { programPeerComparison } from './peers';
import { RegistrationService } from './registration';
import { CALENDAR_RESOLVERS } from './calendar-resolvers';
import { PLS_RESOLVERS } from './pls-resolvers';
import { SERIES_REFERENCE_RESOLVERS, SERIES_RESOLVERS } from './series-resolvers';
import { type ProgramsContext, ProgramService } from './service';
import {
  Branch, Consortium, CreateProgramInput, LibrarySystem, OutcomeSummary, OutcomeSurveyInput, OutcomeSurveyPayload, Program,
  ProgramAggregate, ProgramConnection, ProgramDimension, ProgramFilter, PeerGroup, ProgramPayload, ProgramPeerComparison, ProgramSession, ProgramSessionConnection,
  ProgramSessionPayload, PlsPeriodArgs, PlsProgramReport, RecordAttendanceInput, Registration, RegistrationConnection, RegistrationPayload,
  ScheduleSessionInput, SessionFilter, SessionStatus, UpdateProgramInput,
} from './types';

const svc = (ctx: ProgramsContext) => new ProgramService(ctx);
const agg = (ctx: ProgramsContext) => new ProgramAggregates(ctx);
const registrations = (ctx: ProgramsContext) => new RegistrationService(ctx);

/** The aggregate arguments, identical on Query, Branch, LibrarySystem and Consortium. */
const ProgramAggregateArgs = aggregateArgsType<ProgramFilter, ProgramDimension>({
  filter: ProgramFilter, dimension: ProgramDimension, defaultInterval: TimeInterval.MONTH, range: true,
  descriptions: {
    filter: 'Which programs; all the caller may report on when absent.',
    from: 'Sessions starting at or after this instant; absent: one year before `to`. The range may span at most 10 years (1 year with DAY).',
    to: 'Sessions starting before this instant; absent: now.',
  },
});

@Resolver(() => Program)
export class ProgramResolver {
  @Query(() => Program, { description: 'One program by id; null when there is none or the caller may not see it.', nullable: true })
  async program(@Arg('id', () => ID, { description: "The program's id." }) id: string, @Ctx() ctx: ProgramsContext): Promise<Program | null> {
    const row = await svc(ctx).program(id);
    return row && toProgram(row);
  }

  @Query(() => ProgramConnection, { description: 'Programs the caller may see (anonymous: PUBLISHED only), by title, narrowed by `filter`.', nullable: true })
  programs(
    @Ctx() ctx: ProgramsContext,
    @Arg('filter', () => ProgramFilter, { description: 'Which programs; all the caller may see when absent.', nullable: true }) filter?: ProgramFilter,
    @Arg('first', () => Int, { description: "Page size: 1–100 items (default 20). Larger or smaller is a BAD_USER_INPUT error. Each item counts towards the operation's cost.", nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { description: "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Absent: the first page.", nullable: true }) after?: string,
  ) {
    return svc(ctx).programs(filter, first, after);
  }

  @FieldResolver(() => Branch, { description: 'The branch that runs it; null only when the libraries subgraph cannot be reached.', nullable: true })
  branch(@Root() p: Program): Branch {
    return { id: p.branchId };
  }

  @FieldResolver(() => ProgramSessionConnection, { description: 'Its sessions, soonest first, narrowed to those starting in [from, to) when given.' })
  sessions(
    @Root() p: Program,
    @Ctx() ctx: ProgramsContext,
    @Arg('from', () => Date, { description: 'Only sessions starting at or after this instant; absent: from the first.', nullable: true }) from?: Date,
    @Arg('to', () => Date, { description: 'Only sessions starting before this instant; absent: to the last.', nullable: true }) to?: Date,
    @Arg('first', () => Int, { description: "Page size: 1–100 items (default 20). Larger or smaller is a BAD_USER_INPUT error. Each item counts towards the operation's cost.", nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { description: "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Absent: the first page.", nullable: true }) after?: string,
  ) {
    return svc(ctx).programSessions(p.id, from, to, first, after);
  }

  @FieldResolver(() => ProgramSession, { description: 'Its next SCHEDULED session starting after now; null when none is planned.', nullable: true })
  async nextSession(@Root() p: Program, @Ctx() ctx: ProgramsContext): Promise<ProgramSession | null> {
    const row = await svc(ctx).nextSession(p.id);
    return row && toSession(row);
  }

  @FieldResolver(() => Int, { description: 'Sum of the recorded attendance of all its sessions (people, walk-ins included).' })
  totalAttendance(@Root() p: Program, @Ctx() ctx: ProgramsContext): Promise<number> {
    return svc(ctx).totalAttendance(p.id);
  }

  @FieldResolver(() => OutcomeSummary, { description: 'Project Outcome survey results; shares are withheld below the privacy threshold.' })
  outcomes(@Root() p: Program, @Ctx() ctx: ProgramsContext): Promise<OutcomeSummary> {
    return svc(ctx).outcomes(p.id);
  }

  @Mutation(() => ProgramPayload, { description: 'Creates a DRAFT program (STAFF of the branch or ADMIN; others FORBIDDEN).' })
  async createProgram(@Arg('input', () => CreateProgramInput, { description: 'What to write; every field is validated before anything is written.' }) input: CreateProgramInput, @Ctx() ctx: ProgramsContext): Promise<ProgramPayload> {
    const { value: row, userErrors } = await svc(ctx).createProgram(input);
    return { program: row && toProgram(row), userErrors };
  }

  @Mutation(() => ProgramPayload, { description: 'Changes a program, e.g. publishes it (STAFF of the branch or ADMIN; others FORBIDDEN).' })
  async updateProgram(@Arg('input', () => UpdateProgramInput, { description: 'What to write; every field is validated before anything is written.' }) input: UpdateProgramInput, @Ctx() ctx: ProgramsContext): Promise<ProgramPayload> {
    const { value: row, userErrors } = await svc(ctx).updateProgram(input);
    return { program: row && toProgram(row), userErrors };
  }
}

@Resolver(() => ProgramSession)
export class ProgramSessionResolver {
  @Query(() => ProgramSession, { description: 'One session by id; null when there is none or the caller may not see its program.', nullable: true })
  async programSession(@Arg('id', () => ID, { description: "The session's id." }) id: string, @Ctx() ctx: ProgramsContext): Promise<ProgramSession | null> {
    const row = await svc(ctx).session(id);
    return row && toSession(row);
  }

  @Query(() => ProgramSessionConnection, { description: 'Sessions of programs the caller may see, soonest first, narrowed by `filter` (past ones too unless `filter.from` is given).', nullable: true })
  sessions(
    @Ctx() ctx: ProgramsContext,
    @Arg('filter', () => SessionFilter, { description: 'Which sessions; all the caller may see when absent.', nullable: true }) filter?: SessionFilter,
    @Arg('first', () => Int, { description: "Page size: 1–100 items (default 20). Larger or smaller is a BAD_USER_INPUT error. Each item counts towards the operation's cost.", nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { description: "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Absent: the first page.", nullable: true }) after?: string,
  ) {
    return svc(ctx).sessions(filter, first, after);
  }

  @FieldResolver(() => Program, { description: 'The program it belongs to.' })
  async program(@Root() s: ProgramSession, @Ctx() ctx: ProgramsContext): Promise<Program> {
    return toProgram((await svc(ctx).programOfSession(s.programId))!);
  }

  @FieldResolver(() => Int, { description: 'Registrations holding a seat (CONFIRMED or ATTENDED).' })
  async registeredCount(@Root() s: ProgramSession, @Ctx() ctx: ProgramsContext): Promise<number> {
    const c = await registrations(ctx).sessionCounts(s.id);
    return c.confirmed + c.attended + c.noShow;
  }

  @FieldResolver(() => Int, { description: 'Registrations on the waitlist.' })
  async waitlistCount(@Root() s: ProgramSession, @Ctx() ctx: ProgramsContext): Promise<number> {
    return (await registrations(ctx).sessionCounts(s.id)).waitlisted;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Null when capacity is unlimited.' })
  async seatsAvailable(@Root() s: ProgramSession, @Ctx() ctx: ProgramsContext): Promise<number | null> {
    if (s.capacity === null) return null;
    if (s.status !== SessionStatus.SCHEDULED) return 0;
    const c = await registrations(ctx).sessionCounts(s.id);
    return Math.max(0, s.capacity - c.confirmed - c.attended);
  }

  @FieldResolver(() => RegistrationConnection, { description: 'Staff of the branch and admins only.' })
  registrations(
    @Root() s: ProgramSession,
    @Ctx() ctx: ProgramsContext,
    @Arg('first', () => Int, { description: "Page size: 1–100 items (default 20). Larger or smaller is a BAD_USER_INPUT error. Each item counts towards the operation's cost.", nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { description: "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Absent: the first page.", nullable: true }) after?: string,
  ) {
    return svc(ctx).sessionRegistrations(s, first, after);
  }

  @Mutation(() => ProgramSessionPayload, { description: 'Adds a session to a program (STAFF of the branch or ADMIN; others FORBIDDEN).' })
  async scheduleSession(@Arg('input', () => ScheduleSessionInput, { description: 'What to write; every field is validated before anything is written.' }) input: ScheduleSessionInput, @Ctx() ctx: ProgramsContext): Promise<ProgramSessionPayload> {
    const { value: row, userErrors } = await svc(ctx).scheduleSession(input);
    return { session: row && toSession(row), userErrors };
  }

  @Mutation(() => ProgramSessionPayload, { description: 'Cancels a session (STAFF of the branch or ADMIN; others FORBIDDEN). It leaves aggregates and the PLS report.' })
  async cancelSession(@Arg('sessionId', () => ID, { description: 'The session to cancel.' }) sessionId: string, @Ctx() ctx: ProgramsContext): Promise<ProgramSessionPayload> {
    const { value: row, userErrors } = await registrations(ctx).cancelSession(sessionId);
    return { session: row && toSession(row), userErrors };
  }

  @Mutation(() => ProgramSessionPayload, { description: 'Records who came to a session and its headcount, and marks it COMPLETED (STAFF of the branch or ADMIN; others FORBIDDEN).' })
  async recordAttendance(@Arg('input', () => RecordAttendanceInput, { description: 'What to write; every field is validated before anything is written.' }) input: RecordAttendanceInput, @Ctx() ctx: ProgramsContext): Promise<ProgramSessionPayload> {
    const { value: row, userErrors } = await registrations(ctx).recordAttendance(input);
    return { session: row && toSession(row), userErrors };
  }

  @Mutation(() => OutcomeSurveyPayload, { description: 'Anyone; anonymous.' })
  submitOutcomeSurvey(@Arg('input', () => OutcomeSurveyInput, { description: 'What to write; every field is validated before anything is written.' }) input: OutcomeSurveyInput, @Ctx() ctx: ProgramsContext): Promise<OutcomeSurveyPayload> {
    return svc(ctx).submitOutcomeSurvey(input);
  }
}

@Resolver(() => Registration)
export class RegistrationResolver {
  @Query(() => RegistrationConnection, { nullable: true, description: "The caller's own registrations (PATRON)." })
  myRegistrations(
    @Ctx() ctx: ProgramsContext,
    @Arg('first', () => Int, { description: "Page size: 1–100 items (default 20). Larger or smaller is a BAD_USER_INPUT error. Each item counts towards the operation's cost.", nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { description: "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Absent: the first page.", nullable: true }) after?: string,
  ) {
    return svc(ctx).myRegistrations(first, after);
  }

  @FieldResolver(() => ProgramSession, { description: 'The session it is for.' })
  async session(@Root() r: Registration, @Ctx() ctx: ProgramsContext): Promise<ProgramSession> {
    return toSession((await svc(ctx).sessionOfRegistration(r.sessionId))!);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Pseudonymous patron id (the token\'s subject). Staff of the branch, admins and the patron only.' })
  patronId(@Root() r: Registration, @Ctx() ctx: ProgramsContext): string | null {
    return svc(ctx).canSeePatron(r) ? r.patron : null;
  }

  @Mutation(() => RegistrationPayload, { description: 'PATRON. CONFIRMED while seats remain, else WAITLISTED. Registering twice returns the existing registration.' })
  async registerForSession(@Arg('sessionId', () => ID, { description: 'The session to register for.' }) sessionId: string, @Ctx() ctx: ProgramsContext): Promise<RegistrationPayload> {
    const { value: row, userErrors } = await registrations(ctx).registerForSession(sessionId);
    return { registration: row && toRegistration(row), userErrors };
  }

  @Mutation(() => RegistrationPayload, { description: 'The patron or staff of the branch. Frees the seat and promotes the head of the waitlist.' })
  async cancelRegistration(@Arg('registrationId', () => ID, { description: 'The registration to cancel.' }) registrationId: string, @Ctx() ctx: ProgramsContext): Promise<RegistrationPayload> {
    const { value: row, userErrors } = await registrations(ctx).cancelRegistration(registrationId);
    return { registration: row && toRegistration(row), userErrors };
  }
}

// ------------------------------------------------------------------ aggregates and the PLS report

@Resolver()
export class ProgramAggregateResolver {
  @Query(() => ProgramAggregate, { description: 'Program measures over the sessions starting in [from, to), grouped by up to 3 dimensions. STAFF: own branches only; ANALYST, ADMIN: all; others FORBIDDEN.', nullable: true })
  programAggregate(
    @Ctx() ctx: ProgramsContext,
    @Args(() => ProgramAggregateArgs) args: AggregateArgs,
  ): Promise<ProgramAggregate> {
    return agg(ctx).programAggregate(args).then((a) => scopeForPerCapita(ctx, a, null, args.filter?.branchIds));
  }

  @Query(() => PlsProgramReport, { description: 'The IMLS Public Libraries Survey program items (counts of sessions held and their attendance) of the given branches for a reporting period (STAFF: own branches only; ANALYST, ADMIN: all).', nullable: true })
  plsProgramReport(
    @Arg('from', () => DateScalar, { description: 'First day of the reporting period, e.g. the first day of the fiscal year.' }) from: string,
    @Arg('to', () => DateScalar, { description: 'Last day of the reporting period (inclusive).' }) to: string,
    @Arg('branchIds', () => [ID], { description: 'The branches to report on, at most 100.' }) branchIds: string[],
    @Ctx() ctx: ProgramsContext,
  ): Promise<PlsProgramReport> {
    return agg(ctx).plsProgramReport(from, to, branchIds, true);
  }
}

@Resolver(() => Branch)
export class BranchProgramsResolver {
  @FieldResolver(() => ProgramConnection, { description: "The branch's programs the caller may see (anonymous: PUBLISHED only), by title.", nullable: true })
  programs(
    @Root() b: Branch,
    @Ctx() ctx: ProgramsContext,
    @Arg('filter', () => ProgramFilter, { description: 'Which programs (its `branchIds` are ignored: this branch only).', nullable: true }) filter?: ProgramFilter,
    @Arg('first', () => Int, { description: "Page size: 1–100 items (default 20). Larger or smaller is a BAD_USER_INPUT error. Each item counts towards the operation's cost.", nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { description: "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Absent: the first page.", nullable: true }) after?: string,
  ) {
    return svc(ctx).programs(filter, first, after, b.id);
  }

  @FieldResolver(() => ProgramSessionConnection, { description: "The branch's SCHEDULED sessions that start after now, of programs the caller may see, soonest first.", nullable: true })
  upcomingSessions(
    @Root() b: Branch,
    @Ctx() ctx: ProgramsContext,
    @Arg('first', () => Int, { description: "Page size: 1–100 items (default 20). Larger or smaller is a BAD_USER_INPUT error. Each item counts towards the operation's cost.", nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { description: "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Absent: the first page.", nullable: true }) after?: string,
    @Arg('hasSeats', () => Boolean, { description: 'true: only sessions a patron can still get a seat in (seats left, or no capacity limit); false: only full ones; absent: all.', nullable: true }) hasSeats?: boolean | null,
  ) {
    const filter = hasSeats === true || hasSeats === false ? Object.assign(new SessionFilter(), { hasSeats }) : null;
    return svc(ctx).sessions(filter, first, after, { branchId: b.id, upcoming: true });
  }

  @FieldResolver(() => ProgramAggregate, { description: 'Program measures of this branch (STAFF of the branch, ANALYST, ADMIN; FORBIDDEN for others). Same arguments as Query.programAggregate.', nullable: true })
  programAggregate(
    @Root() b: Branch,
    @Ctx() ctx: ProgramsContext,
    @Args(() => ProgramAggregateArgs) args: AggregateArgs,
  ): Promise<ProgramAggregate> {
    return agg(ctx).programAggregate(args, [b.id]).then((a) => scopeForPerCapita(ctx, a, [b.id], args.filter?.branchIds));
  }

  @Directive('@requires(fields: "servicePopulation peers { id servicePopulation }")')
  @FieldResolver(() => ProgramPeerComparison, { description: "The branch's programs per resident of its service population, with its rank and quartile among its peers (the branches in the same population band, or the named peer group `peerGroupId`), for sessions starting in [from, to). STAFF of the branch: their own figures only; ANALYST, ADMIN: with the peers'; FORBIDDEN for others.", nullable: true })
  programPeerComparison(
    @Root() b: Branch,
    @Ctx() ctx: ProgramsContext,
    @Arg('to', () => Date, { description: 'Sessions starting before this instant; absent: now.', nullable: true }) to?: Date | null,
    @Arg('from', () => Date, { description: 'Sessions starting at or after this instant; absent: one year before `to`. At most 10 years.', nullable: true }) from?: Date | null,
    @Arg('peerGroupId', () => ID, { description: "Compare within this named peer group of the consortium (`Branch.peerGroups`) instead of the population band; the branch must be a member (otherwise, or when there is no such group, BAD_USER_INPUT).", nullable: true }) peerGroupId?: string | null,
  ): Promise<ProgramPeerComparison> {
    return programPeerComparison(ctx, { id: b.id, servicePopulation: b.servicePopulation ?? null, peers: b.peers ?? null }, from, to, peerGroupId);
  }
}

/** LibrarySystem and Consortium: the same fields over the parent's branchIds (@requires). */
const BRANCH_SET_RESOLVERS = [
  ...branchSetFieldResolvers({
    parents: [LibrarySystem, Consortium],
    field: 'programAggregate',
    description: 'Program measures over every branch of this library system or consortium (STAFF: their own branches only; ANALYST, ADMIN: all; others FORBIDDEN). Same arguments as Query.programAggregate.',
    returns: () => ProgramAggregate,
    args: ProgramAggregateArgs,
    resolve: (ctx: ProgramsContext, args, branchIds) => agg(ctx).programAggregate(args, branchIds).then((a) => scopeForPerCapita(ctx, a, branchIds, args.filter?.branchIds)),
  }),
  ...branchSetFieldResolvers({
    parents: [LibrarySystem, Consortium],
    field: 'plsProgramReport',
    description: 'The IMLS Public Libraries Survey program items of this library system\'s or consortium\'s branches for a reporting period (STAFF: their own branches only; ANALYST, ADMIN: all; others FORBIDDEN).',
    returns: () => PlsProgramReport,
    args: PlsPeriodArgs,
    resolve: (ctx: ProgramsContext, args, branchIds) => agg(ctx).plsProgramReport(args.from, args.to, branchIds, false),
  }),
];

export const RESOLVERS = [
  NotificationPreferencesResolver, ProgramResolver, ProgramSessionResolver, RegistrationResolver, ProgramAggregateResolver,
  BranchProgramsResolver, ...SERIES_RESOLVERS, ...CALENDAR_RESOLVERS, ...PLS_RESOLVERS, ...BRANCH_SET_RESOLVERS, ...PER_CAPITA_RESOLVERS,
] as const;

type Ref = Record<string, unknown>;

/** Entity references: ours through the visibility policy (batched per request), the directory's as stubs. */
export const REFERENCE_RESOLVERS = {
  Program: {
    __resolveReference: async (ref: Ref, ctx: ProgramsContext) => {
      const row = await svc(ctx).program(String(ref.id));
      return row && toProgram(row);
    },
  },
  ProgramSession: {
    __resolveReference: async (ref: Ref, ctx: ProgramsContext) => {
      const row = await svc(ctx).session(String(ref.id));
      return row && toSession(row);
    },
  },
  Registration: {
    __resolveReference: async (ref: Ref, ctx: ProgramsContext) => {
      const row = await svc(ctx).registration(String(ref.id));
      return row && toRegistration(row);
    },
  },
  ...SERIES_REFERENCE_RESOLVERS,
  ...stubReferenceResolvers(Branch, LibrarySystem, Consortium, PeerGroup),
  // Branch keeps what programPeerComparison @requires from the libraries subgraph.
  Branch: {
    __resolveReference: (ref: Ref) => ({
      id: String(ref.id),
      servicePopulation: typeof ref.servicePopulation === 'number' ? ref.servicePopulation : null,
      peers: Array.isArray(ref.peers) ? (ref.peers as Ref[]).map((p) => ({ id: String(p.id), servicePopulation: typeof p.servicePopulation === 'number' ? p.servicePopulation : null })) : null,
    }),
  },
};
