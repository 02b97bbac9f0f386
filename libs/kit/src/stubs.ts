import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { ReferenceResolvers } from './schema';

/** A reference to an entity another subgraph owns, as the gateway sends it. */
type Reference = Record<string, unknown>;

/** The branchIds a reference carries (@requires / @external), as strings; none when absent. */
export const branchIdsOf = (ref: Reference): string[] => (Array.isArray(ref.branchIds) ? ref.branchIds.map(String) : []);

export interface StubClass<T> {
  new (): T;
  /** The GraphQL type it stands for. */
  readonly typeName: string;
  readonly resolveReference: (ref: Reference) => T;
}

export interface KeyStub {
  id: string;
}

export interface BranchSetStub {
  id: string;
  branchIds: string[];
}

/** A stub of another subgraph's entity keyed by id (e.g. `Program` outside the programs subgraph). */
export function keyStub(typeName: string): StubClass<KeyStub> {
  @Directive('@key(fields: "id")')
  @ObjectType(typeName)
  class Stub {
    static readonly typeName = typeName;
    static readonly resolveReference = (ref: Reference): KeyStub => ({ id: String(ref.id) });
    @Field(() => ID) id: string;
  }
  return Stub;
}

/** A stub of a directory entity that groups branches; its `branchIds` are the libraries subgraph's (@external), for @requires. */
function branchSetStub(typeName: string): StubClass<BranchSetStub> {
  @Directive('@key(fields: "id")')
  @ObjectType(typeName)
  class Stub {
    static readonly typeName = typeName;
    static readonly resolveReference = (ref: Reference): BranchSetStub => ({ id: String(ref.id), branchIds: branchIdsOf(ref) });
    @Field(() => ID) id: string;
    @Directive('@external')
    @Field(() => [ID]) branchIds: string[];
  }
  return Stub;
}

export interface DirectoryStubs {
  Branch: StubClass<KeyStub>;
  LibrarySystem: StubClass<BranchSetStub>;
  Consortium: StubClass<BranchSetStub>;
}

/**
 * Fresh stub classes of the directory's entities (owned by the libraries
 * subgraph) on every call. type-graphql attaches field resolvers to the
 * class, so each subgraph calls this once for its own: a class shared between
 * subgraphs would leak one subgraph's contributed fields into another's
 * schema.
 */
export function directoryStubs(): DirectoryStubs {
  // Each class is made when first taken, so a subgraph's schema lists its types in the order it names them.
  const made: Partial<DirectoryStubs> = {};
  return {
    get Branch() {
      return (made.Branch ??= keyStub('Branch'));
    },
    get LibrarySystem() {
      return (made.LibrarySystem ??= branchSetStub('LibrarySystem'));
    },
    get Consortium() {
      return (made.Consortium ??= branchSetStub('Consortium'));
    },
  };
}

/** `__resolveReference` of the stubs a subgraph uses (only those: the others are not in its schema). */
export function stubReferenceResolvers(...stubs: StubClass<unknown>[]): ReferenceResolvers {
  return Object.fromEntries(stubs.map((s) => [s.typeName, { __resolveReference: (ref: Reference) => s.resolveReference(ref) }]));
}
