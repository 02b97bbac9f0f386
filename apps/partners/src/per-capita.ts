/**
 * Per-capita partnership measures: a layer over the aggregate. The
 * aggregate's resolvers mark each answer with the branches it covers
 * (`scopeForPerCapita`); `perCapita` is resolved only when asked for, from
 * the group's measures and the summed service population of its branches
 * (libraries, through the directory client). See libs/kit/src/per-capita.ts.
 */
import { Ctx, Field, Float, Int, ObjectType, FieldResolver, Resolver, Root } from 'type-graphql';
import { Money } from '@ceg/conventions';
import { perResident, populationOf, populationScopeOf, type SubgraphContext } from '@ceg/kit';
import { PartnershipAggregate, PartnershipGroup, type PartnershipMeasures } from './types';

@ObjectType({ description: "Partnerships per resident of the service population of the branches counted (a branch's own; a library system's or consortium's: the sum over their branches — for STAFF their own branches only). Every value is null (value: empty) when the population is not known: a branch counted has no recorded population, or the aggregate is a root one over every branch without grouping by BRANCH." })
export class PartnershipPerCapitaMeasures {
  @Field(() => Int, { nullable: true, description: "Residents of the service areas counted: the sum of the branches' service populations; null when any of them is not recorded." }) servicePopulation: number | null;
  @Field(() => Float, { nullable: true, description: 'Partnerships per 1,000 residents: partnershipCount × 1,000 / servicePopulation, rounded to 6 decimals.' }) partnershipsPerThousand: number | null;
  @Field(() => Float, { nullable: true, description: 'Contributed hours per resident, rounded to 6 decimals.' }) volunteerHoursPerCapita: number | null;
  @Field(() => [Money], { description: 'Monetary contributions per 1,000 residents, per currency: contributedValue × 1,000 / servicePopulation, rounded to the cent (an approximation, unlike contributedValue). Empty when the population is not known.' }) contributedValuePerThousand: Money[];
}

/** amount × 1,000 / population as a decimal string rounded to 2 decimals. */
export function perThousandAmount(amount: string, population: number): string {
  return ((Number(amount) * 1000) / population).toFixed(2);
}

async function perCapita(ctx: SubgraphContext, target: object, m: PartnershipMeasures): Promise<PartnershipPerCapitaMeasures> {
  const population = await populationOf(ctx, populationScopeOf(target).branchIds);
  return Object.assign(new PartnershipPerCapitaMeasures(), {
    servicePopulation: population,
    partnershipsPerThousand: perResident(m.partnershipCount, population, 1000),
    volunteerHoursPerCapita: perResident(m.volunteerHours, population),
    contributedValuePerThousand: population === null ? [] : m.contributedValue.map((v) => Object.assign(new Money(), { amount: perThousandAmount(v.amount, population), currency: v.currency })),
  });
}

const DESCRIPTION = 'Visible with the aggregate (STAFF of the branches, ANALYST, ADMIN). Null with SERVICE_UNAVAILABLE when the libraries subgraph cannot be asked for populations.';

@Resolver(() => PartnershipAggregate)
export class PartnershipAggregatePerCapitaResolver {
  @FieldResolver(() => PartnershipPerCapitaMeasures, { nullable: true, description: `The totals per resident of the service population. ${DESCRIPTION}` })
  perCapita(@Root() a: PartnershipAggregate, @Ctx() ctx: SubgraphContext): Promise<PartnershipPerCapitaMeasures> {
    return perCapita(ctx, a, a.totals);
  }
}

@Resolver(() => PartnershipGroup)
export class PartnershipGroupPerCapitaResolver {
  @FieldResolver(() => PartnershipPerCapitaMeasures, { nullable: true, description: `The group's measures per resident (grouped by BRANCH: of that branch's population; otherwise of every branch counted). ${DESCRIPTION}` })
  perCapita(@Root() g: PartnershipGroup, @Ctx() ctx: SubgraphContext): Promise<PartnershipPerCapitaMeasures> {
    return perCapita(ctx, g, g.measures);
  }
}

export const PER_CAPITA_RESOLVERS = [PartnershipAggregatePerCapitaResolver, PartnershipGroupPerCapitaResolver] as const;
