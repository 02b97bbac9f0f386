import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionTypes, DateScalar, UserError } from '@ceg/conventions';
import type { SeriesRow } from './entities';
import { MAX_OCCURRENCES } from './recurrence';
import { SeriesStatus } from './domain';
import { ProgramSession, Registration, ScheduleSessionInput } from './types';

export { SeriesStatus };

registerEnumType(SeriesStatus, {
  name: 'SessionSeriesStatus',
  description: 'Where a session series is.',
  valuesConfig: {
    SCHEDULED: { description: 'Running: its occurrences are sessions that can be registered for one by one or all at once.' },
    CANCELLED: { description: 'Called off: every occurrence that had not started was cancelled with its registrations; held ones stay.' },
  },
});

@Directive('@key(fields: "id")')
@ObjectType({
  description:
    "A repeating session of a program (\"every Tuesday at 10:30 from September to May, except holidays\"): an RFC 5545 recurrence rule in a time zone, expanded when created into one ProgramSession per occurrence, each with its own capacity, registrations and waitlist. Readable with its program (PUBLISHED: everyone; otherwise the branch's staff, ANALYST, ADMIN).",
})
export class SessionSeries {
  @Field(() => ID, { description: 'Stable id (UUID) of the series.' }) id: string;
  @Field({ description: 'The RFC 5545 RRULE value the occurrences follow, e.g. FREQ=WEEKLY;BYDAY=TU;UNTIL=20270526T000000Z.' }) recurrence: string;
  @Field({ description: 'The IANA time zone whose wall-clock times the rule repeats (10:30 stays 10:30 across daylight-saving changes), e.g. America/Los_Angeles.' }) timeZone: string;
  @Field({ description: 'Start of the first occurrence the rule was given (DTSTART).' }) startsAt: Date;
  @Field({ description: 'End of that first occurrence: every occurrence lasts as long, unless changed one by one.' }) endsAt: Date;
  @Field(() => [DateScalar], { description: 'Calendar dates (in timeZone) the rule skips (EXDATE), in date order.' }) exceptDates: string[];
  @Field(() => String, { nullable: true, description: 'Room or place of the occurrences (an occurrence may have been changed); null when not set.' }) location: string | null;
  @Field(() => Int, { nullable: true, description: 'Seats per occurrence (each occurrence has its own); null means unlimited.' }) capacity: number | null;
  @Field(() => SeriesStatus, { description: 'Scheduled or cancelled.' }) status: SeriesStatus;
  programId: string;
  branchId: string;
}

export const { Connection: SessionSeriesConnection, Edge: SessionSeriesEdge } = connectionTypes(SessionSeries, 'SessionSeries');

export const toSeries = (r: SeriesRow): SessionSeries =>
  Object.assign(new SessionSeries(), {
    id: r.id,
    programId: r.programId,
    branchId: r.branchId,
    recurrence: r.recurrence,
    timeZone: r.timeZone,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    exceptDates: JSON.parse(r.exceptDates || '[]') as string[],
    location: r.location,
    capacity: r.capacity,
    status: r.status as SeriesStatus,
  });

@InputType({ description: 'A one-off change to one occurrence of a new series (a moved or changed session); fields left out keep the series\' values.' })
export class SeriesOccurrenceChangeInput {
  @Field(() => DateScalar, { description: 'The calendar date (in the series\' timeZone) of the occurrence to change; the rule must have exactly one occurrence that day.' }) date: string;
  @Field(() => Date, { nullable: true, description: 'New start of that occurrence (moved); absent: as the rule gives it.' }) startsAt?: Date | null;
  @Field(() => Date, { nullable: true, description: 'New end; absent: the new start plus the series\' duration.' }) endsAt?: Date | null;
  @Field(() => String, { nullable: true, description: 'Room or place of that occurrence, at most 200 characters; null: none.' }) location?: string | null;
  @Field(() => Int, { nullable: true, description: 'Seats of that occurrence, ≥ 1; null: unlimited.' }) capacity?: number | null;
}

@InputType({ description: 'A new session series of a program: a recurrence rule, its exceptions and one-off changes.' })
export class CreateSessionSeriesInput {
  @Field(() => ID, { description: 'The program (DRAFT or PUBLISHED; NOT_FOUND unless the caller may manage it).' }) programId: string;
  @Field({ description: 'Start of the first occurrence (DTSTART): the rule repeats its wall-clock time in timeZone.' }) startsAt: Date;
  @Field({ description: 'End of the first occurrence; must be after startsAt. Every occurrence lasts as long.' }) endsAt: Date;
  @Field(() => String, { nullable: true, description: 'IANA time zone of the rule, e.g. America/Los_Angeles; absent: UTC.' }) timeZone?: string | null;
  @Field({
    description: `An RFC 5545 RRULE value with FREQ=DAILY, WEEKLY, MONTHLY or YEARLY that ends (COUNT or UNTIL), e.g. FREQ=WEEKLY;BYDAY=TU;UNTIL=20270526T000000Z. At most ${MAX_OCCURRENCES} occurrences over at most five years; more is an INVALID user error.`,
  })
  recurrence: string;
  @Field(() => [DateScalar], { nullable: true, description: 'Calendar dates (in timeZone) to skip (EXDATE), e.g. holidays; each must be a date the rule gives.' }) exceptDates?: string[] | null;
  @Field(() => [SeriesOccurrenceChangeInput], { nullable: true, description: 'One-off changes to single occurrences (moved, another room, other capacity).' }) changes?: SeriesOccurrenceChangeInput[] | null;
  @Field(() => String, { nullable: true, description: 'Room or place of every occurrence, at most 200 characters; optional.' }) location?: string | null;
  @Field(() => Int, { nullable: true, description: 'Seats of each occurrence, ≥ 1; null or absent: unlimited.' }) capacity?: number | null;
}

@ObjectType({ description: 'What a session-series mutation answers.' })
export class SessionSeriesPayload {
  @Field(() => SessionSeries, { nullable: true, description: 'The series created or changed; null when `userErrors` is not empty (then nothing was written).' }) series: SessionSeries | null;
  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' }) userErrors: UserError[];
}

@ObjectType({ description: 'What registerForSeries answers.' })
export class SeriesRegistrationPayload {
  @Field(() => [Registration], { nullable: true, description: "The caller's registration for each upcoming occurrence, soonest first (CONFIRMED or WAITLISTED on that occurrence's own waitlist); null when `userErrors` is not empty (then nothing was written)." })
  registrations: Registration[] | null;
  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' }) userErrors: UserError[];
}

@InputType({ description: 'Many new sessions at once, all or nothing.' })
export class ScheduleSessionsInput {
  @Field(() => [ScheduleSessionInput], { description: `The sessions, 1 to ${MAX_OCCURRENCES}, of one or several programs the caller may manage.` }) sessions: ScheduleSessionInput[];
}

@ObjectType({ description: 'What scheduleSessions answers.' })
export class ScheduleSessionsPayload {
  @Field(() => [ProgramSession], { nullable: true, description: 'The sessions created, in the order given; null when `userErrors` is not empty (then none was written).' }) sessions: ProgramSession[] | null;
  @Field(() => [UserError], { description: 'What was wrong with the input (field paths name the session, e.g. ["input", "sessions", 3, "endsAt"]); empty on success.' }) userErrors: UserError[];
}
