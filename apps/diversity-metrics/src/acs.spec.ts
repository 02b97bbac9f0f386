import { acsLayout, acsShares, proportionMoe, readEstimate, readMoe, sumMoe } from './acs';
import { DemographicDimension } from './types';

describe('ACS tables', () => {
  it('the margin of a proportion: the subset formula, and the ratio formula when the value under the root is negative', () => {
    // p = 0.25: sqrt(40² − 0.0625·100²) / 400 = sqrt(1600 − 625) / 400
    expect(proportionMoe(100, 40, 400, 100)).toBeCloseTo(Math.sqrt(975) / 400, 12);
    // p = 0.9 with a small numerator margin: 10² − 0.81·100² < 0, so sqrt(10² + 0.81·100²) / 1000
    expect(proportionMoe(900, 10, 1000, 100)).toBeCloseTo(Math.sqrt(100 + 8100) / 1000, 12);
    // A controlled total (margin 0): the count's margin over the total.
    expect(proportionMoe(100, 40, 400, 0)).toBeCloseTo(0.1, 12);
    expect(proportionMoe(100, null, 400, 0)).toBeNull();
    expect(proportionMoe(100, 40, 400, null)).toBeNull();
    expect(sumMoe([30, 40])).toBe(50);
    expect(sumMoe([30, null])).toBeNull();
    const [share] = acsShares(DemographicDimension.AGE_BAND, 400, 100, [{ key: '5_TO_17', values: [60, 40], moes: [30, 40] }]);
    expect(share).toEqual({ key: '5_TO_17', label: '5 to 17 years', count: 100, share: 0.25, countMarginOfError: 50, marginOfError: expect.closeTo(Math.sqrt(2500 - 625) / 400, 6) });
  });

  it('estimates: Census symbols are rejected with their meaning; margins: ***** is 0, ** unknown, anything else not a number is rejected', () => {
    expect(readEstimate('1,234')).toEqual({ ok: true, value: 1234 });
    expect(readEstimate('N')).toEqual({ ok: false, message: expect.stringMatching(/too few sample cases/) });
    expect(readEstimate('-')).toEqual({ ok: false, message: expect.stringMatching(/too few sample observations/) });
    expect(readEstimate('(X)')).toEqual({ ok: false, message: expect.stringMatching(/not applicable/) });
    expect(readEstimate('12', '-')).toEqual({ ok: false, message: expect.stringMatching(/annotated "-"/) });
    expect(readEstimate('-3')).toMatchObject({ ok: false });
    expect(readEstimate('')).toMatchObject({ ok: false });
    expect(readMoe('*****')).toEqual({ ok: true, value: 0 });
    expect(readMoe('-555555555')).toEqual({ ok: true, value: 0 });
    expect(readMoe('**')).toEqual({ ok: true, value: null });
    expect(readMoe('±87')).toEqual({ ok: true, value: 87 });
    expect(readMoe('87', '*****')).toEqual({ ok: true, value: 0 });
    expect(readMoe('n/a')).toMatchObject({ ok: false });
  });

  const c16001 = (groups: string[]) => {
    const ids = ['GEO_ID', 'NAME', 'C16001_001E', 'C16001_001M', ...groups.flatMap((_, i) => [`C16001_${String(i + 2).padStart(3, '0')}E`, `C16001_${String(i + 2).padStart(3, '0')}M`])];
    const labels = ['Geography', 'Geographic Area Name', 'Estimate!!Total:', 'Margin of Error!!Total:', ...groups.flatMap((g) => [`Estimate!!Total:!!${g}:`, `Margin of Error!!Total:!!${g}:`])];
    return acsLayout(ids, labels);
  };

  it('C16001 language groups go to keys by their names, whatever their line numbers; a group the mapping does not know stops the file', () => {
    // Another year's grouping (French apart from Haitian), in another order.
    const { layout } = c16001(['Speak only English', 'Spanish', 'Haitian', 'French (incl. Cajun)', 'Vietnamese', 'Arabic', 'Other Indo-European languages', 'Other and unspecified languages', 'Tagalog (incl. Filipino)']);
    expect(layout!.categories.map((c) => [c.key, c.columns.map((x) => x.estimate)])).toEqual([
      ['ENGLISH_ONLY', ['C16001_002E']], ['SPANISH', ['C16001_003E']], ['OTHER_INDO_EUROPEAN', ['C16001_004E', 'C16001_005E', 'C16001_008E']],
      ['ASIAN_PACIFIC_ISLAND', ['C16001_006E', 'C16001_010E']], ['OTHER', ['C16001_007E', 'C16001_009E']],
    ]);
    const unknown = c16001(['Speak only English', 'Spanish', 'Klingon', 'Arabic', 'Korean', 'German']);
    expect(unknown.layout).toBeNull();
    expect(unknown.error).toMatch(/Klingon.*not in the language mapping/);
  });
});
