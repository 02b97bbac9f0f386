import { Directive, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar, ServiceArea, Share, UserError } from '@ceg/conventions';
import { type BranchSetStub, directoryStubs, type KeyStub } from '@ceg/kit';

// ------------------------------------------------------------------ enums

export enum DemographicDimension {
  AGE_BAND = 'AGE_BAND',
  RACE_ETHNICITY = 'RACE_ETHNICITY',
  LANGUAGE = 'LANGUAGE',
}
registerEnumType(DemographicDimension, {
  name: 'DemographicDimension',
  description: 'A census breakdown that community profiles and participants are compared on (American Community Survey categories).',
  valuesConfig: {
    AGE_BAND: { description: 'Age: UNDER_5, 5_TO_17, 18_TO_24, 25_TO_44, 45_TO_64, 65_AND_OVER.' },
    RACE_ETHNICITY: { description: 'Race and ethnicity: HISPANIC_LATINO (of any race), then WHITE, BLACK, AMERICAN_INDIAN_ALASKA_NATIVE, ASIAN, NATIVE_HAWAIIAN_PACIFIC_ISLANDER, SOME_OTHER_RACE, TWO_OR_MORE (not Hispanic or Latino).' },
    LANGUAGE: { description: 'Language spoken at home: ENGLISH_ONLY, SPANISH, OTHER_INDO_EUROPEAN, ASIAN_PACIFIC_ISLAND, OTHER.' },
  },
});

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
registerEnumType(AccessibilityFeature, {
  name: 'AccessibilityFeature',
  description: 'A feature an accessibility audit checks.',
  valuesConfig: {
    STEP_FREE_ENTRANCE: { description: 'An entrance without steps (ramp or level).' },
    ACCESSIBLE_RESTROOM: { description: 'A wheelchair-accessible restroom.' },
    ELEVATOR: { description: 'An elevator to every public floor (available also for a single-floor building).' },
    HEARING_LOOP: { description: 'An induction hearing loop at the desk or meeting room.' },
    ADJUSTABLE_WORKSTATIONS: { description: 'Height-adjustable public computer workstations.' },
    SCREEN_READER_STATIONS: { description: 'Public computers with a screen reader and magnifier.' },
    LARGE_PRINT_COLLECTION: { description: 'A large-print collection.' },
    BRAILLE_MATERIALS: { description: 'Braille materials or a Braille service.' },
    SENSORY_FRIENDLY_SPACE: { description: 'A quiet, low-stimulus space or sensory-friendly hours.' },
    ACCESSIBLE_PARKING: { description: 'Accessible parking spaces.' },
    SIGN_LANGUAGE_ON_REQUEST: { description: 'Sign-language interpretation on request.' },
    MULTILINGUAL_SIGNAGE: { description: 'Signs in the main languages of the community.' },
  },
});

// ------------------------------------------------------------------ the directory's entities (owned by libraries)

/** This subgraph's own stubs (fresh classes: the fields it contributes stay in its schema). */
export const { Branch, Consortium, LibrarySystem } = directoryStubs();
export type Branch = KeyStub;
export type Consortium = BranchSetStub;
export type LibrarySystem = BranchSetStub;

// ------------------------------------------------------------------ community profiles

@Directive('@key(fields: "id")')
@ObjectType({ description: "Census figures of a branch's service area for one year (e.g. the American Community Survey). Published figures: everyone may read them, never suppressed. Recorded by staff of the branch or ADMIN." })
export class CommunityProfile {
  @Field(() => ID, { description: 'Stable id (UUID) of the profile.' }) id: string;
  @Field(() => Branch, { description: 'The branch whose service area it describes.', nullable: true }) branch: Branch | null;
  @Field(() => Int, { description: 'The year the figures describe.' }) year: number;
  @Field({ description: "Where the figures come from, e.g. 'ACS 5-year 2019-2023'." }) source: string;
  @Field(() => Int, { description: 'Residents of the service area.' }) population: number;
  @Field(() => Int, { description: 'Margin of error of `population` at 90% confidence, as published with a survey estimate (0 for an estimate the Census Bureau controls to its official population figures); null when not recorded.', nullable: true }) populationMarginOfError: number | null;
  @Field(() => [Share], { description: 'Residents by age band (see DemographicDimension.AGE_BAND); shares 0–1; each with its margins of error when recorded. Empty only for a profile imported from a race and ethnicity table alone.' }) ageBands: Share[];
  @Field(() => [Share], { description: 'Residents by race and ethnicity (see DemographicDimension.RACE_ETHNICITY); shares 0–1; empty when not recorded.' }) raceEthnicity: Share[];
  @Field(() => [Share], { description: 'Residents aged 5 and over by language spoken at home (see DemographicDimension.LANGUAGE); shares 0–1; empty when not recorded.' }) languagesSpokenAtHome: Share[];
  @Field(() => Float, { description: 'Share of residents with a disability, 0–1; null when not recorded.', nullable: true }) disabilityRate: number | null;
  @Field(() => Float, { description: 'Share of residents below the poverty line, 0–1; null when not recorded.', nullable: true }) povertyRate: number | null;
  @Field(() => Float, { description: 'Share of households with a broadband subscription, 0–1; null when not recorded.', nullable: true }) broadbandRate: number | null;
  @Field(() => Float, { description: 'Share of residents born abroad, 0–1; null when not recorded.', nullable: true }) foreignBornRate: number | null;
  @Field(() => Int, { description: 'Median household income in US dollars a year; null when not recorded.', nullable: true }) medianHouseholdIncome: number | null;
  branchId: string;
}

@ObjectType({ description: 'How one share of a service area changed between two profiles.' })
export class ShareChange {
  @Field(() => DemographicDimension, { description: 'The breakdown.' }) dimension: DemographicDimension;
  @Field({ description: 'The category, e.g. SPANISH.' }) key: string;
  @Field(() => Float, { description: 'Its share in the earlier profile, 0–1.' }) fromShare: number;
  @Field(() => Float, { description: 'Its share in the later profile, 0–1.' }) toShare: number;
  @Field(() => Float, { description: 'toShare - fromShare, in percentage points / 100.' }) change: number;
}

@ObjectType({ description: 'Self-reported demographics of program participants, only ever shown in aggregate.' })
export class ParticipationProfile {
  @Field(() => DateScalar, { description: 'First day of the period (inclusive).' }) from: string;
  @Field(() => DateScalar, { description: 'Last day of the period (inclusive).' }) to: string;
  @Field(() => Int, { description: 'Answer sheets in the period (always shown).' }) respondentCount: number;
  /** Not in the schema: whether respondentCount is withheld (then 0), so that nothing derived from it shows the true count. */
  respondentCountWithheld: boolean;
  @Field(() => [Share], { description: 'Participants by age band; small cells withheld (`suppressed`).' }) ageBands: Share[];
  @Field(() => [Share], { description: 'Participants by race and ethnicity; small cells withheld (`suppressed`).' }) raceEthnicity: Share[];
  @Field(() => [Share], { description: 'Participants by language spoken at home; small cells withheld (`suppressed`).' }) languagesSpokenAtHome: Share[];
}

@ObjectType({ description: 'One category of a breakdown: its share among participants against its share in the community.' })
export class RepresentationGap {
  @Field(() => DemographicDimension, { description: 'The breakdown.' }) dimension: DemographicDimension;
  @Field({ description: 'The category, e.g. HISPANIC_LATINO.' }) key: string;
  @Field(() => Float, { description: 'Its share of the community (census profile), 0–1.' }) communityShare: number;
  @Field(() => Float, { nullable: true, description: 'Null when suppressed.' }) participantShare: number | null;
  @Field(() => Float, { nullable: true, description: 'participantShare / communityShare; below 1 means under-represented.' })
  representationIndex: number | null;
  @Field({ description: "True when the participants' count is withheld to protect privacy (fewer than PRIVACY_MIN_CELL, default 5, or the cell that would reveal one): participantShare and representationIndex are then null." }) suppressed: boolean;
}

// ------------------------------------------------------------------ audits

@ObjectType({ description: 'Titles of one category of a collection audit.' })
export class CollectionShare {
  @Field({ description: 'The breakdown, e.g. language, own-voices, format.' }) dimension: string;
  @Field({ description: 'The category within it, e.g. es, LATINX, EBOOK.' }) key: string;
  @Field(() => Int, { description: 'Titles in the category, ≥ 0.' }) titleCount: number;
  @Field(() => Float, { description: 'titleCount / totalTitles, 0–1.' }) share: number;
  @Field({
    description: 'True when the categories of this dimension are exclusive (FORMAT, LANGUAGE: a title has one format and one main language), so the dimension\'s counts add up to at most totalTitles and its shares to at most 1 (recordCollectionAudit refuses more). False when they may overlap (REPRESENTATION and any other dimension: a title may count in several categories or in none), so their shares need not add up to anything. Everyone may read it.',
  })
  exclusive: boolean;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: "A diversity audit of a branch's collection: how many titles, and how they spread over languages, voices and formats. Everyone may read it; recorded by staff of the branch or ADMIN." })
export class CollectionAudit {
  @Field(() => ID, { description: 'Stable id (UUID) of the audit.' }) id: string;
  @Field(() => Branch, { description: 'The audited branch.', nullable: true }) branch: Branch | null;
  @Field(() => DateScalar, { description: 'The day the audit was done.' }) auditedOn: string;
  @Field(() => Int, { description: 'Titles in the audited collection, ≥ 0.' }) totalTitles: number;
  @Field(() => [CollectionShare], { description: 'Titles by language, by own-voices and representation categories, by format. Within an exclusive dimension (see CollectionShare.exclusive) the counts add up to at most totalTitles.' })
  dimensions: CollectionShare[];
  branchId: string;
}

@ObjectType({ description: 'Whether a branch has one accessibility feature.' })
export class AccessibilityFeatureStatus {
  @Field(() => AccessibilityFeature, { description: 'The feature.' }) feature: AccessibilityFeature;
  @Field({ description: 'True when the branch has it.' }) available: boolean;
  @Field(() => String, { description: 'Details, e.g. "ramp at the north entrance"; null when none.', nullable: true }) notes: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'An accessibility audit of a branch: which features it has. Everyone may read it; recorded by staff of the branch or ADMIN.' })
export class AccessibilityAudit {
  @Field(() => ID, { description: 'Stable id (UUID) of the audit.' }) id: string;
  @Field(() => Branch, { description: 'The audited branch.', nullable: true }) branch: Branch | null;
  @Field(() => DateScalar, { description: 'The day the audit was done.' }) auditedOn: string;
  @Field(() => [AccessibilityFeatureStatus], { description: 'Each audited feature and whether it is there.' }) features: AccessibilityFeatureStatus[];
  @Field(() => Float, { description: 'Share of the audited features that are available, 0 to 1.' }) score: number;
  branchId: string;
}

// ------------------------------------------------------------------ inputs and payloads

@InputType({ description: 'One category of a breakdown of a community profile.' })
export class ShareInput {
  @Field({ description: 'The category, e.g. 18_TO_24 (see DemographicDimension).' }) key: string;
  @Field(() => String, { description: 'Its name for people; optional.', nullable: true }) label?: string | null;
  @Field(() => Int, { description: 'Residents in it, ≥ 0; optional when share is given.', nullable: true }) count?: number | null;
  @Field(() => Float, { description: 'Its share, 0–1; optional when count is given.', nullable: true }) share?: number | null;
  @Field(() => Float, { description: "The share's margin of error at 90% confidence, 0–1; optional.", nullable: true }) marginOfError?: number | null;
  @Field(() => Int, { description: "The count's margin of error at 90% confidence, ≥ 0; optional.", nullable: true }) countMarginOfError?: number | null;
}

@InputType({ description: "The census profile of a branch's service area for one year; replaces that year's profile if there is one." })
export class UpsertCommunityProfileInput {
  @Field(() => ID, { description: 'The branch.' }) branchId: string;
  @Field(() => Int, { description: 'The year the figures describe (1900–2100).' }) year: number;
  @Field({ description: 'Where the figures come from, e.g. "ACS 5-year 2019-2023", 1–200 characters.' }) source: string;
  @Field(() => Int, { description: 'Residents, ≥ 0.' }) population: number;
  @Field(() => Int, { description: "The population's margin of error at 90% confidence, ≥ 0; optional.", nullable: true }) populationMarginOfError?: number | null;
  @Field(() => [ShareInput], { description: 'Residents by age band.' }) ageBands: ShareInput[];
  @Field(() => [ShareInput], { description: 'Residents by race and ethnicity; optional.', nullable: true }) raceEthnicity?: ShareInput[] | null;
  @Field(() => [ShareInput], { description: 'Residents by language spoken at home; optional.', nullable: true }) languagesSpokenAtHome?: ShareInput[] | null;
  @Field(() => Float, { description: 'Share with a disability, 0–1; optional.', nullable: true }) disabilityRate?: number | null;
  @Field(() => Float, { description: 'Share below the poverty line, 0–1; optional.', nullable: true }) povertyRate?: number | null;
  @Field(() => Float, { description: 'Share of households with broadband, 0–1; optional.', nullable: true }) broadbandRate?: number | null;
  @Field(() => Float, { description: 'Share born abroad, 0–1; optional.', nullable: true }) foreignBornRate?: number | null;
  @Field(() => Int, { description: 'Median household income in US dollars, ≥ 0; optional.', nullable: true }) medianHouseholdIncome?: number | null;
}

@ObjectType({ description: 'What upsertCommunityProfile answers.' })
export class CommunityProfilePayload {
  @Field(() => CommunityProfile, { description: 'The profile stored; null when `userErrors` is not empty (then nothing was written).', nullable: true }) profile: CommunityProfile | null;
  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' }) userErrors: UserError[];
}

@InputType({ description: 'One anonymous, voluntary answer sheet from a participant. Nothing identifies the person.' })
export class ParticipantDemographicsInput {
  @Field(() => ID, { description: 'The branch whose activity it was.' }) branchId: string;
  @Field(() => DateScalar, { description: 'Day of the activity; stored as a date only.' }) on: string;
  @Field(() => ServiceArea, { description: 'The service area of the activity; optional.', nullable: true }) serviceArea?: ServiceArea | null;
  @Field(() => String, { description: 'Age band key, e.g. 25_TO_44 (see DemographicDimension.AGE_BAND); optional.', nullable: true }) ageBand?: string | null;
  @Field(() => [String], { description: 'Race and ethnicity keys ticked (see DemographicDimension.RACE_ETHNICITY); optional. Stored as one census category.', nullable: true }) raceEthnicity?: string[] | null;
  @Field(() => String, { description: 'Language key, e.g. SPANISH (see DemographicDimension.LANGUAGE); optional.', nullable: true }) languageSpokenAtHome?: string | null;
}

@ObjectType({ description: 'What submitParticipantDemographics answers.' })
export class ParticipantDemographicsPayload {
  @Field({ description: 'True when the sheet was stored; false with `userErrors` otherwise.' }) accepted: boolean;
  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' }) userErrors: UserError[];
}

@InputType({ description: 'Titles of one category of a collection audit.' })
export class CollectionShareInput {
  @Field({ description: 'The breakdown, e.g. LANGUAGE, 1–40 characters. FORMAT and LANGUAGE are exclusive: their counts together must not exceed totalTitles (INVALID on `dimensions` otherwise); other dimensions (REPRESENTATION, …) may overlap.' }) dimension: string;
  @Field({ description: 'The category, e.g. es, 1–40 characters.' }) key: string;
  @Field(() => Int, { description: 'Titles in it, ≥ 0 and at most totalTitles.' }) titleCount: number;
}

@InputType({ description: 'A collection audit.' })
export class RecordCollectionAuditInput {
  @Field(() => ID, { description: 'The audited branch.' }) branchId: string;
  @Field(() => DateScalar, { description: 'The day it was done (1900–2100).' }) auditedOn: string;
  @Field(() => Int, { description: 'Titles in the audited collection, ≥ 0.' }) totalTitles: number;
  @Field(() => [CollectionShareInput], { description: 'Titles per category.' }) dimensions: CollectionShareInput[];
}

@ObjectType({ description: 'What recordCollectionAudit answers.' })
export class CollectionAuditPayload {
  @Field(() => CollectionAudit, { description: 'The audit recorded; null when `userErrors` is not empty (then nothing was written).', nullable: true }) audit: CollectionAudit | null;
  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' }) userErrors: UserError[];
}

@InputType({ description: 'Whether the branch has one feature.' })
export class AccessibilityFeatureInput {
  @Field(() => AccessibilityFeature, { description: 'The feature.' }) feature: AccessibilityFeature;
  @Field({ description: 'True when the branch has it.' }) available: boolean;
  @Field(() => String, { description: 'Details, at most 1,000 characters; optional.', nullable: true }) notes?: string | null;
}

@InputType({ description: 'An accessibility audit.' })
export class RecordAccessibilityAuditInput {
  @Field(() => ID, { description: 'The audited branch.' }) branchId: string;
  @Field(() => DateScalar, { description: 'The day it was done (1900–2100).' }) auditedOn: string;
  @Field(() => [AccessibilityFeatureInput], { description: 'Each audited feature (each at most once); the score is the share available.' }) features: AccessibilityFeatureInput[];
}

@ObjectType({ description: 'What recordAccessibilityAudit answers.' })
export class AccessibilityAuditPayload {
  @Field(() => AccessibilityAudit, { description: 'The audit recorded; null when `userErrors` is not empty (then nothing was written).', nullable: true }) audit: AccessibilityAudit | null;
  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' }) userErrors: UserError[];
}
