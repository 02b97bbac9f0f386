/**
 * The demo consortium: three library systems and twelve branches with
 * realistic names, addresses and coordinates. Ids are derived from codes, so
 * every subgraph seeds its own database with the same ids and the graph fits
 * together. Also a seeded random generator for the domain subgraphs' demo data.
 */
import { createHash } from 'node:crypto';

/** A stable UUID (version-5 layout) for a demo record. */
export function demoId(kind: string, code: string): string {
  const h = createHash('sha1').update(`ceg-demo:${kind}:${code}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export interface DemoConsortium { id: string; code: string; name: string; region: string }
export interface DemoSystem { id: string; code: string; name: string; consortiumId: string }
export interface DemoBranch {
  id: string;
  code: string;
  name: string;
  systemId: string;
  consortiumId: string;
  address: { line1: string; line2: string | null; city: string; region: string; postalCode: string; country: string };
  location: { latitude: number; longitude: number };
  servicePopulation: number;
  openedOn: string;
  /** Share of the community whose home language is Spanish (drives demo feedback languages). */
  spanishShare: number;
}

const consortium: DemoConsortium = {
  id: demoId('consortium', 'CVLC'),
  code: 'CVLC',
  name: 'Cascade Valley Library Consortium',
  region: 'Mid-Willamette Valley and Central Coast, Oregon',
};

const system = (code: string, name: string): DemoSystem => ({ id: demoId('system', code), code, name, consortiumId: consortium.id });

export const DEMO_SYSTEMS: DemoSystem[] = [
  system('RVL', 'Riverton Public Library'),
  system('MCL', 'Maple County Library District'),
  system('HCL', 'Harbor City Public Library'),
];

const [rvl, mcl, hcl] = DEMO_SYSTEMS;

const branch = (
  s: DemoSystem, code: string, name: string, line1: string, city: string, postalCode: string,
  latitude: number, longitude: number, servicePopulation: number, openedOn: string, spanishShare: number,
): DemoBranch => ({
  id: demoId('branch', code), code, name, systemId: s.id, consortiumId: consortium.id,
  address: { line1, line2: null, city, region: 'OR', postalCode, country: 'US' },
  location: { latitude, longitude }, servicePopulation, openedOn, spanishShare,
});

export const DEMO_BRANCHES: DemoBranch[] = [
  branch(rvl, 'RVL-CEN', 'Riverton Central Library', '585 Liberty Street SE', 'Riverton', '97301', 44.9390, -123.0331, 98500, '1912-09-14', 0.18),
  branch(rvl, 'RVL-NOR', 'Northgate Branch', '4400 Portland Road NE', 'Riverton', '97305', 44.9902, -122.9951, 41200, '1987-04-02', 0.34),
  branch(rvl, 'RVL-WST', 'West Hills Branch', '1290 Wallace Road NW', 'Riverton', '97304', 44.9512, -123.0700, 36800, '2004-10-23', 0.08),
  branch(rvl, 'RVL-EST', 'Eastside Branch', '3850 Lancaster Drive NE', 'Riverton', '97305', 44.9622, -122.9822, 39900, '1996-06-08', 0.27),
  branch(mcl, 'MCL-MAP', 'Mapleton Library', '121 Broadalbin Street SW', 'Mapleton', '97321', 44.6365, -123.1059, 52700, '1931-03-01', 0.12),
  branch(mcl, 'MCL-OAK', 'Oak Grove Library', '215 Main Street', 'Oak Grove', '97352', 44.7485, -123.0209, 9800, '1958-11-15', 0.22),
  branch(mcl, 'MCL-CED', 'Cedar Falls Library', '780 Mill Street', 'Cedar Falls', '97383', 44.7873, -122.7795, 6400, '1976-05-20', 0.09),
  branch(mcl, 'MCL-PIN', 'Pine Ridge Community Library', '41 Santiam Highway', 'Pine Ridge', '97358', 44.7468, -122.5179, 2900, '2011-08-27', 0.05),
  branch(hcl, 'HCL-MAIN', 'Harbor City Main Library', '400 SW Bay Boulevard', 'Harbor City', '97365', 44.6268, -124.0537, 24100, '1948-07-04', 0.15),
  branch(hcl, 'HCL-BAY', 'Bayview Branch', '1850 NE Harbor Street', 'Harbor City', '97365', 44.6471, -124.0489, 11300, '1992-02-14', 0.21),
  branch(hcl, 'HCL-LGT', 'Lighthouse Point Branch', '72 Lighthouse Drive', 'Agate Beach', '97341', 44.6773, -124.0587, 4700, '2015-06-13', 0.06),
  branch(hcl, 'HCL-MKT', 'Market Street Branch', '260 Market Street', 'South Harbor', '97366', 44.5952, -124.0631, 8600, '2001-09-29', 0.19),
];

export const DEMO_CONSORTIA: DemoConsortium[] = [consortium];

export const demoBranch = (code: string): DemoBranch => {
  const b = DEMO_BRANCHES.find((x) => x.code === code);
  if (!b) throw new Error(`no demo branch ${code}`);
  return b;
};

/** Deterministic pseudo-random numbers (mulberry32), so demo data is the same on every machine. */
export class SeededRandom {
  private state: number;
  constructor(seed: number | string) {
    this.state = typeof seed === 'number' ? seed >>> 0 : createHash('sha1').update(seed).digest().readUInt32LE(0);
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Picks by weight: [[item, weight], …]. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r <= 0) return item;
    }
    return items[items.length - 1][0];
  }
  /** A stable id for the n-th generated record of a kind. */
  id(kind: string, n: number): string {
    return demoId(kind, String(n));
  }
}
