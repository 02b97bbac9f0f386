import { Directive, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar, ServiceArea, Share, UserError } from '@ceg/conventions';
import { type BranchSetStub, directoryStubs, type KeyStub } from '@ceg/kit';

// ------------------------------------------------------------------ enums

export enum DemographicDimension {
  AGE_BAND = 'AGE_BAND',
  RACE_ETHNICITY = 'RACE_ETHNICITY',
  LANGUAGE = 'LANGUAGE',
}
registerEnumType(DemographicDimension, { name: 'DemographicDimension' });

export enum AccessibilityFeature {
  STEP_FREE_ENTRANCE = 'STEP_FREE_ENTRANCE',
  ACCESSIBLE_RESTROOM = 'ACCESSIBLE_RESTROOM',
  ELEVATOR = 'ELEVATOR',
  HEARING_LOOP = 'HEARING_LOOP',
  ADJUSTABLE_WORKSTATIONS = 'ADJUSTABLE_WORKSTATIONS',
  SCREEN_READER_STATIONS = 'SCREEN_READER_STATIONS',
  LARGE_PRINT_COLLECTION = 'LARGE_PRINT_COLLECTION',
  BRAILLE_MATERIALS = 'BRAILLE_MATERIALS',
  SENSORY_FRIENDLY_SPACE = 'SENSORY_FRIENDLY_SPACE',
  ACCESSIBLE_PARKING = 'ACCESSIBLE_PARKING',
  SIGN_LANGUAGE_ON_REQUEST = 'SIGN_LANGUAGE_ON_REQUEST',
  MULTILINGUAL_SIGNAGE = 'MULTILINGUAL_SIGNAGE',
}
registerEnumType(AccessibilityFeature, { name: 'AccessibilityFeature' });

// ------------------------------------------------------------------ the directory's entities (owned by libraries)

/** This subgraph's own stubs (fresh classes: the fields it contributes stay in its schema). */
export const { Branch, Consortium } = directoryStubs();
export type Branch = KeyStub;
export type Consortium = BranchSetStub;

// ------------------------------------------------------------------ community profiles

@Directive('@key(fields: "id")')
@ObjectType()
export class CommunityProfile {
  @Field(() => ID) id: string;
  @Field(() => Branch, { nullable: true }) branch: Branch | null;
  @Field(() => Int) year: number;
  @Field({ description: "Where the figures come from, e.g. 'ACS 5-year 2019-2023'." }) source: string;
  @Field(() => Int) population: number;
  @Field(() => [Share]) ageBands: Share[];
  @Field(() => [Share]) raceEthnicity: Share[];
  @Field(() => [Share]) languagesSpokenAtHome: Share[];
  @Field(() => Float, { nullable: true }) disabilityRate: number | null;
  @Field(() => Float, { nullable: true }) povertyRate: number | null;
  @Field(() => Float, { nullable: true }) broadbandRate: number | null;
  @Field(() => Float, { nullable: true }) foreignBornRate: number | null;
  @Field(() => Int, { nullable: true }) medianHouseholdIncome: number | null;
  branchId: string;
}

@ObjectType()
export class ShareChange {
  @Field(() => DemographicDimension) dimension: DemographicDimension;
  @Field() key: string;
  @Field(() => Float) fromShare: number;
  @Field(() => Float) toShare: number;
  @Field(() => Float, { description: 'toShare - fromShare, in percentage points / 100.' }) change: number;
}

@ObjectType({ description: 'Self-reported demographics of program participants, only ever shown in aggregate.' })
export class ParticipationProfile {
  @Field(() => DateScalar) from: string;
  @Field(() => DateScalar) to: string;
  @Field(() => Int) respondentCount: number;
  @Field(() => [Share]) ageBands: Share[];
  @Field(() => [Share]) raceEthnicity: Share[];
  @Field(() => [Share]) languagesSpokenAtHome: Share[];
}

@ObjectType()
export class RepresentationGap {
  @Field(() => DemographicDimension) dimension: DemographicDimension;
  @Field() key: string;
  @Field(() => Float) communityShare: number;
  @Field(() => Float, { nullable: true, description: 'Null when suppressed.' }) participantShare: number | null;
  @Field(() => Float, { nullable: true, description: 'participantShare / communityShare; below 1 means under-represented.' })
  representationIndex: number | null;
  @Field() suppressed: boolean;
}

// ------------------------------------------------------------------ audits

@ObjectType()
export class CollectionShare {
  @Field() dimension: string;
  @Field() key: string;
  @Field(() => Int) titleCount: number;
  @Field(() => Float) share: number;
}

@Directive('@key(fields: "id")')
@ObjectType()
export class CollectionAudit {
  @Field(() => ID) id: string;
  @Field(() => Branch, { nullable: true }) branch: Branch | null;
  @Field(() => DateScalar) auditedOn: string;
  @Field(() => Int) totalTitles: number;
  @Field(() => [CollectionShare], { description: 'Titles by language, by own-voices and representation categories, by format.' })
  dimensions: CollectionShare[];
  branchId: string;
}

@ObjectType()
export class AccessibilityFeatureStatus {
  @Field(() => AccessibilityFeature) feature: AccessibilityFeature;
  @Field() available: boolean;
  @Field(() => String, { nullable: true }) notes: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType()
export class AccessibilityAudit {
  @Field(() => ID) id: string;
  @Field(() => Branch, { nullable: true }) branch: Branch | null;
  @Field(() => DateScalar) auditedOn: string;
  @Field(() => [AccessibilityFeatureStatus]) features: AccessibilityFeatureStatus[];
  @Field(() => Float, { description: 'Share of the audited features that are available, 0 to 1.' }) score: number;
  branchId: string;
}

// ------------------------------------------------------------------ inputs and payloads

@InputType()
export class ShareInput {
  @Field() key: string;
  @Field(() => String, { nullable: true }) label?: string | null;
  @Field(() => Int, { nullable: true }) count?: number | null;
  @Field(() => Float, { nullable: true }) share?: number | null;
}

@InputType()
export class UpsertCommunityProfileInput {
  @Field(() => ID) branchId: string;
  @Field(() => Int) year: number;
  @Field() source: string;
  @Field(() => Int) population: number;
  @Field(() => [ShareInput]) ageBands: ShareInput[];
  @Field(() => [ShareInput], { nullable: true }) raceEthnicity?: ShareInput[] | null;
  @Field(() => [ShareInput], { nullable: true }) languagesSpokenAtHome?: ShareInput[] | null;
  @Field(() => Float, { nullable: true }) disabilityRate?: number | null;
  @Field(() => Float, { nullable: true }) povertyRate?: number | null;
  @Field(() => Float, { nullable: true }) broadbandRate?: number | null;
  @Field(() => Float, { nullable: true }) foreignBornRate?: number | null;
  @Field(() => Int, { nullable: true }) medianHouseholdIncome?: number | null;
}

@ObjectType()
export class CommunityProfilePayload {
  @Field(() => CommunityProfile, { nullable: true }) profile: CommunityProfile | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

@InputType({ description: 'One anonymous, voluntary answer sheet from a participant. Nothing identifies the person.' })
export class ParticipantDemographicsInput {
  @Field(() => ID) branchId: string;
  @Field(() => DateScalar, { description: 'Day of the activity; stored as a date only.' }) on: string;
  @Field(() => ServiceArea, { nullable: true }) serviceArea?: ServiceArea | null;
  @Field(() => String, { nullable: true }) ageBand?: string | null;
  @Field(() => [String], { nullable: true }) raceEthnicity?: string[] | null;
  @Field(() => String, { nullable: true }) languageSpokenAtHome?: string | null;
}

@ObjectType()
export class ParticipantDemographicsPayload {
  @Field() accepted: boolean;
  @Field(() => [UserError]) userErrors: UserError[];
}

@InputType()
export class CollectionShareInput {
  @Field() dimension: string;
  @Field() key: string;
  @Field(() => Int) titleCount: number;
}

@InputType()
export class RecordCollectionAuditInput {
  @Field(() => ID) branchId: string;
  @Field(() => DateScalar) auditedOn: string;
  @Field(() => Int) totalTitles: number;
  @Field(() => [CollectionShareInput]) dimensions: CollectionShareInput[];
}

@ObjectType()
export class CollectionAuditPayload {
  @Field(() => CollectionAudit, { nullable: true }) audit: CollectionAudit | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

@InputType()
export class AccessibilityFeatureInput {
  @Field(() => AccessibilityFeature) feature: AccessibilityFeature;
  @Field() available: boolean;
  @Field(() => String, { nullable: true }) notes?: string | null;
}

@InputType()
export class RecordAccessibilityAuditInput {
  @Field(() => ID) branchId: string;
  @Field(() => DateScalar) auditedOn: string;
  @Field(() => [AccessibilityFeatureInput]) features: AccessibilityFeatureInput[];
}

@ObjectType()
export class AccessibilityAuditPayload {
  @Field(() => AccessibilityAudit, { nullable: true }) audit: AccessibilityAudit | null;
  @Field(() => [UserError]) userErrors: UserError[];
}
