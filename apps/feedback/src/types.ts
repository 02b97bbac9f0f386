import { Directive, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionTypes, DateScalar, ServiceArea, UserError } from '@ceg/conventions';
import { type BranchSetStub, directoryStubs, type KeyStub, keyStub } from '@ceg/kit';

export enum FeedbackChannel {
  SUGGESTION_BOX = 'SUGGESTION_BOX',
  ONLINE_FORM = 'ONLINE_FORM',
  EMAIL = 'EMAIL',
  PHONE = 'PHONE',
  IN_PERSON = 'IN_PERSON',
  COMMUNITY_DISCUSSION = 'COMMUNITY_DISCUSSION',
  SOCIAL_MEDIA = 'SOCIAL_MEDIA',
  SURVEY = 'SURVEY',
}
registerEnumType(FeedbackChannel, { name: 'FeedbackChannel' });

export enum FeedbackCategory {
  COLLECTIONS = 'COLLECTIONS',
  PROGRAMS = 'PROGRAMS',
  FACILITIES = 'FACILITIES',
  SERVICES = 'SERVICES',
  STAFF = 'STAFF',
  ACCESSIBILITY = 'ACCESSIBILITY',
  TECHNOLOGY = 'TECHNOLOGY',
  HOURS = 'HOURS',
  SAFETY = 'SAFETY',
  OTHER = 'OTHER',
}
registerEnumType(FeedbackCategory, { name: 'FeedbackCategory' });

export enum FeedbackStatus {
  RECEIVED = 'RECEIVED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  IN_PROGRESS = 'IN_PROGRESS',
  RESOLVED = 'RESOLVED',
  DECLINED = 'DECLINED',
}
registerEnumType(FeedbackStatus, {
  name: 'FeedbackStatus',
  description: 'RECEIVED -> ACKNOWLEDGED | DECLINED; ACKNOWLEDGED -> IN_PROGRESS | RESOLVED | DECLINED; IN_PROGRESS -> RESOLVED | DECLINED; RESOLVED -> IN_PROGRESS (reopen). DECLINED is final.',
});

export enum Sentiment {
  POSITIVE = 'POSITIVE',
  NEUTRAL = 'NEUTRAL',
  NEGATIVE = 'NEGATIVE',
}
registerEnumType(Sentiment, { name: 'Sentiment' });

export enum ResponseVisibility {
  PUBLIC = 'PUBLIC',
  INTERNAL = 'INTERNAL',
}
registerEnumType(ResponseVisibility, { name: 'ResponseVisibility' });

export enum FeedbackOrder {
  SUBMITTED_AT_DESC = 'SUBMITTED_AT_DESC',
  SUBMITTED_AT_ASC = 'SUBMITTED_AT_ASC',
  VOTES_DESC = 'VOTES_DESC',
}
registerEnumType(FeedbackOrder, { name: 'FeedbackOrder' });

export enum FeedbackDimension {
  BRANCH = 'BRANCH',
  CATEGORY = 'CATEGORY',
  CHANNEL = 'CHANNEL',
  STATUS = 'STATUS',
  SENTIMENT = 'SENTIMENT',
  LANGUAGE = 'LANGUAGE',
  PERIOD = 'PERIOD',
}
registerEnumType(FeedbackDimension, { name: 'FeedbackDimension', valuesConfig: { PERIOD: { description: "Bucketed by the aggregate's interval argument." } } });

export enum DiscussionFormat {
  TOWN_HALL = 'TOWN_HALL',
  FOCUS_GROUP = 'FOCUS_GROUP',
  LISTENING_SESSION = 'LISTENING_SESSION',
  ONLINE_FORUM = 'ONLINE_FORUM',
  ADVISORY_BOARD = 'ADVISORY_BOARD',
}
registerEnumType(DiscussionFormat, { name: 'DiscussionFormat' });

export enum AssessmentMethod {
  SURVEY = 'SURVEY',
  FOCUS_GROUP = 'FOCUS_GROUP',
  COMMUNITY_MEETING = 'COMMUNITY_MEETING',
  INTERVIEWS = 'INTERVIEWS',
  DATA_ANALYSIS = 'DATA_ANALYSIS',
}
registerEnumType(AssessmentMethod, { name: 'AssessmentMethod' });

export enum Priority {
  HIGH = 'HIGH',
  MEDIUM = 'MEDIUM',
  LOW = 'LOW',
}
registerEnumType(Priority, { name: 'Priority' });

// ------------------------------------------------------------------ entities of other subgraphs (references)

/** This subgraph's own stubs (fresh classes: the fields it contributes stay in its schema). */
export const { Branch, Consortium, LibrarySystem } = directoryStubs();
export const Program = keyStub('Program');
export type Branch = KeyStub;
export type Consortium = BranchSetStub;
export type LibrarySystem = BranchSetStub;
export type Program = KeyStub;

// ------------------------------------------------------------------ feedback

@ObjectType()
export class FeedbackContact {
  @Field(() => String, { nullable: true }) name: string | null;
  @Field(() => String, { nullable: true }) email: string | null;
  @Field(() => String, { nullable: true }) phone: string | null;
}

@ObjectType()
export class FeedbackResponse {
  @Field(() => ID) id: string;
  @Field() body: string;
  @Field(() => ResponseVisibility) visibility: ResponseVisibility;
  @Field() authorName: string;
  @Field() createdAt: Date;
}

@Directive('@key(fields: "id")')
@ObjectType()
export class Feedback {
  @Field(() => ID) id: string;
  @Field(() => FeedbackChannel) channel: FeedbackChannel;
  @Field(() => FeedbackCategory) category: FeedbackCategory;
  @Field() subject: string;
  @Field() body: string;
  @Field(() => Int, { nullable: true, description: '1 to 5, optional.' }) rating: number | null;
  @Field({ description: 'BCP-47 language tag of the text, e.g. en, es.' }) language: string;
  @Field(() => Sentiment, { description: 'Computed from the text when it is submitted.' }) sentiment: Sentiment;
  @Field(() => FeedbackStatus) status: FeedbackStatus;
  @Field({ description: 'The submitter agreed to show it on the public board.' }) isPublic: boolean;
  @Field(() => Int) voteCount: number;
  @Field(() => [String]) tags: string[];
  @Field() submittedAt: Date;
  @Field(() => Date, { nullable: true }) acknowledgedAt: Date | null;
  @Field(() => Date, { nullable: true }) resolvedAt: Date | null;
  branchId: string;
  relatedProgramId: string | null;
  /** Set by the service: whether the viewer may read personal data and INTERNAL responses of this item. */
  canSeeContact: boolean;
  canSeeInternal: boolean;
  contactValue: FeedbackContact | null;
}

export const { Connection: FeedbackConnection, Edge: FeedbackEdge } = connectionTypes(Feedback, 'Feedback');

@InputType()
export class FeedbackFilter {
  @Field(() => [ID], { nullable: true }) branchIds?: string[] | null;
  @Field(() => [FeedbackStatus], { nullable: true }) statuses?: FeedbackStatus[] | null;
  @Field(() => [FeedbackCategory], { nullable: true }) categories?: FeedbackCategory[] | null;
  @Field(() => [FeedbackChannel], { nullable: true }) channels?: FeedbackChannel[] | null;
  @Field(() => [Sentiment], { nullable: true }) sentiments?: Sentiment[] | null;
  @Field(() => Date, { nullable: true }) submittedFrom?: Date | null;
  @Field(() => Date, { nullable: true }) submittedTo?: Date | null;
  @Field(() => String, { nullable: true, description: 'Full-text match on subject and body.' }) search?: string | null;
  @Field(() => Boolean, { nullable: true }) isPublic?: boolean | null;
}

@ObjectType()
export class FeedbackMeasures {
  @Field(() => Int) count: number;
  @Field(() => Int) openCount: number;
  @Field(() => Int) resolvedCount: number;
  @Field(() => Int) declinedCount: number;
  @Field(() => Float, { nullable: true }) averageRating: number | null;
  @Field(() => Float, { nullable: true }) averageHoursToAcknowledge: number | null;
  @Field(() => Float, { nullable: true }) averageHoursToResolve: number | null;
  @Field(() => Float, { nullable: true, description: 'resolvedCount / count.' }) resolutionRate: number | null;
}

@ObjectType({ description: 'Only the dimensions that were grouped by are set.' })
export class FeedbackGroupKey {
  @Field(() => Branch, { nullable: true }) branch: Branch | null;
  @Field(() => FeedbackCategory, { nullable: true }) category: FeedbackCategory | null;
  @Field(() => FeedbackChannel, { nullable: true }) channel: FeedbackChannel | null;
  @Field(() => FeedbackStatus, { nullable: true }) status: FeedbackStatus | null;
  @Field(() => Sentiment, { nullable: true }) sentiment: Sentiment | null;
  @Field(() => String, { nullable: true }) language: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'First day of the bucket.' }) period: string | null;
}

@ObjectType()
export class FeedbackGroup {
  @Field(() => FeedbackGroupKey) key: FeedbackGroupKey;
  @Field(() => FeedbackMeasures) measures: FeedbackMeasures;
}

@ObjectType()
export class FeedbackAggregate {
  @Field(() => FeedbackMeasures) totals: FeedbackMeasures;
  @Field(() => [FeedbackGroup], { description: 'One row per combination of the requested dimensions that has data, ordered by key.' }) groups: FeedbackGroup[];
}

// ------------------------------------------------------------------ discussions and assessments

@Directive('@key(fields: "id")')
@ObjectType()
export class CommunityDiscussion {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field(() => DiscussionFormat) format: DiscussionFormat;
  @Field() heldAt: Date;
  @Field(() => Int) attendeeCount: number;
  @Field(() => String, { nullable: true }) summary: string | null;
  branchId: string;
}

@ObjectType()
export class NeedFinding {
  @Field(() => ID) id: string;
  @Field() need: string;
  @Field(() => ServiceArea, { nullable: true }) serviceArea: ServiceArea | null;
  @Field(() => Priority) priority: Priority;
  @Field(() => String, { nullable: true }) evidence: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType()
export class NeedsAssessment {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field(() => AssessmentMethod) method: AssessmentMethod;
  @Field(() => DateScalar) conductedOn: string;
  @Field(() => Int) respondentCount: number;
  branchId: string;
}

// ------------------------------------------------------------------ inputs and payloads

@InputType()
export class FeedbackContactInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
}

@InputType()
export class SubmitFeedbackInput {
  @Field(() => ID) branchId: string;
  @Field(() => FeedbackChannel) channel: FeedbackChannel;
  @Field(() => FeedbackCategory) category: FeedbackCategory;
  @Field() subject: string;
  @Field() body: string;
  @Field(() => Int, { nullable: true }) rating?: number | null;
  @Field(() => String, { nullable: true, description: 'Detected from the text when absent.' }) language?: string | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) isPublic?: boolean | null;
  @Field(() => FeedbackContactInput, { nullable: true }) contact?: FeedbackContactInput | null;
  @Field(() => ID, { nullable: true }) relatedProgramId?: string | null;
  @Field(() => [String], { nullable: true }) tags?: string[] | null;
  @Field(() => String, { nullable: true, description: 'A client-chosen key; submitting twice with the same key creates one item.' }) idempotencyKey?: string | null;
}

@ObjectType()
export class FeedbackPayload {
  @Field(() => Feedback, { nullable: true }) feedback: Feedback | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

@InputType()
export class RespondToFeedbackInput {
  @Field(() => ID) feedbackId: string;
  @Field() body: string;
  @Field(() => ResponseVisibility) visibility: ResponseVisibility;
}

@InputType()
export class UpdateFeedbackStatusInput {
  @Field(() => ID) feedbackId: string;
  @Field(() => FeedbackStatus) status: FeedbackStatus;
  @Field(() => String, { nullable: true, description: 'Optional INTERNAL note stored with the change.' }) note?: string | null;
}

@InputType()
export class RecordCommunityDiscussionInput {
  @Field(() => ID) branchId: string;
  @Field() title: string;
  @Field(() => DiscussionFormat) format: DiscussionFormat;
  @Field() heldAt: Date;
  @Field(() => Int) attendeeCount: number;
  @Field(() => String, { nullable: true }) summary?: string | null;
}

@ObjectType()
export class CommunityDiscussionPayload {
  @Field(() => CommunityDiscussion, { nullable: true }) discussion: CommunityDiscussion | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

@InputType()
export class NeedFindingInput {
  @Field() need: string;
  @Field(() => ServiceArea, { nullable: true }) serviceArea?: ServiceArea | null;
  @Field(() => Priority) priority: Priority;
  @Field(() => String, { nullable: true }) evidence?: string | null;
}

@InputType()
export class RecordNeedsAssessmentInput {
  @Field(() => ID) branchId: string;
  @Field() title: string;
  @Field(() => AssessmentMethod) method: AssessmentMethod;
  @Field(() => DateScalar) conductedOn: string;
  @Field(() => Int) respondentCount: number;
  @Field(() => [NeedFindingInput]) findings: NeedFindingInput[];
}

@ObjectType()
export class NeedsAssessmentPayload {
  @Field(() => NeedsAssessment, { nullable: true }) assessment: NeedsAssessment | null;
  @Field(() => [UserError]) userErrors: UserError[];
}
