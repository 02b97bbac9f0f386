/**
 * Per-capita program measures: a layer over the aggregate. The aggregate's
 * resolvers mark each answer with the branches it covers
 * (`scopeForPerCapita`); `perCapita` is resolved only when asked for, from
 * the group's counts and the summed service population of its branches
 * (libraries, through the directory client). See libs/kit/src/per-capita.ts.
 * Program counts and attendance are exact (not personal data), so these are
 * too, up to the rounding to 6 decimals.
 */
import { Ctx, Field, Float, Int, ObjectType, FieldResolver, Resolver, Root } from 'type-graphql';
import { perResident, populationOf, populationScopeOf, type SubgraphContext } from '@ceg/kit';
import { ProgramAggregate, ProgramGroup, type ProgramMeasures } from './types';

@ObjectType({ description: "Programs per resident of the service population of the branches counted (a branch's own; a library system's or consortium's: the sum over their branches — for STAFF their own branches only). Every value is null when the population is not known: a branch counted has no recorded population, or the aggregate is a root one over every branch without grouping by BRANCH." })
export class ProgramPerCapitaMeasures {
  @Field(() => Int, { nullable: true, description: "Residents of the service areas counted: the sum of the branches' service populations; null when any of them is not recorded." }) servicePopulation: number | null;
  @Field(() => Float, { nullable: true, description: 'Attendance per resident: attendance / servicePopulation, rounded to 6 decimals.' }) attendancePerCapita: number | null;
  @Field(() => Float, { nullable: true, description: 'Registrations per resident: registrationCount / servicePopulation.' }) registrationsPerCapita: number | null;
  @Field(() => Float, { nullable: true, description: 'Sessions per 1,000 residents: sessionCount × 1,000 / servicePopulation.' }) sessionsPerThousand: number | null;
}

async function perCapita(ctx: SubgraphContext, target: object, m: ProgramMeasures): Promise<ProgramPerCapitaMeasures> {
  const population = await populationOf(ctx, populationScopeOf(target).branchIds);
  return Object.assign(new ProgramPerCapitaMeasures(), {
    servicePopulation: population,
    attendancePerCapita: perResident(m.attendance, population),
    registrationsPerCapita: perResident(m.registrationCount, population),
    sessionsPerThousand: perResident(m.sessionCount, population, 1000),
  });
}

const DESCRIPTION = 'Visible with the aggregate (STAFF of the branches, ANALYST, ADMIN). Null with SERVICE_UNAVAILABLE when the libraries subgraph cannot be asked for populations.';

@Resolver(() => ProgramAggregate)
export class ProgramAggregatePerCapitaResolver {
  @FieldResolver(() => ProgramPerCapitaMeasures, { nullable: true, description: `The totals per resident of the service population. ${DESCRIPTION}` })
  perCapita(@Root() a: ProgramAggregate, @Ctx() ctx: SubgraphContext): Promise<ProgramPerCapitaMeasures> {
    return perCapita(ctx, a, a.totals);
  }
}

@Resolver(() => ProgramGroup)
export class ProgramGroupPerCapitaResolver {
  @FieldResolver(() => ProgramPerCapitaMeasures, { nullable: true, description: `The group's measures per resident (grouped by BRANCH: of that branch's population; otherwise of every branch counted). ${DESCRIPTION}` })
  perCapita(@Root() g: ProgramGroup, @Ctx() ctx: SubgraphContext): Promise<ProgramPerCapitaMeasures> {
    return perCapita(ctx, g, g.measures);
  }
}

export const PER_CAPITA_RESOLVERS = [ProgramAggregatePerCapitaResolver, ProgramGroupPerCapitaResolver] as const;
