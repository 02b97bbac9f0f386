/**
 * Demo data: about three thousand feedback items across the demo branches
 * over the last two years (some Spanish, in proportion to each branch's
 * Spanish-speaking community), with realistic response times, responses,
 * votes, community discussions and needs assessments. Deterministic
 * (SeededRandom) apart from being anchored to today; inserted in batches in
 * one transaction.
 */
import { DEMO_BRANCHES, SeededRandom } from '@ceg/demo-data';
import type { Database } from '@ceg/persistence';
import type { EntityManager } from 'typeorm';
import { feedbackSearchText } from './search';
import { rebuildRollup } from './rollup';
import {
  CommunityDiscussionRow, FeedbackResponseRow, FeedbackRow, FeedbackVoteRow, NeedFindingRow, NeedsAssessmentRow, type FeedbackStatusValue,
} from './entities';
import { sentimentOf } from './text-analysis';

type Lang = 'en' | 'es';
type Template = [subject: string, body: string, rating: number | null];

const TEMPLATES: Record<string, Record<Lang, Template[]>> = {
  COLLECTIONS: {
    en: [
      ['More graphic novels for teens', 'My kids read every graphic novel on the shelf. Could you add more titles for teens? They love the library.', 4],
      ['Holds take too long', 'I have been waiting eight weeks for a popular novel. The wait is frustrating; please buy more copies.', 2],
      ['Great local history collection', 'The local history room is wonderful. Thank you for keeping these records available.', 5],
      ['Audiobooks keep expiring', 'The audiobook app returns titles before I finish. It is annoying and the loan period is too short.', 2],
    ],
    es: [
      ['Más libros en español para niños', 'Necesitamos más libros en español para los niños. Mis hijos disfrutan mucho la biblioteca, gracias.', 4],
      ['Faltan novelas en español', 'Faltan novelas recientes en español. La selección es insuficiente y es difícil encontrar autores nuevos.', 2],
    ],
  },
  PROGRAMS: {
    en: [
      ['Loved the storytime', 'Storytime on Tuesday was fantastic. The librarian was patient and the children were happy.', 5],
      ['Evening programs for working parents', 'Most programs are during the day. Please add evening programs so working parents can come.', 3],
      ['Coding club was full', 'The coding club filled up in minutes and my daughter was disappointed. Could you offer a second session?', 3],
    ],
    es: [
      ['Clases de inglés excelentes', 'Las clases de inglés para adultos son excelentes. La maestra es muy amable y paciente. Gracias.', 5],
      ['Hora del cuento bilingüe', 'Nos gusta mucho la hora del cuento bilingüe. ¿Pueden ofrecerla también los sábados?', 4],
    ],
  },
  FACILITIES: {
    en: [
      ['Restrooms need attention', 'The restrooms on the second floor were dirty and the soap dispenser was broken again.', 1],
      ['Too cold in the reading room', 'The reading room is cold every afternoon. It is hard to stay and study there.', 2],
      ['Beautiful new study rooms', 'The new study rooms are great. Clean, quiet and easy to book. Thank you!', 5],
      ['Parking lot lighting', 'The parking lot is very dark in the evening and feels unsafe. Please add more lights.', 2],
    ],
    es: [
      ['Baños sucios', 'Los baños estaban sucios y el lavamanos roto. Es un problema frecuente.', 1],
      ['Sala de estudio agradable', 'La nueva sala de estudio es muy agradable y tranquila. Me gusta venir a estudiar.', 5],
    ],
  },
  SERVICES: {
    en: [
      ['Printing is confusing', 'Printing from my phone was confusing and took twenty minutes. Clearer instructions would help.', 2],
      ['Passport service was excellent', 'The passport service was quick and the staff were helpful. Great experience.', 5],
      ['Interlibrary loan request', 'Could the interlibrary loan form let me track my requests? I never know where they are.', 3],
    ],
    es: [
      ['Ayuda con formularios', 'Me ayudaron con los formularios de empleo. Un servicio muy útil para la comunidad.', 5],
      ['Necesitamos intérprete', 'Es difícil pedir ayuda en el mostrador porque no hay nadie que hable español por la tarde.', 2],
    ],
  },
  STAFF: {
    en: [
      ['Thank you to the children\'s librarian', 'The children\'s librarian went above and beyond to find books for my son. Amazing help.', 5],
      ['Rude response at the desk', 'The person at the desk was rude when I asked about my fines. I felt embarrassed.', 1],
    ],
    es: [
      ['Personal muy amable', 'El personal es muy amable y siempre nos ayuda. Gracias por su paciencia.', 5],
    ],
  },
  ACCESSIBILITY: {
    en: [
      ['Automatic door is broken', 'The automatic door at the main entrance has been broken for a week. Wheelchair users cannot get in easily.', 1],
      ['Large print section', 'Thank you for expanding the large print section. My mother is delighted.', 5],
      ['Screen reader on catalog', 'The online catalog does not work well with my screen reader. The filters are not labelled.', 2],
    ],
    es: [
      ['Rampa de acceso', 'La rampa de acceso está rota y es peligrosa para las personas mayores.', 1],
    ],
  },
  TECHNOLOGY: {
    en: [
      ['Wi-Fi keeps dropping', 'The Wi-Fi drops every few minutes in the afternoon. It is frustrating when working remotely.', 2],
      ['Laptop lending is great', 'Borrowing a laptop helped me finish my job applications. Excellent program.', 5],
      ['Public computers are slow', 'The public computers are slow and the time limit is too short.', 2],
    ],
    es: [
      ['Internet muy lento', 'El internet es muy lento por la tarde. Es difícil hacer las tareas de la escuela.', 2],
      ['Préstamo de hotspots', 'El préstamo de hotspots es excelente. Mi familia ahora tiene internet en casa. Gracias.', 5],
    ],
  },
  HOURS: {
    en: [
      ['Open on Sundays please', 'Please open on Sunday afternoons. It is the only day my family can visit.', 3],
      ['Later hours on weekdays', 'Closing at six is too early for people who work. Could you stay open until eight?', 3],
    ],
    es: [
      ['Horario los domingos', '¿Pueden abrir los domingos? Es el único día que podemos venir con los niños.', 3],
    ],
  },
  SAFETY: {
    en: [
      ['Concern about the entrance at night', 'Groups gather by the entrance at night and some patrons feel unsafe leaving after programs.', 2],
      ['Thanks for the new security guard', 'Having a security guard in the evening makes the library feel safe and welcoming.', 4],
    ],
    es: [
      ['Inseguro en la noche', 'El estacionamiento está oscuro y me siento insegura al salir en la noche.', 2],
    ],
  },
  OTHER: {
    en: [
      ['Suggestion for a seed library', 'A seed library would be a wonderful addition for the community garden groups.', 4],
      ['Newsletter sign-up', 'How do I sign up for the newsletter? I could not find it on the website.', null],
    ],
    es: [
      ['Boletín en español', '¿Tienen un boletín en español? Sería muy útil para mi familia.', null],
    ],
  },
};

const CHANNELS: [string, number][] = [
  ['ONLINE_FORM', 34], ['SUGGESTION_BOX', 18], ['EMAIL', 14], ['IN_PERSON', 12], ['PHONE', 6], ['SOCIAL_MEDIA', 8], ['SURVEY', 8],
];
const CATEGORIES: [string, number][] = [
  ['COLLECTIONS', 18], ['PROGRAMS', 16], ['FACILITIES', 14], ['SERVICES', 12], ['STAFF', 7], ['ACCESSIBILITY', 7], ['TECHNOLOGY', 11], ['HOURS', 7], ['SAFETY', 4], ['OTHER', 4],
];
const TAGS: Record<string, string[]> = {
  COLLECTIONS: ['books', 'holds', 'ebooks', 'spanish'], PROGRAMS: ['kids', 'adults', 'evening', 'esl'], FACILITIES: ['restrooms', 'parking', 'heating'],
  SERVICES: ['printing', 'passports'], STAFF: ['thanks'], ACCESSIBILITY: ['mobility', 'vision'], TECHNOLOGY: ['wifi', 'computers', 'hotspots'],
  HOURS: ['weekend', 'evening'], SAFETY: ['parking', 'evening'], OTHER: ['newsletter'],
};
const RESPONSES_EN = [
  'Thank you for telling us. We have shared this with the branch team and will follow up.',
  'Thanks for the suggestion! We are looking into it for next quarter.',
  'We fixed this last week. Please let us know if it happens again.',
];
const RESPONSES_ES = ['Gracias por su comentario. Lo compartimos con el equipo de la biblioteca.', '¡Gracias por la sugerencia! La estamos considerando.'];
const NOTES = ['Forwarded to facilities.', 'Discussed at the branch meeting; budget request drafted.', 'Called the patron back.'];
const STAFF_NAMES = ['Maria Lopez', 'James Carter', 'Aiko Tanaka', 'Daniel Reyes', 'Priya Shah', 'Tom Becker'];

const DISCUSSION_TITLES: [string, string][] = [
  ['Town hall on the library budget', 'TOWN_HALL'], ['Teen advisory board', 'ADVISORY_BOARD'], ['Listening session: Spanish-speaking families', 'LISTENING_SESSION'],
  ['Focus group on digital services', 'FOCUS_GROUP'], ['Online forum: the future of the branch', 'ONLINE_FORUM'],
];
const NEEDS: [string, string, string][] = [
  ['Bilingual early literacy programs', 'EARLY_CHILDHOOD_LITERACY', 'HIGH'], ['Home internet access for students', 'DIGITAL_LEARNING', 'HIGH'],
  ['Job search and resume help', 'JOB_SKILLS', 'MEDIUM'], ['Health information for seniors', 'HEALTH', 'MEDIUM'], ['Evening study space', 'EDUCATION_LIFELONG_LEARNING', 'LOW'],
  ['Small business workshops', 'ECONOMIC_DEVELOPMENT', 'LOW'], ['Civic information sessions', 'CIVIC_COMMUNITY_ENGAGEMENT', 'MEDIUM'], ['Family reading nights', 'FAMILY_ENGAGEMENT', 'MEDIUM'],
];

export const DEMO_FEEDBACK_PER_BRANCH = 250;

/** People at a community discussion: an advisory board has about ten members, a town hall draws more in a larger town. */
export function attendeesOf(format: string, servicePopulation: number, rnd: SeededRandom): number {
  const town = Math.max(0.5, Math.min(2, Math.sqrt(servicePopulation / 25_000)));
  switch (format) {
    case 'ADVISORY_BOARD': return rnd.int(8, 14);
    case 'FOCUS_GROUP': return rnd.int(6, 12);
    case 'LISTENING_SESSION': return rnd.int(10, 35);
    case 'TOWN_HALL': return Math.round(rnd.int(25, 70) * town);
    default: return Math.round(rnd.int(15, 50) * town); // ONLINE_FORUM
  }
}

/** People who took part in a needs assessment, by how it was done. */
export function respondentsOf(method: string, servicePopulation: number, rnd: SeededRandom): number {
  switch (method) {
    case 'SURVEY': return Math.max(60, Math.min(900, Math.round(servicePopulation * rnd.int(5, 15) / 1000)));
    case 'FOCUS_GROUP': return rnd.int(8, 30);
    case 'COMMUNITY_MEETING': return rnd.int(15, 70);
    case 'INTERVIEWS': return rnd.int(10, 25);
    default: return 0; // DATA_ANALYSIS: census and library records, no respondents
  }
}

const sentimentCache = new Map<string, string>();
/** The templates repeat: score each once. */
function sentimentOfTemplate(subject: string, body: string, lang: Lang): string {
  const key = `${lang}\n${subject}`;
  let s = sentimentCache.get(key);
  if (s === undefined) sentimentCache.set(key, (s = sentimentOf(`${subject}\n${body}`, lang)));
  return s;
}
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function insertChunks<T extends object>(em: EntityManager, entity: new () => T, rows: T[], size = 250): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    await em.createQueryBuilder().insert().into(entity).values(rows.slice(i, i + size) as never).updateEntity(false).execute();
  }
}

/** Loads the demo data into an empty feedback database. Returns false when there was data already. */
export async function seedDemo(db: Database, now = new Date()): Promise<boolean> {
  if ((await db.manager.count(FeedbackRow)) > 0) return false;
  const rnd = new SeededRandom('feedback-demo');
  const items: FeedbackRow[] = [];
  const responses: FeedbackResponseRow[] = [];
  const votes: FeedbackVoteRow[] = [];
  const discussions: CommunityDiscussionRow[] = [];
  const assessments: NeedsAssessmentRow[] = [];
  const findings: NeedFindingRow[] = [];
  let n = 0;

  const addItem = (branch: (typeof DEMO_BRANCHES)[number], submittedAt: Date, channel: string, discussionId: string | null) => {
    const lang: Lang = rnd.chance(branch.spanishShare) ? 'es' : 'en';
    const category = rnd.weighted(CATEGORIES);
    const [subject, body, baseRating] = rnd.pick(TEMPLATES[category][lang]);
    const age = (now.getTime() - submittedAt.getTime()) / DAY;
    // Older items have mostly been dealt with; recent ones are still open.
    const status: FeedbackStatusValue = age > 45
      ? rnd.weighted<FeedbackStatusValue>([['RESOLVED', 68], ['DECLINED', 14], ['IN_PROGRESS', 8], ['ACKNOWLEDGED', 6], ['RECEIVED', 4]])
      : age > 7
        ? rnd.weighted<FeedbackStatusValue>([['RESOLVED', 30], ['DECLINED', 6], ['IN_PROGRESS', 24], ['ACKNOWLEDGED', 25], ['RECEIVED', 15]])
        : rnd.weighted<FeedbackStatusValue>([['RECEIVED', 55], ['ACKNOWLEDGED', 30], ['IN_PROGRESS', 10], ['RESOLVED', 5]]);
    const ackHours = 2 + -Math.log(1 - rnd.next()) * 30; // median about a day
    const acknowledgedAt = status === 'RECEIVED' || (status === 'DECLINED' && rnd.chance(0.4)) ? null : new Date(Math.min(submittedAt.getTime() + ackHours * HOUR, now.getTime() - HOUR));
    const resolvedAt = status === 'RESOLVED'
      ? new Date(Math.min((acknowledgedAt ?? submittedAt).getTime() + (1 + -Math.log(1 - rnd.next()) * 9) * DAY, now.getTime() - HOUR))
      : null;
    const isPublic = rnd.chance(0.55);
    const withContact = rnd.chance(0.3);
    const patron = rnd.chance(0.5) ? `demo-patron-${rnd.int(1, 600)}` : null;
    const id = rnd.id('feedback', n++);
    const rating = baseRating === null || rnd.chance(0.25) ? null : Math.max(1, Math.min(5, baseRating + rnd.int(-1, 1)));
    items.push(Object.assign(new FeedbackRow(), {
      id, branchId: branch.id, channel, category, subject, body, rating, language: lang, sentiment: sentimentOfTemplate(subject, body, lang), status, isPublic,
      voteCount: 0, tags: JSON.stringify(rnd.chance(0.6) ? [rnd.pick(TAGS[category])] : []),
      submittedAt, acknowledgedAt, resolvedAt,
      contactName: withContact ? `Demo Patron ${n}` : null,
      contactEmail: withContact ? `patron${n}@example.org` : null,
      contactPhone: withContact && rnd.chance(0.4) ? `+1 541 555 ${String(1000 + (n % 9000)).padStart(4, '0')}` : null,
      relatedProgramId: null, discussionId, submitterSub: patron, rateKey: patron ? `sub:${patron}` : 'seed', idempotencyScope: null, idempotencyKey: null,
      moderationState: isPublic ? 'PUBLISHED' : 'NOT_PUBLIC', screenFlags: '', mergedIntoId: null, searchText: '',
    }));
    const added = items[items.length - 1];
    added.searchText = feedbackSearchText(added.subject, added.body, JSON.parse(added.tags) as string[]);
    if (acknowledgedAt && rnd.chance(0.6)) {
      responses.push(Object.assign(new FeedbackResponseRow(), {
        id: rnd.id('feedback-response', responses.length), feedbackId: id, body: lang === 'es' ? rnd.pick(RESPONSES_ES) : rnd.pick(RESPONSES_EN),
        visibility: 'PUBLIC', authorName: rnd.pick(STAFF_NAMES), authorSub: null, createdAt: new Date(acknowledgedAt.getTime() + HOUR),
      }));
    }
    if (acknowledgedAt && rnd.chance(0.3)) {
      responses.push(Object.assign(new FeedbackResponseRow(), {
        id: rnd.id('feedback-response', responses.length), feedbackId: id, body: rnd.pick(NOTES), visibility: 'INTERNAL', authorName: rnd.pick(STAFF_NAMES), authorSub: null,
        createdAt: new Date(acknowledgedAt.getTime() + 2 * HOUR),
      }));
    }
    if (isPublic) {
      const count = Math.floor(-Math.log(1 - rnd.next()) * 3);
      const voters = new Set<string>();
      for (let i = 0; i < count; i++) voters.add(`demo-patron-${rnd.int(1, 600)}`);
      for (const patronId of voters) votes.push(Object.assign(new FeedbackVoteRow(), { feedbackId: id, patronId, createdAt: new Date(submittedAt.getTime() + rnd.int(1, 200) * HOUR) }));
      items[items.length - 1].voteCount = voters.size;
    }
  };

  for (const branch of DEMO_BRANCHES) {
    // Community discussions: about one a quarter, each raising a few items.
    for (let q = 0; q < 5; q++) {
      const [title, format] = DISCUSSION_TITLES[(q + n) % DISCUSSION_TITLES.length];
      const heldAt = new Date(now.getTime() - (40 + q * 140 + rnd.int(0, 30)) * DAY);
      heldAt.setUTCHours(18, 30, 0, 0);
      const d = Object.assign(new CommunityDiscussionRow(), {
        id: rnd.id('discussion', discussions.length), branchId: branch.id, title, format, heldAt, attendeeCount: attendeesOf(format, branch.servicePopulation, rnd),
        summary: `Residents of ${branch.address.city} shared ideas on collections, programs and opening hours.`, createdAt: heldAt,
      });
      discussions.push(d);
      for (let i = 0, k = rnd.int(3, 6); i < k; i++) addItem(branch, new Date(heldAt.getTime() + i * 60_000), 'COMMUNITY_DISCUSSION', d.id);
    }
    const scale = Math.max(0.5, Math.min(1.6, branch.servicePopulation / 40_000));
    const spanDays = (now.getTime() - Date.UTC(now.getUTCFullYear() - 2, 0, 1)) / DAY;
    const count = Math.round(DEMO_FEEDBACK_PER_BRANCH * scale);
    for (let i = 0; i < count; i++) {
      // Denser in recent months (the online form made feedback easier), back to the first of January two years ago.
      const ageDays = Math.pow(rnd.next(), 1.3) * spanDays;
      addItem(branch, new Date(now.getTime() - ageDays * DAY - rnd.int(0, 3600) * 1000), rnd.weighted(CHANNELS), null);
    }
    // Needs assessments: one in each of the last two years, dated in the year its title names.
    for (let y = 0; y < 2; y++) {
      const year = now.getUTCFullYear() - 1 - y;
      const method = rnd.pick(['SURVEY', 'FOCUS_GROUP', 'COMMUNITY_MEETING', 'INTERVIEWS', 'DATA_ANALYSIS']);
      const conductedOn = new Date(Date.UTC(year, rnd.int(1, 10), rnd.int(1, 28)));
      const a = Object.assign(new NeedsAssessmentRow(), {
        id: rnd.id('assessment', assessments.length), branchId: branch.id, title: `${branch.name} community needs assessment ${year}`,
        method, conductedOn: conductedOn.toISOString().slice(0, 10), respondentCount: respondentsOf(method, branch.servicePopulation, rnd), createdAt: new Date(conductedOn.getTime() + 30 * DAY),
      });
      assessments.push(a);
      const picked = new Set<number>();
      for (let i = 0, k = rnd.int(3, 5); i < k; i++) picked.add(rnd.int(0, NEEDS.length - 1));
      [...picked].forEach((j, position) => findings.push(Object.assign(new NeedFindingRow(), {
        id: rnd.id('finding', findings.length), assessmentId: a.id, position, need: NEEDS[j][0], serviceArea: NEEDS[j][1], priority: NEEDS[j][2],
        evidence: `${rnd.int(15, 70)}% of respondents named this.`,
      })));
    }
  }

  await db.transaction(async (em) => {
    await insertChunks(em, CommunityDiscussionRow, discussions);
    await insertChunks(em, FeedbackRow, items, 200);
    await rebuildRollup(em);
    await insertChunks(em, FeedbackResponseRow, responses);
    await insertChunks(em, FeedbackVoteRow, votes, 500);
    await insertChunks(em, NeedsAssessmentRow, assessments);
    await insertChunks(em, NeedFindingRow, findings);
  });
  return true;
}
