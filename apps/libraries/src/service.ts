import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import {
  badUserInput, checkFirst, decodeCursor, encodeCursor, InputCheck, isUuid, toConnection, UserErrorCode,
  type UserError, filterIds,
} from '@ceg/conventions';
import { byKey, groupByKey, requireRole, type SubgraphContext } from '@ceg/kit';
import { applyKeyset, containsPattern, distanceKm, isUniqueViolation, likeAny } from '@ceg/persistence';
import { BranchRow, ConsortiumRow, LibrarySystemRow, PeerGroupMemberRow, PeerGroupRow } from './entities';
import type { BranchFilter, CreateBranchInput, CreateConsortiumInput, CreateLibrarySystemInput, CreatePeerGroupInput, UpdatePeerGroupInput } from './types';
import { BAND_BOUNDS, Branch, Consortium, LibrarySystem, PEER_GROUP_LIMITS, PeerGroup, type PopulationBand } from './types';


export const toConsortium = (r: ConsortiumRow): Consortium => Object.assign(new Consortium(), { id: r.id, code: r.code, name: r.name, region: r.region });
export const toSystem = (r: LibrarySystemRow): LibrarySystem =>
  Object.assign(new LibrarySystem(), { id: r.id, code: r.code, name: r.name, consortiumId: r.consortiumId });
export const toBranch = (r: BranchRow): Branch =>
  Object.assign(new Branch(), {
    id: r.id,
    code: r.code,
    name: r.name,
    systemId: r.systemId,
    consortiumId: r.consortiumId,
    address: r.addressLine1 && r.city && r.country
      ? { line1: r.addressLine1, line2: r.addressLine2, city: r.city, region: r.region, postalCode: r.postalCode, country: r.country }
      : null,
    location: r.latitude !== null && r.longitude !== null ? { latitude: Number(r.latitude), longitude: Number(r.longitude) } : null,
    servicePopulation: r.servicePopulation,
    openedOn: r.openedOn,
  });

export const toPeerGroup = (r: PeerGroupRow): PeerGroup =>
  Object.assign(new PeerGroup(), { id: r.id, name: r.name, description: r.description, createdAt: r.createdAt, updatedAt: r.updatedAt, consortiumId: r.consortiumId });

/**
 * The directory's rules. Everything in it is public to read; only ADMIN
 * writes. All lookups go through per-request DataLoaders, so a request costs
 * one statement per kind of lookup, whatever the number of rows.
 */
export class DirectoryService {
  constructor(private readonly ctx: SubgraphContext) {}

  private get em() {
    return this.ctx.db.manager;
  }

  consortiumById(id: string) {
    return this.ctx.loaders
      .get<string, ConsortiumRow | null>('consortiumById', async (ids) => byKey(ids, await this.em.findBy(ConsortiumRow, { id: In([...ids]) }), (r) => r.id))
      .load(id);
  }

  systemById(id: string) {
    return this.ctx.loaders
      .get<string, LibrarySystemRow | null>('systemById', async (ids) => byKey(ids, await this.em.findBy(LibrarySystemRow, { id: In([...ids]) }), (r) => r.id))
      .load(id);
  }

  branchById(id: string) {
    return this.ctx.loaders
      .get<string, BranchRow | null>('branchById', async (ids) => byKey(ids, await this.em.findBy(BranchRow, { id: In([...ids]) }), (r) => r.id))
      .load(id);
  }

  systemsOfConsortium(consortiumId: string) {
    return this.ctx.loaders
      .get<string, LibrarySystemRow[]>('systemsOfConsortium', async (ids) =>
        groupByKey(ids, await this.em.find(LibrarySystemRow, { where: { consortiumId: In([...ids]) }, order: { name: 'ASC', id: 'ASC' } }), (r) => r.consortiumId))
      .load(consortiumId);
  }

  branchesOfConsortium(consortiumId: string) {
    return this.ctx.loaders
      .get<string, BranchRow[]>('branchesOfConsortium', async (ids) =>
        groupByKey(ids, await this.em.find(BranchRow, { where: { consortiumId: In([...ids]) }, order: { name: 'ASC', id: 'ASC' } }), (r) => r.consortiumId))
      .load(consortiumId);
  }

  branchesOfSystem(systemId: string) {
    return this.ctx.loaders
      .get<string, BranchRow[]>('branchesOfSystem', async (ids) =>
        groupByKey(ids, await this.em.find(BranchRow, { where: { systemId: In([...ids]) }, order: { name: 'ASC', id: 'ASC' } }), (r) => r.systemId))
      .load(systemId);
  }

  async consortia(): Promise<ConsortiumRow[]> {
    return this.em.find(ConsortiumRow, { order: { name: 'ASC', id: 'ASC' } });
  }

  async consortium(id?: string | null, code?: string | null): Promise<ConsortiumRow | null> {
    exactlyOne(id, code);
    if (id) return this.consortiumById(id);
    return this.em.findOneBy(ConsortiumRow, { code: code!.trim().toUpperCase() });
  }

  /** Every branch of the directory whose population is in the band (its peer group), by code; batched per request. */
  branchesInBand(band: PopulationBand) {
    return this.ctx.loaders
      .get<PopulationBand, BranchRow[]>('branchesInBand', (bands) =>
        // at most one statement per band (there are four), whatever the number of branches asked about
        Promise.all(bands.map((band) => {
          const [lo, hi] = BAND_BOUNDS[band];
          const qb = this.em.createQueryBuilder(BranchRow, 'b').where('b.servicePopulation >= :lo', { lo });
          if (hi !== null) qb.andWhere('b.servicePopulation < :hi', { hi });
          return qb.orderBy('b.code', 'ASC').getMany();
        })))
      .load(band);
  }

  peerGroupById(id: string) {
    return this.ctx.loaders
      .get<string, PeerGroupRow | null>('peerGroupById', async (ids) => {
        const valid = ids.filter((i) => isUuid(i));
        return byKey(ids, valid.length ? await this.em.findBy(PeerGroupRow, { id: In(valid) }) : [], (r) => r.id);
      })
      .load(id);
  }

  /** A consortium's named peer groups, by name; batched per request. */
  peerGroupsOfConsortium(consortiumId: string) {
    return this.ctx.loaders
      .get<string, PeerGroupRow[]>('peerGroupsOfConsortium', async (ids) =>
        groupByKey(ids, await this.em.find(PeerGroupRow, { where: { consortiumId: In([...ids]) }, order: { nameKey: 'ASC', id: 'ASC' } }), (r) => r.consortiumId))
      .load(consortiumId);
  }

  /** The named peer groups a branch belongs to, by name; batched per request. */
  peerGroupsOfBranch(branchId: string) {
    return this.ctx.loaders
      .get<string, PeerGroupRow[]>('peerGroupsOfBranch', async (ids) => {
        const members = await this.em.find(PeerGroupMemberRow, { where: { branchId: In([...ids]) } });
        const groups = members.length ? await this.em.find(PeerGroupRow, { where: { id: In([...new Set(members.map((m) => m.peerGroupId))]) }, order: { nameKey: 'ASC', id: 'ASC' } }) : [];
        return ids.map((b) => {
          const mine = new Set(members.filter((m) => m.branchId === b).map((m) => m.peerGroupId));
          return groups.filter((g) => mine.has(g.id));
        });
      })
      .load(branchId);
  }

  /** The branches of a named peer group, by code; batched per request. */
  branchesOfPeerGroup(peerGroupId: string) {
    return this.ctx.loaders
      .get<string, BranchRow[]>('branchesOfPeerGroup', async (ids) => {
        const members = await this.em.find(PeerGroupMemberRow, { where: { peerGroupId: In([...ids]) } });
        const branches = members.length ? await this.em.find(BranchRow, { where: { id: In([...new Set(members.map((m) => m.branchId))]) }, order: { code: 'ASC' } }) : [];
        return ids.map((g) => {
          const mine = new Set(members.filter((m) => m.peerGroupId === g).map((m) => m.branchId));
          return branches.filter((b) => mine.has(b.id));
        });
      })
      .load(peerGroupId);
  }

  async librarySystem(id?: string | null, code?: string | null): Promise<LibrarySystemRow | null> {
    exactlyOne(id, code);
    if (id) return this.systemById(id);
    return this.em.findOneBy(LibrarySystemRow, { code: code!.trim().toUpperCase() });
  }

  async branch(id?: string | null, code?: string | null): Promise<BranchRow | null> {
    exactlyOne(id, code);
    if (id) return this.branchById(id);
    return this.em.findOneBy(BranchRow, { code: code!.trim().toUpperCase() });
  }

  async branches(filter: BranchFilter | null | undefined, firstArg: number | null | undefined, after: string | null | undefined) {
    const first = checkFirst(firstArg);
    const cursor = decodeCursor(after, 1);
    const base = () => {
      const qb = this.em.createQueryBuilder(BranchRow, 'b');
      if (filter?.consortiumIds) qb.andWhere('b.consortiumId IN (:...consortiumIds)', { consortiumIds: filterIds(filter.consortiumIds, 'consortiumIds') });
      if (filter?.systemIds) qb.andWhere('b.systemId IN (:...systemIds)', { systemIds: filterIds(filter.systemIds, 'systemIds') });
      if (filter?.search !== undefined && filter.search !== null) {
        const s = filter.search.trim();
        if (s.length > 200) throw badUserInput('`search` must be at most 200 characters', { argumentName: 'filter.search' });
        if (s) qb.andWhere(likeAny(['b.name', 'b.code', 'b.city'], 'search'), { search: containsPattern(s) });
      }
      if (filter?.near) {
        const { latitude, longitude, radiusKm } = filter.near;
        if (!(Math.abs(latitude) <= 90) || !(Math.abs(longitude) <= 180) || !(radiusKm > 0 && radiusKm <= 20_000)) {
          throw badUserInput('`near` needs latitude within ±90, longitude within ±180 and radiusKm within (0, 20000]', { argumentName: 'filter.near' });
        }
        // A bounding box the (latitude, longitude) index can serve, then the exact great-circle distance.
        const dLat = radiusKm / 111.2;
        const cos = Math.cos((latitude * Math.PI) / 180);
        const dLon = cos > 1e-6 ? Math.min(180, radiusKm / (111.2 * cos)) : 180;
        qb.andWhere('b.latitude BETWEEN :minLat AND :maxLat', { minLat: latitude - dLat, maxLat: latitude + dLat });
        // (no longitude box when it would cross the antimeridian; the exact distance still decides)
        if (dLon < 180 && Math.abs(longitude) + dLon <= 180) qb.andWhere('b.longitude BETWEEN :minLon AND :maxLon', { minLon: longitude - dLon, maxLon: longitude + dLon });
        qb.andWhere(`${distanceKm('b.latitude', 'b.longitude', ':nearLat', ':nearLon')} <= :radiusKm`, { nearLat: latitude, nearLon: longitude, radiusKm });
      }
      return qb;
    };
    const rows = await applyKeyset(base(), [{ expr: 'b.code', direction: 'ASC' }], cursor, first + 1).getMany();
    return toConnection(rows.map(toBranch), first, (b) => encodeCursor([b.code]), () => base().getCount(), cursor !== null);
  }

  // ------------------------------------------------------------------ writes (ADMIN)

  async createConsortium(input: CreateConsortiumInput): Promise<{ row: ConsortiumRow | null; userErrors: UserError[] }> {
    requireRole(this.ctx.viewer, 'ADMIN');
    const check = new InputCheck();
    const row = Object.assign(new ConsortiumRow(), {
      id: randomUUID(),
      code: check.code('code', input.code),
      name: check.text('name', input.name, { required: true, max: 200 }),
      region: check.text('region', input.region, { max: 200 }),
      createdAt: new Date(),
    });
    if (check.ok && (await this.em.existsBy(ConsortiumRow, { code: row.code }))) check.fail('code', UserErrorCode.CONFLICT, `A consortium with code ${row.code} already exists`);
    return this.insert(row, check);
  }

  async createLibrarySystem(input: CreateLibrarySystemInput): Promise<{ row: LibrarySystemRow | null; userErrors: UserError[] }> {
    requireRole(this.ctx.viewer, 'ADMIN');
    const check = new InputCheck();
    const row = Object.assign(new LibrarySystemRow(), {
      id: randomUUID(),
      consortiumId: input.consortiumId,
      code: check.code('code', input.code),
      name: check.text('name', input.name, { required: true, max: 200 }),
      createdAt: new Date(),
    });
    if (!(await this.consortiumById(input.consortiumId))) check.fail('consortiumId', UserErrorCode.NOT_FOUND, 'No consortium has this id');
    if (check.ok && (await this.em.existsBy(LibrarySystemRow, { code: row.code }))) check.fail('code', UserErrorCode.CONFLICT, `A library system with code ${row.code} already exists`);
    return this.insert(row, check);
  }

  async createBranch(input: CreateBranchInput): Promise<{ row: BranchRow | null; userErrors: UserError[] }> {
    requireRole(this.ctx.viewer, 'ADMIN');
    const check = new InputCheck();
    const a = input.address;
    const country = a ? check.text(['address', 'country'], a.country, { required: true, max: 60 }) : null;
    if (country !== null && !/^[A-Za-z]{2}$/.test(country)) check.fail(['address', 'country'], UserErrorCode.INVALID, 'country must be an ISO-3166 alpha-2 code such as US');
    const loc = input.location;
    if (loc) {
      check.number(['location', 'latitude'], loc.latitude, { min: -90, max: 90 });
      check.number(['location', 'longitude'], loc.longitude, { min: -180, max: 180 });
    }
    const system = await this.systemById(input.systemId);
    if (!system) check.fail('systemId', UserErrorCode.NOT_FOUND, 'No library system has this id');
    const row = Object.assign(new BranchRow(), {
      id: randomUUID(),
      systemId: input.systemId,
      consortiumId: system?.consortiumId ?? '',
      code: check.code('code', input.code),
      name: check.text('name', input.name, { required: true, max: 200 }),
      addressLine1: a ? check.text(['address', 'line1'], a.line1, { required: true, max: 200 }) : null,
      addressLine2: a ? check.text(['address', 'line2'], a.line2, { max: 200 }) : null,
      city: a ? check.text(['address', 'city'], a.city, { required: true, max: 120 }) : null,
      region: a ? check.text(['address', 'region'], a.region, { max: 120 }) : null,
      postalCode: a ? check.text(['address', 'postalCode'], a.postalCode, { max: 20 }) : null,
      country: country?.toUpperCase() ?? null,
      latitude: loc?.latitude ?? null,
      longitude: loc?.longitude ?? null,
      servicePopulation: check.int('servicePopulation', input.servicePopulation, { min: 0, max: 100_000_000 }),
      openedOn: check.date('openedOn', input.openedOn),
      createdAt: new Date(),
    });
    if (check.ok && (await this.em.existsBy(BranchRow, { code: row.code }))) check.fail('code', UserErrorCode.CONFLICT, `A branch with code ${row.code} already exists`);
    return this.insert(row, check);
  }

  // ------------------------------------------------------------------ named peer groups (ADMIN)

  /** The branch ids of a peer group's input: 2–30 distinct branches of the consortium; errors on `branchIds`. */
  private async checkMembers(check: InputCheck, consortiumId: string | null, input: string[]): Promise<string[]> {
    const ids = input.map((b) => b.trim().toLowerCase());
    const { minBranches, maxBranches } = PEER_GROUP_LIMITS;
    if (ids.length < minBranches) check.fail('branchIds', UserErrorCode.REQUIRED, `a peer group needs at least ${minBranches} branches`);
    else if (ids.length > maxBranches) check.fail('branchIds', UserErrorCode.INVALID, `a peer group has at most ${maxBranches} branches`);
    else if (new Set(ids).size !== ids.length) check.fail('branchIds', UserErrorCode.INVALID, 'a branch is named twice');
    else {
      const rows = await Promise.all(ids.map((id) => (isUuid(id) ? this.branchById(id) : Promise.resolve(null))));
      rows.forEach((row, i) => {
        if (!isUuid(ids[i])) check.fail(['branchIds', i], UserErrorCode.INVALID, 'not a branch id (ids are UUIDs)');
        else if (!row || (consortiumId !== null && row.consortiumId !== consortiumId)) check.fail(['branchIds', i], UserErrorCode.NOT_FOUND, 'No branch of this consortium has this id');
      });
    }
    return ids;
  }

  private async nameTaken(consortiumId: string, nameKey: string, exceptId: string | null): Promise<boolean> {
    const row = await this.em.findOneBy(PeerGroupRow, { consortiumId, nameKey });
    return row !== null && row.id !== exceptId;
  }

  /** Writes a group and its members in one transaction; a concurrent duplicate name still ends as CONFLICT. */
  private async writePeerGroup(row: PeerGroupRow, branchIds: string[] | null, check: InputCheck, isNew: boolean): Promise<{ row: PeerGroupRow | null; userErrors: UserError[] }> {
    if (!check.ok) return { row: null, userErrors: check.errors };
    try {
      await this.ctx.db.transaction(async (em) => {
        if (isNew) await em.insert(PeerGroupRow, row);
        else await em.update(PeerGroupRow, { id: row.id }, { name: row.name, nameKey: row.nameKey, description: row.description, updatedAt: row.updatedAt });
        if (branchIds) {
          await em.delete(PeerGroupMemberRow, { peerGroupId: row.id });
          await em.insert(PeerGroupMemberRow, branchIds.map((branchId) => ({ peerGroupId: row.id, branchId })));
        }
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      check.fail('name', UserErrorCode.CONFLICT, 'The consortium already has a peer group with this name');
      return { row: null, userErrors: check.errors };
    }
    return { row, userErrors: [] };
  }

  async createPeerGroup(input: CreatePeerGroupInput): Promise<{ row: PeerGroupRow | null; userErrors: UserError[] }> {
    requireRole(this.ctx.viewer, 'ADMIN');
    const check = new InputCheck();
    const name = check.text('name', input.name, { required: true, max: PEER_GROUP_LIMITS.nameMax });
    const description = check.text('description', input.description, { max: PEER_GROUP_LIMITS.descriptionMax, multiline: true }) || null;
    const consortiumId = input.consortiumId.trim().toLowerCase();
    const consortium = isUuid(consortiumId) ? await this.consortiumById(consortiumId) : null;
    if (!consortium) check.fail('consortiumId', UserErrorCode.NOT_FOUND, 'No consortium has this id');
    const branchIds = await this.checkMembers(check, consortium?.id ?? null, input.branchIds);
    // counted directly, not through the per-request loader, so that the payload's `consortium { peerGroups }` includes the new group
    if (check.ok && (await this.em.countBy(PeerGroupRow, { consortiumId: consortium!.id })) >= PEER_GROUP_LIMITS.groupsPerConsortium) {
      check.fail('consortiumId', UserErrorCode.LIMIT_REACHED, `a consortium has at most ${PEER_GROUP_LIMITS.groupsPerConsortium} peer groups`);
    }
    if (check.ok && (await this.nameTaken(consortium!.id, name!.toLowerCase(), null))) check.fail('name', UserErrorCode.CONFLICT, 'The consortium already has a peer group with this name');
    const now = new Date();
    const row = Object.assign(new PeerGroupRow(), { id: randomUUID(), consortiumId: consortium?.id ?? '', name: name ?? '', nameKey: (name ?? '').toLowerCase(), description, createdAt: now, updatedAt: now });
    return this.writePeerGroup(row, branchIds, check, true);
  }

  async updatePeerGroup(input: UpdatePeerGroupInput): Promise<{ row: PeerGroupRow | null; userErrors: UserError[] }> {
    requireRole(this.ctx.viewer, 'ADMIN');
    const check = new InputCheck();
    const existing = await this.peerGroupById(input.id.trim().toLowerCase());
    if (!existing) {
      check.fail('id', UserErrorCode.NOT_FOUND, 'No peer group has this id');
      return { row: null, userErrors: check.errors };
    }
    const name = input.name === null || input.name === undefined ? existing.name : check.text('name', input.name, { required: true, max: PEER_GROUP_LIMITS.nameMax });
    const description = input.description === null || input.description === undefined
      ? existing.description
      : check.text('description', input.description, { max: PEER_GROUP_LIMITS.descriptionMax, multiline: true }) || null;
    const branchIds = input.branchIds ? await this.checkMembers(check, existing.consortiumId, input.branchIds) : null;
    if (check.ok && (await this.nameTaken(existing.consortiumId, name!.toLowerCase(), existing.id))) check.fail('name', UserErrorCode.CONFLICT, 'The consortium already has a peer group with this name');
    const row = Object.assign(new PeerGroupRow(), { ...existing, name: name ?? existing.name, nameKey: (name ?? existing.name).toLowerCase(), description, updatedAt: new Date() });
    return this.writePeerGroup(row, branchIds, check, false);
  }

  async deletePeerGroup(id: string): Promise<{ deletedId: string | null; userErrors: UserError[] }> {
    requireRole(this.ctx.viewer, 'ADMIN');
    const check = new InputCheck();
    const existing = await this.peerGroupById(id.trim().toLowerCase());
    if (!existing) {
      check.fail('id', UserErrorCode.NOT_FOUND, 'No peer group has this id');
      return { deletedId: null, userErrors: check.errors };
    }
    await this.ctx.db.transaction(async (em) => {
      await em.delete(PeerGroupMemberRow, { peerGroupId: existing.id });
      await em.delete(PeerGroupRow, { id: existing.id });
    });
    return { deletedId: existing.id, userErrors: [] };
  }

  /** Writes only when every check passed; a concurrent duplicate code still ends as CONFLICT. */
  private async insert<T extends { code: string | null }>(row: T, check: InputCheck): Promise<{ row: T | null; userErrors: UserError[] }> {
    if (!check.ok) return { row: null, userErrors: check.errors };
    try {
      await this.ctx.db.transaction((em) => em.insert((row as object).constructor, row as never));
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      check.fail('code', UserErrorCode.CONFLICT, `The code ${row.code} is already taken`);
      return { row: null, userErrors: check.errors };
    }
    return { row, userErrors: [] };
  }
}

function exactlyOne(id: string | null | undefined, code: string | null | undefined): void {
  if ((id == null) === (code == null)) throw badUserInput('Give exactly one of `id` and `code`.');
}

