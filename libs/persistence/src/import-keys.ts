import { createHash } from 'node:crypto';
import { Column, type EntityManager, Entity, In, Index, PrimaryColumn, type QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Which local record an imported source record became: (source system, kind,
 * the source's id) → local id, unique, so that importing the same file again
 * updates the record instead of adding a second one. `fingerprint` is a hash
 * of what was written, so an unchanged source row is reported as unchanged.
 * Each subgraph keeps its own table (its own database), with this shape.
 */
@Entity('import_key')
@Index('UQ_import_key_source', ['source', 'kind', 'externalId'], { unique: true })
@Index('IDX_import_key_local', ['localId'])
export class ImportKeyRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  /** The source system, e.g. LIBCAL, ACS. */
  @Column({ type: 'varchar', length: 40 }) source: string;
  /** What the source record became here, e.g. program, session, profile. */
  @Column({ type: 'varchar', length: 40 }) kind: string;
  /** The source's own id (LibCal's event id, a census GEO_ID with its table and year). */
  @Column({ type: 'varchar', length: 255 }) externalId: string;
  @Column({ type: 'varchar', length: 36 }) localId: string;
  @Column({ type: 'varchar', length: 64 }) fingerprint: string;
  /** What the source said that has no field here (e.g. LibCal's registration counts), as JSON. */
  @Column({ type: 'text', nullable: true }) sourceData: string | null;
  @Column({ type: 'datetime', precision: 3 }) importedAt: Date;
}

/** The `import_key` table, for a subgraph's migration. */
export async function createImportKeyTable(q: QueryRunner): Promise<void> {
  const varchar = (name: string, length: number) => ({ name, type: 'varchar', length: String(length) });
  await q.createTable(new Table({
    name: 'import_key',
    columns: [
      { ...varchar('id', 36), isPrimary: true }, varchar('source', 40), varchar('kind', 40), varchar('externalId', 255), varchar('localId', 36),
      varchar('fingerprint', 64), { name: 'sourceData', type: 'text', isNullable: true }, { name: 'importedAt', type: 'datetime', precision: 3 },
    ],
    indices: [
      new TableIndex({ name: 'UQ_import_key_source', columnNames: ['source', 'kind', 'externalId'], isUnique: true }),
      new TableIndex({ name: 'IDX_import_key_local', columnNames: ['localId'] }),
    ],
  }));
}

/** The fingerprint of what an import writes for one source record: a SHA-256 of its JSON. */
export const importFingerprint = (written: unknown): string => createHash('sha256').update(JSON.stringify(written)).digest('hex');

/** The keys already recorded for these source ids of one source and kind, by source id (read 200 ids a statement). */
export async function findImportKeys(em: EntityManager, source: string, kind: string, externalIds: readonly string[]): Promise<Map<string, ImportKeyRow>> {
  const out = new Map<string, ImportKeyRow>();
  for (let i = 0; i < externalIds.length; i += 200) {
    for (const k of await em.find(ImportKeyRow, { where: { source, kind, externalId: In(externalIds.slice(i, i + 200)) } })) out.set(k.externalId, k);
  }
  return out;
}
