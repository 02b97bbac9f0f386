import { compareKeys, intersectScopes, measuresOf } from './aggregates';

describe('aggregate helpers', () => {
  it('intersects the branch scopes that are set', () => {
    expect(intersectScopes(null, undefined)).toBeNull();
    expect(intersectScopes(null, ['a', 'b'])).toEqual(['a', 'b']);
    expect(intersectScopes(['a', 'b'], ['b', 'c'], null)).toEqual(['b']);
    expect(intersectScopes(['a'], [])).toEqual([]);
  });

  it('orders group keys with nulls first, dimension by dimension', () => {
    const keys = [['b', null], [null, 'x'], ['a', 'z'], ['a', null]];
    expect(keys.sort(compareKeys)).toEqual([[null, 'x'], ['a', null], ['a', 'z'], ['b', null]]);
  });

  it('formats measures exactly', () => {
    const m = measuresOf({ n: 2, activeN: 1, partnerN: 1, programN: 3 }, { money: new Map([['USD', 30n], ['CAD', 125000n]]), hoursCenti: 275n });
    expect(m).toEqual({
      partnershipCount: 2, activeCount: 1, partnerCount: 1, linkedProgramCount: 3,
      contributedValue: [{ amount: '1250.00', currency: 'CAD' }, { amount: '0.30', currency: 'USD' }], volunteerHours: 2.75,
    });
  });
});
