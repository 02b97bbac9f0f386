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
registerEnumType(PartnerType, { name: 'PartnerType' });

export enum PartnershipStatus {
  PROPOSED = 'PROPOSED',
  ACTIVE = 'ACTIVE',
  ON_HOLD = 'ON_HOLD',
  ENDED = 'ENDED',
}
registerEnumType(PartnershipStatus, {
  name: 'PartnershipStatus',
  description: 'PROPOSED -> ACTIVE | ENDED; ACTIVE -> ON_HOLD | ENDED; ON_HOLD -> ACTIVE | ENDED. ENDED is final.',
});

export enum AgreementType {
  INFORMAL = 'INFORMAL',
  MOU = 'MOU',
  CONTRACT = 'CONTRACT',
  GRANT = 'GRANT',
}
registerEnumType(AgreementType, { name: 'AgreementType' });

export enum ContributionKind {
  FUNDING = 'FUNDING',
  VOLUNTEER_TIME = 'VOLUNTEER_TIME',
  SPACE = 'SPACE',
  EXPERTISE = 'EXPERTISE',
  MATERIALS = 'MATERIALS',
  PROMOTION = 'PROMOTION',
  OTHER = 'OTHER',
}
registerEnumType(ContributionKind, { name: 'ContributionKind' });

export enum ContributionDirection {
  FROM_PARTNER = 'FROM_PARTNER',
  FROM_LIBRARY = 'FROM_LIBRARY',
}
registerEnumType(ContributionDirection, { name: 'ContributionDirection' });

export enum PartnershipDimension {
  BRANCH = 'BRANCH',
  PARTNER_TYPE = 'PARTNER_TYPE',
  STATUS = 'STATUS',
  SERVICE_AREA = 'SERVICE_AREA',
  AGREEMENT_TYPE = 'AGREEMENT_TYPE',
  PERIOD = 'PERIOD',
}
registerEnumType(PartnershipDimension, { name: 'PartnershipDimension', valuesConfig: { PERIOD: { description: 'By start date, bucketed by the interval argument.' } } });

// ------------------------------------------------------------------ entities of other subgraphs (references)

/** This subgraph's own stubs (fresh classes: the fields it contributes stay in its schema). */
export const { Branch, Consortium, LibrarySystem } = directoryStubs();
export const Program = keyStub('Program');
export type Branch = KeyStub;
export type Consortium = BranchSetStub;
export type LibrarySystem = BranchSetStub;
export type Program = KeyStub;

// ------------------------------------------------------------------ partners

@ObjectType()
export class PartnerContact {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) role: string | null;
  @Field(() => String, { nullable: true }) email: string | null;
  @Field(() => String, { nullable: true }) phone: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType()
export class Partner {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => PartnerType) type: PartnerType;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => String, { nullable: true }) website: string | null;
  @Field(() => [ServiceArea]) serviceAreas: ServiceArea[];
  @Field() createdAt: Date;
}

@ObjectType()
export class Contribution {
  @Field(() => ID) id: string;
  @Field(() => ContributionKind) kind: ContributionKind;
  @Field(() => ContributionDirection) direction: ContributionDirection;
  @Field() description: string;
  @Field(() => Money, { nullable: true }) value: Money | null;
  @Field(() => Float, { nullable: true }) hours: number | null;
  @Field(() => DateScalar) contributedOn: string;
}

@Directive('@key(fields: "id")')
@ObjectType()
export class Partnership {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field(() => [String]) sharedGoals: string[];
  @Field(() => PartnershipStatus) status: PartnershipStatus;
  @Field(() => AgreementType) agreementType: AgreementType;
  @Field(() => DateScalar, { nullable: true }) startsOn: string | null;
  @Field(() => DateScalar, { nullable: true }) endsOn: string | null;
  partnerId: string;
  partnerType: PartnerType;
}

export const { Connection: PartnerConnection, Edge: PartnerEdge } = connectionTypes(Partner, 'Partner');
export const { Connection: PartnershipConnection, Edge: PartnershipEdge } = connectionTypes(Partnership, 'Partnership');

@InputType()
export class PartnerFilter {
  @Field(() => [PartnerType], { nullable: true }) types?: PartnerType[] | null;
  @Field(() => [ServiceArea], { nullable: true }) serviceAreas?: ServiceArea[] | null;
  @Field(() => String, { nullable: true, description: 'Matches name and description.' }) search?: string | null;
}

@InputType()
export class PartnershipFilter {
  @Field(() => [ID], { nullable: true }) branchIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) partnerIds?: string[] | null;
  @Field(() => [PartnerType], { nullable: true }) partnerTypes?: PartnerType[] | null;
  @Field(() => [PartnershipStatus], { nullable: true }) statuses?: PartnershipStatus[] | null;
  @Field(() => [ServiceArea], { nullable: true }) serviceAreas?: ServiceArea[] | null;
  @Field(() => DateScalar, { nullable: true, description: 'Active on that day: started on or before it and not ended before it.' }) activeOn?: string | null;
}

// ------------------------------------------------------------------ aggregates

@ObjectType()
export class PartnershipMeasures {
  @Field(() => Int) partnershipCount: number;
  @Field(() => Int) activeCount: number;
  @Field(() => Int) partnerCount: number;
  @Field(() => Int) linkedProgramCount: number;
  @Field(() => [Money], { description: 'Sum of monetary contributions, per currency.' }) contributedValue: Money[];
  @Field(() => Float) volunteerHours: number;
}

@ObjectType({ description: 'Only the dimensions that were grouped by are set.' })
export class PartnershipGroupKey {
  @Field(() => Branch, { nullable: true }) branch: Branch | null;
  @Field(() => PartnerType, { nullable: true }) partnerType: PartnerType | null;
  @Field(() => PartnershipStatus, { nullable: true }) status: PartnershipStatus | null;
  @Field(() => ServiceArea, { nullable: true }) serviceArea: ServiceArea | null;
  @Field(() => AgreementType, { nullable: true }) agreementType: AgreementType | null;
  @Field(() => DateScalar, { nullable: true, description: 'First day of the bucket of the start date.' }) period: string | null;
}

@ObjectType()
export class PartnershipGroup {
  @Field(() => PartnershipGroupKey) key: PartnershipGroupKey;
  @Field(() => PartnershipMeasures) measures: PartnershipMeasures;
}

@ObjectType()
export class PartnershipAggregate {
  @Field(() => PartnershipMeasures) totals: PartnershipMeasures;
  @Field(() => [PartnershipGroup], { description: 'One row per combination of the requested dimensions that has data, ordered by key.' }) groups: PartnershipGroup[];
}

// ------------------------------------------------------------------ inputs and payloads

@InputType()
export class PartnerContactInput {
  @Field() name: string;
  @Field(() => String, { nullable: true }) role?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
}

@InputType()
export class CreatePartnerInput {
  @Field() name: string;
  @Field(() => PartnerType) type: PartnerType;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { nullable: true }) website?: string | null;
  @Field(() => [ServiceArea], { nullable: true }) serviceAreas?: ServiceArea[] | null;
  @Field(() => [PartnerContactInput], { nullable: true }) contacts?: PartnerContactInput[] | null;
}

@ObjectType()
export class PartnerPayload {
  @Field(() => Partner, { nullable: true }) partner: Partner | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

@InputType()
export class CreatePartnershipInput {
  @Field(() => ID) partnerId: string;
  @Field() title: string;
  @Field(() => [ID]) branchIds: string[];
  @Field(() => [String], { nullable: true }) sharedGoals?: string[] | null;
  @Field(() => [ServiceArea], { nullable: true }) serviceAreas?: ServiceArea[] | null;
  @Field(() => AgreementType) agreementType: AgreementType;
  @Field(() => DateScalar, { nullable: true }) startsOn?: string | null;
  @Field(() => DateScalar, { nullable: true }) endsOn?: string | null;
}

@ObjectType()
export class PartnershipPayload {
  @Field(() => Partnership, { nullable: true }) partnership: Partnership | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

@InputType()
export class RecordContributionInput {
  @Field(() => ID) partnershipId: string;
  @Field(() => ContributionKind) kind: ContributionKind;
  @Field(() => ContributionDirection) direction: ContributionDirection;
  @Field() description: string;
  @Field(() => MoneyInput, { nullable: true }) value?: MoneyInput | null;
  @Field(() => Float, { nullable: true }) hours?: number | null;
  @Field(() => DateScalar) contributedOn: string;
}
