import type { ContributionRow, PartnerContactRow, PartnerRow, PartnershipRow } from './entities';
import type { ServiceArea } from '@ceg/conventions';
import { asBigInt, formatCents, fromHundredths } from './money';
import {
  type AgreementType, Contribution, type ContributionDirection, ContributionKind, Partner, PartnerContact, Partnership, type PartnershipStatus, type PartnerType,
} from './types';

export const parseList = (json: string | null | undefined): string[] => {
  try {
    const v = JSON.parse(json ?? '[]');
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
};

/** A calendar date column as "YYYY-MM-DD" (SQLite returns the string, MySQL a string or a Date). */
export const calendarDate = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).slice(0, 10);
};

export const toPartner = (r: PartnerRow): Partner =>
  Object.assign(new Partner(), {
    id: r.id, name: r.name, type: r.type as PartnerType, description: r.description, website: r.website,
    serviceAreas: parseList(r.serviceAreas) as ServiceArea[], createdAt: r.createdAt instanceof Date ? r.createdAt : new Date(r.createdAt),
  });

export const toPartnership = (r: Pick<PartnershipRow, 'id' | 'partnerId' | 'partnerType' | 'title' | 'sharedGoals' | 'status' | 'agreementType' | 'startsOn' | 'endsOn'>): Partnership =>
  Object.assign(new Partnership(), {
    id: r.id, partnerId: r.partnerId, partnerType: r.partnerType as PartnerType, title: r.title, sharedGoals: parseList(r.sharedGoals),
    status: r.status as PartnershipStatus, agreementType: r.agreementType as AgreementType, startsOn: calendarDate(r.startsOn), endsOn: calendarDate(r.endsOn),
  });

export const PARTNERSHIP_COLUMNS = ['id', 'partnerId', 'partnerType', 'title', 'sharedGoals', 'status', 'agreementType', 'startsOn', 'endsOn'] as const;

/** A partnership selected as alias `p` in a raw row (columns come back as p_<column>). */
export const partnershipFromRaw = (raw: Record<string, unknown>): Partnership =>
  toPartnership(Object.fromEntries(PARTNERSHIP_COLUMNS.map((c) => [c, raw[`p_${c}`]])) as never);

export const toContact = (r: PartnerContactRow): PartnerContact =>
  Object.assign(new PartnerContact(), { id: r.id, name: r.name, role: r.role, email: r.email, phone: r.phone });

export const toContribution = (r: ContributionRow): Contribution =>
  Object.assign(new Contribution(), {
    id: r.id, kind: r.kind as ContributionKind, direction: r.direction as ContributionDirection, description: r.description,
    value: r.amountCents === null || r.amountCents === undefined || !r.currency ? null : { amount: formatCents(asBigInt(r.amountCents)), currency: r.currency },
    hours: r.hoursCenti === null || r.hoursCenti === undefined ? null : fromHundredths(r.hoursCenti),
    contributedOn: calendarDate(r.contributedOn)!,
  });

