/**
 * Exact money and hour arithmetic. Amounts are stored as integer minor units
 * (cents) and hours as hundredths; sums are done by the database on those
 * integers and formatted here with BigInt, never with floating point.
 */

import type { Money } from '@ceg/conventions';

const DECIMAL = /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/;

/** "1250.5" → 125050n; null when the string is not a decimal with at most 2 decimals. */
export function toCents(amount: string): bigint | null {
  const m = DECIMAL.exec(amount.trim());
  if (!m) return null;
  const cents = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -cents : cents;
}

/** A database integer (number, numeric string or bigint) as a BigInt; null stays 0. */
export function asBigInt(v: unknown): bigint {
  if (v === null || v === undefined || v === '') return 0n;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  const s = String(v).trim();
  // SUM over BIGINT on MySQL is a DECIMAL string such as "125050" or "125050.0000".
  const whole = s.includes('.') ? s.slice(0, s.indexOf('.')) : s;
  return BigInt(whole);
}

/** 125050n → "1250.50". */
export function formatCents(cents: bigint): string {
  const neg = cents < 0n;
  const abs = neg ? -cents : cents;
  const whole = abs / 100n;
  const frac = (abs % 100n).toString().padStart(2, '0');
  return `${neg ? '-' : ''}${whole}.${frac}`;
}

/** Hours with at most 2 decimals as hundredths; null when not representable. */
export function toHundredths(hours: number): number | null {
  if (!Number.isFinite(hours)) return null;
  const h = Math.round(hours * 100);
  return Math.abs(h / 100 - hours) < 1e-9 ? h : null;
}

export const fromHundredths = (v: unknown): number => Number(asBigInt(v)) / 100;

/** Money sums per currency, ordered by currency. */
export interface ValueSums {
  money: Map<string, bigint>;
  hoursCenti: bigint;
}

export const emptyValueSums = (): ValueSums => ({ money: new Map(), hoursCenti: 0n });

export function moneyList(sums: ValueSums): Money[] {
  return [...sums.money.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, cents]) => ({ amount: formatCents(cents), currency }));
}
