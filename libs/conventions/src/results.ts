import type { UserError } from './types';

/** What a service's write returns: the value written (null when nothing was), and what was wrong with the input. */
export interface MutationResult<T> {
  value: T | null;
  userErrors: UserError[];
}

export const succeeded = <T>(value: T): MutationResult<T> => ({ value, userErrors: [] });
export const failed = <T = never>(userErrors: UserError[]): MutationResult<T> => ({ value: null, userErrors });
