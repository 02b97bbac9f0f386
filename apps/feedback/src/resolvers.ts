import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { TimeInterval } from '@ceg/conventions';
import { type AggregateArgs, aggregateArgsType, branchSetFieldResolvers, stubReferenceResolvers, type SubgraphContext } from '@ceg/kit';
import { FeedbackService, toAssessment, toDiscussion, toFinding } from './service';
import {
  Branch, CommunityDiscussion, CommunityDiscussionPayload, Consortium, Feedback, FeedbackAggregate, FeedbackConnection, FeedbackContact,
  FeedbackDimension, FeedbackFilter, FeedbackOrder, FeedbackPayload, FeedbackResponse, LibrarySystem, NeedFinding, NeedsAssessment,
  NeedsAssessmentPayload, Program, RecordCommunityDiscussionInput, RecordNeedsAssessmentInput, RespondToFeedbackInput, SubmitFeedbackInput,
  UpdateFeedbackStatusInput,
} from './types';

const svc = (ctx: SubgraphContext) => new FeedbackService(ctx);

/** The aggregate arguments, identical on Query, Branch, LibrarySystem and Consortium. */
const FeedbackAggregateArgs = aggregateArgsType<FeedbackFilter, FeedbackDimension>({
  filter: FeedbackFilter, dimension: FeedbackDimension, defaultInterval: TimeInterval.MONTH,
});
type FeedbackAggregateArgs = AggregateArgs<FeedbackFilter, FeedbackDimension>;

/** The client the anonymous-submission rate limit counts against: the address the gateway saw. */
export const clientKeyOf = (ctx: SubgraphContext): string => (ctx.clientAddress || 'unknown').slice(0, 100);

@Resolver(() => Feedback)
export class FeedbackResolver {
  @Query(() => Feedback, { nullable: true })
  feedback(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Feedback | null> {
    return svc(ctx).feedback(id);
  }

  @Query(() => FeedbackConnection, { nullable: true })
  feedbackItems(
    @Ctx() ctx: SubgraphContext,
    @Arg('filter', () => FeedbackFilter, { nullable: true }) filter?: FeedbackFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('orderBy', () => FeedbackOrder, { nullable: true, defaultValue: FeedbackOrder.SUBMITTED_AT_DESC }) orderBy?: FeedbackOrder,
  ) {
    return svc(ctx).list({ filter, first, after, orderBy });
  }

  @Query(() => FeedbackAggregate, { nullable: true })
  feedbackAggregate(
    @Ctx() ctx: SubgraphContext,
    @Args(() => FeedbackAggregateArgs) args: FeedbackAggregateArgs,
  ): Promise<FeedbackAggregate> {
    return svc(ctx).aggregate(args.filter, args.groupBy, args.interval);
  }

  @FieldResolver(() => Branch, { nullable: true })
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

  @FieldResolver(() => Program, { nullable: true })
  relatedProgram(@Root() f: Feedback): Program | null {
    return f.relatedProgramId ? { id: f.relatedProgramId } : null;
  }

  @Mutation(() => FeedbackPayload, { description: 'Anyone, signed in or not.' })
  async submitFeedback(@Arg('input', () => SubmitFeedbackInput) input: SubmitFeedbackInput, @Ctx() ctx: SubgraphContext): Promise<FeedbackPayload> {
    const { value, userErrors } = await svc(ctx).submit(input, clientKeyOf(ctx));
    return { feedback: value, userErrors };
  }

  @Mutation(() => FeedbackPayload)
  async respondToFeedback(@Arg('input', () => RespondToFeedbackInput) input: RespondToFeedbackInput, @Ctx() ctx: SubgraphContext): Promise<FeedbackPayload> {
    const { value, userErrors } = await svc(ctx).respond(input);
    return { feedback: value, userErrors };
  }

  @Mutation(() => FeedbackPayload)
  async updateFeedbackStatus(@Arg('input', () => UpdateFeedbackStatusInput) input: UpdateFeedbackStatusInput, @Ctx() ctx: SubgraphContext): Promise<FeedbackPayload> {
    const { value, userErrors } = await svc(ctx).updateStatus(input);
    return { feedback: value, userErrors };
  }

  @Mutation(() => FeedbackPayload, { description: 'PATRON; one vote per patron per item; public items only.' })
  async voteForFeedback(@Arg('feedbackId', () => ID) feedbackId: string, @Ctx() ctx: SubgraphContext): Promise<FeedbackPayload> {
    const { value, userErrors } = await svc(ctx).vote(feedbackId);
    return { feedback: value, userErrors };
  }
}

@Resolver(() => CommunityDiscussion)
export class CommunityDiscussionResolver {
  @Query(() => CommunityDiscussion, { nullable: true })
  async communityDiscussion(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<CommunityDiscussion | null> {
    const row = await svc(ctx).discussion(id);
    return row && toDiscussion(row);
  }

  @FieldResolver(() => Branch, { nullable: true })
  branch(@Root() d: CommunityDiscussion): Branch {
    return { id: d.branchId };
  }

  @FieldResolver(() => [Feedback], { description: 'Feedback items raised at the discussion (channel COMMUNITY_DISCUSSION).' })
  feedback(@Root() d: CommunityDiscussion, @Ctx() ctx: SubgraphContext): Promise<Feedback[]> {
    return svc(ctx).discussionFeedback(d.id);
  }

  @Mutation(() => CommunityDiscussionPayload)
  async recordCommunityDiscussion(@Arg('input', () => RecordCommunityDiscussionInput) input: RecordCommunityDiscussionInput, @Ctx() ctx: SubgraphContext): Promise<CommunityDiscussionPayload> {
    const { value, userErrors } = await svc(ctx).recordDiscussion(input);
    return { discussion: value && toDiscussion(value), userErrors };
  }
}

@Resolver(() => NeedsAssessment)
export class NeedsAssessmentResolver {
  @Query(() => NeedsAssessment, { nullable: true })
  async needsAssessment(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<NeedsAssessment | null> {
    const row = await svc(ctx).assessment(id);
    return row && toAssessment(row);
  }

  @FieldResolver(() => Branch, { nullable: true })
  branch(@Root() a: NeedsAssessment): Branch {
    return { id: a.branchId };
  }

  @FieldResolver(() => [NeedFinding])
  async findings(@Root() a: NeedsAssessment, @Ctx() ctx: SubgraphContext): Promise<NeedFinding[]> {
    return (await svc(ctx).findings(a.id)).map(toFinding);
  }

  @Mutation(() => NeedsAssessmentPayload)
  async recordNeedsAssessment(@Arg('input', () => RecordNeedsAssessmentInput) input: RecordNeedsAssessmentInput, @Ctx() ctx: SubgraphContext): Promise<NeedsAssessmentPayload> {
    const { value, userErrors } = await svc(ctx).recordAssessment(input);
    return { assessment: value && toAssessment(value), userErrors };
  }
}

/** Fields feedback contributes to the directory's Branch. Nullable: RULES.md §7. */
@Resolver(() => Branch)
export class BranchFeedbackResolver {
  @FieldResolver(() => FeedbackConnection, { nullable: true })
  feedback(
    @Root() b: Branch,
    @Ctx() ctx: SubgraphContext,
    @Arg('filter', () => FeedbackFilter, { nullable: true }) filter?: FeedbackFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('orderBy', () => FeedbackOrder, { nullable: true, defaultValue: FeedbackOrder.SUBMITTED_AT_DESC }) orderBy?: FeedbackOrder,
  ) {
    return svc(ctx).listOf('branch', b.id, { filter, first, after, orderBy });
  }

  @FieldResolver(() => FeedbackAggregate, { nullable: true })
  feedbackAggregate(
    @Root() b: Branch,
    @Ctx() ctx: SubgraphContext,
    @Args(() => FeedbackAggregateArgs) args: FeedbackAggregateArgs,
  ): Promise<FeedbackAggregate> {
    return svc(ctx).aggregate(args.filter, args.groupBy, args.interval, [b.id]);
  }

  @FieldResolver(() => [CommunityDiscussion], { nullable: true, description: 'Most recent first.' })
  async communityDiscussions(
    @Root() b: Branch,
    @Ctx() ctx: SubgraphContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
  ): Promise<CommunityDiscussion[]> {
    return (await svc(ctx).discussionsOfBranch(b.id, first)).map(toDiscussion);
  }

  @FieldResolver(() => [NeedsAssessment], { nullable: true })
  async needsAssessments(@Root() b: Branch, @Ctx() ctx: SubgraphContext): Promise<NeedsAssessment[]> {
    return (await svc(ctx).assessmentsOfBranch(b.id)).map(toAssessment);
  }
}

/** LibrarySystem and Consortium: the aggregate over the parent's branchIds (@requires). */
const BRANCH_SET_RESOLVERS = branchSetFieldResolvers({
  parents: [Consortium, LibrarySystem],
  field: 'feedbackAggregate',
  returns: () => FeedbackAggregate,
  args: FeedbackAggregateArgs,
  resolve: (ctx: SubgraphContext, args, branchIds) => svc(ctx).aggregate(args.filter, args.groupBy, args.interval, branchIds),
});

@Resolver(() => Program)
export class ProgramFeedbackResolver {
  @FieldResolver(() => FeedbackConnection, { nullable: true })
  feedback(
    @Root() p: Program,
    @Ctx() ctx: SubgraphContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return svc(ctx).listOf('program', p.id, { first, after });
  }
}

export const RESOLVERS = [
  FeedbackResolver, CommunityDiscussionResolver, NeedsAssessmentResolver,
  BranchFeedbackResolver, ...BRANCH_SET_RESOLVERS, ProgramFeedbackResolver,
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
