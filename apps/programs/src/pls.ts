import { AgeGroup, ProgramFormat, type PlsReportRow } from './types';

/** Held sessions and their attendance for one (age group, format) pair. */
export interface PlsCell {
  ageGroup: AgeGroup;
  format: ProgramFormat;
  sessions: number;
  attendance: number;
  /** Of `attendance`, the part that attended a hybrid session live online (0 for other programs). */
  virtualAttendance?: number;
}

const AGE_ITEMS: [AgeGroup, string, string, string, string, string, string][] = [
  [AgeGroup.EARLY_CHILDHOOD, '601', 'K0_5PRO', 'Synchronous programs for children ages 0-5', '611', 'K0_5ATTEN', 'Attendance at synchronous programs for children ages 0-5'],
  [AgeGroup.CHILDREN, '602', 'K6_11PRO', 'Synchronous programs for children ages 6-11', '612', 'K6_11ATTEN', 'Attendance at synchronous programs for children ages 6-11'],
  [AgeGroup.YOUNG_ADULTS, '603', 'YAPRO', 'Synchronous programs for young adults ages 12-18', '613', 'YAATTEN', 'Attendance at synchronous programs for young adults ages 12-18'],
  [AgeGroup.ADULTS, '604', 'ADULTPRO', 'Synchronous programs for adults ages 19 and older', '614', 'ADULTATTEN', 'Attendance at synchronous programs for adults ages 19 and older'],
  [AgeGroup.ALL_AGES, '605', 'GENPRO', 'Synchronous general-interest programs (all ages)', '615', 'GENATTEN', 'Attendance at synchronous general-interest programs'],
];

const FORMAT_ITEMS: [ProgramFormat, string, string, string, string, string, string][] = [
  [ProgramFormat.ONSITE, '606', 'ONPRO', 'Synchronous in-person onsite programs', '616', 'ONATTEN', 'Attendance at synchronous in-person onsite programs'],
  [ProgramFormat.OFFSITE, '607', 'OFFPRO', 'Synchronous in-person offsite programs', '617', 'OFFATTEN', 'Attendance at synchronous in-person offsite programs'],
  [ProgramFormat.VIRTUAL, '608', 'VIRPRO', 'Synchronous virtual programs', '618', 'VIRATTEN', 'Attendance at synchronous virtual programs'],
];

const row = (item: string, element: string | null, label: string, value: number): PlsReportRow => ({ item, element, label, value });

/**
 * The PLS program items from held-session counts (see the README for the
 * counting rules): each held session of a synchronous program is one
 * program; RECORDED presentations are not synchronous programs and only
 * their views (item 630) count.
 */
export function plsRows(cells: PlsCell[]): PlsReportRow[] {
  const sync = cells.filter((c) => c.format !== ProgramFormat.RECORDED);
  const sum = (list: PlsCell[], f: (c: PlsCell) => number) => list.reduce((s, c) => s + f(c), 0);
  const byAge = (a: AgeGroup) => sync.filter((c) => c.ageGroup === a);
  const byFormat = (f: ProgramFormat) => sync.filter((c) => c.format === f);
  // A hybrid session is one in-person program (606/607); its attendance is split: in person to 616/617, online to 618.
  const virtualPart = (c: PlsCell) => c.virtualAttendance ?? 0;
  const formatAttendance = (f: ProgramFormat) =>
    f === ProgramFormat.VIRTUAL
      ? sum(byFormat(f), (c) => c.attendance) + sum(sync, virtualPart)
      : sum(byFormat(f), (c) => c.attendance - virtualPart(c));
  const totalPrograms = sum(sync, (c) => c.sessions);
  const totalAttendance = sum(sync, (c) => c.attendance);
  return [
    row('600', 'TOTPRO', 'Total synchronous programs', totalPrograms),
    ...AGE_ITEMS.map(([a, item, element, label]) => row(item, element, label, sum(byAge(a), (c) => c.sessions))),
    ...FORMAT_ITEMS.map(([f, item, element, label]) => row(item, element, label, sum(byFormat(f), (c) => c.sessions))),
    row('609', null, 'Total synchronous programs by format (606 + 607 + 608)', FORMAT_ITEMS.reduce((s, [f]) => s + sum(byFormat(f), (c) => c.sessions), 0)),
    row('610', 'TOTATTEN', 'Total attendance at synchronous programs', totalAttendance),
    ...AGE_ITEMS.map(([a, , , , item, element, label]) => row(item, element, label, sum(byAge(a), (c) => c.attendance))),
    ...FORMAT_ITEMS.map(([f, , , , item, element, label]) => row(item, element, label, formatAttendance(f))),
    row('619', null, 'Total attendance at synchronous programs by format (616 + 617 + 618)', FORMAT_ITEMS.reduce((s, [f]) => s + formatAttendance(f), 0)),
    row('630', null, 'Views of recorded program presentations', sum(cells.filter((c) => c.format === ProgramFormat.RECORDED), (c) => c.attendance)),
  ];
}
