import { Directive, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionTypes, DateScalar, Money, MoneyInput, ServiceArea, UserError } from '@ceg/conventions';
import { type BranchSetStub, directoryStubs, type KeyStub, keyStub } from '@ceg/kit';

export enum PartnerType {
  SCHOOL = 'SCHOOL',
  HIGHER_EDUCATION = 'HIGHER_EDUCATION',
  NONPROFIT = 'NONPROFIT',
  BUSINESS = 'BUSINESS',
  CULTURAL_INSTITUTION = 'CULTURAL_INSTITUTION',
  GOVERNMENT_AGENCY = 'GOVERNMENT_AGENCY',
  HEALTH_PROVIDER = 'HEALTH_PROVIDER',
  FAITH_BASED = 'FAITH_BASED',
  MEDIA = 'MEDIA',
  OTHER = 'OTHER',
}
registerEnumType(PartnerType, {
  name: 'PartnerType',
  description: 'What kind of organization a partner is.',
  valuesConfig: {
    SCHOOL: { description: 'A K-12 school or school district.' },
    HIGHER_EDUCATION: { description: 'A college or university.' },
    NONPROFIT: { description: 'A nonprofit or community organization.' },
    BUSINESS: { description: 'A business or business association.' },
    CULTURAL_INSTITUTION: { description: 'A museum, theatre, historical society or arts group.' },
    GOVERNMENT_AGENCY: { description: 'A city, county, state or federal agency.' },
    HEALTH_PROVIDER: { description: 'A clinic, hospital or public health provider.' },
    FAITH_BASED: { description: 'A faith community or faith-based organization.' },
    MEDIA: { description: 'A newspaper, radio or TV station.' },
    OTHER: { description: 'Anything else.' },
  },
});

export enum PartnershipStatus {
  PROPOSED = 'PROPOSED',
  ACTIVE = 'ACTIVE',
  ON_HOLD = 'ON_HOLD',
  ENDED = 'ENDED',
}
registerEnumType(PartnershipStatus, {
  name: 'PartnershipStatus',
  description: 'PROPOSED -> ACTIVE | ENDED; ACTIVE -> ON_HOLD | ENDED; ON_HOLD -> ACTIVE | ENDED. ENDED is final.',
  valuesConfig: {
    PROPOSED: { description: 'Being discussed; not public. Next: ACTIVE or ENDED.' },
    ACTIVE: { description: 'Under way; public (everyone may read it). Next: ON_HOLD or ENDED. Becoming ACTIVE without a start date sets it to today.' },
    ON_HOLD: { description: 'Paused; not public. Next: ACTIVE or ENDED.' },
    ENDED: { description: 'Over; not public. Final. Ending without an end date sets it to today.' },
  },
});

export enum AgreementType {
  INFORMAL = 'INFORMAL',
  MOU = 'MOU',
  CONTRACT = 'CONTRACT',
  GRANT = 'GRANT',
}
registerEnumType(AgreementType, {
  name: 'AgreementType',
  description: 'What formal agreement, if any, a partnership rests on.',
  valuesConfig: {
    INFORMAL: { description: 'A handshake: no written agreement.' },
    MOU: { description: 'A memorandum of understanding.' },
    CONTRACT: { description: 'A contract.' },
    GRANT: { description: 'A grant, given or received.' },
  },
});

export enum ContributionKind {
  FUNDING = 'FUNDING',
  VOLUNTEER_TIME = 'VOLUNTEER_TIME',
  SPACE = 'SPACE',
  EXPERTISE = 'EXPERTISE',
  MATERIALS = 'MATERIALS',
  PROMOTION = 'PROMOTION',
  OTHER = 'OTHER',
}
registerEnumType(ContributionKind, {
  name: 'ContributionKind',
  description: 'What was contributed to a partnership.',
  valuesConfig: {
    FUNDING: { description: 'Money (`value` set).' },
    VOLUNTEER_TIME: { description: 'Volunteer time (`hours` set).' },
    SPACE: { description: 'Space: rooms, venues, booths.' },
    EXPERTISE: { description: 'Expertise: speakers, trainers, advice.' },
    MATERIALS: { description: 'Materials, supplies or equipment.' },
    PROMOTION: { description: 'Promotion: publicity, mailing lists, media coverage.' },
    OTHER: { description: 'Anything else.' },
  },
});

export enum ContributionDirection {
  FROM_PARTNER = 'FROM_PARTNER',
  FROM_LIBRARY = 'FROM_LIBRARY',
}
registerEnumType(ContributionDirection, {
  name: 'ContributionDirection',
  description: 'Who gave the contribution.',
  valuesConfig: {
    FROM_PARTNER: { description: 'The partner gave it to the library.' },
    FROM_LIBRARY: { description: 'The library gave it to the partner.' },
  },
});

export enum PartnershipDimension {
  BRANCH = 'BRANCH',
  PARTNER_TYPE = 'PARTNER_TYPE',
  STATUS = 'STATUS',
  SERVICE_AREA = 'SERVICE_AREA',
  AGREEMENT_TYPE = 'AGREEMENT_TYPE',
  PERIOD = 'PERIOD',
}
registerEnumType(PartnershipDimension, {
  name: 'PartnershipDimension',
  description: 'What a partnership aggregate can be grouped by (at most 3 dimensions at once).',
  valuesConfig: {
    BRANCH: { description: 'One group per branch (a partnership of several branches counts in each).' },
    PARTNER_TYPE: { description: 'One group per PartnerType.' },
    STATUS: { description: 'One group per current PartnershipStatus.' },
    SERVICE_AREA: { description: 'One group per ServiceArea (a partnership with several counts in each).' },
    AGREEMENT_TYPE: { description: 'One group per AgreementType.' },
    PERIOD: { description: 'By start date, bucketed by the interval argument.' },
  },
});

// ------------------------------------------------------------------ entities of other subgraphs (references)

/** This subgraph's own stubs (fresh classes: the fields it contributes stay in its schema). */
export const { Branch, Consortium, LibrarySystem } = directoryStubs();
export const Program = keyStub('Program');
export type Branch = KeyStub;
export type Consortium = BranchSetStub;
export type LibrarySystem = BranchSetStub;
export type Program = KeyStub;

// ------------------------------------------------------------------ partners

@ObjectType({ description: 'A person at a partner organization. Personal data: STAFF, ANALYST and ADMIN only.' })
export class PartnerContact {
  @Field(() => ID, { description: 'Stable id (UUID) of the contact.' }) id: string;
  @Field({ description: 'Their name.' }) name: string;
  @Field(() => String, { description: 'Their role at the partner, e.g. "Outreach coordinator"; null when not recorded.', nullable: true }) role: string | null;
  @Field(() => String, { description: 'Their email address; null when not recorded.', nullable: true }) email: string | null;
  @Field(() => String, { description: 'Their phone number; null when not recorded.', nullable: true }) phone: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'An organization the libraries work with. Everyone may read partners; their contacts only STAFF, ANALYST and ADMIN.' })
export class Partner {
  @Field(() => ID, { description: 'Stable id (UUID) of the partner.' }) id: string;
  @Field({ description: "The organization's name." }) name: string;
  @Field(() => PartnerType, { description: 'What kind of organization it is.' }) type: PartnerType;
  @Field(() => String, { description: 'What it does, up to 10,000 characters; null when not written.', nullable: true }) description: string | null;
  @Field(() => String, { description: 'Its website (a well-formed URL); null when none.', nullable: true }) website: string | null;
  @Field(() => [ServiceArea], { description: 'The service areas it works in.' }) serviceAreas: ServiceArea[];
  @Field({ description: 'When it was recorded.' }) createdAt: Date;
}

@ObjectType({ description: 'Something given to a partnership: money, hours, space, expertise, materials or promotion. STAFF, ANALYST and ADMIN only.' })
export class Contribution {
  @Field(() => ID, { description: 'Stable id (UUID) of the contribution.' }) id: string;
  @Field(() => ContributionKind, { description: 'What was given.' }) kind: ContributionKind;
  @Field(() => ContributionDirection, { description: 'Who gave it: the partner or the library.' }) direction: ContributionDirection;
  @Field({ description: 'What it was, 1–10,000 characters.' }) description: string;
  @Field(() => Money, { description: 'Its money value, exact; null when it has none.', nullable: true }) value: Money | null;
  @Field(() => Float, { description: 'Volunteer or staff hours, ≥ 0, up to 2 decimals; null when not counted in hours.', nullable: true }) hours: number | null;
  @Field(() => DateScalar, { description: 'The day it was given.' }) contributedOn: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A partnership of one partner with one or more branches, with shared goals, linked programs and contributions. ACTIVE partnerships are public; PROPOSED, ON_HOLD and ENDED ones only for STAFF, ANALYST and ADMIN. Status: see PartnershipStatus.' })
export class Partnership {
  @Field(() => ID, { description: 'Stable id (UUID) of the partnership.' }) id: string;
  @Field({ description: 'Its name, 1–200 characters.' }) title: string;
  @Field(() => [String], { description: 'What the partners want to achieve together, in a few phrases.' }) sharedGoals: string[];
  @Field(() => PartnershipStatus, { description: 'Where it is; only ACTIVE is public.' }) status: PartnershipStatus;
  @Field(() => AgreementType, { description: 'What agreement it rests on.' }) agreementType: AgreementType;
  @Field(() => DateScalar, { description: 'The day it started (or starts); null while not set.', nullable: true }) startsOn: string | null;
  @Field(() => DateScalar, { description: 'The day it ended (or ends); null while open-ended.', nullable: true }) endsOn: string | null;
  partnerId: string;
  partnerType: PartnerType;
}

export const { Connection: PartnerConnection, Edge: PartnerEdge } = connectionTypes(Partner, 'Partner');
export const { Connection: PartnershipConnection, Edge: PartnershipEdge } = connectionTypes(Partnership, 'Partnership');

@InputType({ description: 'Narrows partners; every field given must match (AND), each list matches any of its values (OR).' })
export class PartnerFilter {
  @Field(() => [PartnerType], { description: 'Only partners of these kinds.', nullable: true }) types?: PartnerType[] | null;
  @Field(() => [ServiceArea], { description: 'Only partners working in one of these service areas.', nullable: true }) serviceAreas?: ServiceArea[] | null;
  @Field(() => String, { nullable: true, description: 'Matches name and description.' }) search?: string | null;
}

@InputType({ description: 'Narrows partnerships; every field given must match (AND), each list matches any of its values (OR). Id lists take at most 100 ids.' })
export class PartnershipFilter {
  @Field(() => [ID], { description: 'Only partnerships that include one of these branches.', nullable: true }) branchIds?: string[] | null;
  @Field(() => [ID], { description: 'Only partnerships with these partners.', nullable: true }) partnerIds?: string[] | null;
  @Field(() => [PartnerType], { description: 'Only partnerships with partners of these kinds.', nullable: true }) partnerTypes?: PartnerType[] | null;
  @Field(() => [PartnershipStatus], { description: 'Only partnerships in these statuses (the caller still sees only what their role may).', nullable: true }) statuses?: PartnershipStatus[] | null;
  @Field(() => [ServiceArea], { description: 'Only partnerships serving one of these service areas.', nullable: true }) serviceAreas?: ServiceArea[] | null;
  @Field(() => DateScalar, { nullable: true, description: 'Active on that day: started on or before it and not ended before it.' }) activeOn?: string | null;
}

// ------------------------------------------------------------------ aggregates

@ObjectType({ description: 'Partnership counts and contributions over a set of partnerships. A partnership shared by several branches counts once in the totals.' })
export class PartnershipMeasures {
  @Field(() => Int, { description: 'Partnerships.' }) partnershipCount: number;
  @Field(() => Int, { description: 'Partnerships now ACTIVE.' }) activeCount: number;
  @Field(() => Int, { description: 'Distinct partner organizations.' }) partnerCount: number;
  @Field(() => Int, { description: 'Programs linked to those partnerships.' }) linkedProgramCount: number;
  @Field(() => [Money], { description: 'Sum of monetary contributions, per currency.' }) contributedValue: Money[];
  @Field(() => Float, { description: 'Sum of contributed hours, both directions.' }) volunteerHours: number;
}

@ObjectType({ description: 'Only the dimensions that were grouped by are set.' })
export class PartnershipGroupKey {
  @Field(() => Branch, { description: 'The branch (grouped by BRANCH).', nullable: true }) branch: Branch | null;
  @Field(() => PartnerType, { description: 'The kind of partner (grouped by PARTNER_TYPE).', nullable: true }) partnerType: PartnerType | null;
  @Field(() => PartnershipStatus, { description: 'The status (grouped by STATUS).', nullable: true }) status: PartnershipStatus | null;
  @Field(() => ServiceArea, { description: 'The service area (grouped by SERVICE_AREA).', nullable: true }) serviceArea: ServiceArea | null;
  @Field(() => AgreementType, { description: 'The agreement type (grouped by AGREEMENT_TYPE).', nullable: true }) agreementType: AgreementType | null;
  @Field(() => DateScalar, { nullable: true, description: 'First day of the bucket of the start date.' }) period: string | null;
}

@ObjectType({ description: 'One row of a partnership aggregate: a combination of the grouped dimensions and its measures.' })
export class PartnershipGroup {
  @Field(() => PartnershipGroupKey, { description: 'The values of the grouped dimensions.' }) key: PartnershipGroupKey;
  @Field(() => PartnershipMeasures, { description: 'The measures of the partnerships with those values.' }) measures: PartnershipMeasures;
}

@ObjectType({ description: 'Partnership measures, in total and per group. STAFF see their own branches only; ANALYST and ADMIN everything; others get FORBIDDEN. Cost: 25 nodes for the scan plus one per possible group.' })
export class PartnershipAggregate {
  @Field(() => PartnershipMeasures, { description: 'The measures of every partnership in scope (not only of the groups listed).' }) totals: PartnershipMeasures;
  @Field(() => [PartnershipGroup], { description: 'One row per combination of the requested dimensions that has data, ordered by key.' }) groups: PartnershipGroup[];
}

// ------------------------------------------------------------------ inputs and payloads

@InputType({ description: 'A contact person at a partner.' })
export class PartnerContactInput {
  @Field({ description: 'Their name, 1–200 characters.' }) name: string;
  @Field(() => String, { description: 'Their role, at most 200 characters; optional.', nullable: true }) role?: string | null;
  @Field(() => String, { description: 'A well-formed email address; optional.', nullable: true }) email?: string | null;
  @Field(() => String, { description: 'A phone number, at most 40 characters; optional.', nullable: true }) phone?: string | null;
}

@InputType({ description: 'A new partner organization.' })
export class CreatePartnerInput {
  @Field({ description: 'Its name, 1–200 characters.' }) name: string;
  @Field(() => PartnerType, { description: 'What kind of organization it is.' }) type: PartnerType;
  @Field(() => String, { description: 'What it does, up to 10,000 characters; optional.', nullable: true }) description?: string | null;
  @Field(() => String, { description: 'Its website, a well-formed http(s) URL; optional.', nullable: true }) website?: string | null;
  @Field(() => [ServiceArea], { description: 'The service areas it works in; optional.', nullable: true }) serviceAreas?: ServiceArea[] | null;
  @Field(() => [PartnerContactInput], { description: 'Contact people; optional.', nullable: true }) contacts?: PartnerContactInput[] | null;
}

@ObjectType({ description: 'What createPartner answers.' })
export class PartnerPayload {
  @Field(() => Partner, { description: 'The new partner; null when `userErrors` is not empty (then nothing was written).', nullable: true }) partner: Partner | null;
  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' }) userErrors: UserError[];
}

@InputType({ description: 'A new partnership (created PROPOSED).' })
export class CreatePartnershipInput {
  @Field(() => ID, { description: 'The partner (NOT_FOUND when there is none with this id).' }) partnerId: string;
  @Field({ description: 'Its name, 1–200 characters.' }) title: string;
  @Field(() => [ID], { description: 'The branches taking part, at least one (each NOT_FOUND when there is none with its id).' }) branchIds: string[];
  @Field(() => [String], { description: 'What the partners want to achieve, at most 10 phrases; optional.', nullable: true }) sharedGoals?: string[] | null;
  @Field(() => [ServiceArea], { description: 'The service areas it serves; optional.', nullable: true }) serviceAreas?: ServiceArea[] | null;
  @Field(() => AgreementType, { description: 'What agreement it rests on.' }) agreementType: AgreementType;
  @Field(() => DateScalar, { description: 'The day it starts; optional.', nullable: true }) startsOn?: string | null;
  @Field(() => DateScalar, { description: 'The day it ends, not before startsOn; optional.', nullable: true }) endsOn?: string | null;
}

@ObjectType({ description: 'What a partnership mutation answers.' })
export class PartnershipPayload {
  @Field(() => Partnership, { description: 'The partnership created or changed; null when `userErrors` is not empty (then nothing was written).', nullable: true }) partnership: Partnership | null;
  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' }) userErrors: UserError[];
}

@InputType({ description: 'Something given to a partnership.' })
export class RecordContributionInput {
  @Field(() => ID, { description: 'The partnership.' }) partnershipId: string;
  @Field(() => ContributionKind, { description: 'What was given.' }) kind: ContributionKind;
  @Field(() => ContributionDirection, { description: 'Who gave it.' }) direction: ContributionDirection;
  @Field({ description: 'What it was, 1–10,000 characters.' }) description: string;
  @Field(() => MoneyInput, { description: 'Its money value; optional.', nullable: true }) value?: MoneyInput | null;
  @Field(() => Float, { description: 'Hours given, ≥ 0, up to 2 decimals; optional.', nullable: true }) hours?: number | null;
  @Field(() => DateScalar, { description: 'The day it was given (1900–2100).' }) contributedOn: string;
}
