import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('partner')
@Index('IDX_partner_name', ['name', 'id'])
@Index('IDX_partner_type', ['type', 'name'])
export class PartnerRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 32 }) type: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ type: 'varchar', length: 2000, nullable: true }) website: string | null;
  /** JSON array of ServiceArea values. */
  @Column({ type: 'varchar', length: 1000 }) serviceAreas: string;
  @Column({ type: 'datetime', precision: 3 }) createdAt: Date;
}

@Entity('partner_contact')
@Index('IDX_partner_contact_partner', ['partnerId', 'position'])
export class PartnerContactRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36 }) partnerId: string;
  @Column({ type: 'int' }) position: number;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) role: string | null;
  @Column({ type: 'varchar', length: 254, nullable: true }) email: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) phone: string | null;
}

export type PartnershipStatusValue = 'PROPOSED' | 'ACTIVE' | 'ON_HOLD' | 'ENDED';

@Entity('partnership')
@Index('IDX_partnership_created', ['createdAt', 'id'])
@Index('IDX_partnership_status', ['status', 'createdAt'])
@Index('IDX_partnership_partner', ['partnerId', 'createdAt'])
@Index('IDX_partnership_starts', ['startsOn'])
export class PartnershipRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36 }) partnerId: string;
  /** The partner's type, copied when the partnership is created (a partner's type never changes), so filters and aggregates need no join. */
  @Column({ type: 'varchar', length: 32 }) partnerType: string;
  @Column({ type: 'varchar', length: 200 }) title: string;
  /** JSON array of strings. */
  @Column({ type: 'text' }) sharedGoals: string;
  @Column({ type: 'varchar', length: 16 }) status: PartnershipStatusValue;
  @Column({ type: 'varchar', length: 16 }) agreementType: string;
  @Column({ type: 'date', nullable: true }) startsOn: string | null;
  @Column({ type: 'date', nullable: true }) endsOn: string | null;
  @Column({ type: 'datetime', precision: 3 }) createdAt: Date;
  @Column({ type: 'datetime', precision: 3 }) updatedAt: Date;
}

/** Which branches take part in a partnership (at least one). */
@Entity('partnership_branch')
@Index('IDX_partnership_branch_branch', ['branchId', 'partnershipId'])
export class PartnershipBranchRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) partnershipId: string;
  @PrimaryColumn({ type: 'varchar', length: 36 }) branchId: string;
}

/** A partnership's service areas, one row each (filters and the SERVICE_AREA dimension). */
@Entity('partnership_service_area')
@Index('IDX_partnership_service_area_area', ['serviceArea', 'partnershipId'])
export class PartnershipServiceAreaRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) partnershipId: string;
  @PrimaryColumn({ type: 'varchar', length: 40 }) serviceArea: string;
}

/** Programs (owned by the programs subgraph) run as part of a partnership. */
@Entity('partnership_program')
@Index('IDX_partnership_program_program', ['programId', 'partnershipId'])
export class PartnershipProgramRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) partnershipId: string;
  @PrimaryColumn({ type: 'varchar', length: 36 }) programId: string;
  @Column({ type: 'datetime', precision: 3 }) linkedAt: Date;
}

@Entity('contribution')
@Index('IDX_contribution_partnership', ['partnershipId', 'contributedOn'])
export class ContributionRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36 }) partnershipId: string;
  @Column({ type: 'varchar', length: 16 }) kind: string;
  @Column({ type: 'varchar', length: 16 }) direction: string;
  @Column({ type: 'text' }) description: string;
  /** Money in minor units (cents); MySQL returns BIGINT as a string. */
  @Column({ type: 'bigint', nullable: true }) amountCents: string | number | null;
  @Column({ type: 'varchar', length: 3, nullable: true }) currency: string | null;
  /** Hours in hundredths, so that sums are exact. */
  @Column({ type: 'bigint', nullable: true }) hoursCenti: string | number | null;
  @Column({ type: 'date' }) contributedOn: string;
  @Column({ type: 'datetime', precision: 3 }) createdAt: Date;
}

export const ENTITIES = [
  PartnerRow, PartnerContactRow, PartnershipRow, PartnershipBranchRow, PartnershipServiceAreaRow, PartnershipProgramRow, ContributionRow,
];
