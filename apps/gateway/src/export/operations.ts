/**
 * The stored, named GraphQL operations the export endpoint runs
 * (`GET /export/<name>.csv|xlsx`). Each is an ordinary operation of the
 * public API: it runs through the gateway's own pipeline with the caller's
 * token, so visibility, small-cell suppression, operation limits and the
 * cost budget all apply as to any other query. Each turns its answer into
 * one table whose columns are named by the API's field paths
 * (`key.period`, `measures.attendance`).
 */

export type ColumnType = 'string' | 'number' | 'date' | 'boolean';

export interface Column {
  /** The API's path of the value, e.g. `measures.fillRate`. */
  name: string;
  type: ColumnType;
}

export interface Table {
  columns: Column[];
  rows: unknown[][];
}

/** What a caller may set in the query string of an export. */
export interface ExportParams {
  scope: { kind: 'branch' | 'system' | 'consortium'; code: string };
  /** First day (inclusive), YYYY-MM-DD. */
  from: string;
  /** Last day (inclusive), YYYY-MM-DD. */
  to: string;
  groupBy: string[];
  interval: string | null;
  year: number | null;
  /** peer-comparison: a named peer group's id (absent: the population band). */
  peerGroup?: string | null;
  /** The branch's id, looked up by its code first, for operations that take ids (`lookupBranchId`). */
  branchId?: string;
}

export interface StoredOperation {
  name: string;
  title: string;
  /** The operation's name in its document. */
  operationName: string;
  document: string;
  /** Which query parameters it reads besides scope, from and to. */
  accepts: ('groupBy' | 'interval' | 'year' | 'peerGroup')[];
  /** Scopes the operation takes (default: all three). */
  scopes?: ExportParams['scope']['kind'][];
  /** The operation names a branch by id: the route looks its code up first (through the same pipeline). */
  lookupBranchId?: boolean;
  /** The dimensions `groupBy` may name (aggregates only). */
  dimensions?: string[];
  variables(p: ExportParams): Record<string, unknown>;
  table(result: Record<string, unknown>, p: ExportParams): Table;
}

const SCOPE_VARS_NO_BRANCH = '$system: String, $consortium: String, $isBranch: Boolean!, $isSystem: Boolean!, $isConsortium: Boolean!';
const SCOPE_VARS = '$branch: String, $system: String, $consortium: String, $isBranch: Boolean!, $isSystem: Boolean!, $isConsortium: Boolean!';

/** The three parents an export can be about, each included only when asked for. */
function scoped(field: string): string {
  return `branch(code: $branch) @include(if: $isBranch) { ${field} }
  librarySystem(code: $system) @include(if: $isSystem) { ${field} }
  consortium(code: $consortium) @include(if: $isConsortium) { ${field} }`;
}

function scopeVariables(p: ExportParams): Record<string, unknown> {
  return {
    branch: p.scope.kind === 'branch' ? p.scope.code : null,
    system: p.scope.kind === 'system' ? p.scope.code : null,
    consortium: p.scope.kind === 'consortium' ? p.scope.code : null,
    isBranch: p.scope.kind === 'branch',
    isSystem: p.scope.kind === 'system',
    isConsortium: p.scope.kind === 'consortium',
  };
}

/** The answer's parent: whichever of branch, librarySystem, consortium was asked for. */
function parentOf(result: Record<string, unknown>): Record<string, unknown> | null {
  return (result.branch ?? result.librarySystem ?? result.consortium ?? null) as Record<string, unknown> | null;
}

/** The instant after the last day: aggregates over DateTime take [from, to). */
export const dayAfter = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();
const startOf = (day: string): string => `${day}T00:00:00.000Z`;

const get = (obj: unknown, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o === null || o === undefined ? null : (o as Record<string, unknown>)[k]), obj);

/** Key columns of a grouped aggregate, in `groupBy` order: the API's field of each dimension. */
const KEY_COLUMNS: Record<string, Column> = {
  BRANCH: { name: 'key.branch.code', type: 'string' },
  CATEGORY: { name: 'key.category', type: 'string' },
  CHANNEL: { name: 'key.channel', type: 'string' },
  STATUS: { name: 'key.status', type: 'string' },
  SENTIMENT: { name: 'key.sentiment', type: 'string' },
  LANGUAGE: { name: 'key.language', type: 'string' },
  PERIOD: { name: 'key.period', type: 'date' },
  SERVICE_AREA: { name: 'key.serviceArea', type: 'string' },
  AGE_GROUP: { name: 'key.ageGroup', type: 'string' },
  FORMAT: { name: 'key.format', type: 'string' },
  PARTNER_TYPE: { name: 'key.partnerType', type: 'string' },
  AGREEMENT_TYPE: { name: 'key.agreementType', type: 'string' },
};

const num = (name: string): Column => ({ name, type: 'number' });

const FEEDBACK_MEASURES = ['count', 'openCount', 'resolvedCount', 'declinedCount', 'averageRating', 'averageHoursToAcknowledge', 'averageHoursToResolve', 'resolutionRate'];
const PROGRAM_MEASURES = ['programCount', 'sessionCount', 'attendance', 'averageAttendance', 'registrationCount', 'fillRate', 'noShowRate'];
const OUTCOME_FIELDS = ['responseCount', 'knowledge', 'confidence', 'application', 'awareness'];
const PARTNERSHIP_MEASURES = ['partnershipCount', 'activeCount', 'partnerCount', 'linkedProgramCount', 'volunteerHours'];

/** Per-resident values exported with each aggregate (`perCapita.…` columns; empty when the population is not known). */
const FEEDBACK_PER_CAPITA = ['servicePopulation', 'countPerThousand', 'resolvedCountPerThousand'];
const PROGRAM_PER_CAPITA = ['servicePopulation', 'attendancePerCapita', 'registrationsPerCapita', 'sessionsPerThousand'];
const PARTNERSHIP_PER_CAPITA = ['servicePopulation', 'partnershipsPerThousand', 'volunteerHoursPerCapita'];
const perCapitaColumns = (fields: string[]): Column[] => fields.map((f) => num(`perCapita.${f}`));

/**
 * A grouped aggregate as a table: one row per group (the totals as one row
 * when nothing is grouped), the key columns in `groupBy` order, then the
 * measures (their `perCapita.…` columns among them).
 */
function aggregateTable(agg: Record<string, unknown> | null, groupBy: string[], measures: Column[], extra?: (m: unknown) => { columns: Column[]; values: (m: unknown) => unknown[] }): Table {
  const keys = groupBy.map((d) => KEY_COLUMNS[d]);
  const items: { key: unknown; measures: unknown; perCapita?: unknown }[] = agg === null ? [] : groupBy.length ? (agg.groups as { key: unknown; measures: unknown }[]) : [{ key: {}, measures: agg.totals, perCapita: agg.perCapita }];
  const more = extra?.(items.map((i) => i.measures));
  const columns = [...keys, ...measures, ...(more?.columns ?? [])];
  const rows = items.map((g) => [
    ...keys.map((k) => get(g, k.name)),
    ...measures.map((m) => get(g, m.name)),
    ...(more ? more.values(g.measures) : []),
  ]);
  return { columns, rows };
}

const FEEDBACK_DIMENSIONS = ['BRANCH', 'CATEGORY', 'CHANNEL', 'STATUS', 'SENTIMENT', 'LANGUAGE', 'PERIOD'];
const PROGRAM_DIMENSIONS = ['BRANCH', 'SERVICE_AREA', 'AGE_GROUP', 'FORMAT', 'PERIOD'];
const PARTNERSHIP_DIMENSIONS = ['BRANCH', 'PARTNER_TYPE', 'STATUS', 'SERVICE_AREA', 'AGREEMENT_TYPE', 'PERIOD'];

const feedbackAggregate: StoredOperation = {
  name: 'feedback-aggregate',
  title: 'Feedback measures',
  operationName: 'ExportFeedbackAggregate',
  accepts: ['groupBy', 'interval'],
  dimensions: FEEDBACK_DIMENSIONS,
  document: `query ExportFeedbackAggregate(${SCOPE_VARS}, $from: DateTime, $to: DateTime, $groupBy: [FeedbackDimension!], $interval: TimeInterval) {
  ${scoped('feedbackAggregate(from: $from, to: $to, groupBy: $groupBy, interval: $interval) { ...ExportFeedback }')}
}
fragment ExportFeedbackMeasures on FeedbackMeasures { ${FEEDBACK_MEASURES.join(' ')} }
fragment ExportFeedbackPerCapita on FeedbackPerCapitaMeasures { ${FEEDBACK_PER_CAPITA.join(' ')} }
fragment ExportFeedback on FeedbackAggregate {
  totals { ...ExportFeedbackMeasures }
  perCapita { ...ExportFeedbackPerCapita }
  groups { key { branch { code } category channel status sentiment language period } measures { ...ExportFeedbackMeasures } perCapita { ...ExportFeedbackPerCapita } }
}`,
  variables: (p) => ({ ...scopeVariables(p), from: startOf(p.from), to: dayAfter(p.to), groupBy: p.groupBy, interval: p.interval }),
  table: (r, p) => aggregateTable(parentOf(r)?.feedbackAggregate as Record<string, unknown> | null, p.groupBy, [...FEEDBACK_MEASURES.map((m) => num(`measures.${m}`)), ...perCapitaColumns(FEEDBACK_PER_CAPITA)]),
};

const programAggregate: StoredOperation = {
  name: 'program-aggregate',
  title: 'Program measures',
  operationName: 'ExportProgramAggregate',
  accepts: ['groupBy', 'interval'],
  dimensions: PROGRAM_DIMENSIONS,
  document: `query ExportProgramAggregate(${SCOPE_VARS}, $from: DateTime, $to: DateTime, $groupBy: [ProgramDimension!], $interval: TimeInterval) {
  ${scoped('programAggregate(from: $from, to: $to, groupBy: $groupBy, interval: $interval) { ...ExportProgram }')}
}
fragment ExportProgramMeasures on ProgramMeasures { ${PROGRAM_MEASURES.join(' ')} outcomes { ${OUTCOME_FIELDS.join(' ')} suppressed } }
fragment ExportProgramPerCapita on ProgramPerCapitaMeasures { ${PROGRAM_PER_CAPITA.join(' ')} }
fragment ExportProgram on ProgramAggregate {
  totals { ...ExportProgramMeasures }
  perCapita { ...ExportProgramPerCapita }
  groups { key { branch { code } serviceArea ageGroup format period } measures { ...ExportProgramMeasures } perCapita { ...ExportProgramPerCapita } }
}`,
  variables: (p) => ({ ...scopeVariables(p), from: startOf(p.from), to: dayAfter(p.to), groupBy: p.groupBy, interval: p.interval }),
  table: (r, p) => aggregateTable(parentOf(r)?.programAggregate as Record<string, unknown> | null, p.groupBy, [
    ...PROGRAM_MEASURES.map((m) => num(`measures.${m}`)),
    ...OUTCOME_FIELDS.map((m) => num(`measures.outcomes.${m}`)),
    { name: 'measures.outcomes.suppressed', type: 'boolean' },
    ...perCapitaColumns(PROGRAM_PER_CAPITA),
  ]),
};

/** Money as one number column per currency (`measures.contributedValue.USD`), the amount a decimal number. */
function moneyColumns(all: unknown): { columns: Column[]; values: (m: unknown) => unknown[] } {
  const currencies = [...new Set((all as { contributedValue: { currency: string }[] }[]).flatMap((m) => m.contributedValue.map((v) => v.currency)))].sort();
  return {
    columns: currencies.map((c) => num(`measures.contributedValue.${c}`)),
    values: (m) => currencies.map((c) => {
      const v = (m as { contributedValue: { amount: string; currency: string }[] }).contributedValue.find((x) => x.currency === c);
      return v ? Number(v.amount) : 0;
    }),
  };
}

const partnershipAggregate: StoredOperation = {
  name: 'partnership-aggregate',
  title: 'Partnership measures',
  operationName: 'ExportPartnershipAggregate',
  accepts: ['groupBy', 'interval'],
  dimensions: PARTNERSHIP_DIMENSIONS,
  document: `query ExportPartnershipAggregate(${SCOPE_VARS}, $from: DateTime, $to: DateTime, $groupBy: [PartnershipDimension!], $interval: TimeInterval) {
  ${scoped('partnershipAggregate(from: $from, to: $to, groupBy: $groupBy, interval: $interval) { ...ExportPartnership }')}
}
fragment ExportPartnershipMeasures on PartnershipMeasures { ${PARTNERSHIP_MEASURES.join(' ')} contributedValue { amount currency } }
fragment ExportPartnershipPerCapita on PartnershipPerCapitaMeasures { ${PARTNERSHIP_PER_CAPITA.join(' ')} }
fragment ExportPartnership on PartnershipAggregate {
  totals { ...ExportPartnershipMeasures }
  perCapita { ...ExportPartnershipPerCapita }
  groups { key { branch { code } partnerType status serviceArea agreementType period } measures { ...ExportPartnershipMeasures } perCapita { ...ExportPartnershipPerCapita } }
}`,
  variables: (p) => ({ ...scopeVariables(p), from: startOf(p.from), to: dayAfter(p.to), groupBy: p.groupBy, interval: p.interval }),
  table: (r, p) => aggregateTable(parentOf(r)?.partnershipAggregate as Record<string, unknown> | null, p.groupBy, [...PARTNERSHIP_MEASURES.map((m) => num(`measures.${m}`)), ...perCapitaColumns(PARTNERSHIP_PER_CAPITA)], moneyColumns),
};

const plsProgramReport: StoredOperation = {
  name: 'pls-program-report',
  title: 'IMLS Public Libraries Survey: program items',
  operationName: 'ExportPlsProgramReport',
  accepts: [],
  lookupBranchId: true,
  // A branch's report is Query.plsProgramReport(branchIds: [id]); systems and consortia have their own field.
  document: `query ExportPlsProgramReport(${SCOPE_VARS_NO_BRANCH}, $branchIds: [ID!]!, $from: Date!, $to: Date!) {
  plsProgramReport(branchIds: $branchIds, from: $from, to: $to) @include(if: $isBranch) { ...ExportPls }
  librarySystem(code: $system) @include(if: $isSystem) { plsProgramReport(from: $from, to: $to) { ...ExportPls } }
  consortium(code: $consortium) @include(if: $isConsortium) { plsProgramReport(from: $from, to: $to) { ...ExportPls } }
}
fragment ExportPls on PlsProgramReport { from to rows { item element label value } }`,
  variables: (p) => {
    const { branch: _branch, ...scope } = scopeVariables(p);
    return { ...scope, branchIds: p.branchId ? [p.branchId] : [], from: p.from, to: p.to };
  },
  table: (r) => {
    const report = (r.plsProgramReport ?? parentOf(r)?.plsProgramReport ?? null) as { from: string; to: string; rows: Record<string, unknown>[] } | null;
    const columns: Column[] = [{ name: 'from', type: 'date' }, { name: 'to', type: 'date' }, { name: 'rows.item', type: 'string' }, { name: 'rows.element', type: 'string' }, { name: 'rows.label', type: 'string' }, num('rows.value')];
    return { columns, rows: (report?.rows ?? []).map((row) => [report!.from, report!.to, row.item, row.element, row.label, row.value]) };
  },
};

const SHARE_FIELDS = 'key label count share suppressed';
const BREAKDOWNS = ['ageBands', 'raceEthnicity', 'languagesSpokenAtHome'];

const participation: StoredOperation = {
  name: 'participation',
  title: 'Self-reported demographics of program participants',
  operationName: 'ExportParticipation',
  accepts: [],
  document: `query ExportParticipation(${SCOPE_VARS}, $from: Date!, $to: Date!) {
  ${scoped(`participation(from: $from, to: $to) { from to respondentCount ${BREAKDOWNS.map((b) => `${b} { ${SHARE_FIELDS} }`).join(' ')} }`)}
}`,
  variables: (p) => ({ ...scopeVariables(p), from: p.from, to: p.to }),
  table: (r) => {
    const profile = parentOf(r)?.participation as Record<string, unknown> | null;
    const columns: Column[] = [
      { name: 'from', type: 'date' }, { name: 'to', type: 'date' }, num('respondentCount'), { name: 'breakdown', type: 'string' },
      { name: 'key', type: 'string' }, { name: 'label', type: 'string' }, num('count'), num('share'), { name: 'suppressed', type: 'boolean' },
    ];
    const rows = profile === null ? [] : BREAKDOWNS.flatMap((b) => (profile[b] as Record<string, unknown>[]).map((s) => [
      profile.from, profile.to, profile.respondentCount, b, s.key, s.label, s.count, s.share, s.suppressed,
    ]));
    return { columns, rows };
  },
};

const GAP_FIELDS = ['dimension', 'key', 'communityShare', 'participantShare', 'representationIndex', 'suppressed'];

const representationGaps: StoredOperation = {
  name: 'representation-gaps',
  title: 'Representation of the community among program participants',
  operationName: 'ExportRepresentationGaps',
  accepts: ['year'],
  document: `query ExportRepresentationGaps(${SCOPE_VARS}, $from: Date!, $to: Date!, $year: Int) {
  ${scoped(`representationGaps(from: $from, to: $to, year: $year) { ${GAP_FIELDS.join(' ')} }`)}
}`,
  variables: (p) => ({ ...scopeVariables(p), from: p.from, to: p.to, year: p.year }),
  table: (r) => {
    const gaps = (parentOf(r)?.representationGaps ?? []) as Record<string, unknown>[];
    const columns: Column[] = [
      { name: 'dimension', type: 'string' }, { name: 'key', type: 'string' }, num('communityShare'), num('participantShare'), num('representationIndex'), { name: 'suppressed', type: 'boolean' },
    ];
    return { columns, rows: gaps.map((g) => GAP_FIELDS.map((f) => g[f])) };
  },
};

const PEER_FIELDS = ['servicePopulation', 'attendance', 'sessionCount', 'registrationCount', 'attendancePerCapita', 'sessionsPerThousand', 'registrationsPerCapita'];

const peerComparison: StoredOperation = {
  name: 'peer-comparison',
  title: "A branch's programs per resident among its peers",
  operationName: 'ExportPeerComparison',
  accepts: ['peerGroup'],
  scopes: ['branch'],
  document: `query ExportPeerComparison($branch: String!, $from: DateTime, $to: DateTime, $peerGroup: ID) {
  branch(code: $branch) { programPeerComparison(from: $from, to: $to, peerGroupId: $peerGroup) { ranking { branch { code } ${PEER_FIELDS.join(' ')} } } }
}`,
  variables: (p) => ({ branch: p.scope.code, from: startOf(p.from), to: dayAfter(p.to), peerGroup: p.peerGroup ?? null }),
  table: (r) => {
    const ranking = ((parentOf(r)?.programPeerComparison as { ranking?: Record<string, unknown>[] } | null)?.ranking ?? []);
    return {
      columns: [{ name: 'ranking.branch.code', type: 'string' }, ...PEER_FIELDS.map((f) => num(`ranking.${f}`))],
      rows: ranking.map((row) => [get(row, 'branch.code'), ...PEER_FIELDS.map((f) => row[f])]),
    };
  },
};

/** Every stored operation, by the name the URL uses. */
export const STORED_OPERATIONS: ReadonlyMap<string, StoredOperation> = new Map(
  [feedbackAggregate, programAggregate, partnershipAggregate, plsProgramReport, participation, representationGaps, peerComparison].map((o) => [o.name, o]),
);
