import { CELL_KEY_RANGE, ServiceArea } from '@ceg/conventions';
import { DEMO_BRANCHES, type DemoBranch, demoId, SeededRandom } from '@ceg/demo-data';
import type { Logger } from '@ceg/kit';
import type { Database } from '@ceg/persistence';
import type { EntityManager, ObjectLiteral } from 'typeorm';
import { AccessibilityAuditRow, CollectionAuditRow, CommunityProfileRow, ParticipantResponseRow, type StoredShare } from './entities';
import { profileId } from './service';
import { roundShare } from './suppression';
import { AccessibilityFeature } from './types';
import { AGE_BANDS, LANGUAGES, RACE_ETHNICITY, type Term } from './vocabulary';

const DAY = 86_400_000;
export const PROFILE_YEARS = [2019, 2021, 2023];

/** Inserts rows in batches with query builders (no per-entity reloads). */
async function insertBatched<T extends ObjectLiteral>(em: EntityManager, target: new () => T, rows: T[], size = 400): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    await em.createQueryBuilder().insert().into(target).values(rows.slice(i, i + size) as never).updateEntity(false).execute();
  }
}

const normalize = (weights: number[]) => {
  const total = weights.reduce((s, w) => s + w, 0);
  return weights.map((w) => w / total);
};

function breakdown(terms: Term[], shares: number[], universe: number): StoredShare[] {
  return terms.map((t, i) => ({ key: t.key, label: t.label, count: Math.round(shares[i] * universe), share: roundShare(shares[i]) }));
}

/** The community of a branch in a year, ACS-style: older and more Hispanic year by year, in step with the branch's Spanish share. */
function communityShares(b: DemoBranch, year: number, rng: SeededRandom) {
  const t = (year - 2023) / 2; // -2, -1, 0
  const jitter = () => 1 + (rng.next() - 0.5) * 0.08;
  const rural = b.servicePopulation < 10_000;
  const age = normalize([
    0.056 * jitter(), 0.165 * jitter(), (rural ? 0.07 : 0.095) * jitter(), 0.255 * jitter(), 0.25 * jitter(),
    (rural ? 0.21 : 0.175) * (1 + 0.03 * t) * jitter(),
  ]);
  const hispanic = Math.min(0.6, b.spanishShare * 1.3 * (1 + 0.04 * t));
  const others = [0.011, 0.014, 0.032, 0.006, 0.004, 0.045].map((s) => s * jitter() * (rural ? 0.6 : 1));
  const white = 1 - hispanic - others.reduce((s, x) => s + x, 0);
  const race = normalize([hispanic, white, others[0], others[1], others[2], others[3], others[4], others[5]]);
  const spanish = b.spanishShare * (1 + 0.05 * t);
  const otherLanguages = [0.028 * jitter(), 0.022 * jitter() * (rural ? 0.4 : 1), 0.006 * jitter()];
  const language = normalize([1 - spanish - otherLanguages.reduce((s, x) => s + x, 0), spanish, ...otherLanguages]);
  return { age, race, language };
}

function profiles(rng: SeededRandom): CommunityProfileRow[] {
  const out: CommunityProfileRow[] = [];
  for (const b of DEMO_BRANCHES) {
    for (const year of PROFILE_YEARS) {
      const population = Math.round(b.servicePopulation * (1 - 0.015 * (2023 - year)) * (1 + (rng.next() - 0.5) * 0.01));
      const s = communityShares(b, year, rng);
      const fivePlus = Math.round(population * (1 - s.age[0]));
      out.push(Object.assign(new CommunityProfileRow(), {
        id: profileId(b.id, year),
        branchId: b.id,
        year,
        source: `ACS 5-year ${year - 4}-${year}`,
        population,
        ageBands: JSON.stringify(breakdown(AGE_BANDS, s.age, population)),
        raceEthnicity: JSON.stringify(breakdown(RACE_ETHNICITY, s.race, population)),
        languages: JSON.stringify(breakdown(LANGUAGES, s.language, fivePlus)),
        disabilityRate: roundShare(0.12 + rng.next() * 0.05),
        povertyRate: roundShare(0.07 + b.spanishShare * 0.3 + rng.next() * 0.03 - 0.005 * (2023 - year)),
        broadbandRate: roundShare(Math.min(0.97, 0.84 + rng.next() * 0.06 + 0.015 * (year - 2019))),
        foreignBornRate: roundShare(0.03 + b.spanishShare * 0.45 + rng.next() * 0.01),
        medianHouseholdIncome: Math.round((82_000 - b.spanishShare * 70_000 + rng.int(-4000, 4000)) * (1 + 0.035 * (year - 2023)) / 100) * 100,
        updatedAt: new Date(`${year + 1}-12-15T00:00:00.000Z`),
      }));
    }
  }
  return out;
}

const SERVICE_AREAS = Object.values(ServiceArea);

/**
 * A year of anonymous answer sheets. Participants lean towards parents of
 * young children and retirees; Hispanic and Spanish-speaking residents,
 * young adults and the smaller groups take part less than their share of
 * the community, so gaps show, and small branches have cells small enough
 * to be withheld.
 */
function answerSheets(rng: SeededRandom, now: Date): ParticipantResponseRow[] {
  const out: ParticipantResponseRow[] = [];
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const ageLean = [1.2, 1.1, 0.35, 1.3, 0.8, 1.25];
  const raceLean = [0.55, 1.15, 0.9, 0.7, 1.0, 0.6, 0.8, 0.9];
  const languageLean = [1.15, 0.5, 0.9, 0.8, 0.7];
  // Record keys from their own generator, so that the answers stay as they were; the demo's figures are reproducible.
  const keys = new SeededRandom('participant-response:record-keys');
  for (const b of DEMO_BRANCHES) {
    const s = communityShares(b, 2023, new SeededRandom(`community:${b.code}`));
    const weights = (shares: number[], lean: number[], terms: Term[]) => terms.map((t, i) => [t.key, shares[i] * lean[i]] as const);
    const age = weights(s.age, ageLean, AGE_BANDS);
    const race = weights(s.race, raceLean, RACE_ETHNICITY);
    const language = weights(s.language, languageLean, LANGUAGES);
    const sheets = Math.round(Math.sqrt(b.servicePopulation) * 1.6);
    for (let i = 0; i < sheets; i++) {
      out.push(Object.assign(new ParticipantResponseRow(), {
        id: demoId('participant-response', `${b.code}:${i}`),
        branchId: b.id,
        activityOn: new Date(today - rng.int(0, 364) * DAY).toISOString().slice(0, 10),
        serviceArea: rng.chance(0.8) ? rng.pick(SERVICE_AREAS) : null,
        ageBand: rng.chance(0.93) ? rng.weighted(age) : null,
        raceEthnicity: rng.chance(0.86) ? rng.weighted(race) : null,
        homeLanguage: rng.chance(0.9) ? rng.weighted(language) : null,
        recordKey: keys.int(0, CELL_KEY_RANGE - 1),
      }));
    }
  }
  return out;
}

const COLLECTION_FORMATS: [string, number][] = [['PRINT', 0.71], ['EBOOK', 0.12], ['AUDIOBOOK', 0.09], ['DVD', 0.08]];
const REPRESENTATION: [string, number][] = [['OWN_VOICES_BIPOC', 0.07], ['OWN_VOICES_DISABILITY', 0.012], ['LGBTQIA_PLUS', 0.018], ['INDIGENOUS_AUTHORS', 0.006]];

/**
 * Splits a total over weighted keys in whole numbers that add up to exactly
 * the total (largest remainders), as an exclusive breakdown must.
 */
export function apportion(total: number, weights: [string, number][]): [string, number][] {
  const sum = weights.reduce((a, [, w]) => a + w, 0);
  const exact = weights.map(([key, w]) => ({ key, exact: sum > 0 ? (total * w) / sum : 0 }));
  const counts = exact.map((e) => Math.floor(e.exact));
  let left = total - counts.reduce((a, c) => a + c, 0);
  const order = exact.map((e, i) => ({ i, rest: e.exact - Math.floor(e.exact) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    counts[i]++;
    left--;
  }
  return exact.map((e, i) => [e.key, counts[i]]);
}

function collectionAudits(rng: SeededRandom, now: Date): CollectionAuditRow[] {
  const out: CollectionAuditRow[] = [];
  for (const b of DEMO_BRANCHES) {
    [430, 65].forEach((daysAgo, n) => {
      const growth = 1 + n * 0.03;
      const totalTitles = Math.round(Math.max(9000, b.servicePopulation * 1.6) * growth * (1 + (rng.next() - 0.5) * 0.1));
      const spanish = Math.min(0.25, b.spanishShare * (0.35 + n * 0.1));
      const dims = [
        // Languages and formats are exclusive (a title has one of each): their counts add up to exactly totalTitles.
        ...apportion(totalTitles, [['ENGLISH', 1 - spanish - 0.015], ['SPANISH', spanish], ['OTHER', 0.015]]).map(([key, titleCount]) => ({ dimension: 'LANGUAGE', key, titleCount })),
        ...apportion(totalTitles, COLLECTION_FORMATS.map(([key, s]) => [key, s * (key === 'EBOOK' ? growth : 1)])).map(([key, titleCount]) => ({ dimension: 'FORMAT', key, titleCount })),
        ...REPRESENTATION.map(([key, s]) => ({ dimension: 'REPRESENTATION', key, titleCount: Math.round(totalTitles * s * growth * (0.8 + rng.next() * 0.4)) })),
      ];
      const recordedAt = new Date(now.getTime() - daysAgo * DAY);
      out.push(Object.assign(new CollectionAuditRow(), {
        id: demoId('collection-audit', `${b.code}:${n}`), branchId: b.id, auditedOn: recordedAt.toISOString().slice(0, 10),
        totalTitles, dimensions: JSON.stringify(dims), recordedAt,
      }));
    });
  }
  return out;
}

const FEATURES = Object.values(AccessibilityFeature);

function accessibilityAudits(rng: SeededRandom, now: Date): AccessibilityAuditRow[] {
  const out: AccessibilityAuditRow[] = [];
  for (const b of DEMO_BRANCHES) {
    const modern = Number(b.openedOn.slice(0, 4)) >= 1990;
    [700, 120].forEach((daysAgo, n) => {
      const features = FEATURES.map((feature) => {
        const base = feature === AccessibilityFeature.MULTILINGUAL_SIGNAGE ? b.spanishShare * 2 : modern ? 0.8 : 0.55;
        const available = rng.chance(Math.min(0.95, base + n * 0.15));
        const notes = !available && rng.chance(0.4) ? 'Planned in the capital improvement plan.' : null;
        return { feature, available, notes };
      });
      const recordedAt = new Date(now.getTime() - daysAgo * DAY);
      out.push(Object.assign(new AccessibilityAuditRow(), {
        id: demoId('accessibility-audit', `${b.code}:${n}`), branchId: b.id, auditedOn: recordedAt.toISOString().slice(0, 10),
        features: JSON.stringify(features), score: features.filter((f) => f.available).length / features.length, recordedAt,
      }));
    });
  }
  return out;
}

export interface DemoRows {
  profiles: CommunityProfileRow[];
  sheets: ParticipantResponseRow[];
  collectionAudits: CollectionAuditRow[];
  accessibilityAudits: AccessibilityAuditRow[];
}

/** The demo rows, the same on every machine for the same day. */
export function demoRows(now = new Date()): DemoRows {
  const rng = new SeededRandom('diversity-metrics');
  return {
    profiles: profiles(rng),
    sheets: answerSheets(rng, now),
    collectionAudits: collectionAudits(rng, now),
    accessibilityAudits: accessibilityAudits(rng, now),
  };
}

/** Loads the demo data into an empty database, in one transaction. Returns false when there was data already. */
export async function seedDemo(db: Database, log?: Logger): Promise<boolean> {
  if ((await db.manager.count(CommunityProfileRow)) > 0) return false;
  const started = Date.now();
  const rows = demoRows();
  await db.transaction(async (em) => {
    await insertBatched(em, CommunityProfileRow, rows.profiles);
    await insertBatched(em, ParticipantResponseRow, rows.sheets, 500);
    await insertBatched(em, CollectionAuditRow, rows.collectionAudits);
    await insertBatched(em, AccessibilityAuditRow, rows.accessibilityAudits);
  });
  log?.info({
    profiles: rows.profiles.length, answerSheets: rows.sheets.length, collectionAudits: rows.collectionAudits.length,
    accessibilityAudits: rows.accessibilityAudits.length, ms: Date.now() - started,
  }, 'demo diversity metrics loaded');
  return true;
}
