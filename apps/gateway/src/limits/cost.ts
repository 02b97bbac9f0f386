import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  isCompositeType,
  isEnumType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type FieldNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import { AGGREGATE_RANGES, AGGREGATE_SCAN, DIMENSION_SIZES, LIST_SIZES, SMALL_LIST_TYPES, UNDECLARED_LIST_SIZE, UNDECLARED_RANGE } from './list-sizes';

/**
 * Worst-case size of an operation by GitHub's rule: every connection (a
 * field with a `first` argument) may return `first` items, and everything
 * under it happens once per item, so an operation's node count is the sum,
 * over every list it selects, of the product of the list sizes down the path
 * to it. For example
 *
 *   branches(first: 50) { nodes { programs(first: 20) { nodes { id } } } }
 *
 * is 50 + 50 × 20 = 1,050 nodes.
 *
 * - `first` is the value sent (literal or variable), else the argument's
 *   default in the schema, else DEFAULT_FIRST (100). A value above MAX_FIRST
 *   counts as MAX_FIRST: the subgraphs refuse it anyway (BAD_USER_INPUT).
 * - The lists of a connection type itself (`edges`, `nodes`) are its page:
 *   they are not multiplied again.
 * - Plain lists of objects count their declared size (LIST_SIZES in
 *   list-sizes.ts: systems per consortium, responses per feedback item, …);
 *   an undeclared one counts UNDECLARED_LIST_SIZE (100).
 * - An aggregate (a field with `groupBy` whose type has `groups`) counts
 *   AGGREGATE_SCAN nodes for the rows its measures scan, and its `groups`
 *   count the groups it can return: the product of the grouped dimensions'
 *   sizes — an enumeration's number of values, BRANCH the branches in scope
 *   (1 under a branch, the declared branches of a system or consortium, or
 *   the ids of `filter.branchIds`), PERIOD the buckets of the range (its
 *   `from`/`to` arguments or their defaults, at the `interval`).
 * - Small fixed lists (SMALL_LIST_TYPES: a payload's `userErrors`, the
 *   breakdowns of a census profile, money amounts) are bounded by the
 *   schema's enumerations and count like a single object: no nodes.
 * - Lists of scalars or enums, plain objects and introspection fields
 *   (`__typename`, `__schema`, `__type`) add no nodes.
 *
 * The walk is linear in the document: a fragment's nodes are computed once
 * per type and aggregate context and multiplied where it is spread.
 *
 * The points an operation costs are max(1, ceil(nodes / 100)).
 */
export const DEFAULT_FIRST = 100;
export const MAX_FIRST = 100;

export interface OperationCost {
  nodes: number;
  points: number;
}

export const pointsFor = (nodes: number) => Math.max(1, Math.ceil(nodes / 100));

const isConnectionType = (t: GraphQLCompositeType) => t.name.endsWith('Connection');
const DAY_MS = 86_400_000;

/** Arguments of a field, coerced; null when they cannot be (the subgraph refuses them anyway). */
function argumentsOf(field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): Record<string, unknown> | null {
  try {
    return getArgumentValues(field, node, variables);
  } catch {
    return null;
  }
}

const at = (value: unknown, path: readonly string[]): unknown => path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value);

function dateOf(value: unknown): Date | null {
  if (typeof value !== 'string' && !(value instanceof Date)) return null;
  const d = new Date(value as string);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Buckets of `interval` that a range [from, to) touches. */
export function bucketCount(from: Date, to: Date, interval: string): number {
  const days = Math.max(0, (to.getTime() - from.getTime()) / DAY_MS);
  const months = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
  switch (interval) {
    case 'DAY':
      return Math.ceil(days) + 1;
    case 'WEEK':
      return Math.ceil(days / 7) + 1;
    case 'QUARTER':
      return Math.floor(months / 3) + 2;
    case 'YEAR':
      return to.getUTCFullYear() - from.getUTCFullYear() + 1;
    default: // MONTH
      return months + 1;
  }
}

/** The PERIOD buckets an aggregate can return, from its range arguments (or their defaults) and interval. */
function periodBuckets(fieldName: string, args: Record<string, unknown> | null, now: Date): number {
  const range = AGGREGATE_RANGES[fieldName] ?? UNDECLARED_RANGE;
  const interval = typeof args?.interval === 'string' ? args.interval : 'MONTH';
  const day = interval === 'DAY';
  const span = (day ? range.dayDefaultDays : range.defaultDays) * DAY_MS;
  const maxSpan = (day ? range.dayMaxDays : range.maxDays) * DAY_MS;
  const fromArg = (range.fromAlt && args ? dateOf(at(args, range.fromAlt)) : null) ?? (range.from && args ? dateOf(at(args, range.from)) : null);
  const toArg = (range.toAlt && args ? dateOf(at(args, range.toAlt)) : null) ?? (range.to && args ? dateOf(at(args, range.to)) : null);
  const to = toArg ?? (fromArg ? new Date(fromArg.getTime() + span) : now);
  let from = fromArg ?? new Date(to.getTime() - span);
  // a longer range is refused by the subgraph; count the longest it accepts
  if (to.getTime() - from.getTime() > maxSpan) from = new Date(to.getTime() - maxSpan);
  return bucketCount(from, to, interval);
}

/** Branches a BRANCH dimension can take, under `parent`, narrowed by `filter.branchIds`. */
function branchesInScope(parent: GraphQLCompositeType, args: Record<string, unknown> | null): number {
  let scope: number;
  if (parent.name === 'Branch') scope = 1;
  else if (parent.name === 'LibrarySystem') scope = LIST_SIZES['LibrarySystem.branches'];
  else if (parent.name === 'Consortium') scope = LIST_SIZES['Consortium.branches'];
  else scope = LIST_SIZES['Query.consortia'] * LIST_SIZES['Consortium.branches'];
  const ids = at(args, ['filter', 'branchIds']);
  return Array.isArray(ids) ? Math.min(scope, new Set(ids).size) : scope;
}

/** The number of groups an aggregate field can return: the product of its grouped dimensions' sizes. */
function aggregateGroups(field: GraphQLField<unknown, unknown>, parent: GraphQLCompositeType, args: Record<string, unknown> | null, now: Date): number {
  const groupByArg = field.args.find((a) => a.name === 'groupBy')!;
  const raw = args?.groupBy ?? groupByArg.defaultValue ?? [];
  const dims = [...new Set(Array.isArray(raw) ? (raw as unknown[]).map(String) : [String(raw)])];
  if (dims.length === 0) return 0;
  // the group key type: `groups { key { … } }`
  const groupsField = (getNamedType(field.type) as GraphQLObjectType).getFields().groups;
  const groupType = getNamedType(groupsField.type);
  const keyField = isObjectType(groupType) ? groupType.getFields().key : undefined;
  const keyType = keyField ? getNamedType(keyField.type) : undefined;
  let groups = 1;
  for (const dim of dims) {
    let size: number;
    if (dim === 'BRANCH') size = branchesInScope(parent, args);
    else if (dim === 'PERIOD') size = periodBuckets(field.name, args, now);
    else if (DIMENSION_SIZES[dim] !== undefined) size = DIMENSION_SIZES[dim];
    else {
      const keyName = dim.toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
      const type = keyType && isObjectType(keyType) ? keyType.getFields()[keyName]?.type : undefined;
      const named = type ? getNamedType(type) : undefined;
      size = named && isEnumType(named) ? named.getValues().length : UNDECLARED_LIST_SIZE;
    }
    groups *= size;
  }
  return groups;
}

const isAggregate = (field: GraphQLField<unknown, unknown>) => {
  if (!field.args.some((a) => a.name === 'groupBy')) return false;
  const type = getNamedType(field.type);
  return isObjectType(type) && 'groups' in type.getFields();
};

/** What a field multiplies everything under it by (null: not a list), and the nodes it adds itself per parent. */
interface FieldCost {
  factor: number | null;
  /** Nodes charged per parent besides the list's items (an aggregate's scan). */
  own: number;
  /** Groups of the aggregate this field opens (for its `groups` below). */
  groups?: number;
}

/** Computes an operation's worst-case node count against the (API) schema. Assumes a validated document. */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
  rawVariables?: Record<string, unknown> | null,
  now: Date = new Date(),
): OperationCost {
  const operation = getOperationAST(document, operationName);
  if (!operation) return { nodes: 0, points: pointsFor(0) };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const variables = coerceVariables(schema, operation, rawVariables ?? {});

  const fieldCost = (field: GraphQLField<unknown, unknown>, node: FieldNode, parent: GraphQLCompositeType, groups: number | undefined): FieldCost => {
    const firstArg = field.args.find((a) => a.name === 'first');
    if (firstArg) {
      const first = argumentsOf(field, node, variables)?.first ?? firstArg.defaultValue;
      const n = typeof first === 'number' && Number.isFinite(first) ? first : typeof firstArg.defaultValue === 'number' ? firstArg.defaultValue : DEFAULT_FIRST;
      return { factor: Math.min(Math.max(n, 0), MAX_FIRST), own: 0 };
    }
    if (isAggregate(field)) {
      return { factor: null, own: AGGREGATE_SCAN, groups: aggregateGroups(field, parent, argumentsOf(field, node, variables), now) };
    }
    if (!isListType(getNullableType(field.type))) return { factor: null, own: 0 };
    if (isConnectionType(parent)) return { factor: null, own: 0 };
    if (field.name === 'groups' && groups !== undefined) return { factor: groups, own: 0 };
    const item = getNamedType(field.type);
    if (SMALL_LIST_TYPES.has(item.name)) return { factor: null, own: 0 };
    return { factor: LIST_SIZES[`${parent.name}.${field.name}`] ?? UNDECLARED_LIST_SIZE, own: 0 };
  };

  // Nodes of a selection set per one parent object (multiplier 1): everything
  // below is linear in the multiplier, so a fragment's nodes are computed once
  // per (type, aggregate groups) and multiplied where it is spread.
  const memo = new Map<string, number>();
  const inProgress = new Set<string>();
  const fragmentNodes = (name: string, parent: GraphQLCompositeType, groups: number | undefined): number => {
    const key = `${name}\u0000${parent.name}\u0000${groups ?? ''}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    if (!fragment || inProgress.has(key)) return 0;
    inProgress.add(key);
    const type = schema.getType(fragment.typeCondition.name.value);
    const n = walk(fragment.selectionSet, type && isCompositeType(type) ? type : parent, groups);
    inProgress.delete(key);
    memo.set(key, n);
    return n;
  };
  const walk = (set: SelectionSetNode, parent: GraphQLCompositeType, groups: number | undefined): number => {
    let nodes = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (!sel.selectionSet || sel.name.value.startsWith('__')) continue;
        if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
        const field = parent.getFields()[sel.name.value];
        if (!field) continue;
        const type = getNamedType(field.type);
        if (!isCompositeType(type)) continue;
        const cost = fieldCost(field, sel, parent, groups);
        const factor = cost.factor ?? 1;
        nodes += cost.own + (cost.factor ?? 0) + factor * walk(sel.selectionSet, type, cost.groups ?? (cost.factor === null ? groups : undefined));
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const type = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        nodes += walk(sel.selectionSet, type && isCompositeType(type) ? type : parent, groups);
      } else {
        nodes += fragmentNodes(sel.name.value, parent, groups);
      }
    }
    return nodes;
  };

  const root = schema.getRootType(operation.operation);
  const nodes = root ? walk(operation.selectionSet, root, undefined) : 0;
  return { nodes, points: pointsFor(nodes) };
}

function coerceVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, raw: Record<string, unknown>): Record<string, unknown> {
  const result = getVariableValues(schema, operation.variableDefinitions ?? [], raw, { maxErrors: 1 });
  // Invalid variables fail execution anyway; count their connections at the schema's defaults meanwhile.
  return result.coerced ?? {};
}

/**
 * operationCost, remembered per parsed document (Apollo Server keeps one
 * parsed document per query text, so repeated operations hit): for each
 * document the costs of its last 32 (operation name, variables, day) —
 * the day because ranges that default to "up to now" count their buckets
 * from today. Entries go with their document when it is dropped.
 */
export class CostMemo {
  private readonly bySchema = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, LRUCache<string, OperationCost>>>();
  hits = 0;

  cost(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null, variables?: Record<string, unknown> | null, now: Date = new Date()): OperationCost {
    let documents = this.bySchema.get(schema);
    if (!documents) this.bySchema.set(schema, (documents = new WeakMap()));
    let costs = documents.get(document);
    if (!costs) documents.set(document, (costs = new LRUCache<string, OperationCost>({ max: 32 })));
    const key = `${now.toISOString().slice(0, 10)}\n${operationName ?? ''}\n${variables ? JSON.stringify(variables) : ''}`;
    const known = costs.get(key);
    if (known) {
      this.hits += 1;
      return known;
    }
    const cost = operationCost(schema, document, operationName, variables, now);
    costs.set(key, cost);
    return cost;
  }
}
