import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('consortium')
export class ConsortiumRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) region: string | null;
  @Column({ type: 'datetime', precision: 3 }) createdAt: Date;
}

@Entity('library_system')
export class LibrarySystemRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) consortiumId: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'datetime', precision: 3 }) createdAt: Date;
}

@Entity('branch')
@Index('IDX_branch_location', ['latitude', 'longitude'])
export class BranchRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) systemId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) consortiumId: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) addressLine1: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) addressLine2: string | null;
  @Column({ type: 'varchar', length: 120, nullable: true }) city: string | null;
  @Column({ type: 'varchar', length: 120, nullable: true }) region: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) postalCode: string | null;
  @Column({ type: 'varchar', length: 2, nullable: true }) country: string | null;
  @Column({ type: 'double', nullable: true }) latitude: number | null;
  @Column({ type: 'double', nullable: true }) longitude: number | null;
  @Column({ type: 'int', nullable: true }) servicePopulation: number | null;
  @Column({ type: 'date', nullable: true }) openedOn: string | null;
  @Column({ type: 'datetime', precision: 3 }) createdAt: Date;
}

/** A consortium's named peer group of branches (ADMIN defines it). `nameKey` is the name in lower case: names are unique per consortium whatever their case. */
@Entity('peer_group')
@Index('UQ_peer_group_name', ['consortiumId', 'nameKey'], { unique: true })
export class PeerGroupRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36 }) consortiumId: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 200 }) nameKey: string;
  @Column({ type: 'varchar', length: 2000, nullable: true }) description: string | null;
  @Column({ type: 'datetime', precision: 3 }) createdAt: Date;
  @Column({ type: 'datetime', precision: 3 }) updatedAt: Date;
}

/** One branch of a named peer group. */
@Entity('peer_group_member')
@Index('IDX_peer_group_member_branch', ['branchId'])
export class PeerGroupMemberRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) peerGroupId: string;
  @PrimaryColumn({ type: 'varchar', length: 36 }) branchId: string;
}

export const ENTITIES = [ConsortiumRow, LibrarySystemRow, BranchRow, PeerGroupRow, PeerGroupMemberRow];
