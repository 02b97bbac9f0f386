import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { toProgram, toRegistration, toSession } from './mapping';
import { SeriesService } from './series';
import {
  CreateSessionSeriesInput, ScheduleSessionsInput, ScheduleSessionsPayload, SeriesRegistrationPayload, SessionSeries, SessionSeriesConnection,
  SessionSeriesPayload, toSeries,
} from './series-types';
import { type ProgramsContext, ProgramService } from './service';
import { Program, ProgramSession, ProgramSessionConnection } from './types';

const series = (ctx: ProgramsContext) => new SeriesService(ctx);
const FIRST = "Page size: 1–100 items (default 20). Larger or smaller is a BAD_USER_INPUT error. Each item counts towards the operation's cost.";
const AFTER = "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Absent: the first page.";

@Resolver(() => SessionSeries)
export class SessionSeriesResolver {
  @Query(() => SessionSeries, { nullable: true, description: 'One session series by id; null when there is none or the caller may not see its program.' })
  async sessionSeries(@Arg('id', () => ID, { description: "The series' id." }) id: string, @Ctx() ctx: ProgramsContext): Promise<SessionSeries | null> {
    const row = await series(ctx).series(id);
    return row && toSeries(row);
  }

  @FieldResolver(() => Program, { description: 'The program it belongs to.' })
  async program(@Root() s: SessionSeries, @Ctx() ctx: ProgramsContext): Promise<Program> {
    return toProgram((await new ProgramService(ctx).programOfSession(s.programId))!);
  }

  @FieldResolver(() => ProgramSessionConnection, { description: 'Its occurrences (cancelled ones included), soonest first, narrowed to those starting in [from, to) when given.' })
  sessions(
    @Root() s: SessionSeries,
    @Ctx() ctx: ProgramsContext,
    @Arg('from', () => Date, { nullable: true, description: 'Only occurrences starting at or after this instant; absent: from the first.' }) from?: Date,
    @Arg('to', () => Date, { nullable: true, description: 'Only occurrences starting before this instant; absent: to the last.' }) to?: Date,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20, description: FIRST }) first?: number,
    @Arg('after', () => String, { nullable: true, description: AFTER }) after?: string,
  ) {
    return new ProgramService(ctx).sessions({ from, to }, first, after, { seriesId: s.id });
  }

  @FieldResolver(() => Int, { description: 'Occurrences that were not cancelled (held or to come).' })
  occurrenceCount(@Root() s: SessionSeries, @Ctx() ctx: ProgramsContext): Promise<number> {
    return series(ctx).occurrenceCount(s.id);
  }

  @Mutation(() => SessionSeriesPayload, {
    description: 'Creates a session series and all its occurrences at once, all or nothing (STAFF of the branch or ADMIN; others FORBIDDEN). At most 500 occurrences.',
  })
  async createSessionSeries(
    @Arg('input', () => CreateSessionSeriesInput, { description: 'What to write; every field is validated before anything is written.' }) input: CreateSessionSeriesInput,
    @Ctx() ctx: ProgramsContext,
  ): Promise<SessionSeriesPayload> {
    const { value, userErrors } = await series(ctx).createSessionSeries(input);
    return { series: value && toSeries(value), userErrors };
  }

  @Mutation(() => SessionSeriesPayload, {
    description: 'Cancels a series: every occurrence that has not started is cancelled with its registrations (STAFF of the branch or ADMIN; others FORBIDDEN). Held occurrences stay. Cancelling twice is harmless.',
  })
  async cancelSessionSeries(@Arg('seriesId', () => ID, { description: 'The series to cancel.' }) seriesId: string, @Ctx() ctx: ProgramsContext): Promise<SessionSeriesPayload> {
    const { value, userErrors } = await series(ctx).cancelSessionSeries(seriesId);
    return { series: value && toSeries(value), userErrors };
  }

  @Mutation(() => SeriesRegistrationPayload, {
    description:
      'PATRON. Registers the caller for every upcoming occurrence of a series at once: on each, CONFIRMED while it has seats, else WAITLISTED on its own waitlist; occurrences already registered for keep their registration. All or nothing.',
  })
  async registerForSeries(@Arg('seriesId', () => ID, { description: 'The series to register for.' }) seriesId: string, @Ctx() ctx: ProgramsContext): Promise<SeriesRegistrationPayload> {
    const { value, userErrors } = await series(ctx).registerForSeries(seriesId);
    return { registrations: value && value.map(toRegistration), userErrors };
  }

  @Mutation(() => ScheduleSessionsPayload, {
    description: 'Schedules many sessions in one call, all or nothing (STAFF of the branches or ADMIN; others FORBIDDEN). At most 500.',
  })
  async scheduleSessions(
    @Arg('input', () => ScheduleSessionsInput, { description: 'What to write; every session is validated before anything is written.' }) input: ScheduleSessionsInput,
    @Ctx() ctx: ProgramsContext,
  ): Promise<ScheduleSessionsPayload> {
    const { value, userErrors } = await series(ctx).scheduleSessions(input);
    return { sessions: value && value.map(toSession), userErrors };
  }
}

@Resolver(() => ProgramSession)
export class SessionOfSeriesResolver {
  @FieldResolver(() => SessionSeries, { nullable: true, description: 'The series this session is an occurrence of; null for a one-off session.' })
  async series(@Root() s: ProgramSession, @Ctx() ctx: ProgramsContext): Promise<SessionSeries | null> {
    if (!s.seriesId) return null;
    const row = await series(ctx).series(s.seriesId);
    return row && toSeries(row);
  }
}

@Resolver(() => Program)
export class ProgramSeriesResolver {
  @FieldResolver(() => SessionSeriesConnection, { description: 'Its session series, by first occurrence.' })
  series(
    @Root() p: Program,
    @Ctx() ctx: ProgramsContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20, description: FIRST }) first?: number,
    @Arg('after', () => String, { nullable: true, description: AFTER }) after?: string,
  ) {
    return series(ctx).seriesOfProgram(p.id, first, after);
  }
}

export const SERIES_RESOLVERS = [SessionSeriesResolver, SessionOfSeriesResolver, ProgramSeriesResolver] as const;

/** Entity reference of a series, through its program's visibility. */
export const SERIES_REFERENCE_RESOLVERS = {
  SessionSeries: {
    __resolveReference: async (ref: Record<string, unknown>, ctx: ProgramsContext) => {
      const row = await series(ctx).series(String(ref.id));
      return row && toSeries(row);
    },
  },
};
