import { DemographicDimension as D } from './types';
import { normalizeKey, raceEthnicityCategory } from './vocabulary';

describe('vocabulary', () => {
  test('keys are accepted in any case, with spaces or dashes', () => {
    expect(normalizeKey(D.AGE_BAND, ' 65 and over ')).toBe('65_AND_OVER');
    expect(normalizeKey(D.RACE_ETHNICITY, 'hispanic-latino')).toBe('HISPANIC_LATINO');
    expect(normalizeKey(D.LANGUAGE, 'klingon')).toBeNull();
    expect(normalizeKey(D.AGE_BAND, 'SPANISH')).toBeNull();
  });

  test('one ACS category per answer sheet', () => {
    expect(raceEthnicityCategory([])).toBeNull();
    expect(raceEthnicityCategory(['ASIAN'])).toBe('ASIAN');
    expect(raceEthnicityCategory(['ASIAN', 'ASIAN'])).toBe('ASIAN');
    expect(raceEthnicityCategory(['WHITE', 'BLACK'])).toBe('TWO_OR_MORE');
    expect(raceEthnicityCategory(['WHITE', 'HISPANIC_LATINO'])).toBe('HISPANIC_LATINO');
  });
});
