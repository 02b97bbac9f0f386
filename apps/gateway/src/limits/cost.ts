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
  type GraphQLSchema,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type FieldNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * Worst-case size of an operation by GitHub's rule: every connection (a
 * field with a `first` argument) may return `first` items, and everything
 * under it happens once per item, so an operation's node count is the sum,
 * over every connection it selects, of the product of `first` down the path
 * to it. For example
 *
 *   branches(first: 50) { nodes { programs(first: 20) { nodes { id } } } }
 *
 * is 50 + 50 × 20 = 1,050 nodes.
 *
 * - `first` is the value sent (literal or variable), else the argument's
 *   default in the schema, else DEFAULT_FIRST (100). A value above MAX_FIRST
 *   counts as MAX_FIRST: the subgraphs refuse it anyway (BAD_USER_INPUT).
 * - Lists of objects without `first` (`consortia`, `Consortium.branches`,
 *   aggregate `groups`, …) count like a connection of LIST_BOUND (100) items.
 * - The lists of a connection type itself (`edges`, `nodes`) are its page:
 *   they are not multiplied again.
 * - Small fixed lists (SMALL_LIST_TYPES: a payload's `userErrors`, the
 *   breakdowns of a census profile, money amounts) are bounded by the
 *   schema's enumerations and count like a single object: no nodes.
 * - Lists of scalars or enums, plain objects and introspection fields
 *   (`__typename`, `__schema`, `__type`) add no nodes.
 *
 * The points an operation costs are max(1, ceil(nodes / 100)).
 */
export const DEFAULT_FIRST = 100;
export const MAX_FIRST = 100;
export const LIST_BOUND = 100;
export const SMALL_LIST_TYPES = new Set(['UserError', 'Share', 'ShareChange', 'CollectionShare', 'Money', 'AccessibilityFeatureStatus']);

export interface OperationCost {
  nodes: number;
  points: number;
}

export const pointsFor = (nodes: number) => Math.max(1, Math.ceil(nodes / 100));

const isConnectionType = (t: GraphQLCompositeType) => t.name.endsWith('Connection');

/** The factor a field multiplies everything under it by, or null when it is not a list of nodes. */
function fieldFactor(
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  parent: GraphQLCompositeType,
  variables: Record<string, unknown>,
): number | null {
  const firstArg = field.args.find((a) => a.name === 'first');
  if (firstArg) {
    let first: unknown;
    try {
      first = getArgumentValues(field, node, variables).first;
    } catch {
      first = firstArg.defaultValue;
    }
    const n = typeof first === 'number' && Number.isFinite(first) ? first : typeof firstArg.defaultValue === 'number' ? firstArg.defaultValue : DEFAULT_FIRST;
    return Math.min(Math.max(n, 0), MAX_FIRST);
  }
  if (!isListType(getNullableType(field.type))) return null;
  if (isConnectionType(parent)) return null;
  const item = getNamedType(field.type);
  if (SMALL_LIST_TYPES.has(item.name)) return null;
  return LIST_BOUND;
}

/** Computes an operation's worst-case node count against the (API) schema. Assumes a validated document. */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null, rawVariables?: Record<string, unknown> | null): OperationCost {
  const operation = getOperationAST(document, operationName);
  if (!operation) return { nodes: 0, points: pointsFor(0) };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const variables = coerceVariables(schema, operation, rawVariables ?? {});

  const walk = (set: SelectionSetNode, parent: GraphQLCompositeType, multiplier: number, inFragments: ReadonlySet<string>): number => {
    let nodes = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (!sel.selectionSet || sel.name.value.startsWith('__')) continue;
        if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
        const field = parent.getFields()[sel.name.value];
        if (!field) continue;
        const type = getNamedType(field.type);
        if (!isCompositeType(type)) continue;
        const factor = fieldFactor(field, sel, parent, variables);
        const inner = factor === null ? multiplier : multiplier * factor;
        if (factor !== null) nodes += inner;
        nodes += walk(sel.selectionSet, type, inner, inFragments);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const type = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        nodes += walk(sel.selectionSet, type && isCompositeType(type) ? type : parent, multiplier, inFragments);
      } else {
        const name = sel.name.value;
        const fragment = fragments.get(name);
        if (!fragment || inFragments.has(name)) continue;
        const type = schema.getType(fragment.typeCondition.name.value);
        nodes += walk(fragment.selectionSet, type && isCompositeType(type) ? type : parent, multiplier, new Set([...inFragments, name]));
      }
    }
    return nodes;
  };

  const root = schema.getRootType(operation.operation);
  const nodes = root ? walk(operation.selectionSet, root, 1, new Set()) : 0;
  return { nodes, points: pointsFor(nodes) };
}

function coerceVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, raw: Record<string, unknown>): Record<string, unknown> {
  const result = getVariableValues(schema, operation.variableDefinitions ?? [], raw, { maxErrors: 1 });
  // Invalid variables fail execution anyway; count their connections at the schema's defaults meanwhile.
  return result.coerced ?? {};
}
