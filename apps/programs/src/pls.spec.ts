import { plsRows } from './pls';
import { AgeGroup, ProgramFormat } from './types';

describe('plsRows', () => {
  const cells = [
    { ageGroup: AgeGroup.EARLY_CHILDHOOD, format: ProgramFormat.ONSITE, sessions: 50, attendance: 900 },
    { ageGroup: AgeGroup.EARLY_CHILDHOOD, format: ProgramFormat.OFFSITE, sessions: 10, attendance: 200 },
    { ageGroup: AgeGroup.ADULTS, format: ProgramFormat.VIRTUAL, sessions: 12, attendance: 150 },
    { ageGroup: AgeGroup.ALL_AGES, format: ProgramFormat.ONSITE, sessions: 3, attendance: 240 },
    { ageGroup: AgeGroup.ADULTS, format: ProgramFormat.RECORDED, sessions: 6, attendance: 480 },
  ];
  const rows = plsRows(cells);
  const v = (item: string) => rows.find((r) => r.item === item)!.value;

  test('each held session of a synchronous program is one program; recorded ones only add views', () => {
    expect(v('600')).toBe(75);
    expect([v('601'), v('602'), v('603'), v('604'), v('605')]).toEqual([60, 0, 0, 12, 3]);
    expect([v('606'), v('607'), v('608'), v('609')]).toEqual([53, 10, 12, 75]);
    expect(v('610')).toBe(1490);
    expect([v('611'), v('614'), v('615')]).toEqual([1100, 150, 240]);
    expect([v('616'), v('617'), v('618'), v('619')]).toEqual([1140, 200, 150, 1490]);
    expect(v('630')).toBe(480);
  });

  test('items in order, with their PLS element names', () => {
    expect(rows.map((r) => r.item)).toEqual(['600', '601', '602', '603', '604', '605', '606', '607', '608', '609', '610', '611', '612', '613', '614', '615', '616', '617', '618', '619', '630']);
    expect(rows.filter((r) => r.element).map((r) => r.element)).toEqual(expect.arrayContaining(['TOTPRO', 'K0_5PRO', 'K6_11PRO', 'YAPRO', 'ADULTPRO', 'GENPRO', 'TOTATTEN']));
  });

  test('nothing held: every item is zero', () => {
    expect(plsRows([]).every((r) => r.value === 0)).toBe(true);
  });
});
