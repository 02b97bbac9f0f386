import { failed, succeeded } from './results';
import { isId, isLanguageTag } from './patterns';

describe('shared patterns', () => {
  test('ids: letters, digits and dashes, 1 to 36 characters', () => {
    expect(isId('6f1c2d3e-0000-4000-8000-000000000001')).toBe(true);
    expect(isId('RVL-CEN')).toBe(true);
    expect(isId('')).toBe(false);
    expect(isId('a'.repeat(37))).toBe(false);
    expect(isId("x' OR 1=1")).toBe(false);
  });

  test('BCP 47 language tags', () => {
    for (const t of ['en', 'es-MX', 'zh-Hant', 'sr-Latn-RS']) expect(isLanguageTag(t)).toBe(true);
    for (const t of ['e', 'english', 'en_US', 'en-', '']) expect(isLanguageTag(t)).toBe(false);
  });
});

describe('mutation results', () => {
  test('one shape: the value or null, and the user errors', () => {
    expect(succeeded(1)).toEqual({ value: 1, userErrors: [] });
    const errors = [{ field: ['input', 'x'], code: 'INVALID', message: 'bad' }] as never[];
    expect(failed(errors)).toEqual({ value: null, userErrors: errors });
  });
});
