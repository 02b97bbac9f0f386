import { Directive, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { connectionTypes, DateScalar, UserError } from '@ceg/conventions';

@Directive('@key(fields: "id")')
@ObjectType()
export class Consortium {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) region: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType()
export class LibrarySystem {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field() name: string;
  consortiumId: string;
}

@ObjectType()
export class Address {
  @Field() line1: string;
  @Field(() => String, { nullable: true }) line2: string | null;
  @Field() city: string;
  @Field(() => String, { nullable: true }) region: string | null;
  @Field(() => String, { nullable: true }) postalCode: string | null;
  @Field() country: string;
}

@ObjectType()
export class GeoPoint {
  @Field(() => Float) latitude: number;
  @Field(() => Float) longitude: number;
}

@Directive('@key(fields: "id")')
@ObjectType()
export class Branch {
  @Field(() => ID) id: string;
  @Field({ description: 'Unique, stable, human-readable, e.g. RVL-CEN.' }) code: string;
  @Field() name: string;
  @Field(() => Address, { nullable: true }) address: Address | null;
  @Field(() => GeoPoint, { nullable: true }) location: GeoPoint | null;
  @Field(() => Int, { nullable: true, description: 'Legal service area population.' }) servicePopulation: number | null;
  @Field(() => DateScalar, { nullable: true }) openedOn: string | null;
  systemId: string;
  consortiumId: string;
}

export const { Connection: BranchConnection, Edge: BranchEdge } = connectionTypes(Branch, 'Branch');

@InputType()
export class NearInput {
  @Field(() => Float) latitude: number;
  @Field(() => Float) longitude: number;
  @Field(() => Float) radiusKm: number;
}

@InputType()
export class BranchFilter {
  @Field(() => [ID], { nullable: true }) consortiumIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) systemIds?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Case-insensitive match on name, code or city.' }) search?: string | null;
  @Field(() => NearInput, { nullable: true }) near?: NearInput | null;
}

@InputType()
export class CreateConsortiumInput {
  @Field() code: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) region?: string | null;
}

@InputType()
export class CreateLibrarySystemInput {
  @Field(() => ID) consortiumId: string;
  @Field() code: string;
  @Field() name: string;
}

@InputType()
export class AddressInput {
  @Field() line1: string;
  @Field(() => String, { nullable: true }) line2?: string | null;
  @Field() city: string;
  @Field(() => String, { nullable: true }) region?: string | null;
  @Field(() => String, { nullable: true }) postalCode?: string | null;
  @Field() country: string;
}

@InputType()
export class GeoPointInput {
  @Field(() => Float) latitude: number;
  @Field(() => Float) longitude: number;
}

@InputType()
export class CreateBranchInput {
  @Field(() => ID) systemId: string;
  @Field() code: string;
  @Field() name: string;
  @Field(() => AddressInput, { nullable: true }) address?: AddressInput | null;
  @Field(() => GeoPointInput, { nullable: true }) location?: GeoPointInput | null;
  @Field(() => Int, { nullable: true }) servicePopulation?: number | null;
  @Field(() => DateScalar, { nullable: true }) openedOn?: string | null;
}

@ObjectType()
export class ConsortiumPayload {
  @Field(() => Consortium, { nullable: true }) consortium: Consortium | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

@ObjectType()
export class LibrarySystemPayload {
  @Field(() => LibrarySystem, { nullable: true }) librarySystem: LibrarySystem | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

@ObjectType()
export class BranchPayload {
  @Field(() => Branch, { nullable: true }) branch: Branch | null;
  @Field(() => [UserError]) userErrors: UserError[];
}
