import { type DocumentNode, type ExecutableDefinitionNode, type FragmentDefinitionNode, Kind, type SelectionSetNode } from 'graphql';
import { OperationLimitError } from './errors';

/**
 * The shape of a document, measured in time linear in its size before any
 * other check walks it (graphql's own validation rules included), so that a
 * document within the token limit is checked in milliseconds however its
 * fragments spread:
 *
 * - **fields**: the number of fields of each operation and each fragment
 *   definition once every fragment spread is replaced by the fragment's
 *   fields. Each fragment's count is computed once (memoized), so
 *   `fragment F0 on Branch { ...F1 ...F1 } … fragment F40 on Branch { code }`
 *   is measured in 41 steps and found to have 2^40 fields: nothing else (the
 *   cost walk, graphql-armor's rules, the query planner) ever expands it.
 * - **overlaps**: the work of graphql's OverlappingFieldsCanBeMerged rule,
 *   which compares every pair of fields that land on the same response path
 *   (`{ branches { code } branches { code } … }`): the sum, over the
 *   response paths of the expanded document, of the square of the number of
 *   fields on that path. It is computed on the expanded document, which the
 *   field limit has already bounded.
 */
export interface ShapeLimits {
  maxFields: number;
  maxOverlaps: number;
}

export interface DocumentShape {
  /** The most fields any operation or fragment definition expands to. */
  fields: number;
  /** Sum of squares of the fields per response path (only computed when `fields` is within the limit). */
  overlaps: number;
}

type Definition = ExecutableDefinitionNode;

/** Measures the document; returns the first limit it exceeds as an OPERATION_LIMIT error, or null. */
export function checkDocumentShape(document: DocumentNode, limits: ShapeLimits): OperationLimitError | null {
  const shape = documentShape(document, limits.maxFields);
  if (shape.fields > limits.maxFields) {
    const found = shape.fields >= 1e15 ? 'more than 10^15' : String(shape.fields);
    return new OperationLimitError(`Fields limit of ${limits.maxFields} exceeded (fragments expanded), found ${found}.`, 'fields');
  }
  if (shape.overlaps > limits.maxOverlaps) {
    return new OperationLimitError(
      `Overlapping fields limit of ${limits.maxOverlaps} exceeded, found ${shape.overlaps}: the same field is selected too many times at one place.`,
      'overlaps',
    );
  }
  return null;
}

export function documentShape(document: DocumentNode, maxFields = Number.POSITIVE_INFINITY): DocumentShape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const definitions: Definition[] = [];
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) {
      if (!fragments.has(def.name.value)) fragments.set(def.name.value, def);
      definitions.push(def);
    } else if (def.kind === Kind.OPERATION_DEFINITION) definitions.push(def);
  }

  // Expanded field count of each fragment, once. A cycle (refused by graphql's
  // NoFragmentCycles afterwards) counts as nothing here.
  const memo = new Map<string, number>();
  const inProgress = new Set<string>();
  const CAP = 1e15; // saturate: doubling 2^1000 times stays a finite number
  const fragmentFields = (name: string): number => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    if (!fragment || inProgress.has(name)) return 0;
    inProgress.add(name);
    const n = setFields(fragment.selectionSet);
    inProgress.delete(name);
    memo.set(name, n);
    return n;
  };
  const setFields = (set: SelectionSetNode): number => {
    let n = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) n += 1 + (sel.selectionSet ? setFields(sel.selectionSet) : 0);
      else if (sel.kind === Kind.INLINE_FRAGMENT) n += setFields(sel.selectionSet);
      else n += fragmentFields(sel.name.value);
      if (n > CAP) return CAP;
    }
    return n;
  };

  let fields = 0;
  for (const def of definitions) fields = Math.max(fields, setFields(def.selectionSet));
  if (fields > maxFields) return { fields, overlaps: 0 };

  // Every definition expands to at most maxFields fields: count the fields per response path.
  let overlaps = 0;
  for (const def of definitions) {
    const perPath = new Map<string, number>();
    const walk = (set: SelectionSetNode, path: string, seen: ReadonlySet<string>) => {
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          const key = `${path}.${sel.alias?.value ?? sel.name.value}`;
          perPath.set(key, (perPath.get(key) ?? 0) + 1);
          if (sel.selectionSet) walk(sel.selectionSet, key, seen);
        } else if (sel.kind === Kind.INLINE_FRAGMENT) walk(sel.selectionSet, path, seen);
        else {
          const fragment = fragments.get(sel.name.value);
          if (fragment && !seen.has(sel.name.value)) walk(fragment.selectionSet, path, new Set([...seen, sel.name.value]));
        }
      }
    };
    walk(def.selectionSet, '', new Set());
    let sum = 0;
    for (const n of perPath.values()) sum += n * n;
    overlaps = Math.max(overlaps, sum);
  }
  return { fields, overlaps };
}
