import { SubmissionSlotRow } from '@ceg/persistence';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A share as stored in a profile's breakdown (JSON). */
export interface StoredShare {
  key: string;
  label: string | null;
  count: number | null;
  share: number;
  /** Margins of error at 90% confidence (published survey estimates); absent or null when not known. */
  marginOfError?: number | null;
  countMarginOfError?: number | null;
}

/** One branch's service area in one year; one row per (branch, year). */
@Entity('community_profile')
@Index('UQ_community_profile_branch_year', ['branchId', 'year'], { unique: true })
export class CommunityProfileRow {
  /** Derived from (branchId, year), so that replacing a year's profile keeps its id. */
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36 }) branchId: string;
  @Column({ type: 'int' }) year: number;
  @Column({ type: 'varchar', length: 200 }) source: string;
  @Column({ type: 'int' }) population: number;
  @Column({ type: 'int', nullable: true }) populationMarginOfError: number | null;
  /** JSON arrays of StoredShare. */
  @Column({ type: 'text' }) ageBands: string;
  @Column({ type: 'text' }) raceEthnicity: string;
  @Column({ type: 'text' }) languages: string;
  @Column({ type: 'double', nullable: true }) disabilityRate: number | null;
  @Column({ type: 'double', nullable: true }) povertyRate: number | null;
  @Column({ type: 'double', nullable: true }) broadbandRate: number | null;
  @Column({ type: 'double', nullable: true }) foreignBornRate: number | null;
  @Column({ type: 'int', nullable: true }) medianHouseholdIncome: number | null;
  @Column({ type: 'datetime', precision: 3 }) updatedAt: Date;
}

/**
 * One anonymous, voluntary answer sheet (RULES.md §3): the branch, the day
 * of the activity and the answers. No time, no patron id, no address, no
 * creation timestamp; a random id; on SQLite a table without rowid, so that
 * not even the storage order tells when a sheet arrived.
 */
@Entity('participant_response', { withoutRowid: true })
@Index('IDX_participant_response_branch_on', ['branchId', 'activityOn'])
export class ParticipantResponseRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36 }) branchId: string;
  @Column({ type: 'date' }) activityOn: string;
  @Column({ type: 'varchar', length: 40, nullable: true }) serviceArea: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) ageBand: string | null;
  /** One ACS category (see vocabulary.ts). */
  @Column({ type: 'varchar', length: 40, nullable: true }) raceEthnicity: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) homeLanguage: string | null;
  /** Random, uniform in [0, CELL_KEY_RANGE): the sheet's share of its cells' keys (libs/conventions/src/privacy.ts). Never shown. */
  @Column({ type: 'int', default: 0 }) recordKey: number;
}

@Entity('collection_audit')
@Index('IDX_collection_audit_branch_on', ['branchId', 'auditedOn'])
export class CollectionAuditRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36 }) branchId: string;
  @Column({ type: 'date' }) auditedOn: string;
  @Column({ type: 'int' }) totalTitles: number;
  /** JSON array of { dimension, key, titleCount }. */
  @Column({ type: 'text' }) dimensions: string;
  @Column({ type: 'datetime', precision: 3 }) recordedAt: Date;
}

@Entity('accessibility_audit')
@Index('IDX_accessibility_audit_branch_on', ['branchId', 'auditedOn'])
export class AccessibilityAuditRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36 }) branchId: string;
  @Column({ type: 'date' }) auditedOn: string;
  /** JSON array of { feature, available, notes }. */
  @Column({ type: 'text' }) features: string;
  @Column({ type: 'double' }) score: number;
  @Column({ type: 'datetime', precision: 3 }) recordedAt: Date;
}

export const ENTITIES = [CommunityProfileRow, ParticipantResponseRow, CollectionAuditRow, AccessibilityAuditRow, SubmissionSlotRow];
