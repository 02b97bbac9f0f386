/**
 * The measure columns of `session_tally` and `program_monthly` (tally.ts):
 * their names, in order, and their types. Kept apart from tally.ts so that
 * the entities can declare them without importing the SQL (and the GraphQL
 * types it reaches).
 */
export const OUTCOME_MEASURE_NAMES = ['knowledge', 'confidence', 'application', 'awareness'] as const;

export const TALLY_COLUMN_NAMES: readonly string[] = [
  'sessionCount', 'attendance', 'attendedSessions', 'capacity', 'registrationCount', 'heldWithCapacity', 'attendedRegs', 'noShowRegs',
  'recordedViews', 'virtualAttendance', 'responses', 'responsesKey',
  ...OUTCOME_MEASURE_NAMES.flatMap((m) => [`${m}N`, `${m}NKey`, `${m}Agree`, `${m}AgreeKey`]),
];

/** Columns holding sums of record keys (bigint: a key is below 2^16, a sum of many is not an int). */
export const isKeySum = (name: string): boolean => name.endsWith('Key');
