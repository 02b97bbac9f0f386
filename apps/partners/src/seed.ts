import { ServiceArea } from '@ceg/conventions';
import { DEMO_BRANCHES, demoBranch, demoId, SeededRandom } from '@ceg/demo-data';
import type { Logger } from '@ceg/kit';
import type { Database } from '@ceg/persistence';
import type { EntityManager, ObjectLiteral } from 'typeorm';
import {
  ContributionRow, PartnerContactRow, PartnerRow, PartnershipBranchRow, PartnershipProgramRow, PartnershipRow, PartnershipServiceAreaRow,
  type PartnershipStatusValue,
} from './entities';
import { AgreementType, ContributionDirection, ContributionKind, PartnerType } from './types';

const DAY = 86_400_000;
const A = ServiceArea;

/**
 * The programs subgraph's demo catalog, as far as its ids go: demo program n
 * is demoId('program', n), numbered branch by branch through this list (a
 * template runs where the branch is big enough, or Spanish-speaking enough),
 * then one draft at each branch of 30,000 people or more. Only the
 * conditions are repeated here (no code is shared between subgraphs), so
 * demo partnerships link to real demo programs.
 */
const PROGRAM_CATALOG: { key: string; minPopulation?: number; spanish?: boolean }[] = [
  { key: 'baby' }, { key: 'preschool' }, { key: 'cuentos', spanish: true }, { key: 'outreach', minPopulation: 20_000 },
  { key: 'coding', minPopulation: 9_000 }, { key: 'homework', minPopulation: 30_000 }, { key: 'maker', minPopulation: 20_000 }, { key: 'esl' },
  { key: 'jobs', minPopulation: 9_000 }, { key: 'jobsonline', minPopulation: 30_000 }, { key: 'health' }, { key: 'medicare', minPopulation: 30_000 },
  { key: 'summer' }, { key: 'games' }, { key: 'business', minPopulation: 30_000 }, { key: 'civics' }, { key: 'techhelp' },
];

/** Demo program ids by "BRANCH-CODE:template-key". */
export function demoProgramIds(): Map<string, string> {
  const ids = new Map<string, string>();
  let n = 0;
  for (const b of DEMO_BRANCHES) {
    for (const t of PROGRAM_CATALOG) {
      if (t.minPopulation && b.servicePopulation < t.minPopulation) continue;
      if (t.spanish && b.spanishShare < 0.15) continue;
      ids.set(`${b.code}:${t.key}`, demoId('program', String(++n)));
    }
    if (b.servicePopulation >= 30_000) n++;
  }
  return ids;
}

interface PartnerSeed {
  key: string;
  name: string;
  type: PartnerType;
  description: string;
  website: string | null;
  areas: ServiceArea[];
  contacts: [string, string | null, string | null, string | null][];
  partnerships: PartnershipSeed[];
}

interface PartnershipSeed {
  title: string;
  branches: string[];
  goals: string[];
  areas: ServiceArea[];
  status: PartnershipStatusValue;
  agreement: AgreementType;
  /** Months from today to the start (negative: in the past); null: no date yet. */
  startMonths: number | null;
  /** Length in months; null: open-ended. */
  months: number | null;
  /** Contributions per year: [kind, direction, description, [min, max] USD or null, [min, max] hours or null]. */
  gives: [ContributionKind, ContributionDirection, string, [number, number] | null, [number, number] | null][];
  programs?: string[];
}

const K = ContributionKind;
const FROM_PARTNER = ContributionDirection.FROM_PARTNER;
const FROM_LIBRARY = ContributionDirection.FROM_LIBRARY;

/** Organizations a consortium of this size really works with. */
const PARTNERS: PartnerSeed[] = [
  {
    key: 'rsd', name: 'Riverton School District 24J', type: PartnerType.SCHOOL, website: 'https://www.riverton24j.example.org',
    description: 'The public school district serving Riverton: 42 schools and about 40,000 students.',
    areas: [A.EDUCATION_LIFELONG_LEARNING, A.EARLY_CHILDHOOD_LITERACY, A.SUMMER_READING],
    contacts: [['Dana Whitfield', 'Director of Library Media Services', 'dana.whitfield@riverton24j.example.org', '+1 503-555-0142'], ['Luis Ortega', 'Family Engagement Coordinator', 'luis.ortega@riverton24j.example.org', null]],
    partnerships: [
      { title: 'Student Library Card Initiative', branches: ['RVL-CEN', 'RVL-NOR', 'RVL-WST', 'RVL-EST'], goals: ['Every student has a public library card', 'Students use e-books for class reading'], areas: [A.EDUCATION_LIFELONG_LEARNING], status: 'ACTIVE', agreement: AgreementType.MOU, startMonths: -30, months: null, gives: [[K.EXPERTISE, FROM_PARTNER, 'Teacher-librarian time to register classes', null, [20, 60]], [K.MATERIALS, FROM_LIBRARY, 'Card sign-up kits and e-book collections for classes', [400, 1200], null]], programs: ['RVL-CEN:homework', 'RVL-NOR:homework'] },
      { title: 'Summer Reading Outreach to Title I Schools', branches: ['RVL-NOR', 'RVL-EST'], goals: ['Reduce the summer slide', 'Reach families who do not visit the library'], areas: [A.SUMMER_READING, A.FAMILY_ENGAGEMENT], status: 'ACTIVE', agreement: AgreementType.INFORMAL, startMonths: -14, months: null, gives: [[K.PROMOTION, FROM_PARTNER, 'Flyers in every backpack and school newsletter notices', null, null], [K.VOLUNTEER_TIME, FROM_PARTNER, 'Teachers reading at summer parties', null, [10, 40]]], programs: ['RVL-NOR:games', 'RVL-EST:games'] },
    ],
  },
  {
    key: 'mcesd', name: 'Maple County Education Service District', type: PartnerType.SCHOOL, website: 'https://www.maplecountyesd.example.org',
    description: 'Regional service district supporting the rural school districts of Maple County.',
    areas: [A.EARLY_CHILDHOOD_LITERACY, A.EDUCATION_LIFELONG_LEARNING],
    contacts: [['Karen Lindqvist', 'Early Learning Hub Manager', 'klindqvist@maplecountyesd.example.org', '+1 541-555-0117']],
    partnerships: [
      { title: 'Kindergarten Readiness Book Bags', branches: ['MCL-MAP', 'MCL-OAK', 'MCL-CED', 'MCL-PIN'], goals: ['Every incoming kindergartner gets a book bag', 'Caregivers learn early literacy practices'], areas: [A.EARLY_CHILDHOOD_LITERACY], status: 'ACTIVE', agreement: AgreementType.GRANT, startMonths: -20, months: 36, gives: [[K.FUNDING, FROM_PARTNER, 'Early Learning Hub grant for book bags', [3000, 8000], null], [K.VOLUNTEER_TIME, FROM_LIBRARY, 'Staff assembling and delivering book bags', null, [15, 45]]], programs: ['MCL-MAP:baby', 'MCL-OAK:baby'] },
    ],
  },
  {
    key: 'ccc', name: 'Chemeketa Valley Community College', type: PartnerType.HIGHER_EDUCATION, website: 'https://www.cvcc.example.edu',
    description: 'Community college with campuses in Riverton and Mapleton: transfer degrees, career training, GED and ESL.',
    areas: [A.EDUCATION_LIFELONG_LEARNING, A.JOB_SKILLS, A.DIGITAL_LEARNING],
    contacts: [['Dr. Amara Okafor', 'Dean of Adult Basic Education', 'aokafor@cvcc.example.edu', '+1 503-555-0188'], ['Peter Zhang', 'ESL Program Lead', 'pzhang@cvcc.example.edu', null]],
    partnerships: [
      { title: 'ESL and GED Classes at the Library', branches: ['RVL-CEN', 'RVL-NOR', 'MCL-MAP'], goals: ['Adult learners study close to home', 'Raise GED completion'], areas: [A.EDUCATION_LIFELONG_LEARNING], status: 'ACTIVE', agreement: AgreementType.CONTRACT, startMonths: -26, months: 48, gives: [[K.EXPERTISE, FROM_PARTNER, 'Certified ESL instructors', null, [40, 120]], [K.SPACE, FROM_LIBRARY, 'Classroom space two evenings a week', [1500, 3500], null]], programs: ['RVL-CEN:esl', 'RVL-NOR:esl', 'MCL-MAP:esl'] },
      { title: 'Digital Skills Certificate Pilot', branches: ['RVL-EST'], goals: ['Offer a stackable digital skills credential'], areas: [A.DIGITAL_LEARNING, A.JOB_SKILLS], status: 'PROPOSED', agreement: AgreementType.MOU, startMonths: 3, months: 12, gives: [] },
    ],
  },
  {
    key: 'food', name: 'Marion-Polk Harvest Food Share', type: PartnerType.NONPROFIT, website: 'https://www.harvestfoodshare.example.org',
    description: 'Regional food bank supplying pantries, school meal sites and summer meals for kids.',
    areas: [A.HEALTH, A.FAMILY_ENGAGEMENT],
    contacts: [['Grace Muñoz', 'Community Programs Manager', 'gmunoz@harvestfoodshare.example.org', '+1 503-555-0160']],
    partnerships: [
      { title: 'Summer Lunch at the Library', branches: ['RVL-NOR', 'RVL-EST', 'HCL-BAY'], goals: ['Free lunch for children under 18 all summer', 'Pair meals with reading activities'], areas: [A.HEALTH, A.SUMMER_READING], status: 'ACTIVE', agreement: AgreementType.MOU, startMonths: -40, months: null, gives: [[K.MATERIALS, FROM_PARTNER, 'Meals and snacks for summer lunch sites', [2500, 6000], null], [K.VOLUNTEER_TIME, FROM_PARTNER, 'Meal-site volunteers', null, [60, 180]], [K.SPACE, FROM_LIBRARY, 'Community room for meal service', null, null]] },
      { title: 'Pop-up Pantry Pilot', branches: ['HCL-MKT'], goals: ['Monthly pantry at the branch'], areas: [A.HEALTH], status: 'ENDED', agreement: AgreementType.INFORMAL, startMonths: -24, months: 9, gives: [[K.MATERIALS, FROM_PARTNER, 'Pantry boxes', [800, 2000], null]] },
    ],
  },
  {
    key: 'clinic', name: 'Northgate Community Health Clinic', type: PartnerType.HEALTH_PROVIDER, website: 'https://www.northgatehealth.example.org',
    description: 'Federally qualified health center offering primary care, dental and behavioral health on a sliding fee scale.',
    areas: [A.HEALTH],
    contacts: [['Marisol Reyes, RN', 'Community Health Worker Supervisor', 'mreyes@northgatehealth.example.org', '+1 503-555-0133']],
    partnerships: [
      { title: 'Health Navigator Office Hours', branches: ['RVL-NOR'], goals: ['Help patrons enroll in the Oregon Health Plan', 'Connect families to primary care'], areas: [A.HEALTH], status: 'ACTIVE', agreement: AgreementType.MOU, startMonths: -18, months: 24, gives: [[K.EXPERTISE, FROM_PARTNER, 'Community health worker at the branch weekly', null, [30, 80]], [K.SPACE, FROM_LIBRARY, 'Private consultation room', null, null]], programs: ['RVL-NOR:health'] },
      { title: 'Mobile Dental Van Visits', branches: ['RVL-NOR', 'RVL-EST'], goals: ['Free dental screenings for children'], areas: [A.HEALTH, A.FAMILY_ENGAGEMENT], status: 'ON_HOLD', agreement: AgreementType.INFORMAL, startMonths: -8, months: null, gives: [[K.EXPERTISE, FROM_PARTNER, 'Dental hygienist screenings', null, [8, 20]]] },
    ],
  },
  {
    key: 'refugee', name: 'Cascade Refugee & Immigrant Services', type: PartnerType.NONPROFIT, website: 'https://www.cascaderis.example.org',
    description: 'Resettlement agency helping refugee and immigrant families with housing, employment, language and citizenship.',
    areas: [A.CIVIC_COMMUNITY_ENGAGEMENT, A.EDUCATION_LIFELONG_LEARNING, A.JOB_SKILLS],
    contacts: [['Abdi Warsame', 'Resettlement Case Manager', 'awarsame@cascaderis.example.org', '+1 503-555-0175'], ['Oksana Petrenko', 'Volunteer Coordinator', 'opetrenko@cascaderis.example.org', null]],
    partnerships: [
      { title: 'Welcome to Your Library: Newcomer Orientation', branches: ['RVL-CEN', 'RVL-NOR'], goals: ['Newly arrived families get library cards in their first month', 'Interpreted library tours'], areas: [A.CIVIC_COMMUNITY_ENGAGEMENT], status: 'ACTIVE', agreement: AgreementType.MOU, startMonths: -16, months: null, gives: [[K.EXPERTISE, FROM_PARTNER, 'Interpreters for Dari, Pashto, Ukrainian and Swahili', null, [10, 30]], [K.MATERIALS, FROM_LIBRARY, 'World-language picture books for welcome kits', [300, 900], null]] },
      { title: 'Citizenship Study Circles', branches: ['RVL-CEN', 'HCL-MAIN'], goals: ['Prepare residents for the naturalization interview'], areas: [A.CIVIC_COMMUNITY_ENGAGEMENT, A.EDUCATION_LIFELONG_LEARNING], status: 'PROPOSED', agreement: AgreementType.INFORMAL, startMonths: null, months: null, gives: [] },
    ],
  },
  {
    key: 'workforce', name: 'Willamette Workforce Partnership', type: PartnerType.GOVERNMENT_AGENCY, website: 'https://www.willamette-workforce.example.gov',
    description: 'Local workforce development board and WorkSource Oregon centers: job search, training funds and career coaching.',
    areas: [A.JOB_SKILLS, A.ECONOMIC_DEVELOPMENT],
    contacts: [['Tom Brennan', 'Business Services Lead', 'tbrennan@willamette-workforce.example.gov', '+1 503-555-0121']],
    partnerships: [
      { title: 'Career Coaching in the Library', branches: ['RVL-CEN', 'MCL-MAP', 'HCL-MAIN'], goals: ['Weekly career coaching at three libraries', 'Place job seekers in training programs'], areas: [A.JOB_SKILLS], status: 'ACTIVE', agreement: AgreementType.CONTRACT, startMonths: -22, months: 36, gives: [[K.FUNDING, FROM_PARTNER, 'WIOA funds for computer lab staffing', [4000, 12000], null], [K.EXPERTISE, FROM_PARTNER, 'Career coaches', null, [50, 150]]], programs: ['RVL-CEN:jobs', 'MCL-MAP:jobs', 'HCL-MAIN:jobs'] },
    ],
  },
  {
    key: 'museum', name: 'Riverton Museum of History and Art', type: PartnerType.CULTURAL_INSTITUTION, website: 'https://www.rivertonmuseum.example.org',
    description: 'Regional museum with local history collections, rotating art exhibits and school programs.',
    areas: [A.EDUCATION_LIFELONG_LEARNING, A.FAMILY_ENGAGEMENT],
    contacts: [['Helen Park', 'Curator of Education', 'hpark@rivertonmuseum.example.org', null]],
    partnerships: [
      { title: 'Museum Pass Lending', branches: ['RVL-CEN', 'RVL-WST', 'RVL-NOR', 'RVL-EST'], goals: ['Free family museum visits with a library card'], areas: [A.FAMILY_ENGAGEMENT], status: 'ACTIVE', agreement: AgreementType.MOU, startMonths: -48, months: null, gives: [[K.MATERIALS, FROM_PARTNER, 'Family passes for checkout', [1200, 2400], null], [K.PROMOTION, FROM_LIBRARY, 'Pass program in the library newsletter', null, null]], programs: ['RVL-CEN:games'] },
    ],
  },
  {
    key: 'maritime', name: 'Harbor City Maritime Museum', type: PartnerType.CULTURAL_INSTITUTION, website: 'https://www.harborcitymaritime.example.org',
    description: 'Museum of the coast’s fishing, shipping and lighthouse history.',
    areas: [A.EDUCATION_LIFELONG_LEARNING],
    contacts: [['Gary Olsen', 'Director', 'director@harborcitymaritime.example.org', '+1 541-555-0199']],
    partnerships: [
      { title: 'Coastal History Talks', branches: ['HCL-MAIN', 'HCL-LGT'], goals: ['Monthly local history talks'], areas: [A.EDUCATION_LIFELONG_LEARNING, A.CIVIC_COMMUNITY_ENGAGEMENT], status: 'ACTIVE', agreement: AgreementType.INFORMAL, startMonths: -10, months: null, gives: [[K.EXPERTISE, FROM_PARTNER, 'Historians presenting talks', null, [4, 12]]], programs: ['HCL-MAIN:civics'] },
    ],
  },
  {
    key: 'parks', name: 'Riverton Parks and Recreation', type: PartnerType.GOVERNMENT_AGENCY, website: 'https://www.riverton.example.gov/parks',
    description: 'City department running parks, community centers, pools and recreation programs.',
    areas: [A.FAMILY_ENGAGEMENT, A.HEALTH, A.SUMMER_READING],
    contacts: [['Renee Castillo', 'Recreation Supervisor', 'rcastillo@riverton.example.gov', '+1 503-555-0110']],
    partnerships: [
      { title: 'StoryWalk in the Parks', branches: ['RVL-WST', 'RVL-EST'], goals: ['Rotating picture-book trails in two parks', 'Get families outdoors and reading'], areas: [A.EARLY_CHILDHOOD_LITERACY, A.HEALTH], status: 'ACTIVE', agreement: AgreementType.MOU, startMonths: -12, months: 24, gives: [[K.MATERIALS, FROM_LIBRARY, 'Books and laminated StoryWalk pages', [250, 600], null], [K.VOLUNTEER_TIME, FROM_PARTNER, 'Park crews installing and changing the trail', null, [6, 16]]], programs: ['RVL-WST:preschool'] },
    ],
  },
  {
    key: 'bank', name: 'Valley Credit Union', type: PartnerType.BUSINESS, website: 'https://www.valleycu.example.com',
    description: 'Member-owned credit union with branches across the valley.',
    areas: [A.ECONOMIC_DEVELOPMENT],
    contacts: [['Michelle Tran', 'Community Relations Officer', 'mtran@valleycu.example.com', '+1 503-555-0155']],
    partnerships: [
      { title: 'Money Smart Week and Financial Literacy Sponsorship', branches: ['RVL-CEN', 'MCL-MAP', 'HCL-MAIN'], goals: ['Free financial literacy workshops', 'Sponsor the adult summer reading prizes'], areas: [A.ECONOMIC_DEVELOPMENT], status: 'ACTIVE', agreement: AgreementType.GRANT, startMonths: -28, months: null, gives: [[K.FUNDING, FROM_PARTNER, 'Sponsorship', [1500, 5000], null], [K.EXPERTISE, FROM_PARTNER, 'Financial counselors presenting workshops', null, [6, 18]]], programs: ['RVL-CEN:business'] },
    ],
  },
  {
    key: 'brew', name: 'Tidewater Coffee Roasters', type: PartnerType.BUSINESS, website: null,
    description: 'Local coffee roaster and café on Market Street.',
    areas: [A.CIVIC_COMMUNITY_ENGAGEMENT],
    contacts: [['Sam Keller', 'Owner', 'sam@tidewatercoffee.example.com', null]],
    partnerships: [
      { title: 'Civics Café Coffee', branches: ['HCL-MKT', 'HCL-BAY'], goals: ['Coffee for community conversations'], areas: [A.CIVIC_COMMUNITY_ENGAGEMENT], status: 'ACTIVE', agreement: AgreementType.INFORMAL, startMonths: -6, months: null, gives: [[K.MATERIALS, FROM_PARTNER, 'Coffee and pastries', [60, 180], null]], programs: ['HCL-MKT:civics', 'HCL-BAY:civics'] },
      { title: 'Local Author Readings', branches: ['HCL-MKT'], goals: ['Readings by local authors at the café'], areas: [A.CIVIC_COMMUNITY_ENGAGEMENT], status: 'ENDED', agreement: AgreementType.INFORMAL, startMonths: -30, months: 12, gives: [[K.SPACE, FROM_PARTNER, 'Café space for evening readings', null, null]] },
    ],
  },
  {
    key: 'hardware', name: 'Oak Grove Hardware & Feed', type: PartnerType.BUSINESS, website: null,
    description: 'Family-owned hardware store serving Oak Grove since 1961.',
    areas: [A.FAMILY_ENGAGEMENT],
    contacts: [['Bill Haskins', 'Owner', null, '+1 503-555-0102']],
    partnerships: [
      { title: 'Seed Library', branches: ['MCL-OAK', 'MCL-PIN'], goals: ['Free vegetable and flower seeds to borrow', 'Gardening workshops'], areas: [A.FAMILY_ENGAGEMENT, A.HEALTH], status: 'ACTIVE', agreement: AgreementType.INFORMAL, startMonths: -15, months: null, gives: [[K.MATERIALS, FROM_PARTNER, 'Seed packets and soil', [150, 400], null], [K.EXPERTISE, FROM_PARTNER, 'Gardening workshop', null, [2, 6]]] },
    ],
  },
  {
    key: 'news', name: 'Coastal Community Radio KCCR', type: PartnerType.MEDIA, website: 'https://www.kccr.example.org',
    description: 'Listener-supported community radio station on the central coast.',
    areas: [A.CIVIC_COMMUNITY_ENGAGEMENT],
    contacts: [['Jade Whitaker', 'Program Director', 'jade@kccr.example.org', '+1 541-555-0170']],
    partnerships: [
      { title: 'Library Minute on the Air', branches: ['HCL-MAIN', 'HCL-BAY', 'HCL-LGT', 'HCL-MKT'], goals: ['Weekly library segment on community radio'], areas: [A.CIVIC_COMMUNITY_ENGAGEMENT], status: 'ACTIVE', agreement: AgreementType.INFORMAL, startMonths: -11, months: null, gives: [[K.PROMOTION, FROM_PARTNER, 'Air time for library announcements', [200, 500], null], [K.VOLUNTEER_TIME, FROM_LIBRARY, 'Staff recording the segment', null, [2, 5]]] },
    ],
  },
  {
    key: 'faith', name: 'St. Brendan’s Community Kitchen', type: PartnerType.FAITH_BASED, website: null,
    description: 'Parish-run community kitchen serving weekday lunches in Cedar Falls.',
    areas: [A.HEALTH, A.CIVIC_COMMUNITY_ENGAGEMENT],
    contacts: [['Sister Mary Alvarez', 'Kitchen Coordinator', 'kitchen@stbrendans.example.org', '+1 503-555-0191']],
    partnerships: [
      { title: 'Books and Lunch', branches: ['MCL-CED'], goals: ['A book cart and library sign-ups at the community lunch'], areas: [A.CIVIC_COMMUNITY_ENGAGEMENT], status: 'ON_HOLD', agreement: AgreementType.INFORMAL, startMonths: -9, months: null, gives: [[K.MATERIALS, FROM_LIBRARY, 'Withdrawn books for the cart', null, null]] },
    ],
  },
  {
    key: 'coding', name: 'Code Coast Volunteers', type: PartnerType.NONPROFIT, website: 'https://codecoast.example.org',
    description: 'Software developers volunteering to teach coding to kids and teens.',
    areas: [A.DIGITAL_LEARNING],
    contacts: [['Priya Natarajan', 'Chapter Lead', 'priya@codecoast.example.org', null]],
    partnerships: [
      { title: 'Kids Coding Club Mentors', branches: ['RVL-CEN', 'RVL-WST', 'HCL-MAIN'], goals: ['Two mentors at every club meeting'], areas: [A.DIGITAL_LEARNING], status: 'ACTIVE', agreement: AgreementType.INFORMAL, startMonths: -13, months: null, gives: [[K.VOLUNTEER_TIME, FROM_PARTNER, 'Mentors at club meetings', null, [20, 60]], [K.MATERIALS, FROM_PARTNER, 'micro:bit kits', [300, 900], null]], programs: ['RVL-CEN:coding', 'RVL-WST:coding', 'HCL-MAIN:coding'] },
    ],
  },
  {
    key: 'seniors', name: 'Mid-Valley Senior Services', type: PartnerType.GOVERNMENT_AGENCY, website: 'https://www.midvalleyseniors.example.gov',
    description: 'Area agency on aging: senior centers, Meals on Wheels, Medicare counseling (SHIBA).',
    areas: [A.HEALTH, A.DIGITAL_LEARNING],
    contacts: [['Frank Delgado', 'SHIBA Program Coordinator', 'fdelgado@midvalleyseniors.example.gov', '+1 503-555-0147']],
    partnerships: [
      { title: 'Tech Help and Medicare Counseling for Seniors', branches: ['RVL-CEN', 'RVL-EST', 'MCL-MAP'], goals: ['Seniors confident online', 'Unbiased Medicare counseling'], areas: [A.HEALTH, A.DIGITAL_LEARNING], status: 'ACTIVE', agreement: AgreementType.MOU, startMonths: -19, months: null, gives: [[K.EXPERTISE, FROM_PARTNER, 'SHIBA counselors', null, [10, 30]], [K.VOLUNTEER_TIME, FROM_PARTNER, 'Tech help volunteers', null, [20, 50]]], programs: ['RVL-CEN:techhelp', 'RVL-EST:techhelp', 'RVL-CEN:medicare'] },
    ],
  },
  {
    key: 'arts', name: 'Cedar Falls Arts Council', type: PartnerType.CULTURAL_INSTITUTION, website: 'https://www.cedarfallsarts.example.org',
    description: 'Volunteer arts council running the summer arts festival and a small gallery.',
    areas: [A.FAMILY_ENGAGEMENT],
    contacts: [['Noah Fischer', 'Board Chair', 'chair@cedarfallsarts.example.org', null]],
    partnerships: [
      { title: 'Art in the Stacks', branches: ['MCL-CED', 'MCL-PIN'], goals: ['Rotating local art exhibits in the library'], areas: [A.FAMILY_ENGAGEMENT, A.CIVIC_COMMUNITY_ENGAGEMENT], status: 'PROPOSED', agreement: AgreementType.INFORMAL, startMonths: 2, months: null, gives: [] },
    ],
  },
];

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Inserts rows in batches with query builders (no per-entity reloads). */
async function insertBatched<T extends ObjectLiteral>(em: EntityManager, target: new () => T, rows: T[], size = 300): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    await em.createQueryBuilder().insert().into(target).values(rows.slice(i, i + size) as never).updateEntity(false).execute();
  }
}

export interface DemoVolume {
  partners: number;
  contacts: number;
  partnerships: number;
  contributions: number;
  programLinks: number;
}

/** The demo partners, partnerships and contributions, relative to `now`. Deterministic for a given day. */
export function demoRows(now = new Date()) {
  const rng = new SeededRandom('partners-demo');
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const programIds = demoProgramIds();
  const out = {
    partners: [] as PartnerRow[], contacts: [] as PartnerContactRow[], partnerships: [] as PartnershipRow[], branches: [] as PartnershipBranchRow[],
    areas: [] as PartnershipServiceAreaRow[], programs: [] as PartnershipProgramRow[], contributions: [] as ContributionRow[],
  };
  for (const p of PARTNERS) {
    const createdAt = new Date(today - rng.int(400, 1600) * DAY);
    const partnerId = demoId('partner', p.key);
    out.partners.push(Object.assign(new PartnerRow(), {
      id: partnerId, name: p.name, type: p.type, description: p.description, website: p.website, serviceAreas: JSON.stringify(p.areas), createdAt,
    }));
    p.contacts.forEach(([name, role, email, phone], i) =>
      out.contacts.push(Object.assign(new PartnerContactRow(), { id: demoId('partner-contact', `${p.key}:${i}`), partnerId, position: i, name, role, email, phone })));
    p.partnerships.forEach((s, j) => {
      const id = demoId('partnership', `${p.key}:${j}`);
      const start = s.startMonths === null ? null : today + Math.round(s.startMonths * 30.44) * DAY;
      let end = start === null || s.months === null ? null : start + Math.round(s.months * 30.44) * DAY;
      if (s.status === 'ENDED' && end !== null && end > today) end = today - 7 * DAY;
      const created = new Date(Math.min(today - DAY, (start ?? today) - rng.int(20, 90) * DAY));
      out.partnerships.push(Object.assign(new PartnershipRow(), {
        id, partnerId, partnerType: p.type, title: s.title, sharedGoals: JSON.stringify(s.goals), status: s.status, agreementType: s.agreement,
        startsOn: start === null ? null : iso(start), endsOn: end === null ? null : iso(end), createdAt: created, updatedAt: created,
      }));
      for (const code of s.branches) out.branches.push({ partnershipId: id, branchId: demoBranch(code).id });
      for (const area of s.areas) out.areas.push({ partnershipId: id, serviceArea: area });
      for (const key of s.programs ?? []) {
        const programId = programIds.get(key);
        if (programId) out.programs.push({ partnershipId: id, programId, linkedAt: created });
      }
      if (start === null || start > today) return;
      // Contributions: a few a year from the start to the end (or today).
      const until = Math.min(end ?? today, today);
      for (const [kind, direction, description, money, hours] of s.gives) {
        for (let at = start + rng.int(5, 60) * DAY; at <= until; at += rng.int(60, 150) * DAY) {
          const amount = money ? rng.int(money[0] * 100, money[1] * 100) : null;
          const h = hours ? rng.int(hours[0] * 4, hours[1] * 4) * 25 : null;
          out.contributions.push(Object.assign(new ContributionRow(), {
            id: rng.id('contribution', out.contributions.length + 1), partnershipId: id, kind, direction, description,
            amountCents: amount === null ? null : String(amount), currency: amount === null ? null : 'USD', hoursCenti: h,
            contributedOn: iso(at), createdAt: new Date(at + 9 * 3_600_000),
          }));
        }
      }
    });
  }
  return out;
}

/** Loads the demo partners into an empty database in one transaction. Returns false when there was data already. */
export async function seedDemo(db: Database, log?: Logger): Promise<boolean> {
  if ((await db.manager.count(PartnerRow)) > 0) return false;
  const started = Date.now();
  const rows = demoRows();
  await db.transaction(async (em) => {
    await insertBatched(em, PartnerRow, rows.partners);
    await insertBatched(em, PartnerContactRow, rows.contacts);
    await insertBatched(em, PartnershipRow, rows.partnerships);
    await insertBatched(em, PartnershipBranchRow, rows.branches);
    await insertBatched(em, PartnershipServiceAreaRow, rows.areas);
    await insertBatched(em, PartnershipProgramRow, rows.programs);
    await insertBatched(em, ContributionRow, rows.contributions);
  });
  const volume: DemoVolume = {
    partners: rows.partners.length, contacts: rows.contacts.length, partnerships: rows.partnerships.length, contributions: rows.contributions.length, programLinks: rows.programs.length,
  };
  log?.info({ ...volume, ms: Date.now() - started }, 'demo partners loaded');
  return true;
}
