/**
 * The programs domain's values and rules, with no GraphQL in them: the life
 * cycles of programs, sessions and registrations, and which registrations
 * hold a seat. The GraphQL layer (./types.ts) publishes these enums; the
 * policy (./policy.ts) and the services build on them.
 */

export enum ProgramStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  CANCELLED = 'CANCELLED',
  ARCHIVED = 'ARCHIVED',
}

export enum SessionStatus {
  SCHEDULED = 'SCHEDULED',
  CANCELLED = 'CANCELLED',
  COMPLETED = 'COMPLETED',
}

export enum RegistrationStatus {
  CONFIRMED = 'CONFIRMED',
  WAITLISTED = 'WAITLISTED',
  CANCELLED = 'CANCELLED',
  ATTENDED = 'ATTENDED',
  NO_SHOW = 'NO_SHOW',
}

export enum SeriesStatus {
  SCHEDULED = 'SCHEDULED',
  CANCELLED = 'CANCELLED',
}

/** Seats a session may have. */
export const MAX_CAPACITY = 100_000;

/** Program life cycle: DRAFT → PUBLISHED → CANCELLED / ARCHIVED. Staying put is always allowed. */
export const PROGRAM_TRANSITIONS: Record<ProgramStatus, ProgramStatus[]> = {
  [ProgramStatus.DRAFT]: [ProgramStatus.PUBLISHED, ProgramStatus.CANCELLED],
  [ProgramStatus.PUBLISHED]: [ProgramStatus.CANCELLED, ProgramStatus.ARCHIVED],
  [ProgramStatus.CANCELLED]: [ProgramStatus.ARCHIVED],
  [ProgramStatus.ARCHIVED]: [],
};

export const canTransition = (from: ProgramStatus, to: ProgramStatus) => from === to || PROGRAM_TRANSITIONS[from].includes(to);

/** Registrations that hold a seat (count against capacity). */
export const SEAT_HOLDING = [RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED];
/** Registrations that are live: they block a second registration by the same patron. */
export const LIVE = [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.ATTENDED, RegistrationStatus.NO_SHOW];
