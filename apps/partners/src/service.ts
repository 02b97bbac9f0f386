import { randomUUID } from 'node:crypto';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { isAdmin, type Viewer } from '@ceg/auth';
import {
  badUserInput, checkFirst, decodeCursor, encodeCursor, failed, forbidden, InputCheck, isId, MAX_FILTER_IDS, type MutationResult,
  type ServiceArea, succeeded, toConnection, UserErrorCode,
} from '@ceg/conventions';
import { DirectoryUnavailable, directoryUnavailableError, groupByKey, ReferenceCheck, rowById, rowsOf, type SubgraphContext } from '@ceg/kit';
import { applyKeyset, isUniqueViolation } from '@ceg/persistence';
import {
  ContributionRow, PartnerContactRow, PartnerRow, PartnershipBranchRow, PartnershipProgramRow, PartnershipRow, PartnershipServiceAreaRow,
  type PartnershipStatusValue,
} from './entities';
import { applyPartnerFilter, applyPartnershipFilter, PARTNER_ORDER, PARTNERSHIP_ORDER } from './filters';
import { calendarDate, partnershipFromRaw, toContact, toContribution, toPartner, toPartnership } from './mapping';
import { asBigInt, emptyValueSums, toCents, toHundredths, type ValueSums } from './money';

import {
  canManagePartnership, canReadPartnership, canSeeContacts, canSeeContributions, canTransition, MAX_CONTACTS, MAX_GOALS, MAX_HOURS,
  partnershipScopeSql, PHONE, requirePartnerWriter,
} from './policy';
import {
  Contribution, ContributionKind, Partner, Partnership, PartnerContact, type CreatePartnerInput, type CreatePartnershipInput, type PartnerFilter,
  type PartnershipFilter, type PartnershipStatus, type RecordContributionInput,
} from './types';

export type Result<T> = MutationResult<T>;

/**
 * The partners domain's rules: validation, authorization and the visibility
 * policy (policy.ts) on every read. Lookups by id and every to-many field go
 * through per-request DataLoaders.
 */
export class PartnersService {
  constructor(private readonly ctx: SubgraphContext) {}

  private get em(): EntityManager {
    return this.ctx.db.manager;
  }

  private get viewer(): Viewer {
    return this.ctx.viewer;
  }

  // ------------------------------------------------------------------ partners (public)

  private partnerRow(id: string): Promise<PartnerRow | null> {
    return rowById(this.ctx, PartnerRow, id);
  }

  async partner(id: string): Promise<Partner | null> {
    if (!isId(id)) return null;
    const row = await this.partnerRow(id);
    return row && toPartner(row);
  }

  private partnerQuery(filter: PartnerFilter | null | undefined): SelectQueryBuilder<PartnerRow> {
    const qb = this.em.createQueryBuilder(PartnerRow, 'pa');
    applyPartnerFilter(qb, filter);
    return qb;
  }


  /** Partners by name: one page plus a lazily counted total. */
  async partners(filter: PartnerFilter | null | undefined, firstArg: number | null | undefined, afterArg: string | null | undefined) {
    const first = checkFirst(firstArg);
    const after = decodeCursor(afterArg, 2);
    const rows = await applyKeyset(this.partnerQuery(filter), PARTNER_ORDER, after, first + 1).getMany();
    return toConnection(rows.map(toPartner), first, (p) => encodeCursor([p.name, p.id]), () => this.partnerQuery(filter).getCount(), after !== null);
  }

  /** Partner.contacts: STAFF, ANALYST and ADMIN; empty for everyone else. */
  async contacts(partnerId: string): Promise<PartnerContact[]> {
    if (!canSeeContacts(this.viewer)) return [];
    return (await rowsOf(this.ctx, PartnerContactRow, 'partnerId', partnerId, { position: 'ASC' })).map(toContact);
  }


  // ------------------------------------------------------------------ partnerships (policy)

  private partnershipRow(id: string): Promise<PartnershipRow | null> {
    return rowById(this.ctx, PartnershipRow, id);
  }

  /** A partnership, or null when it does not exist or the viewer may not see it (the same answer). */
  async partnership(id: string): Promise<Partnership | null> {
    if (!isId(id)) return null;
    const row = await this.partnershipRow(id);
    return row && canReadPartnership(this.viewer, row) ? toPartnership(row) : null;
  }

  /** Partnerships the viewer may see, filtered: the base of every partnership read. */
  visibleQuery(filter: PartnershipFilter | null | undefined, viewer: Viewer = this.viewer): SelectQueryBuilder<PartnershipRow> {
    const qb = this.em.createQueryBuilder(PartnershipRow, 'p');
    const vis = partnershipScopeSql(viewer, 'p');
    if (vis) qb.andWhere(vis.sql, vis.params);
    applyPartnershipFilter(qb, filter);
    return qb;
  }

  /** Query.partnerships: newest first, one page plus a lazily counted total, both under the policy. */
  async partnerships(filter: PartnershipFilter | null | undefined, firstArg: number | null | undefined, afterArg: string | null | undefined) {
    const first = checkFirst(firstArg);
    const values = decodeCursor(afterArg, 3);
    let after: unknown[] | null = null;
    if (values) {
      const at = new Date(String(values[0]));
      if (Number.isNaN(at.getTime())) throw badUserInput('`after` is not a cursor of this list', { argumentName: 'after' });
      after = [at, values[1]];
    }
    const rows = await applyKeyset(this.visibleQuery(filter), PARTNERSHIP_ORDER, after, first + 1).getMany();
    return this.connectionOf(rows, first, filter, after !== null);
  }

  private connectionOf(rows: PartnershipRow[], first: number, filter: PartnershipFilter | null | undefined, hasPrevious: boolean) {
    const byId = new Map(rows.map((r) => [r.id, r]));
    return toConnection(
      rows.map(toPartnership),
      first,
      (p) => encodeCursor([new Date(byId.get(p.id)!.createdAt).toISOString(), p.id, 'p']),
      () => this.visibleQuery(filter).getCount(),
      hasPrevious,
    );
  }

  /**
   * Partner.partnerships, Branch.partnerships and Program.partnerships,
   * batched per request: every parent asked for with the same filter is
   * answered by one statement, under the policy. Newest first.
   */
  async partnershipsOf(kind: 'partner' | 'branch' | 'program', parentId: string, filter?: PartnershipFilter | null): Promise<Partnership[]> {
    const loader = this.ctx.loaders.get<string, Partnership[]>(`partnershipsOf:${JSON.stringify([kind, filter ?? null])}`, async (parents) => {
      const qb = this.visibleQuery(filter);
      if (kind === 'partner') {
        qb.andWhere('p.partnerId IN (:...ofParents)', { ofParents: [...parents] });
        PARTNERSHIP_ORDER.forEach((k, i) => (i === 0 ? qb.orderBy(k.expr, k.direction) : qb.addOrderBy(k.expr, k.direction)));
        const rows = await qb.getMany();
        return groupByKey(parents, rows, (r) => r.partnerId).map((list) => list.map(toPartnership));
      }
      const link = kind === 'branch' ? { entity: PartnershipBranchRow, column: 'branchId' } : { entity: PartnershipProgramRow, column: 'programId' };
      qb.innerJoin(link.entity, 'link', `link.partnershipId = p.id AND link.${link.column} IN (:...ofParents)`, { ofParents: [...parents] })
        .select('p')
        .addSelect(`link.${link.column}`, 'parentKey');
      PARTNERSHIP_ORDER.forEach((k, i) => (i === 0 ? qb.orderBy(k.expr, k.direction) : qb.addOrderBy(k.expr, k.direction)));
      const raw = await qb.getRawMany<Record<string, unknown>>();
      return groupByKey(parents, raw, (r) => String(r.parentKey)).map((list) => list.map(partnershipFromRaw));
    });
    if (kind !== 'partner' && !isId(parentId)) return [];
    return loader.load(parentId);
  }

  partnerOf(p: Partnership): Promise<Partner | null> {
    return this.partner(p.partnerId);
  }

  /** Partnership.branches as references, batched. */
  async branchIdsOf(partnershipId: string): Promise<string[]> {
    return (await rowsOf(this.ctx, PartnershipBranchRow, 'partnershipId', partnershipId, { branchId: 'ASC' })).map((r) => r.branchId);
  }


  /** Partnership.programs as references, in the order they were linked, batched. */
  async programIdsOf(partnershipId: string): Promise<string[]> {
    return (await rowsOf(this.ctx, PartnershipProgramRow, 'partnershipId', partnershipId, { linkedAt: 'ASC', programId: 'ASC' })).map((r) => r.programId);
  }

  /**
   * The linked programs the caller may see, as the programs subgraph decides
   * (asked through the directory client: batched per request, briefly
   * cached). A hidden program is left out, exactly as if it were not linked.
   * When programs cannot be asked, the field is an error (null) rather than
   * a guess.
   */
  async visibleProgramIdsOf(partnershipId: string): Promise<string[]> {
    const ids = await this.programIdsOf(partnershipId);
    try {
      const facts = await Promise.all(ids.map((id) => this.ctx.directory.program(this.ctx, id)));
      return ids.filter((_, i) => facts[i] !== null);
    } catch (e) {
      if (e instanceof DirectoryUnavailable) throw directoryUnavailableError(e);
      throw e;
    }
  }


  async serviceAreasOf(partnershipId: string): Promise<ServiceArea[]> {
    return (await rowsOf(this.ctx, PartnershipServiceAreaRow, 'partnershipId', partnershipId, { serviceArea: 'ASC' })).map((r) => r.serviceArea as ServiceArea);
  }


  /** Partnership.contributions: STAFF, ANALYST and ADMIN; empty for everyone else. Newest first. */
  async contributions(partnershipId: string): Promise<Contribution[]> {
    if (!canSeeContributions(this.viewer)) return [];
    const rows = await rowsOf(this.ctx, ContributionRow, 'partnershipId', partnershipId, { contributedOn: 'DESC', createdAt: 'DESC', id: 'DESC' });
    return rows.map(toContribution);
  }


  /**
   * contributedValue and volunteerHours of a partnership: summed by the
   * database on integer cents and hundredths (one GROUP BY for every
   * partnership of the request). Derived from contributions, so hidden like
   * them: empty and 0 for anonymous callers and patrons.
   */
  async valueSums(partnershipId: string): Promise<ValueSums> {
    if (!canSeeContributions(this.viewer)) return emptyValueSums();
    return this.ctx.loaders
      .get<string, ValueSums>('valueSumsOf', async (ids) => {
        const raw = await this.em.createQueryBuilder(ContributionRow, 'c')
          .select('c.partnershipId', 'partnershipId').addSelect('c.currency', 'currency')
          .addSelect('SUM(c.amountCents)', 'cents').addSelect('SUM(c.hoursCenti)', 'hours')
          .where('c.partnershipId IN (:...sumIds)', { sumIds: [...ids] })
          .groupBy('c.partnershipId').addGroupBy('c.currency')
          .getRawMany<{ partnershipId: string; currency: string | null; cents: unknown; hours: unknown }>();
        const map = new Map<string, ValueSums>();
        for (const r of raw) {
          const s = map.get(r.partnershipId) ?? emptyValueSums();
          if (r.currency && r.cents !== null && r.cents !== undefined) s.money.set(r.currency, (s.money.get(r.currency) ?? 0n) + asBigInt(r.cents));
          s.hoursCenti += asBigInt(r.hours);
          map.set(r.partnershipId, s);
        }
        return ids.map((id) => map.get(id) ?? emptyValueSums());
      })
      .load(partnershipId);
  }

  // ------------------------------------------------------------------ writes

  /** STAFF and ADMIN. Everything is validated before the partner and its contacts are written in one transaction. */
  async createPartner(input: CreatePartnerInput): Promise<Result<Partner>> {
    requirePartnerWriter(this.viewer);
    const check = new InputCheck();
    const name = check.text('name', input.name, { required: true, max: 200 });
    const description = check.text('description', input.description, { max: 10_000, multiline: true });
    const website = check.url('website', input.website);
    const serviceAreas = [...new Set(input.serviceAreas ?? [])];
    const contactsIn = input.contacts ?? [];
    if (contactsIn.length > MAX_CONTACTS) check.fail('contacts', UserErrorCode.INVALID, `at most ${MAX_CONTACTS} contacts`);
    const now = new Date();
    const partner = Object.assign(new PartnerRow(), {
      id: randomUUID(), name: name!, type: input.type, description, website, serviceAreas: JSON.stringify(serviceAreas), createdAt: now,
    });
    const contacts = contactsIn.slice(0, MAX_CONTACTS).map((c, i) => {
      const phone = check.text(['contacts', i, 'phone'], c.phone, { max: 40 });
      if (phone !== null && !PHONE.test(phone)) check.fail(['contacts', i, 'phone'], UserErrorCode.INVALID, 'phone may contain only digits, spaces and + ( ) - . /');
      return Object.assign(new PartnerContactRow(), {
        id: randomUUID(), partnerId: partner.id, position: i,
        name: check.text(['contacts', i, 'name'], c.name, { required: true, max: 200 })!,
        role: check.text(['contacts', i, 'role'], c.role, { max: 200 }),
        email: check.email(['contacts', i, 'email'], c.email),
        phone,
      });
    });
    if (!check.ok) return failed(check.errors);
    await this.ctx.db.transaction(async (em) => {
      await em.insert(PartnerRow, partner);
      if (contacts.length) await em.insert(PartnerContactRow, contacts);
    });
    this.ctx.log.info({ partnerId: partner.id }, 'partner created');
    return succeeded(toPartner(partner));
  }

  /** ADMIN, or STAFF when the partnership includes one of their branches. Starts PROPOSED. */
  async createPartnership(input: CreatePartnershipInput): Promise<Result<Partnership>> {
    requirePartnerWriter(this.viewer);
    const check = new InputCheck();
    // The branches are the libraries subgraph's: their form now, their existence once the rest is valid.
    const refs = new ReferenceCheck(this.ctx, check);
    const branchIds = [...new Set((input.branchIds ?? []).map((b) => b.trim().toLowerCase()))];
    if (branchIds.length === 0) check.fail('branchIds', UserErrorCode.REQUIRED, 'a partnership needs at least one branch');
    else if (branchIds.length > MAX_FILTER_IDS) check.fail('branchIds', UserErrorCode.INVALID, `at most ${MAX_FILTER_IDS} branches`);
    else branchIds.forEach((b, i) => refs.branch(['branchIds', i], b));
    if (check.ok && !canManagePartnership(this.viewer, branchIds)) throw forbidden('Staff may create partnerships only for their own branches.');
    const partnerId = input.partnerId.trim();
    const partner = isId(partnerId) ? await this.partnerRow(partnerId) : null;
    if (!partner) check.fail('partnerId', UserErrorCode.NOT_FOUND, 'No partner has this id');
    const title = check.text('title', input.title, { required: true, max: 200 });
    const goalsIn = input.sharedGoals ?? [];
    if (goalsIn.length > MAX_GOALS) check.fail('sharedGoals', UserErrorCode.INVALID, `at most ${MAX_GOALS} shared goals`);
    const goals: string[] = [];
    goalsIn.slice(0, MAX_GOALS).forEach((g, i) => {
      const t = check.text(['sharedGoals', i], g, { required: true, max: 200 });
      if (t !== null && !goals.includes(t)) goals.push(t);
    });
    const startsOn = check.date('startsOn', input.startsOn);
    const endsOn = check.date('endsOn', input.endsOn);
    if (startsOn && endsOn && endsOn < startsOn) check.fail('endsOn', UserErrorCode.INVALID, 'endsOn must not be before startsOn');
    if (!check.ok || !partner) return failed(check.errors);
    await refs.verify();
    if (!check.ok) return failed(check.errors);

    const now = new Date();
    const row = Object.assign(new PartnershipRow(), {
      id: randomUUID(), partnerId: partner.id, partnerType: partner.type, title: title!, sharedGoals: JSON.stringify(goals),
      status: 'PROPOSED' as PartnershipStatusValue, agreementType: input.agreementType, startsOn, endsOn, createdAt: now, updatedAt: now,
    });
    const areas = [...new Set(input.serviceAreas ?? [])];
    await this.ctx.db.transaction(async (em) => {
      await em.insert(PartnershipRow, row);
      await em.insert(PartnershipBranchRow, branchIds.map((branchId) => ({ partnershipId: row.id, branchId })));
      if (areas.length) await em.insert(PartnershipServiceAreaRow, areas.map((serviceArea) => ({ partnershipId: row.id, serviceArea })));
    });
    this.ctx.log.info({ partnershipId: row.id }, 'partnership created');
    return succeeded(toPartnership(row));
  }

  /**
   * The partnership a STAFF/ADMIN mutation acts on: NOT_FOUND unless visible,
   * FORBIDDEN unless it includes one of the STAFF caller's branches.
   */
  private async managedPartnership(partnershipId: string, check: InputCheck, field: string): Promise<PartnershipRow | null> {
    requirePartnerWriter(this.viewer);
    const id = partnershipId.trim();
    const row = isId(id) ? await this.em.findOneBy(PartnershipRow, { id }) : null;
    if (!row || !canReadPartnership(this.viewer, row)) {
      check.fail(field, UserErrorCode.NOT_FOUND, 'No partnership has this id');
      return null;
    }
    const branches = await this.em.findBy(PartnershipBranchRow, { partnershipId: row.id });
    if (!canManagePartnership(this.viewer, branches.map((b) => b.branchId))) throw forbidden('Only staff of a partnership\'s branches and admins may do this.');
    return row;
  }

  /**
   * A transition of the life cycle (policy.ts), applied only if the status is
   * still the one it was checked against. Becoming ACTIVE without a start
   * date sets it to today; ENDED without an end date sets it to today.
   */
  async updateStatus(partnershipId: string, status: PartnershipStatus): Promise<Result<Partnership>> {
    const check = new InputCheck([]);
    const row = await this.managedPartnership(partnershipId, check, 'partnershipId');
    if (!row) return failed(check.errors);
    const to = status as PartnershipStatusValue;
    if (!canTransition(row.status, to)) {
      check.fail('status', UserErrorCode.INVALID_TRANSITION, `A ${row.status} partnership cannot become ${to}`);
      return failed(check.errors);
    }
    const today = new Date().toISOString().slice(0, 10);
    const startsOn = calendarDate(row.startsOn);
    const endsOn = calendarDate(row.endsOn);
    const changes: Partial<PartnershipRow> = { status: to, updatedAt: new Date() };
    if (to === 'ACTIVE' && !startsOn) changes.startsOn = today;
    if (to === 'ENDED' && !endsOn) changes.endsOn = startsOn && startsOn > today ? startsOn : today;
    const res = await this.ctx.db.transaction((em) =>
      em.createQueryBuilder().update(PartnershipRow).set(changes).where('id = :id AND status = :from', { id: row.id, from: row.status }).execute());
    if (!res.affected) {
      check.fail('status', UserErrorCode.CONFLICT, 'The partnership changed meanwhile; read it again and retry');
      return failed(check.errors);
    }
    return succeeded(toPartnership(Object.assign(row, changes)));
  }

  /** Links a program (owned by the programs subgraph) to a partnership. Linking twice is a no-op. */
  async linkProgram(partnershipId: string, programId: string): Promise<Result<Partnership>> {
    const check = new InputCheck([]);
    const row = await this.managedPartnership(partnershipId, check, 'partnershipId');
    // The program is the programs subgraph's: it must exist and be visible to the caller there (its policy decides).
    const refs = new ReferenceCheck(this.ctx, check);
    const pid = refs.program('programId', programId);
    if (!row || !check.ok || !pid) return failed(check.errors);
    await refs.verify();
    if (!check.ok) return failed(check.errors);
    // A STAFF member links only their own branches' programs (a program they merely see elsewhere is not theirs to commit).
    const programBranch = refs.programFacts(pid)?.branchId;
    if (!isAdmin(this.viewer) && !(programBranch && this.viewer.branchIds.includes(programBranch))) {
      throw forbidden('Staff may link only programs of the branches they work for.');
    }
    const exists = await this.em.existsBy(PartnershipProgramRow, { partnershipId: row.id, programId: pid });
    if (!exists) {
      try {
        // The partnership row is locked first (the update), so that concurrent writes queue on it instead
        // of deadlocking on the foreign-key check's shared lock (MySQL).
        await this.ctx.db.transaction(async (em) => {
          await em.update(PartnershipRow, { id: row.id }, { updatedAt: new Date() });
          await em.insert(PartnershipProgramRow, { partnershipId: row.id, programId: pid, linkedAt: new Date() });
        });
      } catch (e) {
        if (!isUniqueViolation(e)) throw e; // a concurrent request linked it: the same outcome
      }
    }
    return succeeded(toPartnership(row));
  }

  /** Records what one side contributed. FUNDING needs a value, VOLUNTEER_TIME needs hours. */
  async recordContribution(input: RecordContributionInput): Promise<Result<Partnership>> {
    const check = new InputCheck();
    const row = await this.managedPartnership(input.partnershipId, check, 'partnershipId');
    const description = check.text('description', input.description, { required: true, max: 10_000, multiline: true });
    let cents: bigint | null = null;
    let currency: string | null = null;
    const money = check.money('value', input.value);
    if (money) {
      cents = toCents(money.amount);
      if (cents === null || cents <= 0n) check.fail(['value', 'amount'], UserErrorCode.INVALID, 'amount must be greater than 0');
      currency = money.currency;
    }
    let hoursCenti: number | null = null;
    if (input.hours !== null && input.hours !== undefined) {
      const h = check.number('hours', input.hours, { min: 0, max: MAX_HOURS });
      if (h !== null) {
        hoursCenti = toHundredths(h);
        if (hoursCenti === null || hoursCenti <= 0) check.fail('hours', UserErrorCode.INVALID, 'hours must be greater than 0, with at most 2 decimals');
      }
    }
    if (input.kind === ContributionKind.FUNDING && !input.value) check.fail('value', UserErrorCode.REQUIRED, 'a FUNDING contribution needs a value');
    if (input.kind === ContributionKind.VOLUNTEER_TIME && (input.hours === null || input.hours === undefined)) check.fail('hours', UserErrorCode.REQUIRED, 'a VOLUNTEER_TIME contribution needs hours');
    const contributedOn = check.date('contributedOn', input.contributedOn, { required: true });
    if (!row || !check.ok) return failed(check.errors);
    const contribution = Object.assign(new ContributionRow(), {
      id: randomUUID(), partnershipId: row.id, kind: input.kind, direction: input.direction, description: description!,
      amountCents: cents === null ? null : cents.toString(), currency, hoursCenti, contributedOn: contributedOn!, createdAt: new Date(),
    });
    // Partnership row first, then the insert: concurrent contributions queue instead of deadlocking (see linkProgram).
    await this.ctx.db.transaction(async (em) => {
      await em.update(PartnershipRow, { id: row.id }, { updatedAt: new Date() });
      await em.insert(ContributionRow, contribution);
    });
    this.ctx.log.info({ partnershipId: row.id, contributionId: contribution.id }, 'contribution recorded');
    return succeeded(toPartnership(row));
  }
}
