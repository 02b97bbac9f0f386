import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DateScalar, TimeInterval } from '@ceg/conventions';
import { aggregateArgsType, branchSetFieldResolvers, stubReferenceResolvers } from '@ceg/kit';
import { type AggregateArgs, ProgramAggregates } from './aggregates';
import { toProgram, toRegistration, toSession } from './mapping';
import { type ProgramsContext, ProgramService } from './service';
import {
  Branch, Consortium, CreateProgramInput, LibrarySystem, OutcomeSummary, OutcomeSurveyInput, OutcomeSurveyPayload, Program,
  ProgramAggregate, ProgramConnection, ProgramDimension, ProgramFilter, ProgramPayload, ProgramSession, ProgramSessionConnection,
  ProgramSessionPayload, PlsPeriodArgs, PlsProgramReport, RecordAttendanceInput, Registration, RegistrationConnection, RegistrationPayload,
  ScheduleSessionInput, SessionFilter, SessionStatus, UpdateProgramInput,
} from './types';

const svc = (ctx: ProgramsContext) => new ProgramService(ctx);
const agg = (ctx: ProgramsContext) => new ProgramAggregates(ctx);

/** The aggregate arguments, identical on Query, Branch, LibrarySystem and Consortium. */
const ProgramAggregateArgs = aggregateArgsType<ProgramFilter, ProgramDimension>({
  filter: ProgramFilter, dimension: ProgramDimension, defaultInterval: TimeInterval.MONTH, range: true,
});

@Resolver(() => Program)
export class ProgramResolver {
  @Query(() => Program, { nullable: true })
  async program(@Arg('id', () => ID) id: string, @Ctx() ctx: ProgramsContext): Promise<Program | null> {
    const row = await svc(ctx).program(id);
    return row && toProgram(row);
  }

  @Query(() => ProgramConnection, { nullable: true })
  programs(
    @Ctx() ctx: ProgramsContext,
    @Arg('filter', () => ProgramFilter, { nullable: true }) filter?: ProgramFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return svc(ctx).programs(filter, first, after);
  }

  @FieldResolver(() => Branch, { nullable: true })
  branch(@Root() p: Program): Branch {
    return { id: p.branchId };
  }

  @FieldResolver(() => ProgramSessionConnection)
  sessions(
    @Root() p: Program,
    @Ctx() ctx: ProgramsContext,
    @Arg('from', () => Date, { nullable: true }) from?: Date,
    @Arg('to', () => Date, { nullable: true }) to?: Date,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return svc(ctx).programSessions(p.id, from, to, first, after);
  }

  @FieldResolver(() => ProgramSession, { nullable: true })
  async nextSession(@Root() p: Program, @Ctx() ctx: ProgramsContext): Promise<ProgramSession | null> {
    const row = await svc(ctx).nextSession(p.id);
    return row && toSession(row);
  }

  @FieldResolver(() => Int)
  totalAttendance(@Root() p: Program, @Ctx() ctx: ProgramsContext): Promise<number> {
    return svc(ctx).totalAttendance(p.id);
  }

  @FieldResolver(() => OutcomeSummary, { description: 'Project Outcome survey results; shares are withheld below the privacy threshold.' })
  outcomes(@Root() p: Program, @Ctx() ctx: ProgramsContext): Promise<OutcomeSummary> {
    return svc(ctx).outcomes(p.id);
  }

  @Mutation(() => ProgramPayload)
  async createProgram(@Arg('input', () => CreateProgramInput) input: CreateProgramInput, @Ctx() ctx: ProgramsContext): Promise<ProgramPayload> {
    const { value: row, userErrors } = await svc(ctx).createProgram(input);
    return { program: row && toProgram(row), userErrors };
  }

  @Mutation(() => ProgramPayload)
  async updateProgram(@Arg('input', () => UpdateProgramInput) input: UpdateProgramInput, @Ctx() ctx: ProgramsContext): Promise<ProgramPayload> {
    const { value: row, userErrors } = await svc(ctx).updateProgram(input);
    return { program: row && toProgram(row), userErrors };
  }
}

@Resolver(() => ProgramSession)
export class ProgramSessionResolver {
  @Query(() => ProgramSession, { nullable: true })
  async programSession(@Arg('id', () => ID) id: string, @Ctx() ctx: ProgramsContext): Promise<ProgramSession | null> {
    const row = await svc(ctx).session(id);
    return row && toSession(row);
  }

  @Query(() => ProgramSessionConnection, { nullable: true })
  sessions(
    @Ctx() ctx: ProgramsContext,
    @Arg('filter', () => SessionFilter, { nullable: true }) filter?: SessionFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return svc(ctx).sessions(filter, first, after);
  }

  @FieldResolver(() => Program)
  async program(@Root() s: ProgramSession, @Ctx() ctx: ProgramsContext): Promise<Program> {
    return toProgram((await svc(ctx).programOfSession(s.programId))!);
  }

  @FieldResolver(() => Int)
  async registeredCount(@Root() s: ProgramSession, @Ctx() ctx: ProgramsContext): Promise<number> {
    const c = await svc(ctx).sessionCounts(s.id);
    return c.confirmed + c.attended + c.noShow;
  }

  @FieldResolver(() => Int)
  async waitlistCount(@Root() s: ProgramSession, @Ctx() ctx: ProgramsContext): Promise<number> {
    return (await svc(ctx).sessionCounts(s.id)).waitlisted;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Null when capacity is unlimited.' })
  async seatsAvailable(@Root() s: ProgramSession, @Ctx() ctx: ProgramsContext): Promise<number | null> {
    if (s.capacity === null) return null;
    if (s.status !== SessionStatus.SCHEDULED) return 0;
    const c = await svc(ctx).sessionCounts(s.id);
    return Math.max(0, s.capacity - c.confirmed - c.attended);
  }

  @FieldResolver(() => RegistrationConnection, { description: 'Staff of the branch and admins only.' })
  registrations(
    @Root() s: ProgramSession,
    @Ctx() ctx: ProgramsContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return svc(ctx).sessionRegistrations(s, first, after);
  }

  @Mutation(() => ProgramSessionPayload)
  async scheduleSession(@Arg('input', () => ScheduleSessionInput) input: ScheduleSessionInput, @Ctx() ctx: ProgramsContext): Promise<ProgramSessionPayload> {
    const { value: row, userErrors } = await svc(ctx).scheduleSession(input);
    return { session: row && toSession(row), userErrors };
  }

  @Mutation(() => ProgramSessionPayload)
  async cancelSession(@Arg('sessionId', () => ID) sessionId: string, @Ctx() ctx: ProgramsContext): Promise<ProgramSessionPayload> {
    const { value: row, userErrors } = await svc(ctx).cancelSession(sessionId);
    return { session: row && toSession(row), userErrors };
  }

  @Mutation(() => ProgramSessionPayload)
  async recordAttendance(@Arg('input', () => RecordAttendanceInput) input: RecordAttendanceInput, @Ctx() ctx: ProgramsContext): Promise<ProgramSessionPayload> {
    const { value: row, userErrors } = await svc(ctx).recordAttendance(input);
    return { session: row && toSession(row), userErrors };
  }

  @Mutation(() => OutcomeSurveyPayload, { description: 'Anyone; anonymous.' })
  submitOutcomeSurvey(@Arg('input', () => OutcomeSurveyInput) input: OutcomeSurveyInput, @Ctx() ctx: ProgramsContext): Promise<OutcomeSurveyPayload> {
    return svc(ctx).submitOutcomeSurvey(input);
  }
}

@Resolver(() => Registration)
export class RegistrationResolver {
  @Query(() => RegistrationConnection, { nullable: true, description: "The caller's own registrations (PATRON)." })
  myRegistrations(
    @Ctx() ctx: ProgramsContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return svc(ctx).myRegistrations(first, after);
  }

  @FieldResolver(() => ProgramSession)
  async session(@Root() r: Registration, @Ctx() ctx: ProgramsContext): Promise<ProgramSession> {
    return toSession((await svc(ctx).sessionOfRegistration(r.sessionId))!);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Pseudonymous patron id (the token\'s subject). Staff of the branch, admins and the patron only.' })
  patronId(@Root() r: Registration, @Ctx() ctx: ProgramsContext): string | null {
    return svc(ctx).canSeePatron(r) ? r.patron : null;
  }

  @Mutation(() => RegistrationPayload, { description: 'PATRON. CONFIRMED while seats remain, else WAITLISTED. Registering twice returns the existing registration.' })
  async registerForSession(@Arg('sessionId', () => ID) sessionId: string, @Ctx() ctx: ProgramsContext): Promise<RegistrationPayload> {
    const { value: row, userErrors } = await svc(ctx).registerForSession(sessionId);
    return { registration: row && toRegistration(row), userErrors };
  }

  @Mutation(() => RegistrationPayload, { description: 'The patron or staff of the branch. Frees the seat and promotes the head of the waitlist.' })
  async cancelRegistration(@Arg('registrationId', () => ID) registrationId: string, @Ctx() ctx: ProgramsContext): Promise<RegistrationPayload> {
    const { value: row, userErrors } = await svc(ctx).cancelRegistration(registrationId);
    return { registration: row && toRegistration(row), userErrors };
  }
}

// ------------------------------------------------------------------ aggregates and the PLS report

@Resolver()
export class ProgramAggregateResolver {
  @Query(() => ProgramAggregate, { nullable: true })
  programAggregate(
    @Ctx() ctx: ProgramsContext,
    @Args(() => ProgramAggregateArgs) args: AggregateArgs,
  ): Promise<ProgramAggregate> {
    return agg(ctx).programAggregate(args);
  }

  @Query(() => PlsProgramReport, { nullable: true })
  plsProgramReport(
    @Arg('from', () => DateScalar) from: string,
    @Arg('to', () => DateScalar) to: string,
    @Arg('branchIds', () => [ID]) branchIds: string[],
    @Ctx() ctx: ProgramsContext,
  ): Promise<PlsProgramReport> {
    return agg(ctx).plsProgramReport(from, to, branchIds, true);
  }
}

@Resolver(() => Branch)
export class BranchProgramsResolver {
  @FieldResolver(() => ProgramConnection, { nullable: true })
  programs(
    @Root() b: Branch,
    @Ctx() ctx: ProgramsContext,
    @Arg('filter', () => ProgramFilter, { nullable: true }) filter?: ProgramFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return svc(ctx).programs(filter, first, after, b.id);
  }

  @FieldResolver(() => ProgramSessionConnection, { nullable: true })
  upcomingSessions(
    @Root() b: Branch,
    @Ctx() ctx: ProgramsContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return svc(ctx).sessions(null, first, after, { branchId: b.id, upcoming: true });
  }

  @FieldResolver(() => ProgramAggregate, { nullable: true })
  programAggregate(
    @Root() b: Branch,
    @Ctx() ctx: ProgramsContext,
    @Args(() => ProgramAggregateArgs) args: AggregateArgs,
  ): Promise<ProgramAggregate> {
    return agg(ctx).programAggregate(args, [b.id]);
  }
}

/** LibrarySystem and Consortium: the same fields over the parent's branchIds (@requires). */
const BRANCH_SET_RESOLVERS = [
  ...branchSetFieldResolvers({
    parents: [LibrarySystem, Consortium],
    field: 'programAggregate',
    returns: () => ProgramAggregate,
    args: ProgramAggregateArgs,
    resolve: (ctx: ProgramsContext, args, branchIds) => agg(ctx).programAggregate(args, branchIds),
  }),
  ...branchSetFieldResolvers({
    parents: [LibrarySystem, Consortium],
    field: 'plsProgramReport',
    returns: () => PlsProgramReport,
    args: PlsPeriodArgs,
    resolve: (ctx: ProgramsContext, args, branchIds) => agg(ctx).plsProgramReport(args.from, args.to, branchIds, false),
  }),
];

export const RESOLVERS = [
  ProgramResolver, ProgramSessionResolver, RegistrationResolver, ProgramAggregateResolver,
  BranchProgramsResolver, ...BRANCH_SET_RESOLVERS,
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
  ...stubReferenceResolvers(Branch, LibrarySystem, Consortium),
};
