import 'reflect-metadata';
import { printSubgraphSchema } from '@apollo/subgraph';
import { type FieldDefinitionNode, Kind, parse, print } from 'graphql';
import { Args, Ctx, Field, FieldResolver, InputType, Int, ObjectType, Query, registerEnumType, Resolver, Root } from 'type-graphql';
import { TimeInterval } from '@ceg/conventions';
import { aggregateArgsType, type AggregateArgs, branchSetFieldResolvers } from './aggregate-resolvers';
import type { SubgraphContext } from './context';
import { buildFederatedSchema } from './schema';
import { branchIdsOf, directoryStubs, keyStub, stubReferenceResolvers } from './stubs';

/** Two subgraphs, each with its own stubs, one contributing a field to Branch. */
function subgraphA() {
  const { Branch } = directoryStubs();
  @Resolver(() => Branch)
  class BranchCountResolver {
    @FieldResolver(() => Int)
    contributedByA(@Root() b: { id: string }): number {
      return b.id.length;
    }
  }
  @Resolver()
  class RootA {
    @Query(() => Branch, { nullable: true })
    someBranch() {
      return { id: 'b1' };
    }
  }
  return { resolvers: [RootA, BranchCountResolver] as const, referenceResolvers: stubReferenceResolvers(Branch) };
}

function subgraphB() {
  const { Branch } = directoryStubs();
  @Resolver()
  class RootB {
    @Query(() => Branch, { nullable: true })
    otherBranch() {
      return { id: 'b2' };
    }
  }
  return { resolvers: [RootB] as const, referenceResolvers: stubReferenceResolvers(Branch) };
}

describe('directory stubs', () => {
  test('each call gives fresh classes: one subgraph\'s contributed fields do not leak into another\'s schema', async () => {
    const flat = (s: string) => s.replace(/\s+/g, ' ');
    const a = flat(printSubgraphSchema(await buildFederatedSchema(subgraphA())));
    const b = flat(printSubgraphSchema(await buildFederatedSchema(subgraphB())));
    expect(a).toContain('type Branch @key(fields: "id") { id: ID! contributedByA: Int! }');
    expect(b).toContain('type Branch @key(fields: "id") { id: ID! }');
    expect(b).not.toContain('contributedByA');
    expect(directoryStubs().Branch).not.toBe(directoryStubs().Branch);
    const one = directoryStubs();
    expect(one.Branch).toBe(one.Branch);
  });

  test('reference resolvers: ids as strings, branchIds parsed one way', () => {
    const { Branch, Consortium, LibrarySystem } = directoryStubs();
    const refs = stubReferenceResolvers(Branch, Consortium, LibrarySystem, keyStub('Program'));
    expect(Object.keys(refs)).toEqual(['Branch', 'Consortium', 'LibrarySystem', 'Program']);
    const ctx = {} as SubgraphContext;
    expect(refs.Branch.__resolveReference({ id: 7 }, ctx)).toEqual({ id: '7' });
    expect(refs.Consortium.__resolveReference({ id: 'c', branchIds: ['a', 2] }, ctx)).toEqual({ id: 'c', branchIds: ['a', '2'] });
    expect(refs.LibrarySystem.__resolveReference({ id: 's' }, ctx)).toEqual({ id: 's', branchIds: [] });
    expect(branchIdsOf({ branchIds: 'x' })).toEqual([]);
  });
});

enum Dim {
  BRANCH = 'BRANCH',
  PERIOD = 'PERIOD',
}
registerEnumType(Dim, { name: 'StubSpecDimension' });

@InputType('StubSpecFilter')
class Filter {
  @Field(() => [String], { nullable: true }) branchIds?: string[] | null;
}

@ObjectType('StubSpecAggregate')
class Aggregate {
  @Field(() => Int) branches: number;
  @Field(() => String) asked: string;
}

describe('aggregate arguments and the system and consortium variants', () => {
  test('one @ArgsType and one resolver factory give identical fields on LibrarySystem and Consortium', async () => {
    const { Consortium, LibrarySystem } = directoryStubs();
    const AggArgs = aggregateArgsType<Filter, Dim>({ filter: Filter, dimension: Dim, defaultInterval: TimeInterval.MONTH, range: true });
    const seen: unknown[] = [];
    const variants = branchSetFieldResolvers({
      parents: [LibrarySystem, Consortium],
      field: 'stubAggregate',
      returns: () => Aggregate,
      args: AggArgs,
      resolve: async (_ctx, args: AggregateArgs<Filter, Dim>, branchIds) => {
        seen.push({ args: { ...args }, branchIds });
        return Object.assign(new Aggregate(), { branches: branchIds.length, asked: String(args.interval) });
      },
    });
    @Resolver()
    class RootAgg {
      @Query(() => Aggregate, { nullable: true })
      rootAggregate(@Args(() => AggArgs) args: AggregateArgs<Filter, Dim>, @Ctx() _ctx: SubgraphContext) {
        return Object.assign(new Aggregate(), { branches: 0, asked: String(args.interval) });
      }
    }
    const schema = await buildFederatedSchema({
      resolvers: [RootAgg, ...variants] as never,
      orphanedTypes: [LibrarySystem, Consortium],
      referenceResolvers: stubReferenceResolvers(LibrarySystem, Consortium),
    });
    const sdl = printSubgraphSchema(schema);
    const args = 'interval: TimeInterval = MONTH, groupBy: [StubSpecDimension!] = [], filter: StubSpecFilter, to: DateTime, from: DateTime';
    // the arguments' shape (names, types, defaults, order), descriptions aside
    const doc = parse(sdl);
    const fieldOf = (type: string, field: string) =>
      doc.definitions.flatMap((d) => (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION) && d.name.value === type ? d.fields ?? [] : []).find((f) => f.name.value === field);
    const signature = (f: FieldDefinitionNode | undefined) =>
      (f?.arguments ?? []).map((a) => `${a.name.value}: ${print(a.type)}${a.defaultValue ? ` = ${print(a.defaultValue)}` : ''}`).join(', ');
    expect(signature(fieldOf('Query', 'rootAggregate'))).toBe(args);
    for (const type of ['LibrarySystem', 'Consortium']) {
      const field = fieldOf(type, 'stubAggregate');
      expect(signature(field)).toBe(args);
      expect(print(field!.type)).toBe('StubSpecAggregate');
      expect(field!.directives?.map((d) => print(d))).toEqual(['@requires(fields: "branchIds")']);
    }
  });
});
