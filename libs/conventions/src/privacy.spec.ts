import { isSmallCell, withheldCells } from './privacy';

const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);

describe('small-cell rule', () => {
  test('a small cell is 1 to minCell - 1; zero describes nobody', () => {
    expect([0, 1, 4, 5, 6].map((n) => isSmallCell(n, 5))).toEqual([false, true, true, false, false]);
  });

  test('every small cell is withheld; nothing else when two or more are', () => {
    expect(sorted(withheldCells([10, 2, 3, 20], 5))).toEqual([1, 2]);
    expect(sorted(withheldCells([10, 20, 30], 5))).toEqual([]);
  });

  test('a lone small cell takes the next-smallest non-empty one with it (the first on a tie)', () => {
    expect(sorted(withheldCells([30, 2, 8, 0, 8], 5))).toEqual([1, 2]);
    expect(sorted(withheldCells([8, 2, 8], 5))).toEqual([0, 1]);
  });

  test('when every other cell is empty, an empty one covers it only when asked', () => {
    expect(sorted(withheldCells([0, 3, 0], 5))).toEqual([1]);
    expect(sorted(withheldCells([0, 3, 0], 5, { coverWithEmpty: true }))).toEqual([0, 1]);
    expect(sorted(withheldCells([3], 5, { coverWithEmpty: true }))).toEqual([0]);
  });
});
