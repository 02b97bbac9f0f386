import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { type ASTVisitor, type DocumentNode, type FragmentDefinitionNode, type GraphQLError, Kind, parse, type OperationDefinitionNode, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import type { LimitsConfig } from './config';
import { type LimitName, OperationLimitError } from './errors';

/** graphql-armor reports through onReject; we report our own error with code OPERATION_LIMIT instead. */
const armorOptions = (limit: LimitName, n: number) => ({
  n,
  exposeLimits: true,
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLErrorLike) => {
      context?.reportError(new OperationLimitError(error.message.replace(/^Syntax Error: /, ''), limit));
    },
  ],
});
interface GraphQLErrorLike {
  message: string;
}

/**
 * Counts the fields at the root of each operation (through fragments) and
 * refuses more than `max`. Each fragment's count is computed once per
 * document, so the count takes time linear in the document's size however
 * its fragments spread.
 */
export function maxRootFieldsRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const memo = new Map<string, number>();
    const inProgress = new Set<string>();
    const fragmentCount = (name: string): number => {
      const known = memo.get(name);
      if (known !== undefined) return known;
      const fragment: FragmentDefinitionNode | null | undefined = context.getFragment(name);
      if (!fragment || inProgress.has(name)) return 0; // a cycle is NoFragmentCycles' error
      inProgress.add(name);
      const n = count(fragment.selectionSet);
      inProgress.delete(name);
      memo.set(name, n);
      return n;
    };
    const count = (set: SelectionSetNode): number => {
      let n = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) n += 1;
        else if (sel.kind === Kind.INLINE_FRAGMENT) n += count(sel.selectionSet);
        else n += fragmentCount(sel.name.value);
      }
      return n;
    };
    return {
      OperationDefinition(node: OperationDefinitionNode) {
        const n = count(node.selectionSet);
        if (n > max) context.reportError(new OperationLimitError(`Root fields limit of ${max} exceeded, found ${n}.`, 'rootFields'));
      },
    };
  };
}

/**
 * Documents refused by the shape check (shape.ts) before validation are
 * replaced by a stand-in document; this rule reports the refusal for it.
 */
const refusals = new WeakMap<DocumentNode, GraphQLError>();

export function refusedDocument(error: GraphQLError): DocumentNode {
  const document = parse('{ __typename }');
  refusals.set(document, error);
  return document;
}

export const refusedDocumentRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  Document(node: DocumentNode) {
    const error = refusals.get(node);
    if (error) context.reportError(error);
  },
});

/**
 * The static limits, as validation rules added to graphql's own: depth,
 * aliases and directives from graphql-armor, root fields our own. (Tokens
 * are limited while parsing, through Apollo Server's parseOptions.maxTokens.)
 */
export function limitRules(config: LimitsConfig): ValidationRule[] {
  return [
    refusedDocumentRule,
    maxDepthRule({ ...armorOptions('depth', config.maxDepth), flattenFragments: true, ignoreIntrospection: true }) as unknown as ValidationRule,
    maxAliasesRule({ ...armorOptions('aliases', config.maxAliases), allowList: [] }) as unknown as ValidationRule,
    maxDirectivesRule(armorOptions('directives', config.maxDirectives)) as unknown as ValidationRule,
    maxRootFieldsRule(config.maxRootFields),
  ];
}
