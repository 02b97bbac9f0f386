import { createHash, randomUUID } from 'node:crypto';
import { In, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { isAnonymous, type Viewer } from '@ceg/auth';
import { badUserInput, checkFirst, decodeCursor, encodeCursor, forbidden, InputCheck, isId, type MutationResult, toConnection, UserErrorCode } from '@ceg/conventions';
import { groupByKey, pagePerParent, ReferenceCheck, requireRole, rowById, type SubgraphContext } from '@ceg/kit';
import { applyKeyset, isUniqueViolation, retryingTransaction, takeSubmissionSlot } from '@ceg/persistence';
import {
  CommunityDiscussionRow, FeedbackModerationRow, FeedbackResponseRow, FeedbackRow, FeedbackVoteRow, NeedFindingRow, NeedsAssessmentRow, type FeedbackStatusValue, type ModerationStateValue,
} from './entities';
import { canManage, canRead, onPublicBoard, readScope, readScopeSql, type ReadScope } from './policy';
import { applyRollup, lockItem } from './rollup';
import { screen } from './screen';
import { insertFeedbackItems } from './store';
import { feedbackSearchText, orderBySearch } from './search';
import { detectLanguage, isLanguageTag, sentimentOf } from './text-analysis';
import {
  type RecordCommunityDiscussionInput, type RecordNeedsAssessmentInput, type RespondToFeedbackInput, type SubmitFeedbackInput, type UpdateFeedbackStatusInput,
} from './inputs';
import { type Feedback, FeedbackOrder, type FeedbackResponse, type FeedbackFilter } from './types';
import { applyFeedbackFilter, cursorOf, decodeFeedbackCursor, type FeedbackListArgs, ORDER_KEYS } from './filters';
import { toFeedback, toResponse } from './mapping';
import { checkNotify, notifyResponse, subscribeIn } from './notifications';
import { canTransition, timestampsFor } from './workflow';

export type Result<T> = MutationResult<T>;

/**
 * The feedback domain's rules: validation, authorization and the visibility
 * policy (policy.ts) on every read. Lookups by id go through per-request
 * DataLoaders.
 */
export class FeedbackService {
  constructor(private readonly ctx: SubgraphContext) {}

  private get em(): EntityManager {
    return this.ctx.db.manager;
  }

  private get viewer(): Viewer {
    return this.ctx.viewer;
  }

  private get scope(): ReadScope {
    return readScope(this.viewer);
  }

  // ------------------------------------------------------------------ reads

  private feedbackRowById = (id: string): Promise<FeedbackRow | null> => rowById(this.ctx, FeedbackRow, id);

  /** A feedback item, or null when it does not exist or the viewer may not see it (the same answer). */
  async feedback(id: string): Promise<Feedback | null> {
    const row = await this.feedbackRowById(id);
    return row && canRead(this.scope, row) ? toFeedback(row, this.viewer) : null;
  }

  private visibleQuery(filter: FeedbackFilter | null | undefined, fixed: { branchId?: string; programId?: string } = {}, onSearch?: (param: string) => void): SelectQueryBuilder<FeedbackRow> {
    const qb = this.em.createQueryBuilder(FeedbackRow, 'f');
    const vis = readScopeSql(this.scope, 'f');
    if (vis) qb.andWhere(vis.sql, vis.params);
    if (fixed.branchId !== undefined) qb.andWhere('f.branchId = :fixedBranch', { fixedBranch: fixed.branchId });
    if (fixed.programId !== undefined) qb.andWhere('f.relatedProgramId = :fixedProgram', { fixedProgram: fixed.programId });
    const search = applyFeedbackFilter(qb, filter);
    if (search && onSearch) onSearch(search);
    return qb;
  }

  /**
   * Ordered by relevance to `filter.search`, newest first among equals, paged
   * by position (a cursor is the position of the item after which the page
   * starts). SQLite: BM25 from the FTS5 table, joined; MySQL: the MATCH score.
   */
  private async listByRelevance(args: FeedbackListArgs, fixed: { branchId?: string; programId?: string }, first: number) {
    let param: string | null = null;
    const qb = this.visibleQuery(args.filter, fixed, (p) => (param = p));
    if (param === null) throw badUserInput('Ordering by RELEVANCE needs a `filter.search` with at least one word', { argumentName: 'orderBy' });
    const values = decodeCursor(args.after, 1);
    const offset = values === null ? 0 : Number(values[0]);
    if (!Number.isInteger(offset) || offset < 0 || offset > 100_000) throw badUserInput('`after` is not a cursor of this list', { argumentName: 'after' });
    orderBySearch(qb, param);
    const rows = await qb.addOrderBy('f.submittedAt', 'DESC').addOrderBy('f.id', 'DESC').offset(offset).limit(first + 1).getMany();
    const position = new Map(rows.map((r, i) => [r.id, offset + i + 1]));
    return toConnection(
      rows.map((r) => toFeedback(r, this.viewer)),
      first,
      (f) => encodeCursor([position.get(f.id)]),
      () => this.visibleQuery(args.filter, fixed).getCount(),
      offset > 0,
    );
  }

  /** feedbackItems, Branch.feedback and Program.feedback: one page plus a lazily counted total, both under the policy. */
  async list(args: FeedbackListArgs, fixed: { branchId?: string; programId?: string } = {}) {
    const first = checkFirst(args.first);
    const order = args.orderBy ?? FeedbackOrder.SUBMITTED_AT_DESC;
    if (order === FeedbackOrder.RELEVANCE) return this.listByRelevance(args, fixed, first);
    const after = decodeFeedbackCursor(order, args.after);
    const rows = await applyKeyset(this.visibleQuery(args.filter, fixed), ORDER_KEYS[order], after, first + 1).getMany();
    return toConnection(
      rows.map((r) => toFeedback(r, this.viewer)),
      first,
      (f) => cursorOf(order, f),
      () => this.visibleQuery(args.filter, fixed).getCount(),
      after !== null,
    );
  }

  /**
   * Branch.feedback and Program.feedback, batched per request: the pages of
   * every parent asked for with the same arguments come from one statement
   * (ROW_NUMBER() per parent), and their totalCounts from one GROUP BY.
   */
  async listOf(kind: 'branch' | 'program', parentId: string, args: FeedbackListArgs) {
    const first = checkFirst(args.first);
    const order = args.orderBy ?? FeedbackOrder.SUBMITTED_AT_DESC;
    // Ranked pages are per parent (one search, usually one branch per request).
    if (order === FeedbackOrder.RELEVANCE) return this.listByRelevance(args, kind === 'branch' ? { branchId: parentId } : { programId: parentId }, first);
    const after = decodeFeedbackCursor(order, args.after);
    const column = kind === 'branch' ? 'f.branchId' : 'f.relatedProgramId';
    const keyOf = (r: FeedbackRow) => (kind === 'branch' ? r.branchId : r.relatedProgramId!);
    const { rows, count } = await pagePerParent(this.ctx, {
      name: `feedbackOf:${kind}`, entity: FeedbackRow, alias: 'f', parentColumn: column, parentOf: keyOf,
      base: () => this.visibleQuery(args.filter), keys: ORDER_KEYS[order], cursor: after, first,
      argsKey: [args.filter ?? null, first, args.after ?? null, order], countKey: [args.filter ?? null],
    }, parentId);
    return toConnection(rows.map((r) => toFeedback(r, this.viewer)), first, (f) => cursorOf(order, f), count, after !== null);
  }

  /** Responses of an item, batched: PUBLIC for everyone who sees the item, INTERNAL only where the policy allows. */
  async responses(f: Feedback): Promise<FeedbackResponse[]> {
    const rows = await this.ctx.loaders
      .get<string, FeedbackResponseRow[]>('responsesOf', async (ids) =>
        groupByKey(ids, await this.em.find(FeedbackResponseRow, { where: { feedbackId: In([...ids]) }, order: { createdAt: 'ASC', id: 'ASC' } }), (r) => r.feedbackId))
      .load(f.id);
    return rows.filter((r) => r.visibility === 'PUBLIC' || f.canSeeInternal).map(toResponse);
  }

  /** CommunityDiscussion.feedback, batched, under the policy. */
  async discussionFeedback(discussionId: string): Promise<Feedback[]> {
    const rows = await this.ctx.loaders
      .get<string, FeedbackRow[]>('feedbackOfDiscussion', async (ids) => {
        const qb = this.visibleQuery(null).andWhere('f.discussionId IN (:...discussionIds)', { discussionIds: [...ids] }).orderBy('f.submittedAt', 'ASC').addOrderBy('f.id', 'ASC');
        return groupByKey(ids, await qb.getMany(), (r) => r.discussionId!);
      })
      .load(discussionId);
    return rows.map((r) => toFeedback(r, this.viewer));
  }

  // Community discussions and needs assessments are public records of the library's work.

  discussion = (id: string): Promise<CommunityDiscussionRow | null> => rowById(this.ctx, CommunityDiscussionRow, id);
  assessment = (id: string): Promise<NeedsAssessmentRow | null> => rowById(this.ctx, NeedsAssessmentRow, id);

  async discussionsOfBranch(branchId: string, firstArg: number | null | undefined): Promise<CommunityDiscussionRow[]> {
    const first = checkFirst(firstArg);
    const rows = await this.ctx.loaders
      .get<string, CommunityDiscussionRow[]>('discussionsOfBranch', async (ids) =>
        groupByKey(ids, await this.em.find(CommunityDiscussionRow, { where: { branchId: In([...ids]) }, order: { heldAt: 'DESC', id: 'DESC' } }), (r) => r.branchId))
      .load(branchId);
    return rows.slice(0, first);
  }

  assessmentsOfBranch(branchId: string): Promise<NeedsAssessmentRow[]> {
    return this.ctx.loaders
      .get<string, NeedsAssessmentRow[]>('assessmentsOfBranch', async (ids) =>
        groupByKey(ids, await this.em.find(NeedsAssessmentRow, { where: { branchId: In([...ids]) }, order: { conductedOn: 'DESC', id: 'DESC' } }), (r) => r.branchId))
      .load(branchId);
  }

  findings(assessmentId: string): Promise<NeedFindingRow[]> {
    return this.ctx.loaders
      .get<string, NeedFindingRow[]>('findingsOf', async (ids) =>
        groupByKey(ids, await this.em.find(NeedFindingRow, { where: { assessmentId: In([...ids]) }, order: { position: 'ASC' } }), (r) => r.assessmentId))
      .load(assessmentId);
  }

  // ------------------------------------------------------------------ writes

  /**
   * Anyone may submit. Everything is validated before anything is written; an
   * idempotency key (per caller) yields the same single item, also when
   * requests race (a unique constraint decides); anonymous callers are
   * rate-limited per client.
   */
  async submit(input: SubmitFeedbackInput, clientKey: string): Promise<Result<Feedback>> {
    const v = this.viewer;
    const check = new InputCheck();
    // Branch and program belong to other subgraphs: their form now, their existence (for this caller) below.
    const refs = new ReferenceCheck(this.ctx, check);
    const branchId = refs.branch('branchId', input.branchId ?? '') ?? '';
    const subject = check.text('subject', input.subject, { required: true, max: 200 });
    const body = check.text('body', input.body, { required: true, max: 5000, multiline: true });
    const rating = check.int('rating', input.rating, { min: 1, max: 5 });
    let language = check.text('language', input.language, { max: 35 });
    if (language !== null && !isLanguageTag(language)) {
      check.fail('language', UserErrorCode.INVALID, 'language must be a BCP-47 tag such as en or es-MX');
      language = null;
    }
    const tags = check.tags('tags', input.tags);
    const c = input.contact;
    const contactName = c ? check.text(['contact', 'name'], c.name, { max: 200 }) : null;
    const contactEmail = c ? check.email(['contact', 'email'], c.email) : null;
    const contactPhone = c ? check.text(['contact', 'phone'], c.phone, { max: 40 }) : null;
    if (contactPhone !== null && !/^[+0-9 ().\-/x]{3,40}$/i.test(contactPhone)) check.fail(['contact', 'phone'], UserErrorCode.INVALID, 'phone may contain only digits, spaces and + ( ) - . /');
    const relatedProgramId = refs.program('relatedProgramId', input.relatedProgramId);
    const idempotencyKey = check.text('idempotencyKey', input.idempotencyKey, { max: 100 });
    const notify = checkNotify(check, input.notifyOnResponse, { email: contactEmail, signedIn: !isAnonymous(v) });
    if (!check.ok) return { value: null, userErrors: check.errors };

    // Signed-in callers are keyed by their `sub`. Anonymous callers by their
    // client, and their idempotency scope also by the submitted text, so that
    // two anonymous people who pick the same key never see each other's item.
    const rateKey = isAnonymous(v) ? `anon:${clientKey}` : `sub:${v.sub}`;
    const idempotencyScope = idempotencyKey === null
      ? null
      : isAnonymous(v)
        ? `${rateKey}:${createHash('sha256').update(`${branchId}\n${subject}\n${body}`).digest('hex').slice(0, 32)}`.slice(0, 220)
        : rateKey.slice(0, 220);

    if (idempotencyKey !== null) {
      const existing = await this.em.findOneBy(FeedbackRow, { idempotencyScope: idempotencyScope!, idempotencyKey });
      if (existing) return { value: toFeedback(existing, v, { asSubmitter: true }), userErrors: [] };
    }
    // Nothing is stored against a branch or program that does not exist or that the caller may not see.
    await refs.verify();
    if (!check.ok) return { value: null, userErrors: check.errors };
    if (isAnonymous(v)) {
      // The one per-client limit of anonymous submissions (libs/persistence/src/submission-limit.ts).
      const limit = this.ctx.settings.anonymousRatePerHour;
      if (!(await takeSubmissionSlot(this.ctx.db, { scope: 'feedback', client: rateKey, limit }))) {
        check.fail(null, UserErrorCode.LIMIT_REACHED, `Too many anonymous submissions from this client: at most ${limit} per hour. Please try again later or sign in.`);
        return { value: null, userErrors: check.errors };
      }
    }

    const text = `${subject}\n${body}`;
    const lang = language ?? detectLanguage(text);
    const sentiment = sentimentOf(text, lang);
    const isPublic = input.isPublic ?? false;
    // The public board shows nothing the automatic screen has not passed (RULES.md §8).
    const flags = isPublic ? screen({ subject: subject!, body: body!, tags, rating, sentiment }) : [];
    const moderationState: ModerationStateValue = !isPublic ? 'NOT_PUBLIC' : flags.length ? 'HELD' : 'PUBLISHED';
    const row = Object.assign(new FeedbackRow(), {
      id: randomUUID(),
      branchId,
      channel: input.channel,
      category: input.category,
      subject: subject!,
      body: body!,
      rating,
      language: lang,
      sentiment,
      status: 'RECEIVED' as FeedbackStatusValue,
      isPublic,
      voteCount: 0,
      tags: JSON.stringify(tags),
      submittedAt: new Date(),
      acknowledgedAt: null,
      resolvedAt: null,
      contactName,
      contactEmail,
      contactPhone,
      relatedProgramId,
      discussionId: null,
      submitterSub: v.sub,
      rateKey: rateKey.slice(0, 220),
      idempotencyScope,
      idempotencyKey,
      moderationState,
      screenFlags: flags.join(','),
      mergedIntoId: null,
      searchText: feedbackSearchText(subject!, body!, tags),
    });
    try {
      await retryingTransaction(this.ctx.db, async (em) => {
        // The one way items are stored (store.ts), also by the import.
        await insertFeedbackItems(em, [row]);
        await subscribeIn(em, row, notify);
      });
    } catch (e) {
      if (!isUniqueViolation(e) || idempotencyKey === null) throw e;
      // A concurrent request with the same key won: return its item.
      const winner = await this.em.findOneBy(FeedbackRow, { idempotencyScope: idempotencyScope!, idempotencyKey });
      if (!winner) throw e;
      return { value: toFeedback(winner, v, { asSubmitter: true }), userErrors: [] };
    }
    this.ctx.log.info({ feedbackId: row.id, branchId, moderationState }, 'feedback submitted');
    return { value: toFeedback(row, v, { asSubmitter: true }), userErrors: [] };
  }

  /** The item a STAFF/ADMIN mutation acts on: NOT_FOUND unless visible, FORBIDDEN unless managed by the viewer. */
  async managedItem(feedbackId: string, check: InputCheck, field = 'feedbackId'): Promise<FeedbackRow | null> {
    requireRole(this.viewer, 'STAFF', 'ADMIN');
    const row = isId(feedbackId) ? await this.em.findOneBy(FeedbackRow, { id: feedbackId }) : null;
    if (!row || !canRead(this.scope, row)) {
      check.fail(field, UserErrorCode.NOT_FOUND, 'No feedback item has this id');
      return null;
    }
    if (!canManage(this.viewer, row.branchId)) throw forbidden('Only staff of the branch and admins may do this.');
    return row;
  }

  authorName(): string {
    return this.viewer.name?.trim().slice(0, 200) || 'Library staff';
  }

  async respond(input: RespondToFeedbackInput): Promise<Result<Feedback>> {
    const check = new InputCheck();
    const row = await this.managedItem(input.feedbackId, check);
    const body = check.text('body', input.body, { required: true, max: 5000, multiline: true });
    if (!check.ok || !row) return { value: null, userErrors: check.errors };
    const response = {
      id: randomUUID(), feedbackId: row.id, body: body!, visibility: input.visibility, authorName: this.authorName(), authorSub: this.viewer.sub, createdAt: new Date(),
    };
    await this.ctx.db.transaction(async (em) => {
      await em.insert(FeedbackResponseRow, response);
      await notifyResponse(em, row, response);
    });
    return { value: toFeedback(row, this.viewer), userErrors: [] };
  }

  /** A transition of the workflow, applied only if the status is still the one it was checked against. */
  async updateStatus(input: UpdateFeedbackStatusInput): Promise<Result<Feedback>> {
    const check = new InputCheck();
    const row = await this.managedItem(input.feedbackId, check);
    const note = check.text('note', input.note, { max: 5000, multiline: true });
    if (!check.ok || !row) return { value: null, userErrors: check.errors };
    const to = input.status as FeedbackStatusValue;
    if (!canTransition(row.status, to)) {
      check.fail('status', UserErrorCode.INVALID_TRANSITION, `A ${row.status} item cannot become ${to}`);
      return { value: null, userErrors: check.errors };
    }
    const now = new Date();
    // Declining an item held for review is the review's answer: it stays off the public board (RULES.md §8).
    const hide = to === 'DECLINED' && row.moderationState === 'HELD';
    const moderation = hide ? { moderationState: 'HIDDEN' as ModerationStateValue } : {};
    let stamps = timestampsFor(row, to, now);
    const changed = await retryingTransaction(this.ctx.db, async (em) => {
      // Read again under the row lock: the rollup moves the item's contribution as it is now.
      const current = await lockItem(em, row.id);
      if (!current || current.status !== row.status || current.moderationState !== row.moderationState) return false;
      stamps = timestampsFor(current, to, now);
      await em.createQueryBuilder().update(FeedbackRow).set({ status: to, ...stamps, ...moderation }).where('id = :id', { id: row.id }).execute();
      await applyRollup(em, current, { ...current, status: to, ...stamps, ...moderation });
      if (hide) {
        await em.insert(FeedbackModerationRow, {
          id: randomUUID(), feedbackId: row.id, action: 'DECLINED', fromState: 'HELD', toState: 'HIDDEN', reason: note ?? 'Declined while held for review',
          actorSub: this.viewer.sub, actorName: this.authorName(), relatedFeedbackId: null, createdAt: now,
        });
      }
      if (note) {
        await em.insert(FeedbackResponseRow, {
          id: randomUUID(), feedbackId: row.id, body: note, visibility: 'INTERNAL', authorName: this.authorName(), authorSub: this.viewer.sub, createdAt: now,
        });
      }
      return true;
    });
    if (!changed) {
      check.fail('status', UserErrorCode.CONFLICT, 'The item changed meanwhile; read it again and retry');
      return { value: null, userErrors: check.errors };
    }
    return { value: toFeedback(Object.assign(row, { status: to }, stamps, moderation), this.viewer), userErrors: [] };
  }

  /**
   * One vote per patron per item, public items only. The vote table's primary
   * key decides under concurrency; the count is raised first in the same
   * transaction, so a losing duplicate rolls both back.
   */
  async vote(feedbackId: string): Promise<Result<Feedback>> {
    requireRole(this.viewer, 'PATRON');
    const check = new InputCheck([]);
    const row = isId(feedbackId) ? await this.em.findOneBy(FeedbackRow, { id: feedbackId }) : null;
    if (!row || !canRead(this.scope, row)) {
      check.fail('feedbackId', UserErrorCode.NOT_FOUND, 'No feedback item has this id');
      return { value: null, userErrors: check.errors };
    }
    if (!onPublicBoard(row)) return this.notOnBoard(check);
    const patronId = this.viewer.sub!;
    if (await this.em.existsBy(FeedbackVoteRow, { feedbackId: row.id, patronId })) return this.alreadyVoted(row, check);
    try {
      const counted = await this.ctx.db.transaction(async (em) => {
        // Only while it is on the board: a merge or a hide that commits first wins.
        const res = await em.createQueryBuilder().update(FeedbackRow).set({ voteCount: () => 'voteCount + 1' })
          .where('id = :id AND isPublic = :pub AND moderationState = :published', { id: row.id, pub: true, published: 'PUBLISHED' }).execute();
        if (!res.affected) return false;
        await em.insert(FeedbackVoteRow, { feedbackId: row.id, patronId, createdAt: new Date() });
        return true;
      });
      if (!counted) return this.notOnBoard(check);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      return this.alreadyVoted(row, check);
    }
    const fresh = await this.em.findOneByOrFail(FeedbackRow, { id: row.id });
    return { value: toFeedback(fresh, this.viewer), userErrors: [] };
  }

  private notOnBoard(check: InputCheck): Result<Feedback> {
    check.fail('feedbackId', UserErrorCode.INVALID, 'Only items on the public board take votes');
    return { value: null, userErrors: check.errors };
  }

  private async alreadyVoted(row: FeedbackRow, check: InputCheck): Promise<Result<Feedback>> {
    check.fail('feedbackId', UserErrorCode.LIMIT_REACHED, 'You have already voted for this item');
    const fresh = await this.em.findOneByOrFail(FeedbackRow, { id: row.id });
    return { value: toFeedback(fresh, this.viewer), userErrors: check.errors };
  }

  private requireManager(branchId: string): void {
    requireRole(this.viewer, 'STAFF', 'ADMIN');
    if (!canManage(this.viewer, branchId)) throw forbidden('Only staff of the branch and admins may do this.');
  }

  async recordDiscussion(input: RecordCommunityDiscussionInput): Promise<Result<CommunityDiscussionRow>> {
    this.requireManager(input.branchId);
    const check = new InputCheck();
    const refs = new ReferenceCheck(this.ctx, check);
    const row = Object.assign(new CommunityDiscussionRow(), {
      id: randomUUID(),
      branchId: refs.branch('branchId', input.branchId)!,
      title: check.text('title', input.title, { required: true, max: 200 }),
      format: input.format,
      heldAt: check.instant('heldAt', input.heldAt, { required: true }),
      attendeeCount: check.int('attendeeCount', input.attendeeCount, { required: true, min: 0, max: 1_000_000 }),
      summary: check.text('summary', input.summary, { max: 10_000, multiline: true }),
      createdAt: new Date(),
    });
    if (!check.ok) return { value: null, userErrors: check.errors };
    await refs.verify();
    if (!check.ok) return { value: null, userErrors: check.errors };
    await this.ctx.db.transaction((em) => em.insert(CommunityDiscussionRow, row));
    return { value: row, userErrors: [] };
  }

  async recordAssessment(input: RecordNeedsAssessmentInput): Promise<Result<NeedsAssessmentRow>> {
    this.requireManager(input.branchId);
    const check = new InputCheck();
    const refs = new ReferenceCheck(this.ctx, check);
    const row = Object.assign(new NeedsAssessmentRow(), {
      id: randomUUID(),
      branchId: refs.branch('branchId', input.branchId)!,
      title: check.text('title', input.title, { required: true, max: 200 }),
      method: input.method,
      conductedOn: check.date('conductedOn', input.conductedOn, { required: true }),
      respondentCount: check.int('respondentCount', input.respondentCount, { required: true, min: 0, max: 10_000_000 }),
      createdAt: new Date(),
    });
    if (input.findings.length > 100) check.fail('findings', UserErrorCode.INVALID, 'at most 100 findings');
    const findings = input.findings.slice(0, 100).map((f, i) => Object.assign(new NeedFindingRow(), {
      id: randomUUID(),
      assessmentId: row.id,
      position: i,
      need: check.text(['findings', String(i), 'need'], f.need, { required: true, max: 200 }),
      serviceArea: f.serviceArea ?? null,
      priority: f.priority,
      evidence: check.text(['findings', String(i), 'evidence'], f.evidence, { max: 10_000, multiline: true }),
    }));
    if (!check.ok) return { value: null, userErrors: check.errors };
    await refs.verify();
    if (!check.ok) return { value: null, userErrors: check.errors };
    await this.ctx.db.transaction(async (em) => {
      await em.insert(NeedsAssessmentRow, row);
      if (findings.length) await em.insert(NeedFindingRow, findings);
    });
    return { value: row, userErrors: [] };
  }
}
