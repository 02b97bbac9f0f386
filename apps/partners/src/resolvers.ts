import { Arg, Args, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Money, ServiceArea, TimeInterval } from '@ceg/conventions';
import { type AggregateArgs, aggregateArgsType, branchSetFieldResolvers, scopeForPerCapita, stubReferenceResolvers, type SubgraphContext } from '@ceg/kit';
import { PartnershipAggregates } from './aggregates';
import { fromHundredths } from './money';
import { moneyList } from './money';
import { PER_CAPITA_RESOLVERS } from './per-capita';
import { PartnersService } from './service';
import {
  Branch, Consortium, Contribution, CreatePartnerInput, CreatePartnershipInput, LibrarySystem, Partner, PartnerConnection,
  PartnerContact, PartnerFilter, PartnerPayload, Partnership, PartnershipAggregate, PartnershipConnection, PartnershipDimension,
  PartnershipFilter, PartnershipPayload, PartnershipStatus, Program, RecordContributionInput,
} from './types';

const svc = (ctx: SubgraphContext) => new PartnersService(ctx);
const agg = (ctx: SubgraphContext) => new PartnershipAggregates(ctx);

const AGGREGATE_DOC = 'STAFF (own branches), ANALYST and ADMIN.';

/** The aggregate arguments, identical on Query, Branch, LibrarySystem and Consortium. */
const PartnershipAggregateArgs = aggregateArgsType<PartnershipFilter, PartnershipDimension>({
  filter: PartnershipFilter, dimension: PartnershipDimension, defaultInterval: TimeInterval.YEAR, range: true,
  descriptions: {
    from: 'Only partnerships active at some time at or after this instant (not ended before its day). Absent: no lower bound. With `to`, the range may span at most 10 years.',
    to: 'Only partnerships that started before this instant (on or before the day of its last moment). Absent: no upper bound.',
    filter: 'Which partnerships; all the caller may report on when absent. `activeOn` counts those active on one day; PERIOD buckets partnerships by start date (the last ten years).',
  },
});
type PartnershipAggregateArgs = AggregateArgs<PartnershipFilter, PartnershipDimension>;

@Resolver(() => Partner)
export class PartnerResolver {
  @Query(() => Partner, { description: 'One partner by id; null when there is none.', nullable: true })
  partner(@Arg('id', () => ID, { description: "The partner's id." }) id: string, @Ctx() ctx: SubgraphContext): Promise<Partner | null> {
    return svc(ctx).partner(id);
  }

  @Query(() => PartnerConnection, { nullable: true, description: 'By name.' })
  partners(
    @Ctx() ctx: SubgraphContext,
    @Arg('filter', () => PartnerFilter, { description: 'Which partners; all when absent.', nullable: true }) filter?: PartnerFilter,
    @Arg('first', () => Int, { description: "Page size: 1–100 items (default 20). Larger or smaller is a BAD_USER_INPUT error. Each item counts towards the operation's cost.", nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { description: "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Absent: the first page.", nullable: true }) after?: string,
  ) {
    return svc(ctx).partners(filter, first, after);
  }

  @FieldResolver(() => [PartnerContact], { description: 'Staff and admins only; empty for everyone else.' })
  contacts(@Root() p: Partner, @Ctx() ctx: SubgraphContext): Promise<PartnerContact[]> {
    return svc(ctx).contacts(p.id);
  }

  @FieldResolver(() => [Partnership], { description: 'The partnerships the viewer may see, newest first.' })
  partnerships(@Root() p: Partner, @Ctx() ctx: SubgraphContext): Promise<Partnership[]> {
    return svc(ctx).partnershipsOf('partner', p.id);
  }

  @Mutation(() => PartnerPayload, { description: 'STAFF and ADMIN.' })
  async createPartner(@Arg('input', () => CreatePartnerInput, { description: 'What to write; every field is validated before anything is written.' }) input: CreatePartnerInput, @Ctx() ctx: SubgraphContext): Promise<PartnerPayload> {
    const { value, userErrors } = await svc(ctx).createPartner(input);
    return { partner: value, userErrors };
  }
}

@Resolver(() => Partnership)
export class PartnershipResolver {
  @Query(() => Partnership, { description: 'One partnership by id; null when there is none or the caller may not see it.', nullable: true })
  partnership(@Arg('id', () => ID, { description: "The partnership's id." }) id: string, @Ctx() ctx: SubgraphContext): Promise<Partnership | null> {
    return svc(ctx).partnership(id);
  }

  @Query(() => PartnershipConnection, { nullable: true, description: 'Newest first.' })
  partnerships(
    @Ctx() ctx: SubgraphContext,
    @Arg('filter', () => PartnershipFilter, { description: 'Which partnerships; all the caller may see when absent.', nullable: true }) filter?: PartnershipFilter,
    @Arg('first', () => Int, { description: "Page size: 1–100 items (default 20). Larger or smaller is a BAD_USER_INPUT error. Each item counts towards the operation's cost.", nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { description: "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Absent: the first page.", nullable: true }) after?: string,
  ) {
    return svc(ctx).partnerships(filter, first, after);
  }

  @Query(() => PartnershipAggregate, { nullable: true, description: AGGREGATE_DOC })
  partnershipAggregate(
    @Ctx() ctx: SubgraphContext,
    @Args(() => PartnershipAggregateArgs) args: PartnershipAggregateArgs,
  ): Promise<PartnershipAggregate> {
    return agg(ctx).aggregate(args.filter, args.groupBy, args.interval, { from: args.from, to: args.to }).then((a) => scopeForPerCapita(ctx, a, null, args.filter?.branchIds));
  }

  @FieldResolver(() => Partner, { description: 'The partner organization.' })
  async partner(@Root() p: Partnership, @Ctx() ctx: SubgraphContext): Promise<Partner> {
    return (await svc(ctx).partnerOf(p))!;
  }

  @FieldResolver(() => [Branch], { description: "The branches taking part. In an operation's cost this list counts as 3 items.", nullable: true })
  async branches(@Root() p: Partnership, @Ctx() ctx: SubgraphContext): Promise<Branch[]> {
    return (await svc(ctx).branchIdsOf(p.id)).map((id) => ({ id }));
  }

  @FieldResolver(() => [ServiceArea], { description: 'The service areas it serves.' })
  serviceAreas(@Root() p: Partnership, @Ctx() ctx: SubgraphContext): Promise<ServiceArea[]> {
    return svc(ctx).serviceAreasOf(p.id);
  }

  @FieldResolver(() => [Contribution], { description: 'Staff, analysts and admins only; empty for everyone else. Newest first.' })
  contributions(@Root() p: Partnership, @Ctx() ctx: SubgraphContext): Promise<Contribution[]> {
    return svc(ctx).contributions(p.id);
  }

  @FieldResolver(() => [Program], { description: "The programs linked to it, of those the caller may see. In an operation's cost this list counts as 3 items.", nullable: true })
  async programs(@Root() p: Partnership, @Ctx() ctx: SubgraphContext): Promise<Program[]> {
    return (await svc(ctx).visibleProgramIdsOf(p.id)).map((id) => ({ id }));
  }

  @FieldResolver(() => [Money], { description: 'Sum of monetary contributions, per currency.' })
  async contributedValue(@Root() p: Partnership, @Ctx() ctx: SubgraphContext): Promise<Money[]> {
    return moneyList(await svc(ctx).valueSums(p.id));
  }

  @FieldResolver(() => Float, { description: 'Sum of contributed hours (both directions); null for callers who may not see contributions.' })
  async volunteerHours(@Root() p: Partnership, @Ctx() ctx: SubgraphContext): Promise<number> {
    return fromHundredths((await svc(ctx).valueSums(p.id)).hoursCenti);
  }

  @Mutation(() => PartnershipPayload, { description: 'ADMIN, or STAFF when it includes one of their branches. Starts PROPOSED.' })
  async createPartnership(@Arg('input', () => CreatePartnershipInput, { description: 'What to write; every field is validated before anything is written.' }) input: CreatePartnershipInput, @Ctx() ctx: SubgraphContext): Promise<PartnershipPayload> {
    const { value, userErrors } = await svc(ctx).createPartnership(input);
    return { partnership: value, userErrors };
  }

  @Mutation(() => PartnershipPayload, { description: 'Moves a partnership to another status (ADMIN, or STAFF of one of its branches). A change the transitions do not allow is an INVALID_TRANSITION user error.' })
  async updatePartnershipStatus(
    @Arg('partnershipId', () => ID, { description: 'The partnership to change.' }) partnershipId: string,
    @Arg('status', () => PartnershipStatus, { description: 'The new status (see PartnershipStatus for the transitions).' }) status: PartnershipStatus,
    @Ctx() ctx: SubgraphContext,
  ): Promise<PartnershipPayload> {
    const { value, userErrors } = await svc(ctx).updateStatus(partnershipId, status);
    return { partnership: value, userErrors };
  }

  @Mutation(() => PartnershipPayload, { description: 'Links a program to a partnership (ADMIN, or STAFF of one of its branches); linking twice keeps one link.' })
  async linkProgramToPartnership(
    @Arg('partnershipId', () => ID, { description: 'The partnership.' }) partnershipId: string,
    @Arg('programId', () => ID, { description: 'The program (NOT_FOUND when the programs subgraph knows no such program the caller may see).' }) programId: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<PartnershipPayload> {
    const { value, userErrors } = await svc(ctx).linkProgram(partnershipId, programId);
    return { partnership: value, userErrors };
  }

  @Mutation(() => PartnershipPayload, { description: 'Records a contribution to a partnership (ADMIN, or STAFF of one of its branches).' })
  async recordContribution(@Arg('input', () => RecordContributionInput, { description: 'What to write; every field is validated before anything is written.' }) input: RecordContributionInput, @Ctx() ctx: SubgraphContext): Promise<PartnershipPayload> {
    const { value, userErrors } = await svc(ctx).recordContribution(input);
    return { partnership: value, userErrors };
  }
}

/** Fields partners contributes to the directory's Branch. Nullable: RULES.md §7. */
@Resolver(() => Branch)
export class BranchPartnersResolver {
  @FieldResolver(() => [Partnership], { description: "The branch's partnerships the caller may see (anonymous: ACTIVE only), newest first. In an operation's cost this list counts as 10 items.", nullable: true })
  partnerships(
    @Root() b: Branch,
    @Ctx() ctx: SubgraphContext,
    @Arg('filter', () => PartnershipFilter, { description: 'Which partnerships (its `branchIds` are ignored: this branch only).', nullable: true }) filter?: PartnershipFilter,
  ): Promise<Partnership[]> {
    return svc(ctx).partnershipsOf('branch', b.id, filter);
  }

  @FieldResolver(() => PartnershipAggregate, { description: 'Partnership measures of this branch (STAFF of the branch, ANALYST, ADMIN; FORBIDDEN for others). Same arguments as Query.partnershipAggregate.', nullable: true })
  partnershipAggregate(
    @Root() b: Branch,
    @Ctx() ctx: SubgraphContext,
    @Args(() => PartnershipAggregateArgs) args: PartnershipAggregateArgs,
  ): Promise<PartnershipAggregate> {
    return agg(ctx).aggregate(args.filter, args.groupBy, args.interval, { from: args.from, to: args.to }, [b.id]).then((a) => scopeForPerCapita(ctx, a, [b.id], args.filter?.branchIds));
  }
}

/** LibrarySystem and Consortium: the aggregate over the parent's branchIds (@requires). */
const BRANCH_SET_RESOLVERS = branchSetFieldResolvers({
  parents: [Consortium, LibrarySystem],
  field: 'partnershipAggregate',
  description: 'Partnership measures over every branch of this library system or consortium (STAFF: their own branches only; ANALYST, ADMIN: all; others FORBIDDEN). Same arguments as Query.partnershipAggregate.',
  returns: () => PartnershipAggregate,
  args: PartnershipAggregateArgs,
  resolve: (ctx: SubgraphContext, args, branchIds) =>
    agg(ctx).aggregate(args.filter, args.groupBy, args.interval, { from: args.from, to: args.to }, branchIds).then((a) => scopeForPerCapita(ctx, a, branchIds, args.filter?.branchIds)),
});

/** Program is owned by the programs subgraph; partners contributes its partnerships. */
@Resolver(() => Program)
export class ProgramPartnersResolver {
  @FieldResolver(() => [Partnership], { description: "The partnerships behind this program that the caller may see. In an operation's cost this list counts as 1 item.", nullable: true })
  partnerships(@Root() p: Program, @Ctx() ctx: SubgraphContext): Promise<Partnership[]> {
    return svc(ctx).partnershipsOf('program', p.id);
  }
}

export const RESOLVERS = [
  PartnerResolver, PartnershipResolver, BranchPartnersResolver, ...BRANCH_SET_RESOLVERS, ProgramPartnersResolver, ...PER_CAPITA_RESOLVERS,
] as const;

/** Entity references, batched per request; Partnership goes through the visibility policy like every read. */
export const REFERENCE_RESOLVERS = {
  Partner: { __resolveReference: (ref: Record<string, unknown>, ctx: SubgraphContext) => svc(ctx).partner(String(ref.id)) },
  Partnership: { __resolveReference: (ref: Record<string, unknown>, ctx: SubgraphContext) => svc(ctx).partnership(String(ref.id)) },
  ...stubReferenceResolvers(Branch, Program, Consortium, LibrarySystem),
};
