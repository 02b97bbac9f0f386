/**
 * What a list costs when it has no `first`: the declared size of every plain
 * list of objects in the API, one table (the equivalent of Federation's
 * `@listSize(assumedSize: …)`, kept at the gateway so that every subgraph's
 * lists are declared in one reviewed place). A test fails when the API gains
 * a list of objects that is not declared here.
 *
 * The sizes are what one deployment — a regional consortium — typically
 * holds (the demo consortium: 1 consortium, 3 library systems, 12 branches).
 * None of these lists grows with what a caller asks for: their length is
 * set by the directory and by staff, not by arguments, so an assumed typical
 * size prices them honestly. Everything a caller controls (`first`, aliases,
 * `groupBy`, date ranges and intervals, filter id lists) is priced exactly.
 */
export const LIST_SIZES: Readonly<Record<string, number>> = {
  // the directory
  'Query.consortia': 1, // one deployment serves one regional consortium (a few at most)
  'Consortium.systems': 4, // library systems per consortium (demo: 3)
  'Consortium.branches': 15, // branches per consortium (demo: 12)
  'LibrarySystem.branches': 5, // branches per library system (demo: 4 on average)
  'Consortium.peerGroups': 20, // named peer groups per consortium (at most 20, enforced on create)
  'Branch.peerGroups': 20, // the named groups one branch belongs to (at most its consortium's 20)
  'PeerGroup.branches': 30, // branches in one named peer group (2 to 30, enforced on every write)
  // feedback
  'Feedback.responses': 2, // staff responses per feedback item: acknowledgement, resolution (demo: 0.45 on average, at most 2)
  'FeedbackModeration.actions': 5, // moderation actions on one item: a hold, a show or hide, a merge (demo: 0)
  'CommunityDiscussion.feedback': 6, // feedback items linked to one discussion (demo: 4.6, at most 6)
  'Branch.needsAssessments': 3, // needs assessments per branch, about one every few years (demo: 2)
  'NeedsAssessment.findings': 5, // findings per assessment (demo: 3.4, at most 5)
  // partners
  'Branch.partnerships': 10, // partnerships of one branch (demo: 4.75, at most 9)
  'Program.partnerships': 1, // partnerships behind one program (demo: 0.2, at most 1)
  'Partner.partnerships': 2, // partnerships of one partner (demo: 1.3, at most 2)
  'Partner.contacts': 2, // contacts of one partner organization (demo: 1.2, at most 2)
  'Partnership.branches': 3, // branches in one partnership (demo: 2.8, at most 4)
  'Partnership.programs': 3, // programs linked to one partnership (demo: 1.3, at most 3)
  'Partnership.contributions': 12, // contributions recorded for one partnership (demo: 11.7)
  // diversity metrics
  'Branch.communityProfiles': 5, // census profiles of a service area, one per year (demo: 3)
  'Branch.peers': 12, // branches in one population band (demo: at most 5)
  'ProgramPeerComparison.ranking': 30, // a population band (demo: at most 5) or a named peer group (at most 30)
  'Branch.representationGaps': 20, // one per census category of the three dimensions (demo: 19)
  'Consortium.representationGaps': 20,
  'ImportCommunityProfilesPayload.rows': 5000, // the problems found in one imported batch of an ACS table: about one per rejected geography, at most 5,000 rows a request
  'LibrarySystem.representationGaps': 20,
  // programs
  'PlsProgramReport.rows': 20, // the IMLS Public Libraries Survey program items
  'SeriesRegistrationPayload.registrations': 500, // one per upcoming occurrence of a series (at most 500 occurrences)
  'ScheduleSessionsPayload.sessions': 500, // the sessions created at once (1 to 500)
  'ImportEventsPayload.rows': 5000, // the problems found in one imported batch: about one per rejected row, at most 5,000 rows a request
  'ImportFeedbackPayload.rows': 5000, // the same for a batch of imported feedback
  'Program.offeredBy': 3, // branches that offer one program: its own, plus those it is shared with (at most 21; demo: 1)
};

/** A list of objects that is neither declared above nor a connection: a pessimistic bound. */
export const UNDECLARED_LIST_SIZE = 100;

/**
 * Small fixed lists bounded by the schema's enumerations (a payload's
 * `userErrors`, the breakdowns of a census profile, money amounts per
 * currency, accessibility features): count like a single object.
 */
export const SMALL_LIST_TYPES: ReadonlySet<string> = new Set(['UserError', 'Share', 'ShareChange', 'CollectionShare', 'Money', 'AccessibilityFeatureStatus']);

/**
 * Aggregates (fields with a `groupBy` argument whose type has `groups`).
 * An aggregate costs AGGREGATE_SCAN nodes for the rows its measures scan (a
 * consortium's worth of sessions or feedback, more than a page of 20 ids),
 * and its `groups` cost what they can return: the product of the sizes of
 * the grouped dimensions.
 */
export const AGGREGATE_SCAN = 25;

/**
 * Size of a dimension whose key is not an enumeration (enumerations count
 * their values; BRANCH counts the branches in scope; PERIOD the buckets of
 * the range).
 */
export const DIMENSION_SIZES: Readonly<Record<string, number>> = {
  LANGUAGE: 5, // languages feedback is written in (demo: English and Spanish)
};

/**
 * The date range an aggregate's PERIOD buckets cover, by aggregate field
 * name, as each subgraph resolves it: the arguments (paths into the field's
 * arguments) and the default span when they are absent. Spans are capped at
 * the subgraphs' own limits (10 years; 1 year with the DAY interval).
 */
export interface AggregateRange {
  from?: string[];
  to?: string[];
  /** Another spelling of the same ends (the aggregate's `from`/`to` beside a filter's own bounds); used when given. */
  fromAlt?: string[];
  toAlt?: string[];
  /** Days covered when neither end is given. */
  defaultDays: number;
  /** The same with the DAY interval. */
  dayDefaultDays: number;
  /** Longest range the subgraph accepts (longer ones are refused there). */
  maxDays: number;
  /** The same with the DAY interval. */
  dayMaxDays: number;
}

const TEN_YEARS = 3653;
const ONE_YEAR = 366;

export const AGGREGATE_RANGES: Readonly<Record<string, AggregateRange>> = {
  // programs: `from`/`to`; absent, the year up to `to` (or now)
  programAggregate: { from: ['from'], to: ['to'], defaultDays: 365, dayDefaultDays: 365, maxDays: TEN_YEARS, dayMaxDays: ONE_YEAR },
  // feedback: `from`/`to` or `filter.submittedFrom`/`submittedTo`; absent, 10 years up to now (1 year with DAY)
  feedbackAggregate: { from: ['filter', 'submittedFrom'], to: ['filter', 'submittedTo'], fromAlt: ['from'], toAlt: ['to'], defaultDays: TEN_YEARS, dayDefaultDays: ONE_YEAR, maxDays: TEN_YEARS, dayMaxDays: ONE_YEAR },
  // partnerships: by start date, no range argument: as many buckets as ten years hold
  partnershipAggregate: { defaultDays: TEN_YEARS, dayDefaultDays: TEN_YEARS, maxDays: TEN_YEARS, dayMaxDays: TEN_YEARS },
};

/** An aggregate not declared above: the longest range any subgraph accepts. */
export const UNDECLARED_RANGE: AggregateRange = { defaultDays: TEN_YEARS, dayDefaultDays: TEN_YEARS, maxDays: TEN_YEARS, dayMaxDays: TEN_YEARS };
