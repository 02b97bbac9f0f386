import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { type ASTVisitor, type FragmentDefinitionNode, Kind, type OperationDefinitionNode, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
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

/** Counts the fields at the root of each operation (through fragments) and refuses more than `max`. */
export function maxRootFieldsRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const count = (set: SelectionSetNode, seen: Set<string>): number => {
      let n = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) n += 1;
        else if (sel.kind === Kind.INLINE_FRAGMENT) n += count(sel.selectionSet, seen);
        else if (!seen.has(sel.name.value)) {
          const fragment: FragmentDefinitionNode | null | undefined = context.getFragment(sel.name.value);
          if (fragment) n += count(fragment.selectionSet, new Set([...seen, sel.name.value]));
        }
      }
      return n;
    };
    return {
      OperationDefinition(node: OperationDefinitionNode) {
        const n = count(node.selectionSet, new Set());
        if (n > max) context.reportError(new OperationLimitError(`Root fields limit of ${max} exceeded, found ${n}.`, 'rootFields'));
      },
    };
  };
}

/**
 * The static limits, as validation rules added to graphql's own: depth,
 * aliases and directives from graphql-armor, root fields our own. (Tokens
 * are limited while parsing, through Apollo Server's parseOptions.maxTokens.)
 */
export function limitRules(config: LimitsConfig): ValidationRule[] {
  return [
    maxDepthRule({ ...armorOptions('depth', config.maxDepth), flattenFragments: true, ignoreIntrospection: true }) as unknown as ValidationRule,
    maxAliasesRule({ ...armorOptions('aliases', config.maxAliases), allowList: [] }) as unknown as ValidationRule,
    maxDirectivesRule(armorOptions('directives', config.maxDirectives)) as unknown as ValidationRule,
    maxRootFieldsRule(config.maxRootFields),
  ];
}
