import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '@ceg/kit';
import { DirectoryService, toBranch, toConsortium, toPeerGroup, toSystem } from './service';
import {
  Branch, BranchConnection, BranchFilter, BranchPayload, Consortium, ConsortiumPayload, CreateBranchInput, CreateConsortiumInput,
  CreateLibrarySystemInput, CreatePeerGroupInput, DeletePeerGroupInput, DeletePeerGroupPayload, LibrarySystem, LibrarySystemPayload, PeerGroup,
  PeerGroupPayload, PopulationBand, populationBand, UpdatePeerGroupInput,
} from './types';

const svc = (ctx: SubgraphContext) => new DirectoryService(ctx);

@Resolver(() => Consortium)
export class ConsortiumResolver {
  @Query(() => [Consortium], { description: 'Every consortium, by name (one deployment usually serves one). Anyone may read the directory.', nullable: true })
  async consortia(@Ctx() ctx: SubgraphContext): Promise<Consortium[]> {
    return (await svc(ctx).consortia()).map(toConsortium);
  }

  @Query(() => Consortium, { description: 'One consortium by `id` or by `code` (exactly one of them); null when there is none.', nullable: true })
  async consortium(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: "The consortium's id. Give either `id` or `code`.", nullable: true }) id?: string,
    @Arg('code', () => String, { description: "The consortium's code, e.g. CVLC (case-insensitive). Give either `id` or `code`.", nullable: true }) code?: string,
  ): Promise<Consortium | null> {
    const row = await svc(ctx).consortium(id, code);
    return row && toConsortium(row);
  }

  @FieldResolver(() => [LibrarySystem], { description: "Its library systems, by name. In an operation's cost this list counts as 4 items (a typical consortium)." })
  async systems(@Root() c: Consortium, @Ctx() ctx: SubgraphContext): Promise<LibrarySystem[]> {
    return (await svc(ctx).systemsOfConsortium(c.id)).map(toSystem);
  }

  @FieldResolver(() => [Branch], { description: "Every branch of its systems, by name. In an operation's cost this list counts as 15 items (a typical consortium)." })
  async branches(@Root() c: Consortium, @Ctx() ctx: SubgraphContext): Promise<Branch[]> {
    return (await svc(ctx).branchesOfConsortium(c.id)).map(toBranch);
  }

  @FieldResolver(() => [PeerGroup], { description: "The consortium's named peer groups, by name (at most 20). Everyone may read them. In an operation's cost this list counts as 20 items." })
  async peerGroups(@Root() c: Consortium, @Ctx() ctx: SubgraphContext): Promise<PeerGroup[]> {
    return (await svc(ctx).peerGroupsOfConsortium(c.id)).map(toPeerGroup);
  }

  @FieldResolver(() => [ID], { description: 'IDs of every branch in the consortium; the domain subgraphs aggregate over them.' })
  async branchIds(@Root() c: Consortium, @Ctx() ctx: SubgraphContext): Promise<string[]> {
    return (await svc(ctx).branchesOfConsortium(c.id)).map((b) => b.id);
  }

  @Mutation(() => ConsortiumPayload, { description: 'Creates a consortium (ADMIN only; others get FORBIDDEN). A code already in use is a CONFLICT user error.' })
  async createConsortium(@Arg('input', () => CreateConsortiumInput, { description: 'What to write; every field is validated before anything is written.' }) input: CreateConsortiumInput, @Ctx() ctx: SubgraphContext): Promise<ConsortiumPayload> {
    const { row, userErrors } = await svc(ctx).createConsortium(input);
    return { consortium: row && toConsortium(row), userErrors };
  }
}

@Resolver(() => LibrarySystem)
export class LibrarySystemResolver {
  @Query(() => LibrarySystem, { description: 'One library system by `id` or by `code` (exactly one of them; neither or both is BAD_USER_INPUT); null when there is none.', nullable: true })
  async librarySystem(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: "The library system's id. Give either `id` or `code`.", nullable: true }) id?: string,
    @Arg('code', () => String, { description: "The library system's code, e.g. RVL (case-insensitive). Give either `id` or `code`.", nullable: true }) code?: string,
  ): Promise<LibrarySystem | null> {
    const row = await svc(ctx).librarySystem(id, code);
    return row && toSystem(row);
  }

  @FieldResolver(() => Consortium, { description: 'The consortium the system belongs to.' })
  async consortium(@Root() s: LibrarySystem, @Ctx() ctx: SubgraphContext): Promise<Consortium> {
    return toConsortium((await svc(ctx).consortiumById(s.consortiumId))!);
  }

  @FieldResolver(() => [Branch], { description: "Its branches, by name. In an operation's cost this list counts as 5 items (a typical library system)." })
  async branches(@Root() s: LibrarySystem, @Ctx() ctx: SubgraphContext): Promise<Branch[]> {
    return (await svc(ctx).branchesOfSystem(s.id)).map(toBranch);
  }

  @FieldResolver(() => [ID], { description: 'IDs of every branch of the system; the domain subgraphs aggregate over them.' })
  async branchIds(@Root() s: LibrarySystem, @Ctx() ctx: SubgraphContext): Promise<string[]> {
    return (await svc(ctx).branchesOfSystem(s.id)).map((b) => b.id);
  }

  @Mutation(() => LibrarySystemPayload, { description: 'Creates a library system in a consortium (ADMIN only; others get FORBIDDEN). A code already in use is a CONFLICT user error.' })
  async createLibrarySystem(@Arg('input', () => CreateLibrarySystemInput, { description: 'What to write; every field is validated before anything is written.' }) input: CreateLibrarySystemInput, @Ctx() ctx: SubgraphContext): Promise<LibrarySystemPayload> {
    const { row, userErrors } = await svc(ctx).createLibrarySystem(input);
    return { librarySystem: row && toSystem(row), userErrors };
  }
}

@Resolver(() => Branch)
export class BranchResolver {
  @Query(() => Branch, { description: 'One branch by `id` or by `code` (exactly one of them); null when there is none.', nullable: true })
  async branch(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: "The branch's id. Give either `id` or `code`.", nullable: true }) id?: string,
    @Arg('code', () => String, { description: "The branch's code, e.g. RVL-CEN (case-insensitive). Give either `id` or `code`.", nullable: true }) code?: string,
  ): Promise<Branch | null> {
    const row = await svc(ctx).branch(id, code);
    return row && toBranch(row);
  }

  @Query(() => BranchConnection, { description: 'Branches, by code, narrowed by `filter`. Anyone may read the directory.', nullable: true })
  async branches(
    @Ctx() ctx: SubgraphContext,
    @Arg('filter', () => BranchFilter, { description: 'Which branches; all when absent.', nullable: true }) filter?: BranchFilter,
    @Arg('first', () => Int, { description: "Page size: 1–100 items (default 20). Larger or smaller is a BAD_USER_INPUT error. Each item counts towards the operation's cost.", nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { description: "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Absent: the first page.", nullable: true }) after?: string,
  ) {
    return svc(ctx).branches(filter, first, after);
  }

  @FieldResolver(() => LibrarySystem, { description: 'The library system the branch belongs to.' })
  async system(@Root() b: Branch, @Ctx() ctx: SubgraphContext): Promise<LibrarySystem> {
    return toSystem((await svc(ctx).systemById(b.systemId))!);
  }

  @FieldResolver(() => Consortium, { description: 'The consortium the branch belongs to, through its system.' })
  async consortium(@Root() b: Branch, @Ctx() ctx: SubgraphContext): Promise<Consortium> {
    return toConsortium((await svc(ctx).consortiumById(b.consortiumId))!);
  }

  @FieldResolver(() => PopulationBand, { description: "The band of the branch's service-area population: its peer group. Null when the population is not recorded. Everyone may read it.", nullable: true })
  populationBand(@Root() b: Branch): PopulationBand | null {
    return populationBand(b.servicePopulation);
  }

  @FieldResolver(() => [PeerGroup], { description: "The named peer groups of its consortium that the branch belongs to, by name. Everyone may read them. In an operation's cost this list counts as 20 items." })
  async peerGroups(@Root() b: Branch, @Ctx() ctx: SubgraphContext): Promise<PeerGroup[]> {
    return (await svc(ctx).peerGroupsOfBranch(b.id)).map(toPeerGroup);
  }

  @FieldResolver(() => [Branch], { description: "The branch's peer group: every branch of the directory in the same population band, itself included, by code. Null when the population is not recorded. Everyone may read it. In an operation's cost this list counts as 12 items.", nullable: true })
  async peers(@Root() b: Branch, @Ctx() ctx: SubgraphContext): Promise<Branch[] | null> {
    const band = populationBand(b.servicePopulation);
    return band === null ? null : (await svc(ctx).branchesInBand(band)).map(toBranch);
  }

  @Mutation(() => BranchPayload, { description: 'Opens a branch in a library system (ADMIN only; others get FORBIDDEN). A code already in use is a CONFLICT user error.' })
  async createBranch(@Arg('input', () => CreateBranchInput, { description: 'What to write; every field is validated before anything is written.' }) input: CreateBranchInput, @Ctx() ctx: SubgraphContext): Promise<BranchPayload> {
    const { row, userErrors } = await svc(ctx).createBranch(input);
    return { branch: row && toBranch(row), userErrors };
  }
}

@Resolver(() => PeerGroup)
export class PeerGroupResolver {
  @Query(() => PeerGroup, { description: 'One named peer group by id; null when there is none. Everyone may read the directory.', nullable: true })
  async peerGroup(@Arg('id', () => ID, { description: "The group's id." }) id: string, @Ctx() ctx: SubgraphContext): Promise<PeerGroup | null> {
    const row = await svc(ctx).peerGroupById(id.trim().toLowerCase());
    return row && toPeerGroup(row);
  }

  @FieldResolver(() => Consortium, { description: 'The consortium that named the group.' })
  async consortium(@Root() g: PeerGroup, @Ctx() ctx: SubgraphContext): Promise<Consortium> {
    return toConsortium((await svc(ctx).consortiumById(g.consortiumId))!);
  }

  @FieldResolver(() => [Branch], { description: "Its branches, by code (2–30). In an operation's cost this list counts as 30 items." })
  async branches(@Root() g: PeerGroup, @Ctx() ctx: SubgraphContext): Promise<Branch[]> {
    return (await svc(ctx).branchesOfPeerGroup(g.id)).map(toBranch);
  }

  @Mutation(() => PeerGroupPayload, { description: "Names a peer group of a consortium's branches (ADMIN only; others get FORBIDDEN). A name already used in the consortium is a CONFLICT user error; a consortium has at most 20 groups (LIMIT_REACHED)." })
  async createPeerGroup(@Arg('input', () => CreatePeerGroupInput, { description: 'What to write; every field is validated before anything is written.' }) input: CreatePeerGroupInput, @Ctx() ctx: SubgraphContext): Promise<PeerGroupPayload> {
    const { row, userErrors } = await svc(ctx).createPeerGroup(input);
    return { peerGroup: row && toPeerGroup(row), userErrors };
  }

  @Mutation(() => PeerGroupPayload, { description: "Renames a named peer group, changes its description or replaces its branches (ADMIN only; others get FORBIDDEN)." })
  async updatePeerGroup(@Arg('input', () => UpdatePeerGroupInput, { description: 'What to change; every field is validated before anything is written.' }) input: UpdatePeerGroupInput, @Ctx() ctx: SubgraphContext): Promise<PeerGroupPayload> {
    const { row, userErrors } = await svc(ctx).updatePeerGroup(input);
    return { peerGroup: row && toPeerGroup(row), userErrors };
  }

  @Mutation(() => DeletePeerGroupPayload, { description: 'Deletes a named peer group (ADMIN only; others get FORBIDDEN). Its branches are not touched.' })
  async deletePeerGroup(@Arg('input', () => DeletePeerGroupInput, { description: 'The group to delete.' }) input: DeletePeerGroupInput, @Ctx() ctx: SubgraphContext): Promise<DeletePeerGroupPayload> {
    const { deletedId, userErrors } = await svc(ctx).deletePeerGroup(input.id);
    return { deletedPeerGroupId: deletedId, userErrors };
  }
}

export const RESOLVERS = [ConsortiumResolver, LibrarySystemResolver, BranchResolver, PeerGroupResolver] as const;

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
  PeerGroup: {
    __resolveReference: async (ref: Record<string, unknown>, ctx: SubgraphContext) => {
      const row = await svc(ctx).peerGroupById(String(ref.id).trim().toLowerCase());
      return row && toPeerGroup(row);
    },
  },
};
