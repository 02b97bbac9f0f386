import { Directive, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionTypes, DateScalar, UserError } from '@ceg/conventions';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A regional library consortium: library systems that share services and report together. Public directory data, readable by everyone; only ADMIN may create one.' })
export class Consortium {
  @Field(() => ID, { description: 'Stable id (UUID) of the consortium.' }) id: string;
  @Field({ description: 'Unique short code, e.g. CVLC: letters, digits, "-" and "_", at most 32 characters.' }) code: string;
  @Field({ description: "The consortium's full name." }) name: string;
  @Field(() => String, { description: 'The region it serves, e.g. "Mid-Willamette Valley, Oregon"; null when not recorded.', nullable: true }) region: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A library system (a public library as a legal entity, e.g. a city or county library) with its branches, member of one consortium. Public directory data; only ADMIN may create one.' })
export class LibrarySystem {
  @Field(() => ID, { description: 'Stable id (UUID) of the library system.' }) id: string;
  @Field({ description: 'Unique short code, e.g. RVL: letters, digits, "-" and "_", at most 32 characters.' }) code: string;
  @Field({ description: "The library system's name." }) name: string;
  consortiumId: string;
}

@ObjectType({ description: 'A postal address.' })
export class Address {
  @Field({ description: 'Street and number.' }) line1: string;
  @Field(() => String, { description: 'Suite, floor or building; null when none.', nullable: true }) line2: string | null;
  @Field({ description: 'City or town.' }) city: string;
  @Field(() => String, { description: 'State or province, e.g. OR; null when not recorded.', nullable: true }) region: string | null;
  @Field(() => String, { description: 'ZIP or postal code; null when not recorded.', nullable: true }) postalCode: string | null;
  @Field({ description: 'ISO-3166 alpha-2 country code, e.g. US.' }) country: string;
}

@ObjectType({ description: 'A point on the earth (WGS 84).' })
export class GeoPoint {
  @Field(() => Float, { description: 'Degrees north (negative: south), −90 to 90.' }) latitude: number;
  @Field(() => Float, { description: 'Degrees east (negative: west), −180 to 180.' }) longitude: number;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A library branch: one building (or bookmobile) that serves the public. The directory part is public; other subgraphs add its feedback, programs, partnerships, community profile and audits, each with its own visibility.' })
export class Branch {
  @Field(() => ID, { description: 'Stable id (UUID) of the branch: use it in filters (`branchIds`) and inputs (`branchId`).' }) id: string;
  @Field({ description: 'Unique, stable, human-readable, e.g. RVL-CEN.' }) code: string;
  @Field({ description: "The branch's public name." }) name: string;
  @Field(() => Address, { description: 'Postal address; null for a branch without a fixed address (e.g. a bookmobile).', nullable: true }) address: Address | null;
  @Field(() => GeoPoint, { description: 'Where the branch is, for maps and the `near` filter; null when not recorded.', nullable: true }) location: GeoPoint | null;
  @Field(() => Int, { nullable: true, description: 'Legal service area population.' }) servicePopulation: number | null;
  @Field(() => DateScalar, { description: 'The day the branch opened; null when not recorded.', nullable: true }) openedOn: string | null;
  systemId: string;
  consortiumId: string;
}

export const { Connection: BranchConnection, Edge: BranchEdge } = connectionTypes(Branch, 'Branch');

@InputType({ description: 'A circle on the earth: branches whose location lies within `radiusKm` of the point (great-circle distance).' })
export class NearInput {
  @Field(() => Float, { description: "Degrees north of the circle's centre, −90 to 90." }) latitude: number;
  @Field(() => Float, { description: "Degrees east of the circle's centre, −180 to 180." }) longitude: number;
  @Field(() => Float, { description: 'Radius in kilometres, more than 0 and at most 20,000.' }) radiusKm: number;
}

@InputType({ description: 'Narrows a list of branches; every field given must match (AND). Id lists take at most 100 ids.' })
export class BranchFilter {
  @Field(() => [ID], { description: 'Only branches of these consortia.', nullable: true }) consortiumIds?: string[] | null;
  @Field(() => [ID], { description: 'Only branches of these library systems.', nullable: true }) systemIds?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Case-insensitive match on name, code or city.' }) search?: string | null;
  @Field(() => NearInput, { description: 'Only branches within a circle; branches without a location are left out.', nullable: true }) near?: NearInput | null;
}

@InputType({ description: 'A new consortium.' })
export class CreateConsortiumInput {
  @Field({ description: 'Unique short code: letters, digits, "-" and "_", at most 32 characters.' }) code: string;
  @Field({ description: 'Name, 1–200 characters.' }) name: string;
  @Field(() => String, { description: 'The region it serves, at most 200 characters; optional.', nullable: true }) region?: string | null;
}

@InputType({ description: 'A new library system in an existing consortium.' })
export class CreateLibrarySystemInput {
  @Field(() => ID, { description: 'The consortium it joins (NOT_FOUND when there is none with this id).' }) consortiumId: string;
  @Field({ description: 'Unique short code: letters, digits, "-" and "_", at most 32 characters.' }) code: string;
  @Field({ description: 'Name, 1–200 characters.' }) name: string;
}

@InputType({ description: 'A postal address.' })
export class AddressInput {
  @Field({ description: 'Street and number, 1–200 characters.' }) line1: string;
  @Field(() => String, { description: 'Suite, floor or building; optional.', nullable: true }) line2?: string | null;
  @Field({ description: 'City or town, 1–200 characters.' }) city: string;
  @Field(() => String, { description: 'State or province, e.g. OR; optional.', nullable: true }) region?: string | null;
  @Field(() => String, { description: 'ZIP or postal code; optional.', nullable: true }) postalCode?: string | null;
  @Field({ description: 'ISO-3166 alpha-2 country code, e.g. US.' }) country: string;
}

@InputType({ description: 'A point on the earth (WGS 84).' })
export class GeoPointInput {
  @Field(() => Float, { description: 'Degrees north, −90 to 90.' }) latitude: number;
  @Field(() => Float, { description: 'Degrees east, −180 to 180.' }) longitude: number;
}

@InputType({ description: 'A new branch in an existing library system.' })
export class CreateBranchInput {
  @Field(() => ID, { description: 'The library system it belongs to (NOT_FOUND when there is none with this id).' }) systemId: string;
  @Field({ description: 'Unique code, e.g. RVL-SOU: letters, digits, "-" and "_", at most 32 characters; stored in upper case.' }) code: string;
  @Field({ description: 'Public name, 1–200 characters.' }) name: string;
  @Field(() => AddressInput, { description: 'Postal address; optional (a bookmobile has none).', nullable: true }) address?: AddressInput | null;
  @Field(() => GeoPointInput, { description: 'Where it is; optional, but without it the branch never matches a `near` filter.', nullable: true }) location?: GeoPointInput | null;
  @Field(() => Int, { description: 'Legal service area population (residents), ≥ 0; optional.', nullable: true }) servicePopulation?: number | null;
  @Field(() => DateScalar, { description: 'The day it opened; optional.', nullable: true }) openedOn?: string | null;
}

@ObjectType({ description: 'What createConsortium answers.' })
export class ConsortiumPayload {
  @Field(() => Consortium, { description: 'The new consortium; null when `userErrors` is not empty (then nothing was written).', nullable: true }) consortium: Consortium | null;
  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' }) userErrors: UserError[];
}

@ObjectType({ description: 'What createLibrarySystem answers.' })
export class LibrarySystemPayload {
  @Field(() => LibrarySystem, { description: 'The new library system; null when `userErrors` is not empty (then nothing was written).', nullable: true }) librarySystem: LibrarySystem | null;
  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' }) userErrors: UserError[];
}

@ObjectType({ description: 'What createBranch answers.' })
export class BranchPayload {
  @Field(() => Branch, { description: 'The new branch; null when `userErrors` is not empty (then nothing was written).', nullable: true }) branch: Branch | null;
  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' }) userErrors: UserError[];
}

/**
 * Peer groups of branches by the population of their legal service area,
 * in the bands a consortium compares like with like (coarser than the IMLS
 * Public Libraries Survey's, so that a regional consortium's groups are not
 * of one branch each).
 */
export enum PopulationBand {
  UNDER_10K = 'UNDER_10K',
  FROM_10K_TO_50K = 'FROM_10K_TO_50K',
  FROM_50K_TO_250K = 'FROM_50K_TO_250K',
  FROM_250K = 'FROM_250K',
}

registerEnumType(PopulationBand, {
  name: 'PopulationBand',
  description: "A band of service-area population: branches in the same band are each other's peers.",
  valuesConfig: {
    UNDER_10K: { description: 'Fewer than 10,000 residents.' },
    FROM_10K_TO_50K: { description: '10,000 to 49,999 residents.' },
    FROM_50K_TO_250K: { description: '50,000 to 249,999 residents.' },
    FROM_250K: { description: '250,000 residents or more.' },
  },
});

/** The band a population falls in; null when it is not recorded. */
export function populationBand(population: number | null | undefined): PopulationBand | null {
  if (population === null || population === undefined) return null;
  if (population < 10_000) return PopulationBand.UNDER_10K;
  if (population < 50_000) return PopulationBand.FROM_10K_TO_50K;
  if (population < 250_000) return PopulationBand.FROM_50K_TO_250K;
  return PopulationBand.FROM_250K;
}

/** Each band's population range [lowest, limit) for the SQL that finds its branches (null: no limit). */
export const BAND_BOUNDS: Record<PopulationBand, [number, number | null]> = {
  UNDER_10K: [0, 10_000],
  FROM_10K_TO_50K: [10_000, 50_000],
  FROM_50K_TO_250K: [50_000, 250_000],
  FROM_250K: [250_000, null],
};

// ------------------------------------------------------------------ named peer groups

/** Limits of named peer groups (validated on every write; the schema's list sizes in the gateway follow them). */
export const PEER_GROUP_LIMITS = { groupsPerConsortium: 20, minBranches: 2, maxBranches: 30, nameMax: 200, descriptionMax: 2000 } as const;

@Directive('@key(fields: "id")')
@ObjectType({ description: "A consortium's named peer group: branches it compares with each other (e.g. \"Rural branches\"), besides the population bands (`Branch.peers`). Part of the public directory: everyone may read it; only ADMIN may create, change or delete one." })
export class PeerGroup {
  @Field(() => ID, { description: 'Stable id (UUID) of the group.' }) id: string;
  @Field({ description: 'Its name, unique within the consortium whatever its case, 1–200 characters.' }) name: string;
  @Field(() => String, { description: 'What the group is for; null when not given.', nullable: true }) description: string | null;
  @Field(() => Date, { description: 'When it was created.' }) createdAt: Date;
  @Field(() => Date, { description: 'When it was last changed.' }) updatedAt: Date;
  consortiumId: string;
}

@InputType({ description: 'A new named peer group.' })
export class CreatePeerGroupInput {
  @Field(() => ID, { description: 'The consortium that names the group (NOT_FOUND when there is none).' }) consortiumId: string;
  @Field({ description: 'Its name, 1–200 characters, unique within the consortium whatever its case (CONFLICT otherwise).' }) name: string;
  @Field(() => String, { description: 'What the group is for, at most 2,000 characters.', nullable: true }) description?: string | null;
  @Field(() => [ID], { description: 'Its branches: 2–30 distinct branches of the consortium (each NOT_FOUND when there is no such branch in the consortium).' }) branchIds: string[];
}

@InputType({ description: 'Changes to a named peer group; absent fields are left as they are.' })
export class UpdatePeerGroupInput {
  @Field(() => ID, { description: 'The group (NOT_FOUND when there is none).' }) id: string;
  @Field(() => String, { description: 'A new name, 1–200 characters, unique within the consortium.', nullable: true }) name?: string | null;
  @Field(() => String, { description: 'A new description, at most 2,000 characters; an empty string removes it.', nullable: true }) description?: string | null;
  @Field(() => [ID], { description: 'The new set of branches (replaces the old): 2–30 distinct branches of the consortium.', nullable: true }) branchIds?: string[] | null;
}

@InputType({ description: 'The named peer group to delete.' })
export class DeletePeerGroupInput {
  @Field(() => ID, { description: 'The group (NOT_FOUND when there is none).' }) id: string;
}

@ObjectType({ description: 'The result of creating or changing a named peer group.' })
export class PeerGroupPayload {
  @Field(() => PeerGroup, { description: 'The group as written; null when `userErrors` is not empty (then nothing was written).', nullable: true }) peerGroup: PeerGroup | null;
  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' }) userErrors: UserError[];
}

@ObjectType({ description: 'The result of deleting a named peer group.' })
export class DeletePeerGroupPayload {
  @Field(() => ID, { description: 'The id of the deleted group; null when `userErrors` is not empty (then nothing was deleted).', nullable: true }) deletedPeerGroupId: string | null;
  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' }) userErrors: UserError[];
}
