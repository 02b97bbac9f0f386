import { DEMO_BRANCHES, DEMO_CONSORTIA, DEMO_SYSTEMS } from '@ceg/demo-data';
import type { Database } from '@ceg/persistence';
import { BranchRow, ConsortiumRow, LibrarySystemRow } from './entities';

/** Loads the demo consortium into an empty directory. Returns false when there was data already. */
export async function seedDemo(db: Database): Promise<boolean> {
  if ((await db.manager.count(ConsortiumRow)) > 0) return false;
  const createdAt = new Date();
  await db.transaction(async (em) => {
    await em.insert(ConsortiumRow, DEMO_CONSORTIA.map((c) => ({ ...c, createdAt })));
    await em.insert(LibrarySystemRow, DEMO_SYSTEMS.map((s) => ({ ...s, createdAt })));
    await em.insert(BranchRow, DEMO_BRANCHES.map((b) => ({
      id: b.id, systemId: b.systemId, consortiumId: b.consortiumId, code: b.code, name: b.name,
      addressLine1: b.address.line1, addressLine2: b.address.line2, city: b.address.city, region: b.address.region,
      postalCode: b.address.postalCode, country: b.address.country,
      latitude: b.location.latitude, longitude: b.location.longitude,
      servicePopulation: b.servicePopulation, openedOn: b.openedOn, createdAt,
    })));
  });
  return true;
}
