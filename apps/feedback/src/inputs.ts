import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DateScalar, ServiceArea, UserError } from '@ceg/conventions';
import {
  AssessmentMethod, CommunityDiscussion, DiscussionFormat, Feedback, FeedbackCategory, FeedbackChannel, FeedbackStatus, NeedsAssessment, Priority, ResponseVisibility,
} from './types';
import { FeedbackNotificationInput } from './notifications';

/** The feedback subgraph's mutation inputs and payloads (its GraphQL types are in ./types.ts). */

@InputType({ description: 'How to reach the submitter; all optional, stored only if given, and shown only to staff of the branch, ADMIN and the submitter.' })
export class FeedbackContactInput {
  @Field(() => String, { description: 'Name, at most 200 characters.', nullable: true }) name?: string | null;
  @Field(() => String, { description: 'A well-formed email address.', nullable: true }) email?: string | null;
  @Field(() => String, { description: 'A phone number, at most 40 characters.', nullable: true }) phone?: string | null;
}

@InputType({ description: 'A new feedback item.' })
export class SubmitFeedbackInput {
  @Field(() => ID, { description: 'The branch it is for (NOT_FOUND when there is none with this id).' }) branchId: string;
  @Field(() => FeedbackChannel, { description: 'How it reached the library.' }) channel: FeedbackChannel;
  @Field(() => FeedbackCategory, { description: 'What it is about.' }) category: FeedbackCategory;
  @Field({ description: 'A one-line summary, 1–200 characters.' }) subject: string;
  @Field({ description: 'The full text, 1–5,000 characters.' }) body: string;
  @Field(() => Int, { description: '1 (poor) to 5 (excellent); optional.', nullable: true }) rating?: number | null;
  @Field(() => String, { nullable: true, description: 'Detected from the text when absent.' }) language?: string | null;
  @Field(() => Boolean, { description: 'Whether the submitter agrees to show it on the public board (default false).', nullable: true, defaultValue: false }) isPublic?: boolean | null;
  @Field(() => FeedbackContactInput, { description: 'How to reach the submitter; optional.', nullable: true }) contact?: FeedbackContactInput | null;
  @Field(() => ID, { description: 'The program it is about; optional (NOT_FOUND when there is no program with this id).', nullable: true }) relatedProgramId?: string | null;
  @Field(() => [String], { description: 'Free tags, at most 10 of 1–40 characters; optional.', nullable: true }) tags?: string[] | null;
  @Field(() => String, { nullable: true, description: 'A client-chosen key; submitting twice with the same key creates one item.' }) idempotencyKey?: string | null;
  @Field(() => FeedbackNotificationInput, { nullable: true, description: 'Opt in to hear about staff responses to this item (by e-mail to `contact.email`, or by the library system through a webhook); optional, default none.' }) notifyOnResponse?: FeedbackNotificationInput | null;
}

@ObjectType({ description: 'What a feedback mutation answers.' })
export class FeedbackPayload {
  @Field(() => Feedback, { description: 'The item created or changed, shown to its caller whatever its visibility; null when `userErrors` is not empty (then nothing was written).', nullable: true }) feedback: Feedback | null;
  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' }) userErrors: UserError[];
}

@InputType({ description: 'A staff response to a feedback item.' })
export class RespondToFeedbackInput {
  @Field(() => ID, { description: 'The item to respond to.' }) feedbackId: string;
  @Field({ description: 'The response, 1–5,000 characters.' }) body: string;
  @Field(() => ResponseVisibility, { description: 'PUBLIC or INTERNAL (an internal note).' }) visibility: ResponseVisibility;
}

@InputType({ description: 'A status change of a feedback item.' })
export class UpdateFeedbackStatusInput {
  @Field(() => ID, { description: 'The item to change.' }) feedbackId: string;
  @Field(() => FeedbackStatus, { description: 'The new status; it must be one the current status may move to (see FeedbackStatus), else INVALID_TRANSITION.' }) status: FeedbackStatus;
  @Field(() => String, { nullable: true, description: 'Optional INTERNAL note stored with the change.' }) note?: string | null;
}

@InputType({ description: 'A community discussion that was held.' })
export class RecordCommunityDiscussionInput {
  @Field(() => ID, { description: 'The branch that held it.' }) branchId: string;
  @Field({ description: 'What it was about, 1–200 characters.' }) title: string;
  @Field(() => DiscussionFormat, { description: 'What kind of discussion it was.' }) format: DiscussionFormat;
  @Field({ description: 'When it was held.' }) heldAt: Date;
  @Field(() => Int, { description: 'How many people came, ≥ 0.' }) attendeeCount: number;
  @Field(() => String, { description: 'What was said, up to 10,000 characters; optional.', nullable: true }) summary?: string | null;
}

@ObjectType({ description: 'What recordCommunityDiscussion answers.' })
export class CommunityDiscussionPayload {
  @Field(() => CommunityDiscussion, { description: 'The discussion recorded; null when `userErrors` is not empty (then nothing was written).', nullable: true }) discussion: CommunityDiscussion | null;
  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' }) userErrors: UserError[];
}

@InputType({ description: 'One need an assessment found.' })
export class NeedFindingInput {
  @Field({ description: 'The need, in a sentence, 1–200 characters.' }) need: string;
  @Field(() => ServiceArea, { description: 'The service area that would meet it; optional.', nullable: true }) serviceArea?: ServiceArea | null;
  @Field(() => Priority, { description: 'How urgent it is.' }) priority: Priority;
  @Field(() => String, { description: 'What shows it, up to 10,000 characters; optional.', nullable: true }) evidence?: string | null;
}

@InputType({ description: 'A needs assessment that was completed.' })
export class RecordNeedsAssessmentInput {
  @Field(() => ID, { description: 'The branch whose service area was assessed.' }) branchId: string;
  @Field({ description: 'Its title, 1–200 characters.' }) title: string;
  @Field(() => AssessmentMethod, { description: 'How the evidence was gathered.' }) method: AssessmentMethod;
  @Field(() => DateScalar, { description: 'The day it was completed (1900–2100).' }) conductedOn: string;
  @Field(() => Int, { description: 'How many people took part, ≥ 0.' }) respondentCount: number;
  @Field(() => [NeedFindingInput], { description: 'What it found.' }) findings: NeedFindingInput[];
}

@ObjectType({ description: 'What recordNeedsAssessment answers.' })
export class NeedsAssessmentPayload {
  @Field(() => NeedsAssessment, { description: 'The assessment recorded; null when `userErrors` is not empty (then nothing was written).', nullable: true }) assessment: NeedsAssessment | null;
  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' }) userErrors: UserError[];
}

@InputType({ description: 'Takes an item off the public board (STAFF of its branch or ADMIN).' })
export class HideFeedbackInput {
  @Field(() => ID, { description: 'The item to hide: PUBLISHED or HELD.' }) feedbackId: string;
  @Field({ description: 'Why, 1–1,000 characters; kept in the moderation record (staff of the branch and ADMIN read it).' }) reason: string;
}

@InputType({ description: 'Puts a held or hidden item on the public board (STAFF of its branch or ADMIN).' })
export class ShowFeedbackInput {
  @Field(() => ID, { description: 'The item to show: HELD or HIDDEN.' }) feedbackId: string;
  @Field({ description: 'Why, 1–1,000 characters (for example "reviewed: the number is the branch\'s own"); kept in the moderation record.' }) reason: string;
}

@InputType({ description: 'Merges a duplicate into another item of the same branch (STAFF of the branch or ADMIN).' })
export class MergeFeedbackInput {
  @Field(() => ID, { description: 'The duplicate: it becomes MERGED and leaves the public board. Not NOT_PUBLIC or already MERGED.' }) duplicateId: string;
  @Field(() => ID, { description: 'The item that stays: it gets the votes of the duplicate (a patron who voted for both counts once). Same branch, not MERGED.' }) targetId: string;
  @Field({ description: 'Why, 1–1,000 characters; kept in the moderation record of both items.' }) reason: string;
}

@ObjectType({ description: 'What mergeFeedback answers.' })
export class MergeFeedbackPayload {
  @Field(() => Feedback, { description: 'The item that stays, with the merged votes; null when `userErrors` is not empty (then nothing was written).', nullable: true }) feedback: Feedback | null;
  @Field(() => Feedback, { description: 'The duplicate, now MERGED; null when `userErrors` is not empty.', nullable: true }) duplicate: Feedback | null;
  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' }) userErrors: UserError[];
}
