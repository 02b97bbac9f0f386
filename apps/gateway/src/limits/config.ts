import { type Env, intVar } from '@ceg/config';

/** The gateway's operation limits and cost budget (RULES.md §6), read from the environment. */
export interface LimitsConfig {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  maxTokens: number;
  maxDirectives: number;
  /** Most fields an operation (or a fragment) has once its fragments are expanded; checked before any other rule. */
  maxFields: number;
  /** Most pairs of fields on one response path (graphql's overlap check compares each pair); checked before any other rule. */
  maxOverlaps: number;
  /** Worst-case node count above which an operation is refused before execution (COST_LIMIT). */
  maxNodes: number;
  /** Budget of a signed-in caller (per `sub`): points per window, refilled continuously. */
  signedInPoints: number;
  /** Budget of an anonymous caller (per client address). */
  anonymousPoints: number;
  /** Time in which an empty budget refills completely. */
  windowSeconds: number;
  /** When set, budgets live in Redis (shared by every gateway replica); otherwise in this process. */
  redisUrl?: string;
  redisPrefix: string;
  /** Hide "Did you mean …" suggestions in error messages (production unless ALLOW_INTROSPECTION=true). */
  hideSuggestions: boolean;
}

export const LIMIT_DEFAULTS = {
  maxDepth: 12,
  maxAliases: 30,
  maxRootFields: 20,
  maxTokens: 5000,
  maxDirectives: 5,
  maxFields: 2000,
  maxOverlaps: 10_000,
  maxNodes: 50_000,
  signedInPoints: 6000,
  anonymousPoints: 600,
  windowSeconds: 60,
  redisPrefix: 'ceg:budget:',
} as const;

export function limitsConfig(env: Env, allowIntrospection: boolean): LimitsConfig {
  return {
    maxDepth: intVar(env, 'MAX_DEPTH', LIMIT_DEFAULTS.maxDepth, 1),
    maxAliases: intVar(env, 'MAX_ALIASES', LIMIT_DEFAULTS.maxAliases, 0),
    maxRootFields: intVar(env, 'MAX_ROOT_FIELDS', LIMIT_DEFAULTS.maxRootFields, 1),
    maxTokens: intVar(env, 'MAX_TOKENS', LIMIT_DEFAULTS.maxTokens, 1),
    maxDirectives: intVar(env, 'MAX_DIRECTIVES', LIMIT_DEFAULTS.maxDirectives, 0),
    maxFields: intVar(env, 'MAX_FIELDS', LIMIT_DEFAULTS.maxFields, 1),
    maxOverlaps: intVar(env, 'MAX_OVERLAPS', LIMIT_DEFAULTS.maxOverlaps, 1),
    maxNodes: intVar(env, 'MAX_NODES', LIMIT_DEFAULTS.maxNodes, 1),
    signedInPoints: intVar(env, 'RATE_LIMIT_SIGNED_IN_POINTS', LIMIT_DEFAULTS.signedInPoints, 1),
    anonymousPoints: intVar(env, 'RATE_LIMIT_ANONYMOUS_POINTS', LIMIT_DEFAULTS.anonymousPoints, 1),
    windowSeconds: intVar(env, 'RATE_LIMIT_WINDOW_SECONDS', LIMIT_DEFAULTS.windowSeconds, 1),
    redisUrl: env.RATE_LIMIT_REDIS_URL || undefined,
    redisPrefix: env.RATE_LIMIT_REDIS_PREFIX || LIMIT_DEFAULTS.redisPrefix,
    hideSuggestions: !allowIntrospection,
  };
}
