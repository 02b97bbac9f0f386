import { Directive, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionTypes, DateScalar, ServiceArea } from '@ceg/conventions';
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
registerEnumType(FeedbackChannel, {
  name: 'FeedbackChannel',
  description: 'How the feedback reached the library.',
  valuesConfig: {
    SUGGESTION_BOX: { description: "A card in a branch's suggestion box, typed in by staff." },
    ONLINE_FORM: { description: "The library website's feedback form." },
    EMAIL: { description: 'An email to the library.' },
    PHONE: { description: 'A phone call, noted by staff.' },
    IN_PERSON: { description: 'Said to staff at a desk, noted by staff.' },
    COMMUNITY_DISCUSSION: { description: 'Raised at a community discussion (town hall, focus group, …).' },
    SOCIAL_MEDIA: { description: 'A post or message on social media.' },
    SURVEY: { description: 'An answer to a library survey.' },
  },
});

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
registerEnumType(FeedbackCategory, {
  name: 'FeedbackCategory',
  description: 'What the feedback is about.',
  valuesConfig: {
    COLLECTIONS: { description: 'Books, media, databases: what the library holds.' },
    PROGRAMS: { description: 'Programs and events.' },
    FACILITIES: { description: 'The building: space, furniture, parking, restrooms, temperature, noise.' },
    SERVICES: { description: 'Services such as holds, interlibrary loan, printing, reference.' },
    STAFF: { description: 'The staff and how they served.' },
    ACCESSIBILITY: { description: 'Access for people with disabilities, languages, barriers to use.' },
    TECHNOLOGY: { description: 'Computers, Wi-Fi, the website and apps.' },
    HOURS: { description: 'Opening hours.' },
    SAFETY: { description: 'Safety and security in and around the branch.' },
    OTHER: { description: 'Anything else.' },
  },
});

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
  valuesConfig: {
    RECEIVED: { description: 'New: nobody has answered yet. Next: ACKNOWLEDGED or DECLINED.' },
    ACKNOWLEDGED: { description: 'Staff have seen it and said so (sets acknowledgedAt). Next: IN_PROGRESS, RESOLVED or DECLINED.' },
    IN_PROGRESS: { description: 'Staff are acting on it. Next: RESOLVED or DECLINED.' },
    RESOLVED: { description: 'Done (sets resolvedAt). May be reopened: IN_PROGRESS (clears resolvedAt).' },
    DECLINED: { description: 'The library will not act on it. Final.' },
  },
});

export enum Sentiment {
  POSITIVE = 'POSITIVE',
  NEUTRAL = 'NEUTRAL',
  NEGATIVE = 'NEGATIVE',
}
registerEnumType(Sentiment, {
  name: 'Sentiment',
  description: 'The tone of the text, computed when it is submitted (the AFINN-165 English word list, plus a Spanish one).',
  valuesConfig: {
    POSITIVE: { description: 'Praise or a friendly request.' },
    NEUTRAL: { description: 'Neither positive nor negative, or too short to tell.' },
    NEGATIVE: { description: 'A complaint or frustration.' },
  },
});

export enum ResponseVisibility {
  PUBLIC = 'PUBLIC',
  INTERNAL = 'INTERNAL',
}
registerEnumType(ResponseVisibility, {
  name: 'ResponseVisibility',
  description: 'Who may read a staff response.',
  valuesConfig: {
    PUBLIC: { description: 'Everyone who may read the feedback item (on a public item: everyone).' },
    INTERNAL: { description: "Only staff of the item's branch and ADMIN: internal notes." },
  },
});

export enum FeedbackOrder {
  SUBMITTED_AT_DESC = 'SUBMITTED_AT_DESC',
  SUBMITTED_AT_ASC = 'SUBMITTED_AT_ASC',
  VOTES_DESC = 'VOTES_DESC',
  RELEVANCE = 'RELEVANCE',
}
registerEnumType(FeedbackOrder, {
  name: 'FeedbackOrder',
  description: 'Order of a feedback list.',
  valuesConfig: {
    SUBMITTED_AT_DESC: { description: 'Newest first (the default).' },
    SUBMITTED_AT_ASC: { description: 'Oldest first.' },
    VOTES_DESC: { description: 'Most votes first, newest first among equals: what the public board shows.' },
    RELEVANCE: { description: 'Best match of `filter.search` first (BM25 on SQLite, InnoDB full-text relevance on MySQL/MariaDB), newest first among equals. Needs a non-empty `filter.search` (BAD_USER_INPUT otherwise). Pages by position: items added meanwhile may shift a page.' },
  },
});

export enum ModerationState {
  PUBLISHED = 'PUBLISHED',
  HELD = 'HELD',
  HIDDEN = 'HIDDEN',
  MERGED = 'MERGED',
  NOT_PUBLIC = 'NOT_PUBLIC',
}
registerEnumType(ModerationState, {
  name: 'ModerationState',
  description: 'Where an item stands on the public board (RULES.md §8). Only PUBLISHED items are on the board: a HELD, HIDDEN or MERGED item reads for the public exactly as if it did not exist, while its submitter, staff of its branch, ANALYST and ADMIN still see it. HELD -> PUBLISHED | HIDDEN; PUBLISHED -> HIDDEN; HIDDEN -> PUBLISHED; any but NOT_PUBLIC -> MERGED (final).',
  valuesConfig: {
    PUBLISHED: { description: 'On the public board: the submitter agreed (`isPublic`) and the automatic screen or staff let it through.' },
    HELD: { description: 'Awaiting review: the automatic screen found personal data or abuse (see `FeedbackModeration.flags`). Staff show it (`showFeedback`) or hide it (`hideFeedback`); declining it (`updateFeedbackStatus` to DECLINED) hides it too.' },
    HIDDEN: { description: 'Taken off the public board by staff of the branch or ADMIN, with a reason kept in the moderation record.' },
    MERGED: { description: 'A duplicate merged into another item (`FeedbackModeration.mergedInto`), which now carries its votes. Final.' },
    NOT_PUBLIC: { description: 'The submitter did not ask for the public board (`isPublic` false): moderation does not apply.' },
  },
});

export enum ScreenFlag {
  PHONE_NUMBER = 'PHONE_NUMBER',
  EMAIL_ADDRESS = 'EMAIL_ADDRESS',
  STREET_ADDRESS = 'STREET_ADDRESS',
  PERSON_NAME = 'PERSON_NAME',
  ABUSE = 'ABUSE',
}
registerEnumType(ScreenFlag, {
  name: 'ScreenFlag',
  description: 'What the automatic screen found in a public submission (any one holds the item for review).',
  valuesConfig: {
    PHONE_NUMBER: { description: 'A phone number in the text.' },
    EMAIL_ADDRESS: { description: 'An email address in the text (also one spelled out with "at" and "dot").' },
    STREET_ADDRESS: { description: 'A street address (house number and street) in the text.' },
    PERSON_NAME: { description: "A person's full name (or a title with a surname) next to a complaint." },
    ABUSE: { description: 'Profanity or an insult, in English or Spanish.' },
  },
});

export enum ModerationActionKind {
  HELD = 'HELD',
  HIDDEN = 'HIDDEN',
  SHOWN = 'SHOWN',
  MERGED = 'MERGED',
  MERGE_TARGET = 'MERGE_TARGET',
  DECLINED = 'DECLINED',
}
registerEnumType(ModerationActionKind, {
  name: 'ModerationActionKind',
  description: 'What a moderation action did.',
  valuesConfig: {
    HELD: { description: 'The automatic screen held the item for review when it was submitted.' },
    HIDDEN: { description: 'Staff or ADMIN hid it (`hideFeedback`).' },
    SHOWN: { description: 'Staff or ADMIN put it (back) on the public board (`showFeedback`).' },
    MERGED: { description: 'It was merged, as a duplicate, into `relatedFeedbackId` (`mergeFeedback`).' },
    MERGE_TARGET: { description: 'The duplicate `relatedFeedbackId` was merged into it, and its votes with it (`mergeFeedback`).' },
    DECLINED: { description: 'It was DECLINED while held for review, which keeps it off the public board (it becomes HIDDEN).' },
  },
});

export enum FeedbackDimension {
  BRANCH = 'BRANCH',
  CATEGORY = 'CATEGORY',
  CHANNEL = 'CHANNEL',
  STATUS = 'STATUS',
  SENTIMENT = 'SENTIMENT',
  LANGUAGE = 'LANGUAGE',
  PERIOD = 'PERIOD',
}
registerEnumType(FeedbackDimension, {
  name: 'FeedbackDimension',
  description: 'What a feedback aggregate can be grouped by (at most 3 dimensions at once).',
  valuesConfig: {
    BRANCH: { description: 'One group per branch.' },
    CATEGORY: { description: 'One group per FeedbackCategory.' },
    CHANNEL: { description: 'One group per FeedbackChannel.' },
    STATUS: { description: 'One group per current FeedbackStatus.' },
    SENTIMENT: { description: 'One group per Sentiment.' },
    LANGUAGE: { description: 'One group per language of the text (BCP-47, e.g. en, es).' },
    PERIOD: { description: "Bucketed by the aggregate's interval argument." },
  },
});

export enum DiscussionFormat {
  TOWN_HALL = 'TOWN_HALL',
  FOCUS_GROUP = 'FOCUS_GROUP',
  LISTENING_SESSION = 'LISTENING_SESSION',
  ONLINE_FORUM = 'ONLINE_FORUM',
  ADVISORY_BOARD = 'ADVISORY_BOARD',
}
registerEnumType(DiscussionFormat, {
  name: 'DiscussionFormat',
  description: 'What kind of community discussion it was.',
  valuesConfig: {
    TOWN_HALL: { description: 'An open public meeting.' },
    FOCUS_GROUP: { description: 'A small invited group, led by a moderator.' },
    LISTENING_SESSION: { description: 'Staff listen to a community group at its own place or meeting.' },
    ONLINE_FORUM: { description: 'An online discussion.' },
    ADVISORY_BOARD: { description: 'A meeting of a standing advisory board (e.g. a teen advisory board).' },
  },
});

export enum AssessmentMethod {
  SURVEY = 'SURVEY',
  FOCUS_GROUP = 'FOCUS_GROUP',
  COMMUNITY_MEETING = 'COMMUNITY_MEETING',
  INTERVIEWS = 'INTERVIEWS',
  DATA_ANALYSIS = 'DATA_ANALYSIS',
}
registerEnumType(AssessmentMethod, {
  name: 'AssessmentMethod',
  description: 'How a community needs assessment gathered its evidence.',
  valuesConfig: {
    SURVEY: { description: 'A questionnaire (respondents: completed questionnaires).' },
    FOCUS_GROUP: { description: 'Focus groups (respondents: participants).' },
    COMMUNITY_MEETING: { description: 'Public meetings (respondents: attendees who spoke or wrote).' },
    INTERVIEWS: { description: 'Interviews with community members and leaders.' },
    DATA_ANALYSIS: { description: "Analysis of census and library data (respondents: 0 or the records' people)." },
  },
});

export enum Priority {
  HIGH = 'HIGH',
  MEDIUM = 'MEDIUM',
  LOW = 'LOW',
}
registerEnumType(Priority, {
  name: 'Priority',
  description: 'How urgent a need is, as the assessment judged it.',
  valuesConfig: {
    HIGH: { description: 'Act within the year.' },
    MEDIUM: { description: "Plan for it within the library's planning cycle." },
    LOW: { description: 'Worth doing when resources allow.' },
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

// ------------------------------------------------------------------ feedback

@ObjectType({ description: "How to reach the person who gave the feedback, as they chose to give it. Personal data: only the submitter (PATRON, own item), staff of the item's branch and ADMIN see it." })
export class FeedbackContact {
  @Field(() => String, { description: 'Their name; null when not given.', nullable: true }) name: string | null;
  @Field(() => String, { description: 'Their email address; null when not given.', nullable: true }) email: string | null;
  @Field(() => String, { description: 'Their phone number; null when not given.', nullable: true }) phone: string | null;
}

@ObjectType({ description: 'A staff response to a feedback item.' })
export class FeedbackResponse {
  @Field(() => ID, { description: 'Stable id (UUID) of the response.' }) id: string;
  @Field({ description: 'The response text, 1–5,000 characters.' }) body: string;
  @Field(() => ResponseVisibility, { description: 'PUBLIC (everyone who may read the item) or INTERNAL (staff of the branch and ADMIN only).' }) visibility: ResponseVisibility;
  @Field({ description: "The responding staff member's name, as their token gives it." }) authorName: string;
  @Field({ description: 'When the response was written.' }) createdAt: Date;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'One piece of feedback from the community: a suggestion, a complaint or praise, for one branch. Public items (`isPublic`) are readable by everyone; non-public ones by the submitter (PATRON), staff of the branch, ANALYST and ADMIN. Status moves RECEIVED → ACKNOWLEDGED → IN_PROGRESS → RESOLVED (or DECLINED); see FeedbackStatus.' })
export class Feedback {
  @Field(() => ID, { description: 'Stable id (UUID); to an anonymous submitter also their reference number.' }) id: string;
  @Field(() => FeedbackChannel, { description: 'How it reached the library.' }) channel: FeedbackChannel;
  @Field(() => FeedbackCategory, { description: 'What it is about.' }) category: FeedbackCategory;
  @Field({ description: 'A one-line summary, 1–200 characters.' }) subject: string;
  @Field({ description: 'The full text, 1–5,000 characters.' }) body: string;
  @Field(() => Int, { nullable: true, description: '1 to 5, optional.' }) rating: number | null;
  @Field({ description: 'BCP-47 language tag of the text, e.g. en, es.' }) language: string;
  @Field(() => Sentiment, { description: 'Computed from the text when it is submitted.' }) sentiment: Sentiment;
  @Field(() => FeedbackStatus, { description: 'Where the library is with it. Transitions: see FeedbackStatus.' }) status: FeedbackStatus;
  @Field({ description: 'The submitter agreed to show it on the public board.' }) isPublic: boolean;
  @Field(() => Int, { description: 'How many patrons voted for it (one vote each; public items only).' }) voteCount: number;
  @Field(() => [String], { description: 'Free tags, at most 10 of 1–40 characters.' }) tags: string[];
  @Field({ description: 'When it was submitted.' }) submittedAt: Date;
  @Field(() => Date, { description: 'When staff first acknowledged it; null until then.', nullable: true }) acknowledgedAt: Date | null;
  @Field(() => Date, { description: 'When it was resolved; null unless its status is RESOLVED.', nullable: true }) resolvedAt: Date | null;
  branchId: string;
  relatedProgramId: string | null;
  /** Set by the service: whether the viewer may read personal data and INTERNAL responses of this item. */
  canSeeContact: boolean;
  canSeeInternal: boolean;
  contactValue: FeedbackContact | null;
  moderationState: ModerationState;
  screenFlags: ScreenFlag[];
  mergedIntoId: string | null;
  /** Set by the service: whether the viewer sees the item's moderation (policy.canSeeModeration). */
  canSeeModeration: boolean;
}

@ObjectType({ description: "One moderation action on a feedback item: who did what, when and why. Staff of the item's branch and ADMIN only." })
export class ModerationAction {
  @Field(() => ID, { description: 'Stable id (UUID) of the action.' }) id: string;
  @Field(() => ModerationActionKind, { description: 'What was done.' }) action: ModerationActionKind;
  @Field(() => ModerationState, { description: 'The state before.' }) fromState: ModerationState;
  @Field(() => ModerationState, { description: 'The state after.' }) toState: ModerationState;
  @Field({ description: "Why: the moderator's reason, or for the automatic screen what it found." }) reason: string;
  @Field({ description: 'Who did it: the name in their token, "Library staff" when it has none, or "Automatic screen".' }) actorName: string;
  @Field(() => String, { description: "The acting person's pseudonymous id (their token's `sub`); null for the automatic screen.", nullable: true }) actorId: string | null;
  @Field(() => ID, { description: 'The other item of a merge (the item merged into, or the duplicate merged in); null for other actions.', nullable: true }) relatedFeedbackId: string | null;
  @Field({ description: 'When it was done.' }) createdAt: Date;
}

@ObjectType({ description: "An item's moderation (RULES.md §8). Shown to its submitter, staff of its branch, ANALYST and ADMIN; the record of actions to staff of the branch and ADMIN only." })
export class FeedbackModeration {
  @Field(() => ModerationState, { description: 'Where the item stands on the public board.' }) state: ModerationState;
  @Field(() => [ScreenFlag], { description: 'What the automatic screen found when it was submitted; empty when nothing (and for non-public items, which are not screened).' }) flags: ScreenFlag[];
  feedbackId: string;
  branchId: string;
  mergedIntoId: string | null;
}

export const { Connection: FeedbackConnection, Edge: FeedbackEdge } = connectionTypes(Feedback, 'Feedback');

@InputType({ description: 'Narrows feedback; every field given must match (AND), each list matches any of its values (OR). Id lists take at most 100 ids.' })
export class FeedbackFilter {
  @Field(() => [ID], { description: 'Only feedback for these branches.', nullable: true }) branchIds?: string[] | null;
  @Field(() => [FeedbackStatus], { description: 'Only feedback in these statuses.', nullable: true }) statuses?: FeedbackStatus[] | null;
  @Field(() => [FeedbackCategory], { description: 'Only feedback in these categories.', nullable: true }) categories?: FeedbackCategory[] | null;
  @Field(() => [FeedbackChannel], { description: 'Only feedback from these channels.', nullable: true }) channels?: FeedbackChannel[] | null;
  @Field(() => [Sentiment], { description: 'Only feedback with these sentiments.', nullable: true }) sentiments?: Sentiment[] | null;
  @Field(() => Date, { description: 'Only feedback submitted at or after this instant. In an aggregate, absent: ten years back from `submittedTo` (one year with the DAY interval).', nullable: true }) submittedFrom?: Date | null;
  @Field(() => Date, { description: 'Only feedback submitted before this instant. In an aggregate, absent: now.', nullable: true }) submittedTo?: Date | null;
  @Field(() => String, { nullable: true, description: 'Full-text match on subject, body and tags, at most 200 characters: every word must match, ignoring case and accents, the last one as the start of a word since it may still be being typed ("sabado" finds "sábado", "libros bibli" finds "libros de la biblioteca"); a hyphenated word matches written together or apart ("wi-fi" and "wifi" find both), and two or three words also match written as one ("wi fi" finds "wifi"). Served by a full-text index.' }) search?: string | null;
  @Field(() => Boolean, { description: 'true: only public items; false: only non-public ones (which only some roles see at all).', nullable: true }) isPublic?: boolean | null;
  @Field(() => [ModerationState], { description: 'Only items in these moderation states. The public sees PUBLISHED items only, whatever is asked.', nullable: true }) moderationStates?: ModerationState[] | null;
}

@ObjectType({ description: "Feedback counts and times over a set of feedback items (the caller's visible items only)." })
export class FeedbackMeasures {
  @Field(() => Int, { description: 'Feedback items.' }) count: number;
  @Field(() => Int, { description: 'Items still open: RECEIVED, ACKNOWLEDGED or IN_PROGRESS.' }) openCount: number;
  @Field(() => Int, { description: 'Items RESOLVED.' }) resolvedCount: number;
  @Field(() => Int, { description: 'Items DECLINED.' }) declinedCount: number;
  @Field(() => Float, { description: 'Mean rating (1–5) of the items that have one; null when none has.', nullable: true }) averageRating: number | null;
  @Field(() => Float, { description: 'Mean hours from submission to first acknowledgement, over acknowledged items; null when none is.', nullable: true }) averageHoursToAcknowledge: number | null;
  @Field(() => Float, { description: 'Mean hours from submission to resolution, over resolved items; null when none is.', nullable: true }) averageHoursToResolve: number | null;
  @Field(() => Float, { nullable: true, description: 'resolvedCount / count.' }) resolutionRate: number | null;
}

@ObjectType({ description: 'Only the dimensions that were grouped by are set.' })
export class FeedbackGroupKey {
  @Field(() => Branch, { description: 'The branch (grouped by BRANCH).', nullable: true }) branch: Branch | null;
  @Field(() => FeedbackCategory, { description: 'The category (grouped by CATEGORY).', nullable: true }) category: FeedbackCategory | null;
  @Field(() => FeedbackChannel, { description: 'The channel (grouped by CHANNEL).', nullable: true }) channel: FeedbackChannel | null;
  @Field(() => FeedbackStatus, { description: 'The current status (grouped by STATUS).', nullable: true }) status: FeedbackStatus | null;
  @Field(() => Sentiment, { description: 'The sentiment (grouped by SENTIMENT).', nullable: true }) sentiment: Sentiment | null;
  @Field(() => String, { description: 'The language, e.g. en (grouped by LANGUAGE).', nullable: true }) language: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'First day of the bucket.' }) period: string | null;
}

@ObjectType({ description: 'One row of a feedback aggregate: a combination of the grouped dimensions and its measures.' })
export class FeedbackGroup {
  @Field(() => FeedbackGroupKey, { description: 'The values of the grouped dimensions.' }) key: FeedbackGroupKey;
  @Field(() => FeedbackMeasures, { description: 'The measures of the items with those values.' }) measures: FeedbackMeasures;
}

@ObjectType({ description: 'Feedback measures over a range of submission dates, in total and per group. STAFF see their own branches only; ANALYST and ADMIN everything; others get FORBIDDEN. Cost: 25 nodes for the scan plus one per possible group.' })
export class FeedbackAggregate {
  @Field(() => FeedbackMeasures, { description: 'The measures of every item in range (not only of the groups listed).' }) totals: FeedbackMeasures;
  @Field(() => [FeedbackGroup], { description: 'One row per combination of the requested dimensions that has data, ordered by key.' }) groups: FeedbackGroup[];
}

// ------------------------------------------------------------------ discussions and assessments

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A community discussion the library held (a town hall, focus group, advisory board meeting), with the feedback raised there. Readable by everyone; recorded by staff of the branch or ADMIN.' })
export class CommunityDiscussion {
  @Field(() => ID, { description: 'Stable id (UUID) of the discussion.' }) id: string;
  @Field({ description: 'What it was about, 1–200 characters.' }) title: string;
  @Field(() => DiscussionFormat, { description: 'What kind of discussion it was.' }) format: DiscussionFormat;
  @Field({ description: 'When it was held.' }) heldAt: Date;
  @Field(() => Int, { description: 'How many people came, ≥ 0.' }) attendeeCount: number;
  @Field(() => String, { description: 'What was said, up to 10,000 characters; null when not written up.', nullable: true }) summary: string | null;
  branchId: string;
}

@ObjectType({ description: 'One need a needs assessment found.' })
export class NeedFinding {
  @Field(() => ID, { description: 'Stable id (UUID) of the finding.' }) id: string;
  @Field({ description: 'The need, in a sentence, 1–200 characters.' }) need: string;
  @Field(() => ServiceArea, { description: 'The service area that would meet it; null when it fits none.', nullable: true }) serviceArea: ServiceArea | null;
  @Field(() => Priority, { description: 'How urgent it is.' }) priority: Priority;
  @Field(() => String, { description: 'What shows it (survey figures, quotes), up to 10,000 characters; null when not recorded.', nullable: true }) evidence: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: "A community needs assessment of a branch's service area: how it was done, when, with how many people, and what it found. Readable by everyone; recorded by staff of the branch or ADMIN." })
export class NeedsAssessment {
  @Field(() => ID, { description: 'Stable id (UUID) of the assessment.' }) id: string;
  @Field({ description: 'Its title, e.g. "Community needs assessment 2025", 1–200 characters.' }) title: string;
  @Field(() => AssessmentMethod, { description: 'How the evidence was gathered.' }) method: AssessmentMethod;
  @Field(() => DateScalar, { description: 'The day it was completed.' }) conductedOn: string;
  @Field(() => Int, { description: 'How many people took part, ≥ 0 (see AssessmentMethod for what counts).' }) respondentCount: number;
  branchId: string;
}
