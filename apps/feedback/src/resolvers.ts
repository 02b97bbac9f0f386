import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { sameRangeEnd, TimeInterval } from '@ceg/conventions';
import { type AggregateArgs, aggregateArgsType, branchSetFieldResolvers, scopeForPerCapita, stubReferenceResolvers, type SubgraphContext } from '@ceg/kit';
import { FeedbackAggregates } from './aggregates';
import { toAssessment, toDiscussion, toFinding, toModeration } from './mapping';
import { ModerationService } from './moderation';
import { PER_CAPITA_RESOLVERS } from './per-capita';
import { FeedbackService } from './service';
import {
  CommunityDiscussionPayload, FeedbackPayload, HideFeedbackInput, MergeFeedbackInput, MergeFeedbackPayload, NeedsAssessmentPayload, RecordCommunityDiscussionInput, RecordNeedsAssessmentInput,
  RespondToFeedbackInput, ShowFeedbackInput, SubmitFeedbackInput, UpdateFeedbackStatusInput,
} from './inputs';
import {
  Branch, CommunityDiscussion, Consortium, Feedback, FeedbackAggregate, FeedbackConnection, FeedbackContact, FeedbackDimension, FeedbackFilter, FeedbackModeration, FeedbackOrder, FeedbackResponse,
  LibrarySystem, ModerationAction, ModerationState, NeedFinding, NeedsAssessment, Program,
} from './types';

const svc = (ctx: SubgraphContext) => new FeedbackService(ctx);
const aggregates = (ctx: SubgraphContext) => new FeedbackAggregates(ctx);
const moderation = (ctx: SubgraphContext) => new ModerationService(ctx);

/** The aggregate arguments, identical on Query, Branch, LibrarySystem and Consortium. */
const FeedbackAggregateArgs = aggregateArgsType<FeedbackFilter, FeedbackDimension>({
  filter: FeedbackFilter, dimension: FeedbackDimension, defaultInterval: TimeInterval.MONTH, range: true,
  descriptions: {
    filter: 'Which items; `submittedFrom`/`submittedTo` set the range as `from`/`to` do (default: the ten years up to now; one year with DAY). The range may span at most 10 years (1 year with DAY).',
    from: 'Items submitted at or after this instant, as in every other aggregate; the same as `filter.submittedFrom` (give either, or both with the same instant; different instants are BAD_USER_INPUT). Absent: ten years before `to` (one year with DAY).',
    to: 'Items submitted before this instant; the same as `filter.submittedTo` (give either, or both with the same instant). Absent: now.',
  },
});
type FeedbackAggregateArgs = AggregateArgs<FeedbackFilter, FeedbackDimension>;

/** The filter with the aggregate's `from`/`to` folded into `submittedFrom`/`submittedTo` (conflicting ends are BAD_USER_INPUT). */
function withRange(args: FeedbackAggregateArgs): FeedbackFilter {
  return {
    ...args.filter,
    submittedFrom: sameRangeEnd(args.from, args.filter?.submittedFrom, ['from', 'filter.submittedFrom']),
    submittedTo: sameRangeEnd(args.to, args.filter?.submittedTo, ['to', 'filter.submittedTo']),
  };
}

/** The client the anonymous-submission rate limit counts against: the address the gateway saw. */
export const clientKeyOf = (ctx: SubgraphContext): string => (ctx.clientAddress || 'unknown').slice(0, 100);

@Resolver(() => Feedback)
export class FeedbackResolver {
  @Query(() => Feedback, { description: 'One feedback item by id; null when there is none or the caller may not see it (exactly as if it did not exist).', nullable: true })
  feedback(@Arg('id', () => ID, { description: "The item's id." }) id: string, @Ctx() ctx: SubgraphContext): Promise<Feedback | null> {
    return svc(ctx).feedback(id);
  }

  @Query(() => FeedbackConnection, { description: 'Feedback items the caller may see, narrowed by `filter`, in `orderBy` order. Anonymous callers and patrons see public items (patrons also their own).', nullable: true })
  feedbackItems(
    @Ctx() ctx: SubgraphContext,
    @Arg('filter', () => FeedbackFilter, { description: 'Which items; all the caller may see when absent.', nullable: true }) filter?: FeedbackFilter,
    @Arg('first', () => Int, { description: "Page size: 1–100 items (default 20). Larger or smaller is a BAD_USER_INPUT error. Each item counts towards the operation's cost.", nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { description: "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Absent: the first page.", nullable: true }) after?: string,
    @Arg('orderBy', () => FeedbackOrder, { description: 'Order of the list (default: newest first).', nullable: true, defaultValue: FeedbackOrder.SUBMITTED_AT_DESC }) orderBy?: FeedbackOrder,
  ) {
    return svc(ctx).list({ filter, first, after, orderBy });
  }

  @Query(() => FeedbackAggregate, { description: 'Feedback measures over the items in range, grouped by up to 3 dimensions. STAFF: own branches only; ANALYST, ADMIN: all; others FORBIDDEN.', nullable: true })
  feedbackAggregate(
    @Ctx() ctx: SubgraphContext,
    @Args(() => FeedbackAggregateArgs) args: FeedbackAggregateArgs,
  ): Promise<FeedbackAggregate> {
    return aggregates(ctx).aggregate(withRange(args), args.groupBy, args.interval).then((a) => scopeForPerCapita(ctx, a, null, args.filter?.branchIds));
  }

  @FieldResolver(() => Branch, { description: 'The branch it is for; null only when the libraries subgraph cannot be reached.', nullable: true })
  branch(@Root() f: Feedback): Branch {
    return { id: f.branchId };
  }

  @FieldResolver(() => FeedbackContact, { nullable: true, description: 'Null unless the viewer may see personal data (RULES.md).' })
  contact(@Root() f: Feedback): FeedbackContact | null {
    return f.canSeeContact ? f.contactValue : null;
  }

  @FieldResolver(() => [FeedbackResponse], { description: 'Public responses for everyone; INTERNAL notes only for staff of the branch and admins.' })
  responses(@Root() f: Feedback, @Ctx() ctx: SubgraphContext): Promise<FeedbackResponse[]> {
    return svc(ctx).responses(f);
  }

  @FieldResolver(() => Program, { description: 'The program it is about, if the submitter named one; null otherwise, or when the caller may not see that program.', nullable: true })
  relatedProgram(@Root() f: Feedback): Program | null {
    return f.relatedProgramId ? { id: f.relatedProgramId } : null;
  }

  @Mutation(() => FeedbackPayload, { description: 'Anyone, signed in or not.' })
  async submitFeedback(@Arg('input', () => SubmitFeedbackInput, { description: 'The feedback.' }) input: SubmitFeedbackInput, @Ctx() ctx: SubgraphContext): Promise<FeedbackPayload> {
    const { value, userErrors } = await svc(ctx).submit(input, clientKeyOf(ctx));
    return { feedback: value, userErrors };
  }

  @Mutation(() => FeedbackPayload, { description: "Adds a staff response (STAFF of the item's branch or ADMIN; others FORBIDDEN). It does not change the item's status." })
  async respondToFeedback(@Arg('input', () => RespondToFeedbackInput, { description: 'What to write; every field is validated before anything is written.' }) input: RespondToFeedbackInput, @Ctx() ctx: SubgraphContext): Promise<FeedbackPayload> {
    const { value, userErrors } = await svc(ctx).respond(input);
    return { feedback: value, userErrors };
  }

  @Mutation(() => FeedbackPayload, { description: "Moves an item to another status (STAFF of the item's branch or ADMIN). A change the transitions do not allow is an INVALID_TRANSITION user error." })
  async updateFeedbackStatus(@Arg('input', () => UpdateFeedbackStatusInput, { description: 'What to write; every field is validated before anything is written.' }) input: UpdateFeedbackStatusInput, @Ctx() ctx: SubgraphContext): Promise<FeedbackPayload> {
    const { value, userErrors } = await svc(ctx).updateStatus(input);
    return { feedback: value, userErrors };
  }

  @FieldResolver(() => FeedbackModeration, { description: 'Its moderation on the public board (RULES.md §8): state and what the automatic screen found. Null for callers who read it only because it is on the public board (for them it is PUBLISHED); shown to its submitter (also in the submission\'s payload), staff of its branch, ANALYST and ADMIN.', nullable: true })
  moderation(@Root() f: Feedback): FeedbackModeration | null {
    return f.canSeeModeration ? toModeration(f) : null;
  }

  @Query(() => FeedbackConnection, { description: "The moderation queue: feedback items in the given moderation states (default HELD: awaiting review), oldest first. STAFF: their own branches' items; ADMIN: all; others FORBIDDEN.", nullable: true })
  moderationQueue(
    @Ctx() ctx: SubgraphContext,
    @Arg('states', () => [ModerationState], { description: 'Which moderation states (default: HELD).', nullable: true }) states?: ModerationState[],
    @Arg('branchIds', () => [ID], { description: "Only these branches, at most 100 (STAFF: those of them they work for). Absent: all the caller's branches.", nullable: true }) branchIds?: string[],
    @Arg('first', () => Int, { description: "Page size: 1–100 items (default 20). Larger or smaller is a BAD_USER_INPUT error. Each item counts towards the operation's cost.", nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { description: "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Absent: the first page.", nullable: true }) after?: string,
  ) {
    return moderation(ctx).queue({ states, branchIds, first, after });
  }

  @Mutation(() => FeedbackPayload, { description: "Takes a PUBLISHED or HELD item off the public board (STAFF of the item's branch or ADMIN; others FORBIDDEN): it becomes HIDDEN and reads for the public as if it did not exist. Recorded with the reason, who and when. Another state is INVALID_TRANSITION." })
  async hideFeedback(@Arg('input', () => HideFeedbackInput, { description: 'The item and why; validated before anything is written.' }) input: HideFeedbackInput, @Ctx() ctx: SubgraphContext): Promise<FeedbackPayload> {
    const { value, userErrors } = await moderation(ctx).move(input, 'HIDDEN');
    return { feedback: value, userErrors };
  }

  @Mutation(() => FeedbackPayload, { description: "Puts a HELD or HIDDEN item on the public board (STAFF of the item's branch or ADMIN; others FORBIDDEN): it becomes PUBLISHED. Recorded with the reason, who and when. Another state is INVALID_TRANSITION." })
  async showFeedback(@Arg('input', () => ShowFeedbackInput, { description: 'The item and why; validated before anything is written.' }) input: ShowFeedbackInput, @Ctx() ctx: SubgraphContext): Promise<FeedbackPayload> {
    const { value, userErrors } = await moderation(ctx).move(input, 'PUBLISHED');
    return { feedback: value, userErrors };
  }

  @Mutation(() => MergeFeedbackPayload, { description: "Merges a duplicate into another item of the same branch (STAFF of the branch or ADMIN; others FORBIDDEN). The duplicate becomes MERGED and leaves the public board for good; the other item's votes become the union of both (a patron who voted for both counts once). Recorded on both items with the reason, who and when." })
  async mergeFeedback(@Arg('input', () => MergeFeedbackInput, { description: 'The duplicate, the item that stays, and why; validated before anything is written.' }) input: MergeFeedbackInput, @Ctx() ctx: SubgraphContext): Promise<MergeFeedbackPayload> {
    const { value, userErrors } = await moderation(ctx).merge(input);
    return { feedback: value?.target ?? null, duplicate: value?.duplicate ?? null, userErrors };
  }

  @Mutation(() => FeedbackPayload, { description: 'PATRON; one vote per patron per item; public items only.' })
  async voteForFeedback(@Arg('feedbackId', () => ID, { description: 'The public item to vote for.' }) feedbackId: string, @Ctx() ctx: SubgraphContext): Promise<FeedbackPayload> {
    const { value, userErrors } = await svc(ctx).vote(feedbackId);
    return { feedback: value, userErrors };
  }
}

@Resolver(() => FeedbackModeration)
export class FeedbackModerationResolver {
  @FieldResolver(() => Feedback, { description: 'The item this one was merged into (state MERGED); null otherwise, or when the caller may not see that item.', nullable: true })
  mergedInto(@Root() m: FeedbackModeration, @Ctx() ctx: SubgraphContext): Promise<Feedback | null> | null {
    return m.mergedIntoId ? svc(ctx).feedback(m.mergedIntoId) : null;
  }

  @FieldResolver(() => [ModerationAction], { description: "The moderation record, oldest first: the screen's hold and every hide, show, merge and decline, with who, when and why. Staff of the item's branch and ADMIN; an empty list for others. In an operation's cost this list counts as 5 items." })
  actions(@Root() m: FeedbackModeration, @Ctx() ctx: SubgraphContext): Promise<ModerationAction[]> {
    return moderation(ctx).actions(m.feedbackId, m.branchId);
  }
}

@Resolver(() => CommunityDiscussion)
export class CommunityDiscussionResolver {
  @Query(() => CommunityDiscussion, { description: 'One community discussion by id; null when there is none.', nullable: true })
  async communityDiscussion(@Arg('id', () => ID, { description: "The discussion's id." }) id: string, @Ctx() ctx: SubgraphContext): Promise<CommunityDiscussion | null> {
    const row = await svc(ctx).discussion(id);
    return row && toDiscussion(row);
  }

  @FieldResolver(() => Branch, { description: 'The branch that held it; null only when the libraries subgraph cannot be reached.', nullable: true })
  branch(@Root() d: CommunityDiscussion): Branch {
    return { id: d.branchId };
  }

  @FieldResolver(() => [Feedback], { description: 'Feedback items raised at the discussion (channel COMMUNITY_DISCUSSION).' })
  feedback(@Root() d: CommunityDiscussion, @Ctx() ctx: SubgraphContext): Promise<Feedback[]> {
    return svc(ctx).discussionFeedback(d.id);
  }

  @Mutation(() => CommunityDiscussionPayload, { description: 'Records a community discussion (STAFF of the branch or ADMIN; others FORBIDDEN).' })
  async recordCommunityDiscussion(@Arg('input', () => RecordCommunityDiscussionInput, { description: 'What to write; every field is validated before anything is written.' }) input: RecordCommunityDiscussionInput, @Ctx() ctx: SubgraphContext): Promise<CommunityDiscussionPayload> {
    const { value, userErrors } = await svc(ctx).recordDiscussion(input);
    return { discussion: value && toDiscussion(value), userErrors };
  }
}

@Resolver(() => NeedsAssessment)
export class NeedsAssessmentResolver {
  @Query(() => NeedsAssessment, { description: 'One needs assessment by id; null when there is none.', nullable: true })
  async needsAssessment(@Arg('id', () => ID, { description: "The assessment's id." }) id: string, @Ctx() ctx: SubgraphContext): Promise<NeedsAssessment | null> {
    const row = await svc(ctx).assessment(id);
    return row && toAssessment(row);
  }

  @FieldResolver(() => Branch, { description: 'The branch whose service area was assessed; null only when the libraries subgraph cannot be reached.', nullable: true })
  branch(@Root() a: NeedsAssessment): Branch {
    return { id: a.branchId };
  }

  @FieldResolver(() => [NeedFinding], { description: "What it found, in the order recorded. In an operation's cost this list counts as 5 items." })
  async findings(@Root() a: NeedsAssessment, @Ctx() ctx: SubgraphContext): Promise<NeedFinding[]> {
    return (await svc(ctx).findings(a.id)).map(toFinding);
  }

  @Mutation(() => NeedsAssessmentPayload, { description: 'Records a needs assessment with its findings (STAFF of the branch or ADMIN; others FORBIDDEN).' })
  async recordNeedsAssessment(@Arg('input', () => RecordNeedsAssessmentInput, { description: 'What to write; every field is validated before anything is written.' }) input: RecordNeedsAssessmentInput, @Ctx() ctx: SubgraphContext): Promise<NeedsAssessmentPayload> {
    const { value, userErrors } = await svc(ctx).recordAssessment(input);
    return { assessment: value && toAssessment(value), userErrors };
  }
}

/** Fields feedback contributes to the directory's Branch. Nullable: RULES.md §7. */
@Resolver(() => Branch)
export class BranchFeedbackResolver {
  @FieldResolver(() => FeedbackConnection, { description: "The branch's feedback the caller may see (anonymous: the public board), in `orderBy` order.", nullable: true })
  feedback(
    @Root() b: Branch,
    @Ctx() ctx: SubgraphContext,
    @Arg('filter', () => FeedbackFilter, { description: 'Which items (its `branchIds` are ignored: this branch only).', nullable: true }) filter?: FeedbackFilter,
    @Arg('first', () => Int, { description: "Page size: 1–100 items (default 20). Larger or smaller is a BAD_USER_INPUT error. Each item counts towards the operation's cost.", nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { description: "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Absent: the first page.", nullable: true }) after?: string,
    @Arg('orderBy', () => FeedbackOrder, { description: 'Order of the list (default: newest first).', nullable: true, defaultValue: FeedbackOrder.SUBMITTED_AT_DESC }) orderBy?: FeedbackOrder,
  ) {
    return svc(ctx).listOf('branch', b.id, { filter, first, after, orderBy });
  }

  @FieldResolver(() => FeedbackAggregate, { description: 'Feedback measures of this branch (STAFF of the branch, ANALYST, ADMIN; null with FORBIDDEN for others). Same arguments as Query.feedbackAggregate.', nullable: true })
  feedbackAggregate(
    @Root() b: Branch,
    @Ctx() ctx: SubgraphContext,
    @Args(() => FeedbackAggregateArgs) args: FeedbackAggregateArgs,
  ): Promise<FeedbackAggregate> {
    return aggregates(ctx).aggregate(withRange(args), args.groupBy, args.interval, [b.id]).then((a) => scopeForPerCapita(ctx, a, [b.id], args.filter?.branchIds));
  }

  @FieldResolver(() => [CommunityDiscussion], { nullable: true, description: 'Most recent first.' })
  async communityDiscussions(
    @Root() b: Branch,
    @Ctx() ctx: SubgraphContext,
    @Arg('first', () => Int, { description: "Page size: 1–100 items (default 20). Larger or smaller is a BAD_USER_INPUT error. Each item counts towards the operation's cost.", nullable: true, defaultValue: 20 }) first?: number,
  ): Promise<CommunityDiscussion[]> {
    return (await svc(ctx).discussionsOfBranch(b.id, first)).map(toDiscussion);
  }

  @FieldResolver(() => [NeedsAssessment], { description: "The branch's needs assessments, newest first. In an operation's cost this list counts as 3 items.", nullable: true })
  async needsAssessments(@Root() b: Branch, @Ctx() ctx: SubgraphContext): Promise<NeedsAssessment[]> {
    return (await svc(ctx).assessmentsOfBranch(b.id)).map(toAssessment);
  }
}

/** LibrarySystem and Consortium: the aggregate over the parent's branchIds (@requires). */
const BRANCH_SET_RESOLVERS = branchSetFieldResolvers({
  parents: [Consortium, LibrarySystem],
  field: 'feedbackAggregate',
  description: 'Feedback measures over every branch of this library system or consortium (STAFF: their own branches only; ANALYST, ADMIN: all; others FORBIDDEN). Same arguments as Query.feedbackAggregate.',
  returns: () => FeedbackAggregate,
  args: FeedbackAggregateArgs,
  resolve: (ctx: SubgraphContext, args, branchIds) =>
    aggregates(ctx).aggregate(withRange(args), args.groupBy, args.interval, branchIds).then((a) => scopeForPerCapita(ctx, a, branchIds, args.filter?.branchIds)),
});

@Resolver(() => Program)
export class ProgramFeedbackResolver {
  @FieldResolver(() => FeedbackConnection, { description: 'Feedback items about this program (`relatedProgram`), visible to the caller, newest first.', nullable: true })
  feedback(
    @Root() p: Program,
    @Ctx() ctx: SubgraphContext,
    @Arg('first', () => Int, { description: "Page size: 1–100 items (default 20). Larger or smaller is a BAD_USER_INPUT error. Each item counts towards the operation's cost.", nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { description: "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Absent: the first page.", nullable: true }) after?: string,
  ) {
    return svc(ctx).listOf('program', p.id, { first, after });
  }
}

export const RESOLVERS = [
  FeedbackResolver, FeedbackModerationResolver, CommunityDiscussionResolver, NeedsAssessmentResolver,
  BranchFeedbackResolver, ...BRANCH_SET_RESOLVERS, ProgramFeedbackResolver, ...PER_CAPITA_RESOLVERS,
] as const;

/** Entity references, batched per request; Feedback goes through the visibility policy like every read. */
export const REFERENCE_RESOLVERS = {
  Feedback: {
    __resolveReference: (ref: Record<string, unknown>, ctx: SubgraphContext) => svc(ctx).feedback(String(ref.id)),
  },
  CommunityDiscussion: {
    __resolveReference: async (ref: Record<string, unknown>, ctx: SubgraphContext) => {
      const row = await svc(ctx).discussion(String(ref.id));
      return row && toDiscussion(row);
    },
  },
  NeedsAssessment: {
    __resolveReference: async (ref: Record<string, unknown>, ctx: SubgraphContext) => {
      const row = await svc(ctx).assessment(String(ref.id));
      return row && toAssessment(row);
    },
  },
  ...stubReferenceResolvers(Branch, Program, Consortium, LibrarySystem),
};
