import { SubmissionSlotRow } from '@ceg/persistence';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { isKeySum, TALLY_COLUMN_NAMES } from './tally-columns';

/** A program: what a branch offers (a storytime series, a coding club, a workshop). */
@Entity('program')
@Index('IDX_program_branch_status', ['branchId', 'status'])
@Index('IDX_program_title', ['title', 'id'])
export class ProgramRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36 }) branchId: string;
  @Column({ type: 'varchar', length: 200 }) title: string;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'varchar', length: 40 }) serviceArea: string;
  @Column({ type: 'varchar', length: 20 }) ageGroup: string;
  @Column({ type: 'varchar', length: 20 }) format: string;
  /** Language tags between commas (",en,es,") so that a LIKE finds one without a join. */
  @Column({ type: 'varchar', length: 400 }) languages: string;
  @Column({ type: 'varchar', length: 2000, nullable: true }) accessibilityNotes: string | null;
  @Index('IDX_program_status') @Column({ type: 'varchar', length: 20 }) status: string;
  /** JSON array of tags. */
  @Column({ type: 'text' }) tags: string;
  @Column({ type: 'datetime', precision: 3 }) createdAt: Date;
  @Column({ type: 'datetime', precision: 3 }) updatedAt: Date;
  /** 1: held in person (ONSITE or OFFSITE) and streamed live at the same time (a hybrid program); 0 otherwise. */
  @Column({ type: 'int', default: 0 }) hybrid: number;
}

/**
 * Other branches that offer a program together with its own branch (a
 * system-level program, e.g. a virtual program shared by several branches of
 * one library system): its sessions count once in any PLS report whose
 * branches include one of them.
 */
@Entity('program_offering')
@Index('IDX_offering_branch', ['branchId'])
export class ProgramOfferingRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) programId: string;
  @PrimaryColumn({ type: 'varchar', length: 36 }) branchId: string;
}

/** One occurrence of a program. branchId is copied from the program (programs never move) for scoping. */
@Entity('program_session')
@Index('IDX_session_program_start', ['programId', 'startsAt'])
@Index('IDX_session_branch_start', ['branchId', 'startsAt'])
@Index('IDX_session_start', ['startsAt', 'id'])
export class SessionRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36 }) programId: string;
  @Column({ type: 'varchar', length: 36 }) branchId: string;
  @Column({ type: 'datetime', precision: 3 }) startsAt: Date;
  @Column({ type: 'datetime', precision: 3 }) endsAt: Date;
  @Column({ type: 'varchar', length: 200, nullable: true }) location: string | null;
  @Column({ type: 'int', nullable: true }) capacity: number | null;
  @Column({ type: 'varchar', length: 20 }) status: string;
  /** Recorded headcount, walk-ins included. */
  @Column({ type: 'int', nullable: true }) attendance: number | null;
  @Column({ type: 'datetime', precision: 3 }) createdAt: Date;
  @Column({ type: 'datetime', precision: 3 }) updatedAt: Date;
  /** The series this session is an occurrence of; null for a one-off session. */
  @Index('IDX_session_series') @Column({ type: 'varchar', length: 36, nullable: true }) seriesId: string | null;
  /** The occurrence's start as its rule generated it (iCalendar RECURRENCE-ID); differs from startsAt once moved. */
  @Column({ type: 'datetime', precision: 3, nullable: true }) recurrenceId: Date | null;
  /** Of a hybrid program's recorded headcount, the people who attended live online; null until recorded or when not hybrid. */
  @Column({ type: 'int', nullable: true }) virtualAttendance: number | null;
}

/**
 * A session series: an RFC 5545 recurrence rule in a time zone, expanded
 * into one program_session row per occurrence when created (each with its
 * own capacity, registrations and waitlist).
 */
@Entity('session_series')
@Index('IDX_series_program', ['programId', 'startsAt'])
export class SeriesRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36 }) programId: string;
  @Column({ type: 'varchar', length: 36 }) branchId: string;
  /** The RRULE value, normalised (no "RRULE:" prefix). */
  @Column({ type: 'varchar', length: 500 }) recurrence: string;
  /** IANA time zone whose wall-clock times the rule repeats. */
  @Column({ type: 'varchar', length: 64 }) timeZone: string;
  /** Start and end of the first occurrence as given. */
  @Column({ type: 'datetime', precision: 3 }) startsAt: Date;
  @Column({ type: 'datetime', precision: 3 }) endsAt: Date;
  /** JSON array of excepted calendar dates (YYYY-MM-DD, in timeZone). */
  @Column({ type: 'text' }) exceptDates: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) location: string | null;
  @Column({ type: 'int', nullable: true }) capacity: number | null;
  @Column({ type: 'varchar', length: 20 }) status: string;
  @Column({ type: 'datetime', precision: 3 }) createdAt: Date;
  @Column({ type: 'datetime', precision: 3 }) updatedAt: Date;
}

/**
 * A patron's place in a session. `liveKey` is "<sessionId>:<patronId>" while
 * the registration is live (anything but CANCELLED) and NULL once cancelled;
 * its unique index lets the database guarantee one live registration per
 * patron per session.
 */
@Entity('registration')
@Index('IDX_registration_session_status', ['sessionId', 'status'])
@Index('IDX_registration_patron', ['patronId', 'registeredAt'])
@Index('IDX_registration_branch', ['branchId'])
export class RegistrationRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36 }) sessionId: string;
  @Column({ type: 'varchar', length: 36 }) programId: string;
  @Column({ type: 'varchar', length: 36 }) branchId: string;
  @Column({ type: 'varchar', length: 200 }) patronId: string;
  @Column({ type: 'varchar', length: 20 }) status: string;
  @Column({ type: 'int', nullable: true }) waitlistPosition: number | null;
  @Index('UQ_registration_live', { unique: true }) @Column({ type: 'varchar', length: 240, nullable: true }) liveKey: string | null;
  @Column({ type: 'datetime', precision: 3 }) registeredAt: Date;
  @Column({ type: 'datetime', precision: 3 }) updatedAt: Date;
}

/** An anonymous Project Outcome survey answer sheet: no patron id, no time of day. */
@Entity('outcome_response')
@Index('IDX_outcome_session', ['sessionId', 'surveyType'])
@Index('IDX_outcome_program', ['programId'])
export class OutcomeResponseRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36 }) sessionId: string;
  @Column({ type: 'varchar', length: 36 }) programId: string;
  @Column({ type: 'varchar', length: 36 }) branchId: string;
  @Column({ type: 'varchar', length: 20 }) surveyType: string;
  @Column({ type: 'smallint', nullable: true }) knowledge: number | null;
  @Column({ type: 'smallint', nullable: true }) confidence: number | null;
  @Column({ type: 'smallint', nullable: true }) application: number | null;
  @Column({ type: 'smallint', nullable: true }) awareness: number | null;
  @Column({ type: 'text', nullable: true }) comment: string | null;
  @Column({ type: 'date' }) submittedOn: string;
  /** Random, uniform in [0, CELL_KEY_RANGE): the response's share of its cells' keys (libs/conventions/src/privacy.ts). Never shown. */
  @Column({ type: 'int', default: 0 }) recordKey: number;
}


/**
 * What each held (not cancelled) session adds to the program aggregates
 * (`session_tally`, tally.ts): its counts, its registrations by status and
 * its immediate answer sheets with the sums of their record keys, kept in the
 * transaction of every write that changes them. Aggregates sum these rows
 * instead of counting registrations and answer sheets again. The measure
 * columns (tally-columns.ts: int counts, bigint sums of record keys) are
 * read and written by SQL only.
 */
@Entity('session_tally')
@Index('IDX_tally_branch_start', ['branchId', 'startsAt'])
@Index('IDX_tally_start', ['startsAt'])
export class SessionTallyRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) sessionId: string;
  @Column({ type: 'varchar', length: 36 }) branchId: string;
  @Column({ type: 'varchar', length: 36 }) programId: string;
  @Column({ type: 'datetime', precision: 3 }) startsAt: Date;
}

/**
 * The tallies summed per branch, UTC month and program (`program_monthly`,
 * tally.ts): what an aggregate reads for the whole months of its range. Its
 * key begins with the branch and the month, so that grouping a consortium
 * by branch and month reads it in key order.
 */
@Entity('program_monthly')
export class ProgramMonthlyRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) branchId: string;
  @PrimaryColumn({ type: 'date' }) month: string;
  @PrimaryColumn({ type: 'varchar', length: 36 }) programId: string;
}

// The measure columns of both (tally-columns.ts): int counts, bigint sums of record keys, 0 by default.
for (const name of TALLY_COLUMN_NAMES) {
  for (const row of [SessionTallyRow, ProgramMonthlyRow]) Column({ type: isKeySum(name) ? 'bigint' : 'int', default: 0 })(row.prototype, name);
}

export const ENTITIES = [ProgramRow, SessionRow, RegistrationRow, OutcomeResponseRow, SeriesRow, ProgramOfferingRow, SubmissionSlotRow, SessionTallyRow, ProgramMonthlyRow];
