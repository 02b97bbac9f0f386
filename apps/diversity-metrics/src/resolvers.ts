import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DateScalar } from '@ceg/conventions';
import { stubReferenceResolvers } from '@ceg/kit';
import { DiversityAggregates } from './aggregates';
import { ParticipationPerCapitaResolver } from './per-capita';
import { type DiversityContext, DiversityService } from './service';
import {
  AccessibilityAudit, AccessibilityAuditPayload, Branch, CollectionAudit, CollectionAuditPayload, CommunityProfile, CommunityProfilePayload,
  Consortium, LibrarySystem, ParticipantDemographicsInput, ParticipantDemographicsPayload, ParticipationProfile, RecordAccessibilityAuditInput,
  RecordCollectionAuditInput, RepresentationGap, ShareChange, UpsertCommunityProfileInput,
} from './types';

const svc = (ctx: DiversityContext) => new DiversityService(ctx);
const aggregates = (ctx: DiversityContext) => new DiversityAggregates(ctx);

@Resolver(() => CommunityProfile)
export class CommunityProfileResolver {
  @Query(() => CommunityProfile, { description: 'One community profile by id; null when there is none.', nullable: true })
  communityProfile(@Arg('id', () => ID, { description: "The profile's id." }) id: string, @Ctx() ctx: DiversityContext): Promise<CommunityProfile | null> {
    return svc(ctx).profile(id);
  }

  @Mutation(() => CommunityProfilePayload, { description: "Stores the census profile of a branch's service area for a year, replacing that year's (STAFF of the branch or ADMIN; others FORBIDDEN)." })
  async upsertCommunityProfile(@Arg('input', () => UpsertCommunityProfileInput, { description: 'What to write; every field is validated before anything is written.' }) input: UpsertCommunityProfileInput, @Ctx() ctx: DiversityContext): Promise<CommunityProfilePayload> {
    const { value, userErrors } = await svc(ctx).upsertProfile(input);
    return { profile: value, userErrors };
  }

  @Mutation(() => ParticipantDemographicsPayload, { description: 'Anyone; anonymous and voluntary.' })
  async submitParticipantDemographics(@Arg('input', () => ParticipantDemographicsInput, { description: 'What to write; every field is validated before anything is written.' }) input: ParticipantDemographicsInput, @Ctx() ctx: DiversityContext): Promise<ParticipantDemographicsPayload> {
    const { value, userErrors } = await svc(ctx).submitDemographics(input);
    return { accepted: value === true, userErrors };
  }
}

@Resolver(() => CollectionAudit)
export class CollectionAuditResolver {
  @Query(() => CollectionAudit, { description: 'One collection audit by id; null when there is none.', nullable: true })
  collectionAudit(@Arg('id', () => ID, { description: "The audit's id." }) id: string, @Ctx() ctx: DiversityContext): Promise<CollectionAudit | null> {
    return svc(ctx).collectionAudit(id);
  }

  @Mutation(() => CollectionAuditPayload, { description: 'Records a collection audit (STAFF of the branch or ADMIN; others FORBIDDEN).' })
  async recordCollectionAudit(@Arg('input', () => RecordCollectionAuditInput, { description: 'What to write; every field is validated before anything is written.' }) input: RecordCollectionAuditInput, @Ctx() ctx: DiversityContext): Promise<CollectionAuditPayload> {
    const { value, userErrors } = await svc(ctx).recordCollectionAudit(input);
    return { audit: value, userErrors };
  }
}

@Resolver(() => AccessibilityAudit)
export class AccessibilityAuditResolver {
  @Query(() => AccessibilityAudit, { description: 'One accessibility audit by id; null when there is none.', nullable: true })
  accessibilityAudit(@Arg('id', () => ID, { description: "The audit's id." }) id: string, @Ctx() ctx: DiversityContext): Promise<AccessibilityAudit | null> {
    return svc(ctx).accessibilityAudit(id);
  }

  @Mutation(() => AccessibilityAuditPayload, { description: 'Records an accessibility audit (STAFF of the branch or ADMIN; others FORBIDDEN).' })
  async recordAccessibilityAudit(@Arg('input', () => RecordAccessibilityAuditInput, { description: 'What to write; every field is validated before anything is written.' }) input: RecordAccessibilityAuditInput, @Ctx() ctx: DiversityContext): Promise<AccessibilityAuditPayload> {
    const { value, userErrors } = await svc(ctx).recordAccessibilityAudit(input);
    return { audit: value, userErrors };
  }
}

/**
 * Fields diversity-metrics contributes to the directory's Branch. Nullable:
 * RULES.md §7. type-graphql prints arguments in the reverse order of the
 * parameters, so they are declared last-first to read as in the contract.
 */
@Resolver(() => Branch)
export class BranchDiversityResolver {
  @FieldResolver(() => CommunityProfile, { description: "The census profile of the branch's service area for `year`, or the latest one; null when there is none. Everyone may read it.", nullable: true })
  communityProfile(@Root() b: Branch, @Ctx() ctx: DiversityContext, @Arg('year', () => Int, { description: "The profile's year; absent: the latest.", nullable: true }) year?: number): Promise<CommunityProfile | null> {
    return svc(ctx).profileOf(b.id, year);
  }

  @FieldResolver(() => [CommunityProfile], { description: "Every census profile of the branch's service area, oldest first. In an operation's cost this list counts as 5 items.", nullable: true })
  communityProfiles(@Root() b: Branch, @Ctx() ctx: DiversityContext): Promise<CommunityProfile[]> {
    return svc(ctx).profilesOf(b.id);
  }

  @FieldResolver(() => [ShareChange], { description: "How the service area's shares changed between two profiles, per dimension and key listed in both; empty when either year has no profile.", nullable: true })
  demographicChange(
    @Root() b: Branch,
    @Ctx() ctx: DiversityContext,
    @Arg('toYear', () => Int, { description: "The later profile's year." }) toYear: number,
    @Arg('fromYear', () => Int, { description: "The earlier profile's year." }) fromYear: number,
  ): Promise<ShareChange[]> {
    return svc(ctx).demographicChange(b.id, fromYear, toYear);
  }

  @FieldResolver(() => ParticipationProfile, { description: "Self-reported demographics of the branch's program participants from answer sheets dated in [from, to], small cells withheld. STAFF of the branch, ANALYST, ADMIN; FORBIDDEN for others.", nullable: true })
  participation(
    @Root() b: Branch,
    @Ctx() ctx: DiversityContext,
    @Arg('to', () => DateScalar, { description: 'Last day of the period (inclusive).' }) to: string,
    @Arg('from', () => DateScalar, { description: 'First day of the period (inclusive).' }) from: string,
  ): Promise<ParticipationProfile> {
    return aggregates(ctx).participation(b.id, from, to);
  }

  @FieldResolver(() => [RepresentationGap], { description: "Participants' shares against the community's, per dimension and key, for answer sheets dated in [from, to], small cells withheld. STAFF of the branch, ANALYST, ADMIN; FORBIDDEN for others. In an operation's cost this list counts as 20 items.", nullable: true })
  representationGaps(
    @Root() b: Branch,
    @Ctx() ctx: DiversityContext,
    @Arg('to', () => DateScalar, { description: 'Last day of the period (inclusive); at most 10 years after `from`.' }) to: string,
    @Arg('from', () => DateScalar, { description: 'First day of the period (inclusive).' }) from: string,
    @Arg('year', () => Int, { description: "The community profile's year; absent: the latest on or before the year `to` falls in.", nullable: true }) year?: number,
  ): Promise<RepresentationGap[]> {
    return aggregates(ctx).branchGaps(b.id, year, from, to);
  }

  @FieldResolver(() => CollectionAudit, { description: "The branch's most recent collection audit; null when there is none. Everyone may read it.", nullable: true })
  latestCollectionAudit(@Root() b: Branch, @Ctx() ctx: DiversityContext): Promise<CollectionAudit | null> {
    return svc(ctx).latestCollectionAudit(b.id);
  }

  @FieldResolver(() => AccessibilityAudit, { description: "The branch's most recent accessibility audit; null when there is none. Everyone may read it.", nullable: true })
  latestAccessibilityAudit(@Root() b: Branch, @Ctx() ctx: DiversityContext): Promise<AccessibilityAudit | null> {
    return svc(ctx).latestAccessibilityAudit(b.id);
  }
}

const PERIOD_TO = 'Last day of the period (inclusive); at most 10 years after `from`.';
const PERIOD_FROM = 'First day of the period (inclusive).';

/**
 * The fields diversity-metrics contributes to each directory entity that
 * groups branches (LibrarySystem, Consortium), over the parent's branchIds
 * (@requires): one class per parent, written once so the two cannot drift.
 */
function branchSetDiversityResolver(parent: typeof Consortium, level: string) {
  @Resolver(() => parent)
  class BranchSetDiversityResolver {
    @Directive('@requires(fields: "branchIds")')
    @FieldResolver(() => ParticipationProfile, { description: `Self-reported demographics of the program participants of every branch of this ${level} from answer sheets dated in [from, to], counted together, small cells withheld exactly as for a branch. STAFF: own branches only; ANALYST, ADMIN: all; FORBIDDEN for others.`, nullable: true })
    participation(
      @Root() c: Consortium,
      @Ctx() ctx: DiversityContext,
      @Arg('to', () => DateScalar, { description: PERIOD_TO }) to: string,
      @Arg('from', () => DateScalar, { description: PERIOD_FROM }) from: string,
    ): Promise<ParticipationProfile> {
      return aggregates(ctx).branchSetParticipation(c.branchIds ?? [], from, to);
    }

    @Directive('@requires(fields: "branchIds")')
    @FieldResolver(() => [RepresentationGap], { description: `Participants of every branch of this ${level} against their communities weighted by population, per dimension and key, for answer sheets dated in [from, to], small cells withheld exactly as for a branch. STAFF: own branches only; ANALYST, ADMIN: all; FORBIDDEN for others. In an operation's cost this list counts as 20 items.`, nullable: true })
    representationGaps(
      @Root() c: Consortium,
      @Ctx() ctx: DiversityContext,
      @Arg('to', () => DateScalar, { description: PERIOD_TO }) to: string,
      @Arg('from', () => DateScalar, { description: PERIOD_FROM }) from: string,
      @Arg('year', () => Int, { description: "The community profiles' year; absent: each branch's latest on or before the year `to` falls in.", nullable: true }) year?: number,
    ): Promise<RepresentationGap[]> {
      return aggregates(ctx).branchSetGaps(c.branchIds ?? [], year, from, to);
    }
  }
  return BranchSetDiversityResolver;
}

export const ConsortiumDiversityResolver = branchSetDiversityResolver(Consortium, 'consortium');
export const LibrarySystemDiversityResolver = branchSetDiversityResolver(LibrarySystem, 'library system');

export const RESOLVERS = [
  CommunityProfileResolver, CollectionAuditResolver, AccessibilityAuditResolver, BranchDiversityResolver, LibrarySystemDiversityResolver, ConsortiumDiversityResolver,
  ParticipationPerCapitaResolver,
] as const;


/** Entity references, batched per request through the same policy as every read. */
export const REFERENCE_RESOLVERS = {
  CommunityProfile: { __resolveReference: (ref: Record<string, unknown>, ctx: DiversityContext) => svc(ctx).profile(String(ref.id)) },
  CollectionAudit: { __resolveReference: (ref: Record<string, unknown>, ctx: DiversityContext) => svc(ctx).collectionAudit(String(ref.id)) },
  AccessibilityAudit: { __resolveReference: (ref: Record<string, unknown>, ctx: DiversityContext) => svc(ctx).accessibilityAudit(String(ref.id)) },
  ...stubReferenceResolvers(Branch, LibrarySystem, Consortium),
};
