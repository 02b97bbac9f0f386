import { DEMO_BRANCHES } from '@ceg/demo-data';
import type { AsOptions, TestGraph } from '@ceg/testing';

export const branchId = (code: string) => DEMO_BRANCHES.find((b) => b.code === code)!.id;
export const CEN = branchId('RVL-CEN');
export const NOR = branchId('RVL-NOR');

export const FEEDBACK_FIELDS = `id status isPublic voteCount language sentiment subject body rating tags submittedAt acknowledgedAt resolvedAt
  branch { id } contact { name email phone } responses { body visibility authorName }`;

export const SUBMIT = `mutation($input: SubmitFeedbackInput!) {
  submitFeedback(input: $input) { feedback { ${FEEDBACK_FIELDS} } userErrors { field code message } }
}`;

export const STATUS = `mutation($input: UpdateFeedbackStatusInput!) {
  updateFeedbackStatus(input: $input) { feedback { id status acknowledgedAt resolvedAt } userErrors { field code } }
}`;

export const VOTE = `mutation($id: ID!) { voteForFeedback(feedbackId: $id) { feedback { id voteCount } userErrors { field code } } }`;

export const validInput = (over: Record<string, unknown> = {}) => ({
  branchId: CEN,
  channel: 'ONLINE_FORM',
  category: 'FACILITIES',
  subject: 'Study rooms',
  body: 'The new study rooms are wonderful, thank you!',
  rating: 5,
  ...over,
});

export async function submit(graph: TestGraph, input: Record<string, unknown>, as?: AsOptions['as']) {
  const data = await graph.data(SUBMIT, { input }, { as });
  const payload = data.submitFeedback;
  if (payload.userErrors.length) throw new Error(`submitFeedback failed: ${JSON.stringify(payload.userErrors)}`);
  return payload.feedback;
}

export const asStaff = (code = 'RVL-CEN') => ({ role: 'STAFF' as const, branchCodes: [code], sub: `staff-${code}`, name: `Staff of ${code}` });
export const asPatron = (sub: string) => ({ role: 'PATRON' as const, sub });

/** Rows in a feedback table, counted directly in the subgraph's database. */
export async function countRows(graph: TestGraph, table: string): Promise<number> {
  const rows = await graph.subgraph('feedback').db.manager.query(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(rows[0].n);
}
