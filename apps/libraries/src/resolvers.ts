import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '@ceg/kit';
import { DirectoryService, toBranch, toConsortium, toSystem } from './service';
import {
  Branch, BranchConnection, BranchFilter, BranchPayload, Consortium, ConsortiumPayload, CreateBranchInput, CreateConsortiumInput,
  CreateLibrarySystemInput, LibrarySystem, LibrarySystemPayload,
} from './types';

const svc = (ctx: SubgraphContext) => new DirectoryService(ctx);

@Resolver(() => Consortium)
export class ConsortiumResolver {
  @Query(() => [Consortium], { nullable: true })
  async consortia(@Ctx() ctx: SubgraphContext): Promise<Consortium[]> {
    return (await svc(ctx).consortia()).map(toConsortium);
  }

  @Query(() => Consortium, { nullable: true })
  async consortium(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('code', () => String, { nullable: true }) code?: string,
  ): Promise<Consortium | null> {
    const row = await svc(ctx).consortium(id, code);
    return row && toConsortium(row);
  }

  @FieldResolver(() => [LibrarySystem])
  async systems(@Root() c: Consortium, @Ctx() ctx: SubgraphContext): Promise<LibrarySystem[]> {
    return (await svc(ctx).systemsOfConsortium(c.id)).map(toSystem);
  }

  @FieldResolver(() => [Branch])
  async branches(@Root() c: Consortium, @Ctx() ctx: SubgraphContext): Promise<Branch[]> {
    return (await svc(ctx).branchesOfConsortium(c.id)).map(toBranch);
  }

  @FieldResolver(() => [ID], { description: 'IDs of every branch in the consortium; the domain subgraphs aggregate over them.' })
  async branchIds(@Root() c: Consortium, @Ctx() ctx: SubgraphContext): Promise<string[]> {
    return (await svc(ctx).branchesOfConsortium(c.id)).map((b) => b.id);
  }

  @Mutation(() => ConsortiumPayload)
  async createConsortium(@Arg('input', () => CreateConsortiumInput) input: CreateConsortiumInput, @Ctx() ctx: SubgraphContext): Promise<ConsortiumPayload> {
    const { row, userErrors } = await svc(ctx).createConsortium(input);
    return { consortium: row && toConsortium(row), userErrors };
  }
}

@Resolver(() => LibrarySystem)
export class LibrarySystemResolver {
  @Query(() => LibrarySystem, { nullable: true })
  async librarySystem(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<LibrarySystem | null> {
    const row = await svc(ctx).systemById(id);
    return row && toSystem(row);
  }

  @FieldResolver(() => Consortium)
  async consortium(@Root() s: LibrarySystem, @Ctx() ctx: SubgraphContext): Promise<Consortium> {
    return toConsortium((await svc(ctx).consortiumById(s.consortiumId))!);
  }

  @FieldResolver(() => [Branch])
  async branches(@Root() s: LibrarySystem, @Ctx() ctx: SubgraphContext): Promise<Branch[]> {
    return (await svc(ctx).branchesOfSystem(s.id)).map(toBranch);
  }

  @FieldResolver(() => [ID])
  async branchIds(@Root() s: LibrarySystem, @Ctx() ctx: SubgraphContext): Promise<string[]> {
    return (await svc(ctx).branchesOfSystem(s.id)).map((b) => b.id);
  }

  @Mutation(() => LibrarySystemPayload)
  async createLibrarySystem(@Arg('input', () => CreateLibrarySystemInput) input: CreateLibrarySystemInput, @Ctx() ctx: SubgraphContext): Promise<LibrarySystemPayload> {
    const { row, userErrors } = await svc(ctx).createLibrarySystem(input);
    return { librarySystem: row && toSystem(row), userErrors };
  }
}

@Resolver(() => Branch)
export class BranchResolver {
  @Query(() => Branch, { nullable: true })
  async branch(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('code', () => String, { nullable: true }) code?: string,
  ): Promise<Branch | null> {
    const row = await svc(ctx).branch(id, code);
    return row && toBranch(row);
  }

  @Query(() => BranchConnection, { nullable: true })
  async branches(
    @Ctx() ctx: SubgraphContext,
    @Arg('filter', () => BranchFilter, { nullable: true }) filter?: BranchFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return svc(ctx).branches(filter, first, after);
  }

  @FieldResolver(() => LibrarySystem)
  async system(@Root() b: Branch, @Ctx() ctx: SubgraphContext): Promise<LibrarySystem> {
    return toSystem((await svc(ctx).systemById(b.systemId))!);
  }

  @FieldResolver(() => Consortium)
  async consortium(@Root() b: Branch, @Ctx() ctx: SubgraphContext): Promise<Consortium> {
    return toConsortium((await svc(ctx).consortiumById(b.consortiumId))!);
  }

  @Mutation(() => BranchPayload)
  async createBranch(@Arg('input', () => CreateBranchInput) input: CreateBranchInput, @Ctx() ctx: SubgraphContext): Promise<BranchPayload> {
    const { row, userErrors } = await svc(ctx).createBranch(input);
    return { branch: row && toBranch(row), userErrors };
  }
}

export const RESOLVERS = [ConsortiumResolver, LibrarySystemResolver, BranchResolver] as const;

/** Entity references from the other subgraphs, batched per request. */
export const REFERENCE_RESOLVERS = {
  Consortium: {
    __resolveReference: async (ref: Record<string, unknown>, ctx: SubgraphContext) => {
      const row = await svc(ctx).consortiumById(String(ref.id));
      return row && toConsortium(row);
    },
  },
  LibrarySystem: {
    __resolveReference: async (ref: Record<string, unknown>, ctx: SubgraphContext) => {
      const row = await svc(ctx).systemById(String(ref.id));
      return row && toSystem(row);
    },
  },
  Branch: {
    __resolveReference: async (ref: Record<string, unknown>, ctx: SubgraphContext) => {
      const row = await svc(ctx).branchById(String(ref.id));
      return row && toBranch(row);
    },
  },
};
