/**
 * Participation per resident: a layer over the participation profile. The
 * respondent count is privacy-noised (cell-key perturbation,
 * libs/conventions/src/privacy.ts), so the per-capita value is computed from
 * the published (noised) count, never from the true one, and is null when
 * the count is withheld: a withheld cell cannot be recovered from it.
 * The population is the summed service population of the branches counted
 * (libs/kit/src/per-capita.ts).
 */
import { Ctx, Field, Float, Int, ObjectType, FieldResolver, Resolver, Root } from 'type-graphql';
import { perResident, populationOf, populationScopeOf, type SubgraphContext } from '@ceg/kit';
import { ParticipationProfile } from './types';

@ObjectType({ description: "Participants per resident of the service population of the branches counted (a branch's own; a library system's or consortium's: the sum over their branches — for STAFF their own branches only)." })
export class ParticipationPerCapitaMeasures {
  @Field(() => Int, { nullable: true, description: "Residents of the service areas counted: the sum of the branches' service populations; null when any of them is not recorded." }) servicePopulation: number | null;
  @Field(() => Float, { nullable: true, description: 'Answer sheets per 1,000 residents: the published (perturbed) respondentCount × 1,000 / servicePopulation, rounded to 6 decimals. Null when the population is not known or the respondent count is withheld (small cells).' }) respondentsPerThousand: number | null;
}

@Resolver(() => ParticipationProfile)
export class ParticipationPerCapitaResolver {
  @FieldResolver(() => ParticipationPerCapitaMeasures, { nullable: true, description: 'The profile per resident of the service population (visible with the profile: STAFF of the branches, ANALYST, ADMIN). Null with SERVICE_UNAVAILABLE when the libraries subgraph cannot be asked for populations.' })
  async perCapita(@Root() p: ParticipationProfile, @Ctx() ctx: SubgraphContext): Promise<ParticipationPerCapitaMeasures> {
    const population = await populationOf(ctx, populationScopeOf(p).branchIds);
    return Object.assign(new ParticipationPerCapitaMeasures(), {
      servicePopulation: population,
      respondentsPerThousand: p.respondentCountWithheld ? null : perResident(p.respondentCount, population, 1000),
    });
  }
}
