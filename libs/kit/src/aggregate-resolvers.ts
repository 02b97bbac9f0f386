import { Args, ArgsType, Ctx, Directive, Field, FieldResolver, type ClassType, Resolver, Root } from 'type-graphql';
import { TimeInterval } from '@ceg/conventions';
import type { SubgraphContext } from './context';
import type { BranchSetStub, StubClass } from './stubs';

/** The arguments every aggregate takes: an optional range (from, to), the filter, the dimensions and the period bucket. */
export interface AggregateArgs<F, D> {
  from?: Date | null;
  to?: Date | null;
  filter?: F | null;
  groupBy?: D[] | null;
  interval?: TimeInterval | null;
}

/** The generic documentation of the aggregate arguments. */
export const AGGREGATE_ARG_DESCRIPTIONS: Readonly<Record<'interval' | 'groupBy' | 'filter' | 'from' | 'to', string>> = {
  interval: 'Width of the PERIOD buckets; only used when grouping by PERIOD.',
  groupBy: 'Dimensions to group by, at most 3 (default none: totals only). Each group adds to the cost: the product of the grouped dimensions\' sizes.',
  filter: 'Narrows what is aggregated; absent: everything the caller may report on.',
  from: 'Start of the range (inclusive); absent: one year before `to`. The range may span at most 10 years (1 year with the DAY interval).',
  to: 'End of the range (exclusive); absent: now.',
};

/**
 * An @ArgsType class with an aggregate's arguments: `interval`, `groupBy`
 * (default none), `filter`, and `to` and `from` when `range` — the order in
 * which the published schema has always listed them. One class per aggregate
 * serves the root field and every contributed variant of it.
 */
export function aggregateArgsType<F extends object, D>(opts: {
  filter: ClassType<F>;
  dimension: object;
  defaultInterval: TimeInterval;
  range?: boolean;
  /** What each argument means for this aggregate (the API's documentation); generic texts where absent. */
  descriptions?: Partial<Record<keyof AggregateArgs<F, D>, string>>;
}): ClassType<AggregateArgs<F, D>> {
  const describe = { ...AGGREGATE_ARG_DESCRIPTIONS, ...opts.descriptions };
  @ArgsType()
  class Args {}
  const proto = Args.prototype as object;
  Field(() => TimeInterval, { nullable: true, defaultValue: opts.defaultInterval, description: describe.interval })(proto, 'interval');
  Field(() => [opts.dimension], { nullable: true, defaultValue: [], description: describe.groupBy })(proto, 'groupBy');
  Field(() => opts.filter, { nullable: true, description: describe.filter })(proto, 'filter');
  if (opts.range) {
    Field(() => Date, { nullable: true, description: describe.to })(proto, 'to');
    Field(() => Date, { nullable: true, description: describe.from })(proto, 'from');
  }
  return Args as ClassType<AggregateArgs<F, D>>;
}

/**
 * The same contributed field on each directory entity that groups branches
 * (LibrarySystem, Consortium): one resolver class per parent, all computing
 * the field over the parent's branchIds (@requires). Written once, so the
 * variants cannot drift apart.
 */
export function branchSetFieldResolvers<A extends object, R extends object, C extends SubgraphContext = SubgraphContext>(opts: {
  parents: StubClass<BranchSetStub>[];
  field: string;
  returns: () => ClassType<R>;
  args: ClassType<A>;
  description?: string;
  resolve: (ctx: C, args: A, branchIds: string[]) => Promise<R>;
}): ClassType[] {
  return opts.parents.map((parent) => {
    // The method is named after the field: type-graphql tells field resolvers apart by method name.
    class BranchSetFieldResolver {}
    const proto = BranchSetFieldResolver.prototype as unknown as Record<string, unknown>;
    const method = { [opts.field](root: BranchSetStub, args: A, ctx: C): Promise<R> {
      return opts.resolve(ctx, args, root.branchIds ?? []);
    } }[opts.field];
    Object.defineProperty(proto, opts.field, { value: method, writable: true, configurable: true });
    const descriptor = Object.getOwnPropertyDescriptor(proto, opts.field)!;
    Reflect.defineMetadata('design:paramtypes', [Object, Object, Object], proto, opts.field);
    Reflect.defineMetadata('design:returntype', Promise, proto, opts.field);
    Root()(proto, opts.field, 0);
    Args(() => opts.args)(proto, opts.field, 1);
    Ctx()(proto, opts.field, 2);
    FieldResolver(opts.returns, { nullable: true, description: opts.description })(proto, opts.field, descriptor);
    Directive('@requires(fields: "branchIds")')(proto, opts.field, descriptor);
    Resolver(() => parent)(BranchSetFieldResolver);
    return BranchSetFieldResolver as ClassType;
  });
}
