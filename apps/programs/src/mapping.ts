import { ServiceArea } from '@ceg/conventions';
import type { ProgramRow, RegistrationRow, SessionRow } from './entities';
import { AgeGroup, Program, ProgramFormat, ProgramSession, ProgramStatus, Registration, RegistrationStatus, SessionStatus } from './types';

/** ",en,es," ↔ ["en", "es"] */
export const encodeLanguages = (langs: string[]) => (langs.length ? `,${langs.join(',')},` : '');
export const decodeLanguages = (s: string) => s.split(',').filter(Boolean);

export const toProgram = (r: ProgramRow): Program =>
  Object.assign(new Program(), {
    id: r.id,
    branchId: r.branchId,
    title: r.title,
    description: r.description,
    serviceArea: r.serviceArea as ServiceArea,
    ageGroup: r.ageGroup as AgeGroup,
    format: r.format as ProgramFormat,
    languages: decodeLanguages(r.languages),
    accessibilityNotes: r.accessibilityNotes,
    status: r.status as ProgramStatus,
    tags: JSON.parse(r.tags || '[]') as string[],
    createdAt: r.createdAt,
    hybrid: r.hybrid === 1,
  });

export const toSession = (r: SessionRow): ProgramSession =>
  Object.assign(new ProgramSession(), {
    id: r.id,
    programId: r.programId,
    branchId: r.branchId,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    location: r.location,
    capacity: r.capacity,
    status: r.status as SessionStatus,
    attendance: r.attendance,
    recurrenceId: r.recurrenceId ?? null,
    virtualPart: r.virtualAttendance ?? null,
    seriesId: r.seriesId ?? null,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  });

export const toRegistration = (r: RegistrationRow): Registration =>
  Object.assign(new Registration(), {
    id: r.id,
    sessionId: r.sessionId,
    branchId: r.branchId,
    patron: r.patronId,
    status: r.status as RegistrationStatus,
    waitlistPosition: r.waitlistPosition,
    registeredAt: r.registeredAt,
  });
