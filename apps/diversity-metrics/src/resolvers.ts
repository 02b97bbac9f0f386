import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DateScalar } from '@ceg/conventions';
import { stubReferenceResolvers } from '@ceg/kit';
import { type DiversityContext, DiversityService } from './service';
import {
  AccessibilityAudit, AccessibilityAuditPayload, Branch, CollectionAudit, CollectionAuditPayload, CommunityProfile, CommunityProfilePayload,
  Consortium, ParticipantDemographicsInput, ParticipantDemographicsPayload, ParticipationProfile, RecordAccessibilityAuditInput,
  RecordCollectionAuditInput, RepresentationGap, ShareChange, UpsertCommunityProfileInput,
} from './types';

const svc = (ctx: DiversityContext) => new DiversityService(ctx);

@Resolver(() => CommunityProfile)
export class CommunityProfileResolver {
  @Query(() => CommunityProfile, { nullable: true })
  communityProfile(@Arg('id', () => ID) id: string, @Ctx() ctx: DiversityContext): Promise<CommunityProfile | null> {
    return svc(ctx).profile(id);
  }

  @Mutation(() => CommunityProfilePayload)
  async upsertCommunityProfile(@Arg('input', () => UpsertCommunityProfileInput) input: UpsertCommunityProfileInput, @Ctx() ctx: DiversityContext): Promise<CommunityProfilePayload> {
    const { value, userErrors } = await svc(ctx).upsertProfile(input);
    return { profile: value, userErrors };
  }

  @Mutation(() => ParticipantDemographicsPayload, { description: 'Anyone; anonymous and voluntary.' })
  async submitParticipantDemographics(@Arg('input', () => ParticipantDemographicsInput) input: ParticipantDemographicsInput, @Ctx() ctx: DiversityContext): Promise<ParticipantDemographicsPayload> {
    const { value, userErrors } = await svc(ctx).submitDemographics(input);
    return { accepted: value === true, userErrors };
  }
}

@Resolver(() => CollectionAudit)
export class CollectionAuditResolver {
  @Query(() => CollectionAudit, { nullable: true })
  collectionAudit(@Arg('id', () => ID) id: string, @Ctx() ctx: DiversityContext): Promise<CollectionAudit | null> {
    return svc(ctx).collectionAudit(id);
  }

  @Mutation(() => CollectionAuditPayload)
  async recordCollectionAudit(@Arg('input', () => RecordCollectionAuditInput) input: RecordCollectionAuditInput, @Ctx() ctx: DiversityContext): Promise<CollectionAuditPayload> {
    const { value, userErrors } = await svc(ctx).recordCollectionAudit(input);
    return { audit: value, userErrors };
  }
}

@Resolver(() => AccessibilityAudit)
export class AccessibilityAuditResolver {
  @Query(() => AccessibilityAudit, { nullable: true })
  accessibilityAudit(@Arg('id', () => ID) id: string, @Ctx() ctx: DiversityContext): Promise<AccessibilityAudit | null> {
    return svc(ctx).accessibilityAudit(id);
  }

  @Mutation(() => AccessibilityAuditPayload)
  async recordAccessibilityAudit(@Arg('input', () => RecordAccessibilityAuditInput) input: RecordAccessibilityAuditInput, @Ctx() ctx: DiversityContext): Promise<AccessibilityAuditPayload> {
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
  @FieldResolver(() => CommunityProfile, { nullable: true })
  communityProfile(@Root() b: Branch, @Ctx() ctx: DiversityContext, @Arg('year', () => Int, { nullable: true }) year?: number): Promise<CommunityProfile | null> {
    return svc(ctx).profileOf(b.id, year);
  }

  @FieldResolver(() => [CommunityProfile], { nullable: true })
  communityProfiles(@Root() b: Branch, @Ctx() ctx: DiversityContext): Promise<CommunityProfile[]> {
    return svc(ctx).profilesOf(b.id);
  }

  @FieldResolver(() => [ShareChange], { nullable: true })
  demographicChange(
    @Root() b: Branch,
    @Ctx() ctx: DiversityContext,
    @Arg('toYear', () => Int) toYear: number,
    @Arg('fromYear', () => Int) fromYear: number,
  ): Promise<ShareChange[]> {
    return svc(ctx).demographicChange(b.id, fromYear, toYear);
  }

  @FieldResolver(() => ParticipationProfile, { nullable: true })
  participation(
    @Root() b: Branch,
    @Ctx() ctx: DiversityContext,
    @Arg('to', () => DateScalar) to: string,
    @Arg('from', () => DateScalar) from: string,
  ): Promise<ParticipationProfile> {
    return svc(ctx).participation(b.id, from, to);
  }

  @FieldResolver(() => [RepresentationGap], { nullable: true })
  representationGaps(
    @Root() b: Branch,
    @Ctx() ctx: DiversityContext,
    @Arg('to', () => DateScalar) to: string,
    @Arg('from', () => DateScalar) from: string,
    @Arg('year', () => Int, { nullable: true }) year?: number,
  ): Promise<RepresentationGap[]> {
    return svc(ctx).branchGaps(b.id, year, from, to);
  }

  @FieldResolver(() => CollectionAudit, { nullable: true })
  latestCollectionAudit(@Root() b: Branch, @Ctx() ctx: DiversityContext): Promise<CollectionAudit | null> {
    return svc(ctx).latestCollectionAudit(b.id);
  }

  @FieldResolver(() => AccessibilityAudit, { nullable: true })
  latestAccessibilityAudit(@Root() b: Branch, @Ctx() ctx: DiversityContext): Promise<AccessibilityAudit | null> {
    return svc(ctx).latestAccessibilityAudit(b.id);
  }
}

@Resolver(() => Consortium)
export class ConsortiumDiversityResolver {
  @Directive('@requires(fields: "branchIds")')
  @FieldResolver(() => [RepresentationGap], { nullable: true })
  representationGaps(
    @Root() c: Consortium,
    @Ctx() ctx: DiversityContext,
    @Arg('to', () => DateScalar) to: string,
    @Arg('from', () => DateScalar) from: string,
    @Arg('year', () => Int, { nullable: true }) year?: number,
  ): Promise<RepresentationGap[]> {
    return svc(ctx).consortiumGaps(c.branchIds ?? [], year, from, to);
  }
}

export const RESOLVERS = [
  CommunityProfileResolver, CollectionAuditResolver, AccessibilityAuditResolver, BranchDiversityResolver, ConsortiumDiversityResolver,
] as const;


/** Entity references, batched per request through the same policy as every read. */
export const REFERENCE_RESOLVERS = {
  CommunityProfile: { __resolveReference: (ref: Record<string, unknown>, ctx: DiversityContext) => svc(ctx).profile(String(ref.id)) },
  CollectionAudit: { __resolveReference: (ref: Record<string, unknown>, ctx: DiversityContext) => svc(ctx).collectionAudit(String(ref.id)) },
  AccessibilityAudit: { __resolveReference: (ref: Record<string, unknown>, ctx: DiversityContext) => svc(ctx).accessibilityAudit(String(ref.id)) },
  ...stubReferenceResolvers(Branch, Consortium),
};
