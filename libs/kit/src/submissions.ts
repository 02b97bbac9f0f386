import { isAdmin, isAnonymous, isStaff } from '@ceg/auth';
import { takeSubmissionSlot } from '@ceg/persistence';
import type { SubgraphContext } from './context';

/** Who a submission counts against: the client address for anonymous callers, the `sub` for signed-in ones. */
export const submissionClient = (ctx: SubgraphContext): string =>
  isAnonymous(ctx.viewer) ? `anon:${(ctx.clientAddress || 'unknown').slice(0, 100)}` : `sub:${ctx.viewer.sub}`;

/**
 * The per-client limit of RULES.md §3 for survey-like submissions (outcome
 * surveys, answer sheets): `limit` per hour per client and scope, counted in
 * the database (libs/persistence's submission slots). STAFF and ADMIN, who
 * enter paper surveys for their patrons, are not limited. Returns the
 * message to give when the limit is reached, else null (the slot is taken).
 */
export async function surveySubmissionRefused(ctx: SubgraphContext, scope: string, limit: number): Promise<string | null> {
  if (isStaff(ctx.viewer) || isAdmin(ctx.viewer)) return null;
  if (await takeSubmissionSlot(ctx.db, { scope, client: submissionClient(ctx), limit })) return null;
  return `Too many submissions from this client: at most ${limit} per hour. Please try again later.`;
}
