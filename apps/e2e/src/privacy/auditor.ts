/**
 * The privacy auditor (RULES.md §3): an analyst with unlimited queries who
 * knows the method and its parameters (PRIVACY_MIN_CELL, the noise bound,
 * the perturbation table) but not the record keys, and who tries to pin down
 * a hidden count (1 to minCell − 1) or a withheld person's answer exactly.
 *
 * Each published number only tells that the true count lies in an interval:
 * `0` → exactly 0 (nobody); withheld (`null`) → 1 to minCell − 1 + noise
 * bound (a larger cell may be withheld when its noise takes it below the
 * threshold); a shown count v → max(minCell, v − bound) to v + bound. An
 * attack combines intervals (differences, sums, intersections); it
 * recovers a value when the combination leaves exactly one possibility.
 * Every interval is also checked to hold the truth (the auditor knows every
 * record), so that a wrong model of the method cannot make it pass.
 */
import { MAX_NOISE } from '@ceg/conventions';

export interface Interval {
  lo: number;
  hi: number;
}

/** What a published count tells about the true count. */
export function bounds(published: number | null, minCell: number, noise = MAX_NOISE): Interval {
  if (published === 0) return { lo: 0, hi: 0 };
  if (published === null) return { lo: 1, hi: minCell - 1 + noise };
  return { lo: Math.max(minCell, published - noise), hi: published + noise };
}

/**
 * What a published share of agreement (agreed over answered, both
 * perturbed; the agreed count perturbed even at 0 and at most the whole)
 * tells about the number who agreed, given the published whole.
 */
export function agreedBounds(share: number, whole: number, noise = MAX_NOISE): Interval {
  const agreed = Math.round(share * whole);
  if (agreed === 0) return { lo: 0, hi: noise };
  if (agreed === whole) return { lo: Math.max(0, whole - noise), hi: Number.POSITIVE_INFINITY };
  return { lo: Math.max(0, agreed - noise), hi: agreed + noise };
}

export const minus = (a: Interval, b: Interval): Interval => ({ lo: a.lo - b.hi, hi: a.hi - b.lo });
export const plus = (a: Interval, b: Interval): Interval => ({ lo: a.lo + b.lo, hi: a.hi + b.hi });
export const shift = (a: Interval, by: number): Interval => ({ lo: a.lo + by, hi: a.hi + by });
export const intersect = (a: Interval, b: Interval): Interval => ({ lo: Math.max(a.lo, b.lo), hi: Math.min(a.hi, b.hi) });
export const nonNegative = (a: Interval): Interval => ({ lo: Math.max(0, a.lo), hi: a.hi });
export const ZERO_UP: Interval = { lo: 0, hi: Number.POSITIVE_INFINITY };

export interface Recovery {
  attack: string;
  target: string;
  truth: number;
}

/** Counts attempts per attack, the recoveries, and any interval that missed the truth. */
export class AuditReport {
  readonly tried = new Map<string, number>();
  readonly recoveries: Recovery[] = [];
  readonly unsound: string[] = [];

  /**
   * One attempt at a hidden value: recovered when the interval leaves one
   * value and the value is sensitive (a count of 1 to minCell − 1, or an
   * answer count of a withheld group). Returns whether it was recovered.
   */
  attempt(attack: string, target: string, truth: number, found: Interval, sensitive: boolean): boolean {
    this.tried.set(attack, (this.tried.get(attack) ?? 0) + 1);
    if (truth < found.lo || truth > found.hi) this.unsound.push(`${attack} ${target}: truth ${truth} outside [${found.lo}, ${found.hi}]`);
    const pinned = found.lo === found.hi;
    if (pinned && sensitive) this.recoveries.push({ attack, target, truth });
    return pinned && sensitive;
  }

  get total(): number {
    return [...this.tried.values()].reduce((a, b) => a + b, 0);
  }

  toString(): string {
    const lines = ['privacy auditor report', ...[...this.tried].map(([a, n]) => `  ${a}: ${n} attempts`), `  attempts: ${this.total}`, `  recoveries: ${this.recoveries.length}`];
    for (const r of this.recoveries.slice(0, 20)) lines.push(`    recovered ${r.attack} ${r.target} = ${r.truth}`);
    if (this.unsound.length) lines.push(`  unsound intervals: ${this.unsound.length}`, ...this.unsound.slice(0, 5).map((u) => `    ${u}`));
    return lines.join('\n');
  }
}
