import { DEMO_BRANCHES, type DemoBranch, SeededRandom } from '@ceg/demo-data';
import type { Logger } from '@ceg/kit';
import type { Database } from '@ceg/persistence';
import type { EntityManager, ObjectLiteral } from 'typeorm';
import { CELL_KEY_RANGE, ServiceArea } from '@ceg/conventions';
import { OutcomeResponseRow, ProgramRow, RegistrationRow, SessionRow } from './entities';
import { encodeLanguages } from './mapping';
import { AgeGroup, ProgramFormat, ProgramStatus, RegistrationStatus, SessionStatus, SurveyType } from './types';
import { rebuildTallies } from './tally';

const DAY = 86_400_000;

interface Template {
  key: string;
  title: string;
  description: string;
  serviceArea: ServiceArea;
  ageGroup: AgeGroup;
  format: ProgramFormat;
  languages: string[];
  tags: string[];
  /** Days between sessions. */
  every: number;
  /** Weekday (0 = Sunday) and UTC hour the series runs. */
  weekday: number;
  hourUtc: number;
  minutes: number;
  capacity: number | null;
  /** Typical headcount (or views, for recorded presentations). */
  attendance: [number, number];
  location: string | null;
  accessibilityNotes?: string;
  /** Only in these months (1-12), e.g. summer reading. */
  months?: number[];
  /** Smallest branch population that runs it. */
  minPopulation?: number;
  /** Only where a share of the community speaks Spanish at home. */
  spanish?: boolean;
}

const T = (t: Template) => t;

/** What a public library's calendar looks like over a year. */
const CATALOG: Template[] = [
  T({ key: 'baby', title: 'Baby & Toddler Storytime', description: 'Songs, rhymes, board books and bounces for little ones up to 2 and their grown-ups. Builds early literacy skills through talking, singing, reading, writing and play.', serviceArea: ServiceArea.EARLY_CHILDHOOD_LITERACY, ageGroup: AgeGroup.EARLY_CHILDHOOD, format: ProgramFormat.ONSITE, languages: ['en'], tags: ['storytime', 'babies', 'early literacy'], every: 7, weekday: 2, hourUtc: 17, minutes: 30, capacity: null, attendance: [12, 30], location: 'Children\'s Room', accessibilityNotes: 'Stroller parking inside the entrance; sensory-friendly seating available.' }),
  T({ key: 'preschool', title: 'Preschool Storytime', description: 'Stories, songs and a simple craft for ages 3 to 5. No registration needed; caregivers stay with their children.', serviceArea: ServiceArea.EARLY_CHILDHOOD_LITERACY, ageGroup: AgeGroup.EARLY_CHILDHOOD, format: ProgramFormat.ONSITE, languages: ['en'], tags: ['storytime', 'preschool'], every: 7, weekday: 4, hourUtc: 18, minutes: 45, capacity: null, attendance: [10, 35], location: 'Story Corner' }),
  T({ key: 'cuentos', title: 'Cuentos y Canciones: Bilingual Storytime', description: 'Stories and songs in Spanish and English for children 0 to 5 and their families. Cuentos y canciones en español e inglés.', serviceArea: ServiceArea.EARLY_CHILDHOOD_LITERACY, ageGroup: AgeGroup.EARLY_CHILDHOOD, format: ProgramFormat.ONSITE, languages: ['es', 'en'], tags: ['storytime', 'bilingual', 'español'], every: 14, weekday: 6, hourUtc: 18, minutes: 45, capacity: null, attendance: [8, 30], location: 'Community Room', spanish: true }),
  T({ key: 'outreach', title: 'Storytime on the Go at Head Start', description: 'Library staff bring stories, songs and books to go to the Head Start classrooms in our service area.', serviceArea: ServiceArea.EARLY_CHILDHOOD_LITERACY, ageGroup: AgeGroup.EARLY_CHILDHOOD, format: ProgramFormat.OFFSITE, languages: ['en'], tags: ['outreach', 'storytime'], every: 14, weekday: 3, hourUtc: 17, minutes: 30, capacity: null, attendance: [12, 24], location: 'Head Start center', minPopulation: 20_000 }),
  T({ key: 'coding', title: 'Kids Coding Club', description: 'Learn to code with Scratch and micro:bit. Build games and animations, then share them with the club. Ages 8 to 11; laptops provided.', serviceArea: ServiceArea.DIGITAL_LEARNING, ageGroup: AgeGroup.CHILDREN, format: ProgramFormat.ONSITE, languages: ['en'], tags: ['coding', 'STEM'], every: 7, weekday: 3, hourUtc: 23, minutes: 60, capacity: 12, attendance: [6, 12], location: 'Computer Lab', minPopulation: 9_000 }),
  T({ key: 'homework', title: 'Homework Help Online', description: 'Live tutoring for school-age kids with trained volunteers over video chat: reading, math and science.', serviceArea: ServiceArea.EDUCATION_LIFELONG_LEARNING, ageGroup: AgeGroup.CHILDREN, format: ProgramFormat.VIRTUAL, languages: ['en', 'es'], tags: ['homework', 'tutoring'], every: 7, weekday: 1, hourUtc: 0, minutes: 90, capacity: 20, attendance: [5, 20], location: 'Online (link sent after registration)', minPopulation: 30_000 }),
  T({ key: 'maker', title: 'Teen Maker Lab', description: '3D printing, soldering, sewing machines and laser-cut design for teens. Bring an idea or pick a project from the lab.', serviceArea: ServiceArea.DIGITAL_LEARNING, ageGroup: AgeGroup.YOUNG_ADULTS, format: ProgramFormat.ONSITE, languages: ['en'], tags: ['teens', 'maker', 'STEM'], every: 14, weekday: 5, hourUtc: 23, minutes: 90, capacity: 15, attendance: [5, 16], location: 'Makerspace', minPopulation: 20_000 }),
  T({ key: 'esl', title: 'ESL Conversation Circle', description: 'Practice everyday English in a relaxed group led by volunteer facilitators. All levels welcome; come when you can.', serviceArea: ServiceArea.EDUCATION_LIFELONG_LEARNING, ageGroup: AgeGroup.ADULTS, format: ProgramFormat.ONSITE, languages: ['en'], tags: ['ESL', 'English', 'conversation'], every: 7, weekday: 2, hourUtc: 1, minutes: 90, capacity: 16, attendance: [6, 18], location: 'Meeting Room B' }),
  T({ key: 'jobs', title: 'Job Seekers Workshop: Résumés and Interviews', description: 'Write a résumé that gets read, practice interview questions and learn to search job boards, with a career coach from WorkSource.', serviceArea: ServiceArea.JOB_SKILLS, ageGroup: AgeGroup.ADULTS, format: ProgramFormat.ONSITE, languages: ['en'], tags: ['jobs', 'résumé', 'careers'], every: 14, weekday: 3, hourUtc: 18, minutes: 120, capacity: 20, attendance: [6, 20], location: 'Computer Lab', minPopulation: 9_000 }),
  T({ key: 'jobsonline', title: 'Online Job Search Help', description: 'A live online session on applying for jobs online, LinkedIn profiles and avoiding job scams.', serviceArea: ServiceArea.JOB_SKILLS, ageGroup: AgeGroup.ADULTS, format: ProgramFormat.VIRTUAL, languages: ['en'], tags: ['jobs', 'online'], every: 28, weekday: 4, hourUtc: 2, minutes: 60, capacity: 40, attendance: [8, 35], location: 'Online', minPopulation: 30_000 }),
  T({ key: 'health', title: 'Healthy Living Talk at the Senior Center', description: 'Nurses from the county health department talk about blood pressure, nutrition and staying active, with time for questions.', serviceArea: ServiceArea.HEALTH, ageGroup: AgeGroup.ADULTS, format: ProgramFormat.OFFSITE, languages: ['en'], tags: ['health', 'seniors'], every: 28, weekday: 5, hourUtc: 18, minutes: 60, capacity: null, attendance: [10, 40], location: 'Senior Center' }),
  T({ key: 'medicare', title: 'Medicare Basics (recorded)', description: 'A recorded presentation by a SHIBA counselor on Medicare parts A to D and how to choose a plan. Watch any time.', serviceArea: ServiceArea.HEALTH, ageGroup: AgeGroup.ADULTS, format: ProgramFormat.RECORDED, languages: ['en'], tags: ['health', 'Medicare', 'video'], every: 28, weekday: 1, hourUtc: 16, minutes: 45, capacity: null, attendance: [15, 180], location: 'Library video channel', minPopulation: 30_000 }),
  T({ key: 'summer', title: 'Summer Reading Challenge Party', description: 'Games, performers and prizes to celebrate summer reading. Log your reading minutes and pick up a prize book!', serviceArea: ServiceArea.SUMMER_READING, ageGroup: AgeGroup.ALL_AGES, format: ProgramFormat.ONSITE, languages: ['en', 'es'], tags: ['summer reading', 'family'], every: 7, weekday: 3, hourUtc: 18, minutes: 60, capacity: null, attendance: [20, 90], location: 'Library lawn', months: [6, 7, 8] }),
  T({ key: 'games', title: 'Family Game Night', description: 'Board games, card games and puzzles for the whole family. Snacks provided.', serviceArea: ServiceArea.FAMILY_ENGAGEMENT, ageGroup: AgeGroup.ALL_AGES, format: ProgramFormat.ONSITE, languages: ['en'], tags: ['family', 'games'], every: 28, weekday: 5, hourUtc: 1, minutes: 120, capacity: null, attendance: [12, 45], location: 'Community Room' }),
  T({ key: 'business', title: 'Small Business Startup Clinic', description: 'One-on-one and group advice from the Small Business Development Center: business plans, licences, funding and marketing.', serviceArea: ServiceArea.ECONOMIC_DEVELOPMENT, ageGroup: AgeGroup.ADULTS, format: ProgramFormat.ONSITE, languages: ['en'], tags: ['business', 'entrepreneurs'], every: 28, weekday: 2, hourUtc: 1, minutes: 90, capacity: 20, attendance: [4, 20], location: 'Meeting Room A', minPopulation: 30_000 }),
  T({ key: 'civics', title: 'Civics Café: Meet Your City Council', description: 'Coffee and conversation with city councilors about what is happening in town and how to get involved.', serviceArea: ServiceArea.CIVIC_COMMUNITY_ENGAGEMENT, ageGroup: AgeGroup.ADULTS, format: ProgramFormat.ONSITE, languages: ['en'], tags: ['civics', 'community'], every: 28, weekday: 6, hourUtc: 17, minutes: 90, capacity: null, attendance: [8, 30], location: 'Community Room' }),
  T({ key: 'techhelp', title: 'Tech Help for Seniors', description: 'Bring your phone, tablet or laptop and get patient one-on-one help with email, video calls, photos and staying safe online.', serviceArea: ServiceArea.DIGITAL_LEARNING, ageGroup: AgeGroup.ADULTS, format: ProgramFormat.ONSITE, languages: ['en'], tags: ['technology', 'seniors'], every: 7, weekday: 4, hourUtc: 21, minutes: 60, capacity: 8, attendance: [3, 8], location: 'Computer Lab', accessibilityNotes: 'Large-print handouts and a hearing loop are available.' }),
];

const PATRON_POOL = 2400;

/** Inserts rows in batches with query builders (no per-entity reloads). */
async function insertBatched<T extends ObjectLiteral>(em: EntityManager, target: new () => T, rows: T[], size = 400): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    await em.createQueryBuilder().insert().into(target).values(rows.slice(i, i + size) as never).updateEntity(false).execute();
  }
}

function firstOnOrAfter(from: number, weekday: number, hourUtc: number): number {
  const d = new Date(from);
  d.setUTCHours(hourUtc, 0, 0, 0);
  while (d.getUTCDay() !== weekday || d.getTime() < from) d.setTime(d.getTime() + DAY);
  return d.getTime();
}

const likert = (rng: SeededRandom, lean: number): number | null => {
  if (rng.chance(0.06)) return null;
  return rng.weighted([[5, 3 + lean], [4, 4], [3, 1.5], [2, 0.6], [1, 0.3]] as const);
};

export interface DemoVolume {
  programs: number;
  sessions: number;
  registrations: number;
  responses: number;
}

/**
 * How many people a branch's programs draw, relative to a branch of 25,000
 * residents: more with the service population, less than proportionally (a
 * large branch runs more parallel programs than this catalog shows).
 */
export const attendanceScale = (servicePopulation: number) => Math.min(2, Math.max(0.35, Math.sqrt(servicePopulation / 25_000)));

/**
 * Generates the programs of every demo branch from the first of January two
 * years before `now` to three months after it (two full past years, so that
 * last year's PLS report and year-on-year comparisons are complete), the same
 * for the same `now`. Nothing is registered after `now`.
 */
export function demoRows(now = new Date()) {
  const rng = new SeededRandom('programs-demo');
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const start = Date.UTC(now.getUTCFullYear() - 2, 0, 1);
  const end = today + 95 * DAY;
  const programs: ProgramRow[] = [];
  const sessions: SessionRow[] = [];
  const registrations: RegistrationRow[] = [];
  const responses: OutcomeResponseRow[] = [];
  // Record keys from their own generator, so that the rest of the demo stays as it was.
  const keys = new SeededRandom('outcome-response:record-keys');
  let n = 0;
  for (const branch of DEMO_BRANCHES) {
    for (const t of CATALOG) {
      if (!runsAt(t, branch)) continue;
      n++;
      const programId = rng.id('program', n);
      const createdAt = new Date(start - rng.int(10, 60) * DAY);
      const program = Object.assign(new ProgramRow(), {
        id: programId, branchId: branch.id, title: t.title, description: t.description, serviceArea: t.serviceArea, ageGroup: t.ageGroup,
        format: t.format, languages: encodeLanguages(t.languages), accessibilityNotes: t.accessibilityNotes ?? null,
        status: ProgramStatus.PUBLISHED, tags: JSON.stringify(t.tags), createdAt, updatedAt: createdAt,
      });
      programs.push(program);
      const scale = attendanceScale(branch.servicePopulation);
      const capacity = t.capacity === null ? null : Math.max(4, Math.round(t.capacity * Math.min(1.5, scale)));
      let at = firstOnOrAfter(start + rng.int(0, t.every - 1) * DAY, t.weekday, t.hourUtc);
      for (; at < end; at += t.every * DAY) {
        const month = new Date(at).getUTCMonth() + 1;
        if (t.months && !t.months.includes(month)) continue;
        const past = at < now.getTime();
        const cancelled = rng.chance(0.03);
        const sessionId = rng.id('session', sessions.length + 1);
        const wantedHeadcount = Math.max(1, Math.round(rng.int(t.attendance[0], t.attendance[1]) * scale));
        const headcount = capacity === null ? wantedHeadcount : Math.min(wantedHeadcount, Math.round(capacity * 1.1));
        const session = Object.assign(new SessionRow(), {
          id: sessionId, programId, branchId: branch.id, startsAt: new Date(at), endsAt: new Date(at + t.minutes * 60_000),
          location: t.location, capacity, status: cancelled ? SessionStatus.CANCELLED : past ? SessionStatus.COMPLETED : SessionStatus.SCHEDULED,
          attendance: past && !cancelled ? headcount : null, createdAt, updatedAt: createdAt,
        });
        sessions.push(session);
        if (t.format === ProgramFormat.RECORDED) continue;
        // Registrations where there is a capacity to manage.
        if (capacity !== null) {
          const horizon = past ? 1 : Math.max(0.2, 1 - (at - now.getTime()) / (60 * DAY));
          const wanted = Math.round(capacity * rng.next() * 1.4 * horizon);
          const patrons = new Set<number>();
          while (patrons.size < wanted) patrons.add(rng.int(1, PATRON_POOL));
          let seated = 0;
          let position = 0;
          let attended = 0;
          [...patrons].forEach((p, i) => {
            const patronId = `demo-patron-${p}`;
            const registeredAt = new Date(Math.min(at - (14 - Math.min(13, i / 2)) * DAY - rng.int(0, 86_399) * 1000, now.getTime() - rng.int(60, 86_399) * 1000));
            let status: RegistrationStatus;
            let waitlistPosition: number | null = null;
            if (cancelled) status = RegistrationStatus.CANCELLED;
            else if (rng.chance(0.05)) status = RegistrationStatus.CANCELLED;
            else if (seated < capacity) {
              seated++;
              if (!past) status = RegistrationStatus.CONFIRMED;
              else if (attended < headcount && rng.chance(0.82)) {
                attended++;
                status = RegistrationStatus.ATTENDED;
              } else status = RegistrationStatus.NO_SHOW;
            } else if (past) return; // a past session's waitlist is not kept
            else {
              status = RegistrationStatus.WAITLISTED;
              waitlistPosition = ++position;
            }
            registrations.push(Object.assign(new RegistrationRow(), {
              id: rng.id('registration', registrations.length + 1), sessionId, programId, branchId: branch.id, patronId, status, waitlistPosition,
              liveKey: status === RegistrationStatus.CANCELLED ? null : `${sessionId}:${patronId}`, registeredAt, updatedAt: registeredAt,
            }));
          });
          if (past && !cancelled && attended > headcount) session.attendance = attended;
        }
        // Anonymous Project Outcome surveys after some held sessions.
        if (past && !cancelled && rng.chance(0.35)) {
          const lean = rng.next() * 3;
          const count = rng.int(0, Math.min(10, Math.ceil((session.attendance ?? 0) / 2)));
          for (let k = 0; k < count; k++) {
            responses.push(Object.assign(new OutcomeResponseRow(), {
              id: rng.id('outcome', responses.length + 1), sessionId, programId, branchId: branch.id,
              surveyType: rng.chance(0.85) ? SurveyType.IMMEDIATE : SurveyType.FOLLOW_UP,
              knowledge: likert(rng, lean), confidence: likert(rng, lean), application: likert(rng, lean), awareness: likert(rng, lean),
              comment: rng.chance(0.15) ? rng.pick(COMMENTS) : null, submittedOn: new Date(at).toISOString().slice(0, 10),
              recordKey: keys.int(0, CELL_KEY_RANGE - 1),
            }));
          }
        }
      }
      // Last summer's reading challenge is over: archived.
      if (t.months && !sessions.some((s) => s.programId === programId && s.startsAt.getTime() > now.getTime())) program.status = ProgramStatus.ARCHIVED;
    }
    // Staff are planning something new at the larger branches.
    if (branch.servicePopulation >= 30_000) {
      n++;
      const createdAt = new Date(today - 3 * DAY);
      programs.push(Object.assign(new ProgramRow(), {
        id: rng.id('program', n), branchId: branch.id, title: 'Intro to AI Tools (planning)', description: 'A hands-on introduction to everyday AI tools, their limits and privacy. Draft: dates to be confirmed.',
        serviceArea: ServiceArea.DIGITAL_LEARNING, ageGroup: AgeGroup.ADULTS, format: ProgramFormat.ONSITE, languages: encodeLanguages(['en']),
        accessibilityNotes: null, status: ProgramStatus.DRAFT, tags: JSON.stringify(['technology']), createdAt, updatedAt: createdAt,
      }));
    }
  }
  return { programs, sessions, registrations, responses };
}

function runsAt(t: Template, b: DemoBranch): boolean {
  if (t.minPopulation && b.servicePopulation < t.minPopulation) return false;
  if (t.spanish && b.spanishShare < 0.15) return false;
  return true;
}

const COMMENTS = [
  'My daughter loved the songs!',
  'Very helpful, thank you.',
  'I learned a lot and feel more confident.',
  'Please offer this on weekends too.',
  'The room was a bit crowded.',
  'Great presenter, clear and patient.',
  'Me gustó mucho, gracias.',
];

/** Loads the demo programs into an empty database. Returns false when there was data already. */
export async function seedDemo(db: Database, log?: Logger): Promise<boolean> {
  if ((await db.manager.count(ProgramRow)) > 0) return false;
  const started = Date.now();
  const rows = demoRows();
  await db.transaction(async (em) => {
    await insertBatched(em, ProgramRow, rows.programs);
    await insertBatched(em, SessionRow, rows.sessions);
    await insertBatched(em, RegistrationRow, rows.registrations);
    await insertBatched(em, OutcomeResponseRow, rows.responses);
    await rebuildTallies(em);
  });
  const volume: DemoVolume = { programs: rows.programs.length, sessions: rows.sessions.length, registrations: rows.registrations.length, responses: rows.responses.length };
  log?.info({ ...volume, ms: Date.now() - started }, 'demo programs loaded');
  return true;
}
