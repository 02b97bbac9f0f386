import { ArgsType, Directive, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionTypes, DateScalar, ServiceArea, UserError } from '@ceg/conventions';
import { type BranchSetStub, directoryStubs, type KeyStub } from '@ceg/kit';

// ------------------------------------------------------------------ enums

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
    EARLY_CHILDHOOD: { description: '0-5' }, CHILDREN: { description: '6-11' }, YOUNG_ADULTS: { description: '12-18' },
    ADULTS: { description: '19+' }, ALL_AGES: { description: 'General interest' },
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
    ONSITE: { description: 'In person, at the library' }, OFFSITE: { description: 'In person, elsewhere' },
    VIRTUAL: { description: 'Live online' }, RECORDED: { description: 'Asynchronous presentation' },
  },
});

export enum ProgramStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  CANCELLED = 'CANCELLED',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(ProgramStatus, { name: 'ProgramStatus' });

export enum SessionStatus {
  SCHEDULED = 'SCHEDULED',
  CANCELLED = 'CANCELLED',
  COMPLETED = 'COMPLETED',
}
registerEnumType(SessionStatus, { name: 'SessionStatus' });

export enum RegistrationStatus {
  CONFIRMED = 'CONFIRMED',
  WAITLISTED = 'WAITLISTED',
  CANCELLED = 'CANCELLED',
  ATTENDED = 'ATTENDED',
  NO_SHOW = 'NO_SHOW',
}
registerEnumType(RegistrationStatus, { name: 'RegistrationStatus' });

export enum ProgramDimension {
  BRANCH = 'BRANCH',
  SERVICE_AREA = 'SERVICE_AREA',
  AGE_GROUP = 'AGE_GROUP',
  FORMAT = 'FORMAT',
  PERIOD = 'PERIOD',
}
registerEnumType(ProgramDimension, { name: 'ProgramDimension', valuesConfig: { PERIOD: { description: 'By session start' } } });

export enum SurveyType {
  IMMEDIATE = 'IMMEDIATE',
  FOLLOW_UP = 'FOLLOW_UP',
}
registerEnumType(SurveyType, { name: 'SurveyType' });

// ------------------------------------------------------------------ the directory's entities (owned by libraries)

/** This subgraph's own stubs (fresh classes: the fields it contributes stay in its schema). */
export const { Branch, LibrarySystem, Consortium } = directoryStubs();
export type Branch = KeyStub;
export type LibrarySystem = BranchSetStub;
export type Consortium = BranchSetStub;

// ------------------------------------------------------------------ programs, sessions, registrations

@ObjectType({ description: "Project Outcome's four immediate-survey measures, on a 1-5 agreement scale." })
export class OutcomeSummary {
  @Field(() => Int) responseCount: number;
  @Field(() => Float, { nullable: true, description: 'Share of respondents who agree or strongly agree (4 or 5); null below the privacy threshold.' })
  knowledge: number | null;
  @Field(() => Float, { nullable: true }) confidence: number | null;
  @Field(() => Float, { nullable: true }) application: number | null;
  @Field(() => Float, { nullable: true }) awareness: number | null;
  @Field() suppressed: boolean;
}

@Directive('@key(fields: "id")')
@ObjectType()
export class Program {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field() description: string;
  @Field(() => ServiceArea) serviceArea: ServiceArea;
  @Field(() => AgeGroup) ageGroup: AgeGroup;
  @Field(() => ProgramFormat) format: ProgramFormat;
  @Field(() => [String]) languages: string[];
  @Field(() => String, { nullable: true }) accessibilityNotes: string | null;
  @Field(() => ProgramStatus) status: ProgramStatus;
  @Field(() => [String]) tags: string[];
  @Field() createdAt: Date;
  branchId: string;
}

@Directive('@key(fields: "id")')
@ObjectType()
export class ProgramSession {
  @Field(() => ID) id: string;
  @Field() startsAt: Date;
  @Field() endsAt: Date;
  @Field(() => String, { nullable: true }) location: string | null;
  @Field(() => Int, { nullable: true, description: 'Null means unlimited.' }) capacity: number | null;
  @Field(() => SessionStatus) status: SessionStatus;
  @Field(() => Int, { nullable: true, description: 'Recorded headcount, walk-ins included; null until recorded.' }) attendance: number | null;
  programId: string;
  branchId: string;
}

@Directive('@key(fields: "id")')
@ObjectType()
export class Registration {
  @Field(() => ID) id: string;
  @Field(() => RegistrationStatus) status: RegistrationStatus;
  @Field(() => Int, { nullable: true, description: '1-based; set while WAITLISTED.' }) waitlistPosition: number | null;
  @Field() registeredAt: Date;
  sessionId: string;
  branchId: string;
  patron: string;
}

export const { Connection: ProgramConnection, Edge: ProgramEdge } = connectionTypes(Program, 'Program');
export const { Connection: ProgramSessionConnection, Edge: ProgramSessionEdge } = connectionTypes(ProgramSession, 'ProgramSession');
export const { Connection: RegistrationConnection, Edge: RegistrationEdge } = connectionTypes(Registration, 'Registration');

@InputType()
export class ProgramFilter {
  @Field(() => [ID], { nullable: true }) branchIds?: string[] | null;
  @Field(() => [ServiceArea], { nullable: true }) serviceAreas?: ServiceArea[] | null;
  @Field(() => [AgeGroup], { nullable: true }) ageGroups?: AgeGroup[] | null;
  @Field(() => [ProgramFormat], { nullable: true }) formats?: ProgramFormat[] | null;
  @Field(() => [ProgramStatus], { nullable: true }) statuses?: ProgramStatus[] | null;
  @Field(() => [String], { nullable: true }) languages?: string[] | null;
  @Field(() => String, { nullable: true }) search?: string | null;
}

@InputType()
export class SessionFilter {
  @Field(() => [ID], { nullable: true }) branchIds?: string[] | null;
  @Field(() => [ServiceArea], { nullable: true }) serviceAreas?: ServiceArea[] | null;
  @Field(() => [AgeGroup], { nullable: true }) ageGroups?: AgeGroup[] | null;
  @Field(() => [ProgramFormat], { nullable: true }) formats?: ProgramFormat[] | null;
  @Field(() => Date, { nullable: true }) from?: Date | null;
  @Field(() => Date, { nullable: true }) to?: Date | null;
  @Field(() => Boolean, { nullable: true, description: 'Only sessions with seats left (or unlimited).' }) hasSeats?: boolean | null;
}

// ------------------------------------------------------------------ aggregates and the PLS report

@ObjectType()
export class ProgramMeasures {
  @Field(() => Int, { description: 'Programs with at least one non-cancelled session in range.' }) programCount: number;
  @Field(() => Int, { description: 'Non-cancelled sessions in range.' }) sessionCount: number;
  @Field(() => Int, { description: 'Sum of recorded attendance.' }) attendance: number;
  @Field(() => Float, { nullable: true }) averageAttendance: number | null;
  @Field(() => Int) registrationCount: number;
  @Field(() => Float, { nullable: true, description: 'Confirmed or attended registrations / capacity, over sessions with a capacity.' }) fillRate: number | null;
  @Field(() => Float, { nullable: true, description: 'NO_SHOW / (ATTENDED + NO_SHOW).' }) noShowRate: number | null;
  @Field(() => OutcomeSummary) outcomes: OutcomeSummary;
}

@ObjectType()
export class ProgramGroupKey {
  @Field(() => Branch, { nullable: true }) branch: Branch | null;
  @Field(() => ServiceArea, { nullable: true }) serviceArea: ServiceArea | null;
  @Field(() => AgeGroup, { nullable: true }) ageGroup: AgeGroup | null;
  @Field(() => ProgramFormat, { nullable: true }) format: ProgramFormat | null;
  @Field(() => DateScalar, { nullable: true }) period: string | null;
}

@ObjectType()
export class ProgramGroup {
  @Field(() => ProgramGroupKey) key: ProgramGroupKey;
  @Field(() => ProgramMeasures) measures: ProgramMeasures;
}

@ObjectType()
export class ProgramAggregate {
  @Field(() => ProgramMeasures) totals: ProgramMeasures;
  @Field(() => [ProgramGroup]) groups: ProgramGroup[];
}

@ObjectType()
export class PlsReportRow {
  @Field({ description: 'The PLS item number, e.g. 600 (total synchronous programs), 601-605 (by age), 606-608 (by format), 610-619 (attendance), 630 (recorded-presentation views).' })
  item: string;
  @Field(() => String, { nullable: true, description: 'The PLS variable name where it has one, e.g. TOTPRO, K0_5PRO, K6_11PRO, YAPRO, ADULTPRO, GENPRO, TOTATTEN.' })
  element: string | null;
  @Field() label: string;
  @Field(() => Int) value: number;
}

@ObjectType({ description: 'Program counts and attendance for the IMLS Public Libraries Survey, for one reporting period.' })
export class PlsProgramReport {
  @Field(() => DateScalar) from: string;
  @Field(() => DateScalar) to: string;
  @Field(() => [ID]) branchIds: string[];
  @Field(() => [PlsReportRow]) rows: PlsReportRow[];
}

// ------------------------------------------------------------------ mutations

@InputType()
export class CreateProgramInput {
  @Field(() => ID) branchId: string;
  @Field() title: string;
  @Field() description: string;
  @Field(() => ServiceArea) serviceArea: ServiceArea;
  @Field(() => AgeGroup) ageGroup: AgeGroup;
  @Field(() => ProgramFormat) format: ProgramFormat;
  @Field(() => [String], { nullable: true }) languages?: string[] | null;
  @Field(() => String, { nullable: true }) accessibilityNotes?: string | null;
  @Field(() => [String], { nullable: true }) tags?: string[] | null;
}

@InputType()
export class UpdateProgramInput {
  @Field(() => ID) programId: string;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => ServiceArea, { nullable: true }) serviceArea?: ServiceArea | null;
  @Field(() => AgeGroup, { nullable: true }) ageGroup?: AgeGroup | null;
  @Field(() => ProgramFormat, { nullable: true }) format?: ProgramFormat | null;
  @Field(() => [String], { nullable: true }) languages?: string[] | null;
  @Field(() => String, { nullable: true }) accessibilityNotes?: string | null;
  @Field(() => [String], { nullable: true }) tags?: string[] | null;
  @Field(() => ProgramStatus, { nullable: true }) status?: ProgramStatus | null;
}

@ObjectType()
export class ProgramPayload {
  @Field(() => Program, { nullable: true }) program: Program | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

@InputType()
export class ScheduleSessionInput {
  @Field(() => ID) programId: string;
  @Field() startsAt: Date;
  @Field() endsAt: Date;
  @Field(() => String, { nullable: true }) location?: string | null;
  @Field(() => Int, { nullable: true }) capacity?: number | null;
}

@ObjectType()
export class ProgramSessionPayload {
  @Field(() => ProgramSession, { nullable: true }) session: ProgramSession | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

@ObjectType()
export class RegistrationPayload {
  @Field(() => Registration, { nullable: true }) registration: Registration | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

@InputType()
export class RecordAttendanceInput {
  @Field(() => ID) sessionId: string;
  @Field(() => Int, { description: 'Total headcount, walk-ins included.' }) headcount: number;
  @Field(() => [ID], { nullable: true, description: 'Registrations that came; other CONFIRMED ones become NO_SHOW.' }) attendedRegistrationIds?: string[] | null;
}

@InputType()
export class OutcomeSurveyInput {
  @Field(() => ID) sessionId: string;
  @Field(() => SurveyType) surveyType: SurveyType;
  @Field(() => Int, { nullable: true, description: 'Each 1-5; any may be omitted.' }) knowledge?: number | null;
  @Field(() => Int, { nullable: true }) confidence?: number | null;
  @Field(() => Int, { nullable: true }) application?: number | null;
  @Field(() => Int, { nullable: true }) awareness?: number | null;
  @Field(() => String, { nullable: true }) comment?: string | null;
}

@ObjectType()
export class OutcomeSurveyPayload {
  @Field() accepted: boolean;
  @Field(() => [UserError]) userErrors: UserError[];
}

/** The period of a PLS report on a library system or consortium (dates inclusive). */
@ArgsType()
export class PlsPeriodArgs {
  // In the order the published schema lists them.
  @Field(() => DateScalar) to: string;
  @Field(() => DateScalar) from: string;
}
