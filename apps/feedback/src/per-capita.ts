/**
 * Per-capita feedback measures: a layer over the aggregate. The aggregate's
 * resolvers mark each answer with the branches it covers
 * (`scopeForPerCapita`); `perCapita` is resolved only when asked for, from
 * the group's counts and the summed service population of its branches
 * (libraries, through the directory client). See libs/kit/src/per-capita.ts.
 */
import { Ctx, Field, Float, Int, ObjectType, FieldResolver, Resolver, Root } from 'type-graphql';
import { perResident, populationOf, populationScopeOf, type SubgraphContext } from '@ceg/kit';
import { FeedbackAggregate, FeedbackGroup, type FeedbackMeasures } from './types';

@ObjectType({ description: "Feedback per resident of the service population of the branches counted (a branch's own; a library system's or consortium's: the sum over their branches — for STAFF their own branches only). Every value is null when the population is not known: a branch counted has no recorded population, or the aggregate is a root one over every branch without grouping by BRANCH." })
export class FeedbackPerCapitaMeasures {
  @Field(() => Int, { nullable: true, description: 'Residents of the service areas counted: the sum of the branches\' service populations; null when any of them is not recorded.' }) servicePopulation: number | null;
  @Field(() => Float, { nullable: true, description: 'Feedback items per 1,000 residents: count × 1,000 / servicePopulation, rounded to 6 decimals.' }) countPerThousand: number | null;
  @Field(() => Float, { nullable: true, description: 'Resolved items per 1,000 residents.' }) resolvedCountPerThousand: number | null;
}

async function perCapita(ctx: SubgraphContext, target: object, m: FeedbackMeasures): Promise<FeedbackPerCapitaMeasures> {
  const population = await populationOf(ctx, populationScopeOf(target).branchIds);
  return Object.assign(new FeedbackPerCapitaMeasures(), {
    servicePopulation: population,
    countPerThousand: perResident(m.count, population, 1000),
    resolvedCountPerThousand: perResident(m.resolvedCount, population, 1000),
  });
}

const DESCRIPTION = 'The measures per resident of the service population (visible with the aggregate: STAFF of the branches, ANALYST, ADMIN). Null with SERVICE_UNAVAILABLE when the libraries subgraph cannot be asked for populations.';

@Resolver(() => FeedbackAggregate)
export class FeedbackAggregatePerCapitaResolver {
  @FieldResolver(() => FeedbackPerCapitaMeasures, { nullable: true, description: `The totals per resident. ${DESCRIPTION}` })
  perCapita(@Root() a: FeedbackAggregate, @Ctx() ctx: SubgraphContext): Promise<FeedbackPerCapitaMeasures> {
    return perCapita(ctx, a, a.totals);
  }
}

@Resolver(() => FeedbackGroup)
export class FeedbackGroupPerCapitaResolver {
  @FieldResolver(() => FeedbackPerCapitaMeasures, { nullable: true, description: `The group's measures per resident (grouped by BRANCH: of that branch's population; otherwise of every branch counted). ${DESCRIPTION}` })
  perCapita(@Root() g: FeedbackGroup, @Ctx() ctx: SubgraphContext): Promise<FeedbackPerCapitaMeasures> {
    return perCapita(ctx, g, g.measures);
  }
}

export const PER_CAPITA_RESOLVERS = [FeedbackAggregatePerCapitaResolver, FeedbackGroupPerCapitaResolver] as const;
