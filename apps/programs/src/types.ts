import { ArgsType, Directive, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ProgramStatus, RegistrationStatus, SessionStatus } from './domain';
import { connectionTypes, DateScalar, ServiceArea, UserError } from '@ceg/conventions';
import { type BranchSetStub, directoryStubs, type KeyStub, keyStub } from '@ceg/kit';

// ------------------------------------------------------------------ enums

/** The life-cycle values are the domain's (./domain.ts); here they become GraphQL enums. */
export { ProgramStatus, RegistrationStatus, SessionStatus };

export enum AgeGroup {
  EARLY_CHILDHOOD = 'EARLY_CHILDHOOD',
  CHILDREN = 'CHILDREN',
  YOUNG_ADULTS = 'YOUNG_ADULTS',
  ADULTS = 'ADULTS',
  ALL_AGES = 'ALL_AGES',
}
registerEnumType(AgeGroup, {
  name: 'AgeGroup',
  description: 'Audience, as the IMLS Public Libraries Survey counts it.',
  valuesConfig: {
    EARLY_CHILDHOOD: { description: '0-5' },
    CHILDREN: { description: '6-11' },
    YOUNG_ADULTS: { description: '12-18' },
    ADULTS: { description: '19+' },
    ALL_AGES: { description: 'General interest' },
  },
});

export enum ProgramFormat {
  ONSITE = 'ONSITE',
  OFFSITE = 'OFFSITE',
  VIRTUAL = 'VIRTUAL',
  RECORDED = 'RECORDED',
}
registerEnumType(ProgramFormat, {
  name: 'ProgramFormat',
  description: 'Delivery, as the IMLS Public Libraries Survey counts it.',
  valuesConfig: {
    ONSITE: { description: 'In person, at the library' },
    OFFSITE: { description: 'In person, elsewhere' },
    VIRTUAL: { description: 'Live online' },
    RECORDED: { description: 'Asynchronous presentation' },
  },
});

registerEnumType(ProgramStatus, {
  name: 'ProgramStatus',
  description: 'Where a program is in its life: DRAFT → PUBLISHED | CANCELLED; PUBLISHED → CANCELLED | ARCHIVED; CANCELLED → ARCHIVED. Only PUBLISHED programs are public; the others are seen by staff of the branch, ANALYST and ADMIN.',
  valuesConfig: {
    DRAFT: { description: 'Being prepared; not public. New programs start here. Next: PUBLISHED or CANCELLED.' },
    PUBLISHED: { description: 'Public: listed on the website, open for registration. Next: CANCELLED or ARCHIVED.' },
    CANCELLED: { description: 'Called off; not public. Sessions it held still count in aggregates (cancel a session to leave it out). Next: ARCHIVED.' },
    ARCHIVED: { description: 'Over and kept for reporting; not public. Its held sessions still count in aggregates and the PLS report. Final.' },
  },
});

registerEnumType(SessionStatus, {
  name: 'SessionStatus',
  description: 'Where a session is.',
  valuesConfig: {
    SCHEDULED: { description: 'Planned, in the future or not yet closed; registration is open while it has seats.' },
    CANCELLED: { description: 'Called off: not counted in aggregates or the PLS report; registrations stay as they were.' },
    COMPLETED: { description: 'Held, with attendance recorded.' },
  },
});

registerEnumType(RegistrationStatus, {
  name: 'RegistrationStatus',
  description: "Where a patron's registration for a session is.",
  valuesConfig: {
    CONFIRMED: { description: 'Holds a seat.' },
    WAITLISTED: { description: 'On the waitlist (see waitlistPosition); promoted to CONFIRMED, in order, when a seat frees.' },
    CANCELLED: { description: 'Cancelled by the patron or staff; frees the seat.' },
    ATTENDED: { description: 'Came to the session (recorded with the attendance).' },
    NO_SHOW: { description: 'Held a seat but did not come (a CONFIRMED registration not named when attendance was recorded).' },
  },
});

export enum ProgramDimension {
  BRANCH = 'BRANCH',
  SERVICE_AREA = 'SERVICE_AREA',
  AGE_GROUP = 'AGE_GROUP',
  FORMAT = 'FORMAT',
  PERIOD = 'PERIOD',
}
registerEnumType(ProgramDimension, {
  name: 'ProgramDimension',
  description: 'What a program aggregate can be grouped by (at most 3 dimensions at once).',
  valuesConfig: {
    BRANCH: { description: 'One group per branch.' },
    SERVICE_AREA: { description: 'One group per ServiceArea.' },
    AGE_GROUP: { description: 'One group per AgeGroup (the PLS audience).' },
    FORMAT: { description: 'One group per ProgramFormat (the PLS delivery).' },
    PERIOD: { description: 'By session start' },
  },
});

export enum SurveyType {
  IMMEDIATE = 'IMMEDIATE',
  FOLLOW_UP = 'FOLLOW_UP',
}
registerEnumType(SurveyType, {
  name: 'SurveyType',
  description: 'Which Project Outcome survey an answer belongs to.',
  valuesConfig: {
    IMMEDIATE: { description: 'Given right after the session (the four outcome measures).' },
    FOLLOW_UP: { description: 'Given four to eight weeks later: did the participant apply what they learned.' },
  },
});

// ------------------------------------------------------------------ the directory's entities (owned by libraries)

/** This subgraph's own stubs (fresh classes: the fields it contributes stay in its schema). */
export const { Branch, LibrarySystem, Consortium } = directoryStubs();
export type Branch = KeyStub & { servicePopulation?: number | null; peers?: { id: string; servicePopulation: number | null }[] | null };
// The libraries subgraph's fields that Branch.programPeerComparison @requires: declared here as @external.
Field(() => Int, { nullable: true, description: 'Legal service area population.' })(Branch.prototype, 'servicePopulation');
Directive('@external')(Branch.prototype, 'servicePopulation');
Field(() => [Branch], { nullable: true, description: "The branch's peer group." })(Branch.prototype, 'peers');
Directive('@external')(Branch.prototype, 'peers');
export type LibrarySystem = BranchSetStub;
export type Consortium = BranchSetStub;
/** The libraries subgraph's named peer groups (a stub: programs compares a branch within one). */
export const PeerGroup = keyStub('PeerGroup');
export type PeerGroup = KeyStub;

// ------------------------------------------------------------------ programs, sessions, registrations

@ObjectType({ description: "Project Outcome's four immediate-survey measures, on a 1-5 agreement scale." })
export class OutcomeSummary {
  @Field(() => Int, { description: 'How many immediate surveys were answered for the sessions in scope.' }) responseCount: number;
  @Field(() => Float, { nullable: true, description: 'Share of respondents who agree or strongly agree (4 or 5); null below the privacy threshold.' })
  knowledge: number | null;
  @Field(() => Float, { description: 'Share who agree or strongly agree that they feel more confident about what they learned (0–1); null below the privacy threshold or with no answers.', nullable: true }) confidence: number | null;
  @Field(() => Float, { description: 'Share who agree or strongly agree that they intend to apply what they learned (0–1); null below the privacy threshold or with no answers.', nullable: true }) application: number | null;
  @Field(() => Float, { description: 'Share who agree or strongly agree that they are more aware of library resources and services (0–1); null below the privacy threshold or with no answers.', nullable: true }) awareness: number | null;
  @Field({ description: 'True when fewer than PRIVACY_MIN_CELL (default 5) people answered: the shares are then withheld (null), for every role.' }) suppressed: boolean;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: "A lifelong-learning program of one branch (a storytime series, a class, a club), with its sessions. PUBLISHED programs are public; DRAFT, CANCELLED and ARCHIVED ones only for the branch's staff, ANALYST and ADMIN." })
export class Program {
  @Field(() => ID, { description: 'Stable id (UUID) of the program.' }) id: string;
  @Field({ description: 'Title, 1–200 characters.' }) title: string;
  @Field({ description: 'What it is, for the public, up to 10,000 characters.' }) description: string;
  @Field(() => ServiceArea, { description: 'The Project Outcome service area it serves.' }) serviceArea: ServiceArea;
  @Field(() => AgeGroup, { description: 'Its audience, as the PLS counts it.' }) ageGroup: AgeGroup;
  @Field(() => ProgramFormat, { description: 'How it is delivered, as the PLS counts it.' }) format: ProgramFormat;
  @Field(() => [String], { description: 'Languages it is held in (BCP-47, e.g. en, es).' }) languages: string[];
  @Field(() => String, { description: 'Accommodations offered (ASL interpretation, large print, step-free room); null when none noted.', nullable: true }) accessibilityNotes: string | null;
  @Field(() => ProgramStatus, { description: 'Where the program is in its life; only PUBLISHED is public.' }) status: ProgramStatus;
  @Field(() => [String], { description: 'Free tags, at most 10 of 1–40 characters.' }) tags: string[];
  @Field({ description: 'When the program was created.' }) createdAt: Date;
  @Field({ description: 'True for a hybrid program: held in person (format ONSITE or OFFSITE) and streamed live at the same time. The PLS counts each session once, as an in-person program, and splits its attendance between in-person and virtual (recordAttendance.virtualHeadcount).' })
  hybrid: boolean;
  branchId: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'One meeting of a program: when, where, how many seats, and who came. Readable with its program.' })
export class ProgramSession {
  @Field(() => ID, { description: 'Stable id (UUID) of the session.' }) id: string;
  @Field({ description: 'When it starts.' }) startsAt: Date;
  @Field({ description: 'When it ends (after startsAt).' }) endsAt: Date;
  @Field(() => String, { description: 'Room or place, e.g. "Community room"; null when not set (or a virtual session).', nullable: true }) location: string | null;
  @Field(() => Int, { nullable: true, description: 'Null means unlimited.' }) capacity: number | null;
  @Field(() => SessionStatus, { description: 'Scheduled, cancelled or completed.' }) status: SessionStatus;
  @Field(() => Int, { nullable: true, description: 'Recorded headcount, walk-ins included; null until recorded.' }) attendance: number | null;
  @Field(() => Date, { nullable: true, description: "For an occurrence of a series: its start as the series' rule gives it (iCalendar RECURRENCE-ID), which stays the same when the occurrence is moved; null for a one-off session." })
  recurrenceId: Date | null;
  programId: string;
  branchId: string;
  seriesId: string | null;
  /** The stored virtual part of a hybrid session's headcount. */
  virtualPart: number | null;
  updatedAt: Date;
  createdAt: Date;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: "A patron's registration for one session. Seen by the patron, staff of the branch and ADMIN only." })
export class Registration {
  @Field(() => ID, { description: 'Stable id (UUID) of the registration.' }) id: string;
  @Field(() => RegistrationStatus, { description: 'Confirmed, waitlisted, cancelled, attended or no-show.' }) status: RegistrationStatus;
  @Field(() => Int, { nullable: true, description: '1-based; set while WAITLISTED.' }) waitlistPosition: number | null;
  @Field({ description: 'When the patron registered (the waitlist keeps this order).' }) registeredAt: Date;
  sessionId: string;
  branchId: string;
  patron: string;
}

export const { Connection: ProgramConnection, Edge: ProgramEdge } = connectionTypes(Program, 'Program');
export const { Connection: ProgramSessionConnection, Edge: ProgramSessionEdge } = connectionTypes(ProgramSession, 'ProgramSession');
export const { Connection: RegistrationConnection, Edge: RegistrationEdge } = connectionTypes(Registration, 'Registration');

@InputType({ description: 'Narrows programs; every field given must match (AND), each list matches any of its values (OR). Id lists take at most 100 ids.' })
export class ProgramFilter {
  @Field(() => [ID], { description: 'Only programs of these branches.', nullable: true }) branchIds?: string[] | null;
  @Field(() => [ServiceArea], { description: 'Only programs in these service areas.', nullable: true }) serviceAreas?: ServiceArea[] | null;
  @Field(() => [AgeGroup], { description: 'Only programs for these audiences.', nullable: true }) ageGroups?: AgeGroup[] | null;
  @Field(() => [ProgramFormat], { description: 'Only programs in these formats.', nullable: true }) formats?: ProgramFormat[] | null;
  @Field(() => [ProgramStatus], { description: 'Only programs in these statuses (the caller still sees only what their role may).', nullable: true }) statuses?: ProgramStatus[] | null;
  @Field(() => [String], { description: 'Only programs held in one of these languages (BCP-47, e.g. es).', nullable: true }) languages?: string[] | null;
  @Field(() => String, { description: 'Case-insensitive match on title and description, at most 200 characters.', nullable: true }) search?: string | null;
}

@InputType({ description: 'Narrows sessions; every field given must match (AND). Id lists take at most 100 ids.' })
export class SessionFilter {
  @Field(() => [ID], { description: 'Only sessions at these branches.', nullable: true }) branchIds?: string[] | null;
  @Field(() => [ServiceArea], { description: 'Only sessions of programs in these service areas.', nullable: true }) serviceAreas?: ServiceArea[] | null;
  @Field(() => [AgeGroup], { description: 'Only sessions of programs for these audiences.', nullable: true }) ageGroups?: AgeGroup[] | null;
  @Field(() => [ProgramFormat], { description: 'Only sessions of programs in these formats.', nullable: true }) formats?: ProgramFormat[] | null;
  @Field(() => Date, { description: 'Only sessions starting at or after this instant (use now for upcoming ones).', nullable: true }) from?: Date | null;
  @Field(() => Date, { description: 'Only sessions starting before this instant (after `from`).', nullable: true }) to?: Date | null;
  @Field(() => Boolean, { nullable: true, description: 'Only sessions with seats left (or unlimited).' }) hasSeats?: boolean | null;
}

// ------------------------------------------------------------------ aggregates and the PLS report

@ObjectType({ description: 'Program counts, attendance and outcomes over the sessions that start in the range (cancelled sessions and programs left out). Counts are exact (not personal data); outcome shares follow the privacy threshold.' })
export class ProgramMeasures {
  @Field(() => Int, { description: 'Programs with at least one non-cancelled session in range.' }) programCount: number;
  @Field(() => Int, { description: 'Non-cancelled sessions in range.' }) sessionCount: number;
  @Field(() => Int, { description: 'Sum of recorded attendance.' }) attendance: number;
  @Field(() => Float, { description: 'attendance / sessions with recorded attendance; null when none has.', nullable: true }) averageAttendance: number | null;
  @Field(() => Int, { description: 'Registrations for those sessions, cancelled ones excepted.' }) registrationCount: number;
  @Field(() => Float, { nullable: true, description: 'Confirmed or attended registrations / capacity, over sessions with a capacity.' }) fillRate: number | null;
  @Field(() => Float, { nullable: true, description: 'NO_SHOW / (ATTENDED + NO_SHOW).' }) noShowRate: number | null;
  @Field(() => Int, { description: 'Live attendance: recorded headcounts of sessions of synchronous programs (ONSITE, OFFSITE, VIRTUAL, hybrid), as PLS item 610 counts it. `attendance` = liveAttendance + recordedViews.' }) liveAttendance: number;
  @Field(() => Int, { description: 'Views of recorded presentations: recorded headcounts of sessions of RECORDED programs (PLS item 630).' }) recordedViews: number;
  @Field(() => Int, { description: 'Of liveAttendance, the people who came in person (ONSITE and OFFSITE programs, less the virtual part of hybrid sessions).' }) inPersonAttendance: number;
  @Field(() => Int, { description: 'Of liveAttendance, the people who attended live online (VIRTUAL programs and the virtual part of hybrid sessions).' }) virtualAttendance: number;
  @Field(() => OutcomeSummary, { description: 'Project Outcome immediate-survey results for those sessions.' }) outcomes: OutcomeSummary;
}

@ObjectType({ description: 'Only the dimensions that were grouped by are set.' })
export class ProgramGroupKey {
  @Field(() => Branch, { description: 'The branch (grouped by BRANCH).', nullable: true }) branch: Branch | null;
  @Field(() => ServiceArea, { description: 'The service area (grouped by SERVICE_AREA).', nullable: true }) serviceArea: ServiceArea | null;
  @Field(() => AgeGroup, { description: 'The audience (grouped by AGE_GROUP).', nullable: true }) ageGroup: AgeGroup | null;
  @Field(() => ProgramFormat, { description: 'The format (grouped by FORMAT).', nullable: true }) format: ProgramFormat | null;
  @Field(() => DateScalar, { description: 'First day of the bucket (grouped by PERIOD).', nullable: true }) period: string | null;
}

@ObjectType({ description: 'One row of a program aggregate: a combination of the grouped dimensions and its measures.' })
export class ProgramGroup {
  @Field(() => ProgramGroupKey, { description: 'The values of the grouped dimensions.' }) key: ProgramGroupKey;
  @Field(() => ProgramMeasures, { description: 'The measures of the sessions with those values.' }) measures: ProgramMeasures;
}

@ObjectType({ description: 'Program measures over a range of session start times, in total and per group. STAFF see their own branches only; ANALYST and ADMIN everything; others get FORBIDDEN. Cost: 25 nodes for the scan plus one per possible group.' })
export class ProgramAggregate {
  @Field(() => ProgramMeasures, { description: 'The measures of every session in range (not only of the groups listed).' }) totals: ProgramMeasures;
  @Field(() => [ProgramGroup], { description: 'One row per combination of the requested dimensions that has data, ordered by key.' }) groups: ProgramGroup[];
}

@ObjectType({ description: 'One item of the PLS program report.' })
export class PlsReportRow {
  @Field({ description: 'The PLS item number, e.g. 600 (total synchronous programs), 601-605 (by age), 606-608 (by format), 610-619 (attendance), 630 (recorded-presentation views).' })
  item: string;
  @Field(() => String, { nullable: true, description: 'The PLS variable name where it has one, e.g. TOTPRO, K0_5PRO, K6_11PRO, YAPRO, ADULTPRO, GENPRO, TOTATTEN.' })
  element: string | null;
  @Field({ description: 'What the item counts, in words.' }) label: string;
  @Field(() => Int, { description: 'The count: programs (sessions held) or attendance (people).' }) value: number;
}

@ObjectType({ description: 'Program counts and attendance for the IMLS Public Libraries Survey, for one reporting period.' })
export class PlsProgramReport {
  @Field(() => DateScalar, { description: 'First day of the reporting period.' }) from: string;
  @Field(() => DateScalar, { description: 'Last day of the reporting period (inclusive).' }) to: string;
  @Field(() => [ID], { description: 'The branches counted: those asked for that the caller may report on.' }) branchIds: string[];
  @Field(() => [PlsReportRow], { description: "The PLS items, in item order. In an operation's cost this list counts as 20 items." }) rows: PlsReportRow[];
}

// ------------------------------------------------------------------ mutations

@InputType({ description: 'A new program (created as DRAFT).' })
export class CreateProgramInput {
  @Field(() => ID, { description: 'The branch that runs it (NOT_FOUND when there is none with this id).' }) branchId: string;
  @Field({ description: 'Title, 1–200 characters.' }) title: string;
  @Field({ description: 'What it is, up to 10,000 characters.' }) description: string;
  @Field(() => ServiceArea, { description: 'The Project Outcome service area it serves.' }) serviceArea: ServiceArea;
  @Field(() => AgeGroup, { description: 'Its audience.' }) ageGroup: AgeGroup;
  @Field(() => ProgramFormat, { description: 'How it is delivered.' }) format: ProgramFormat;
  @Field(() => [String], { description: 'Languages it is held in (BCP-47, e.g. en, es), at most 10; optional.', nullable: true }) languages?: string[] | null;
  @Field(() => String, { description: 'Accommodations offered, up to 10,000 characters; optional.', nullable: true }) accessibilityNotes?: string | null;
  @Field(() => [String], { description: 'Free tags, at most 10 of 1–40 characters; optional.', nullable: true }) tags?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Hybrid: in person (ONSITE or OFFSITE only, else INVALID) and streamed live at the same time; absent: false.' }) hybrid?: boolean | null;
  @Field(() => [ID], {
    nullable: true,
    description: 'Other branches that offer this program together with `branchId`, at most 20 (a system-level program, e.g. a virtual program shared by several branches of a library system). Each session then counts once in any PLS report that covers one of these branches. NOT_FOUND for an unknown branch.',
  })
  offeredByBranchIds?: string[] | null;
}

@InputType({ description: 'Changes to a program; fields left out stay as they are.' })
export class UpdateProgramInput {
  @Field(() => ID, { description: 'The program to change.' }) programId: string;
  @Field(() => String, { description: 'New title, 1–200 characters.', nullable: true }) title?: string | null;
  @Field(() => String, { description: 'New description, up to 10,000 characters.', nullable: true }) description?: string | null;
  @Field(() => ServiceArea, { description: 'New service area.', nullable: true }) serviceArea?: ServiceArea | null;
  @Field(() => AgeGroup, { description: 'New audience.', nullable: true }) ageGroup?: AgeGroup | null;
  @Field(() => ProgramFormat, { description: 'New format.', nullable: true }) format?: ProgramFormat | null;
  @Field(() => [String], { description: 'New languages (BCP-47).', nullable: true }) languages?: string[] | null;
  @Field(() => String, { description: 'New accessibility notes, up to 10,000 characters.', nullable: true }) accessibilityNotes?: string | null;
  @Field(() => [String], { description: 'New tags, at most 10 of 1–40 characters.', nullable: true }) tags?: string[] | null;
  @Field(() => ProgramStatus, { description: 'New status, e.g. PUBLISHED to make it public.', nullable: true }) status?: ProgramStatus | null;
  @Field(() => Boolean, { nullable: true, description: 'Hybrid or not (ONSITE or OFFSITE programs only).' }) hybrid?: boolean | null;
}

@ObjectType({ description: 'What a program mutation answers.' })
export class ProgramPayload {
  @Field(() => Program, { description: 'The program created or changed; null when `userErrors` is not empty (then nothing was written).', nullable: true }) program: Program | null;
  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' }) userErrors: UserError[];
}

@InputType({ description: 'A new session of a program.' })
export class ScheduleSessionInput {
  @Field(() => ID, { description: 'The program (NOT_FOUND unless the caller may manage it).' }) programId: string;
  @Field({ description: 'When it starts.' }) startsAt: Date;
  @Field({ description: 'When it ends; must be after startsAt.' }) endsAt: Date;
  @Field(() => String, { description: 'Room or place, at most 200 characters; optional.', nullable: true }) location?: string | null;
  @Field(() => Int, { description: 'Seats, ≥ 1; null or absent: unlimited.', nullable: true }) capacity?: number | null;
}

@ObjectType({ description: 'What a session mutation answers.' })
export class ProgramSessionPayload {
  @Field(() => ProgramSession, { description: 'The session created or changed; null when `userErrors` is not empty (then nothing was written).', nullable: true }) session: ProgramSession | null;
  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' }) userErrors: UserError[];
}

@ObjectType({ description: 'What a registration mutation answers.' })
export class RegistrationPayload {
  @Field(() => Registration, { description: 'The registration created or changed; null when `userErrors` is not empty (then nothing was written).', nullable: true }) registration: Registration | null;
  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' }) userErrors: UserError[];
}

@InputType({ description: 'Who came to a session.' })
export class RecordAttendanceInput {
  @Field(() => ID, { description: 'The session (it becomes COMPLETED).' }) sessionId: string;
  @Field(() => Int, { description: 'Total headcount, walk-ins included.' }) headcount: number;
  @Field(() => [ID], { nullable: true, description: 'Registrations that came; other CONFIRMED ones become NO_SHOW.' }) attendedRegistrationIds?: string[] | null;
  @Field(() => Int, { nullable: true, description: 'Hybrid programs only (and required for them): how many of `headcount` attended live online, 0 to headcount; the rest attended in person.' })
  virtualHeadcount?: number | null;
}

@InputType({ description: "One participant's answers to a Project Outcome survey, anonymous." })
export class OutcomeSurveyInput {
  @Field(() => ID, { description: 'The session they attended.' }) sessionId: string;
  @Field(() => SurveyType, { description: 'Immediate or follow-up.' }) surveyType: SurveyType;
  @Field(() => Int, { nullable: true, description: 'Each 1-5; any may be omitted.' }) knowledge?: number | null;
  @Field(() => Int, { description: '"I feel more confident about what I learned", 1 (strongly disagree) to 5 (strongly agree); optional.', nullable: true }) confidence?: number | null;
  @Field(() => Int, { description: '"I intend to apply what I just learned", 1–5; optional.', nullable: true }) application?: number | null;
  @Field(() => Int, { description: '"I am more aware of resources and services provided by the library", 1–5; optional.', nullable: true }) awareness?: number | null;
  @Field(() => String, { description: 'Free comment, up to 5,000 characters; optional; never shown with the person.', nullable: true }) comment?: string | null;
}

@ObjectType({ description: 'What submitOutcomeSurvey answers.' })
export class OutcomeSurveyPayload {
  @Field({ description: 'True when the answers were stored; false with `userErrors` otherwise.' }) accepted: boolean;
  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' }) userErrors: UserError[];
}

/** The period of a PLS report on a library system or consortium (dates inclusive). */
@ArgsType()
export class PlsPeriodArgs {
  // In the order the published schema lists them.
  @Field(() => DateScalar, { description: 'End of the range (exclusive). Aggregates: absent, now.' }) to: string;
  @Field(() => DateScalar, { description: 'Start of the range (inclusive). Aggregates: absent, one year before `to`. The range may span at most 10 years (1 year with DAY).' }) from: string;
}

// ------------------------------------------------------------------ peer comparison

@ObjectType({ description: 'One per-resident measure of a branch against its peers (the branches in the same population band).' })
export class PeerMeasure {
  @Field(() => Float, { nullable: true, description: "The branch's value; null when its service population is not recorded (or 0)." }) value: number | null;
  @Field(() => Float, { nullable: true, description: "The median of the peers' values, the branch included; null for STAFF (the peers' figures are not theirs to see)." }) peerMedian: number | null;
  @Field(() => Int, { nullable: true, description: 'Rank among the peers, 1 = the highest value; equal values share the better rank. Null for STAFF or without a value.' }) rank: number | null;
  @Field(() => Int, { nullable: true, description: 'Quartile among the peers, 1 = the top quarter (1 + floor((rank − 1) × 4 / peers)). Null for STAFF or without a value.' }) quartile: number | null;
}

@ObjectType({ description: "One branch of a peer group with its program counts and per-resident measures." })
export class ProgramPeerRow {
  @Field(() => Branch, { description: 'The branch.' }) branch: { id: string };
  @Field(() => Int, { nullable: true, description: "Its service population (residents); null when not recorded." }) servicePopulation: number | null;
  @Field(() => Int, { description: 'Recorded attendance of its sessions in the range.' }) attendance: number;
  @Field(() => Int, { description: 'Its non-cancelled sessions in the range.' }) sessionCount: number;
  @Field(() => Int, { description: 'Registrations for its sessions in the range.' }) registrationCount: number;
  @Field(() => Float, { nullable: true, description: 'Attendance per resident.' }) attendancePerCapita: number | null;
  @Field(() => Float, { nullable: true, description: 'Sessions per 1,000 residents.' }) sessionsPerThousand: number | null;
  @Field(() => Float, { nullable: true, description: 'Registrations per resident.' }) registrationsPerCapita: number | null;
}

@ObjectType({ description: "A branch's programs per resident of its service population, ranked among its peers (Branch.peers: the branches in the same population band)." })
export class ProgramPeerComparison {
  @Field(() => Int, { nullable: true, description: "The branch's service population; null when not recorded." }) servicePopulation: number | null;
  @Field(() => PeerGroup, { nullable: true, description: 'The named peer group compared within (`peerGroupId`); null when the peers are the population band (`Branch.peers`).' }) peerGroup: PeerGroup | null;
  @Field(() => Int, { nullable: true, description: 'Branches in the peer group, the branch included; null for STAFF.' }) peerCount: number | null;
  @Field(() => PeerMeasure, { description: 'Attendance per resident.' }) attendancePerCapita: PeerMeasure;
  @Field(() => PeerMeasure, { description: 'Sessions per 1,000 residents.' }) sessionsPerThousand: PeerMeasure;
  @Field(() => PeerMeasure, { description: 'Registrations per resident.' }) registrationsPerCapita: PeerMeasure;
  @Field(() => [ProgramPeerRow], { description: "The peer group, highest attendance per resident first (STAFF: their branch only). At most 30 branches (a named peer group's limit); in an operation's cost this list counts as 30 items." }) ranking: ProgramPeerRow[];
}
