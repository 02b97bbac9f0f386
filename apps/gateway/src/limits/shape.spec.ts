import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { LIMIT_DEFAULTS } from './config';
import { maxRootFieldsRule } from './rules';
import { checkDocumentShape, documentShape } from './shape';

const schema = buildSchema(`
  type Query { branch(code: String): Branch branches: [Branch!]! }
  type Branch { code: String! name: String! system: System }
  type System { code: String! branches: [Branch!]! }
`);
const limits = { maxFields: LIMIT_DEFAULTS.maxFields, maxOverlaps: LIMIT_DEFAULTS.maxOverlaps };

/** `fragment F0 on T { ...F1 ...F1 } … fragment Fn on T { leaf }`: 2^n fields in a few hundred bytes. */
const doubling = (n: number, on: 'Branch' | 'Query') =>
  (on === 'Branch' ? '{ branch(code: "RVL-CEN") { ...F0 } } ' : '{ ...F0 } ') +
  Array.from({ length: n }, (_, i) => `fragment F${i} on ${on} { ...F${i + 1} ...F${i + 1} }`).join(' ') +
  ` fragment F${n} on ${on} { ${on === 'Branch' ? 'code' : '__typename'} }`;

/** The fastest of five runs, in ms: the machine running the tests may be busy with other work. */
const ms = (f: () => unknown) => {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    f();
    best = Math.min(best, performance.now() - started);
  }
  return best;
};

describe('document shape, measured in linear time before any other rule', () => {
  test.each(['Branch', 'Query'] as const)('40 doubling fragments on %s: 2^40 fields, measured in under 5 ms', (on) => {
    const doc = parse(doubling(40, on));
    let shape: ReturnType<typeof documentShape> | undefined;
    expect(ms(() => (shape = documentShape(doc, limits.maxFields)))).toBeLessThan(5);
    expect(shape!.fields).toBe(on === 'Branch' ? 2 ** 40 + 1 : 2 ** 40);
    expect(checkDocumentShape(doc, limits)?.extensions).toEqual({ code: 'OPERATION_LIMIT', limit: 'fields' });
  });

  test('fields are counted with fragments expanded, in every operation and fragment definition', () => {
    expect(documentShape(parse('{ branch { code system { code } } }')).fields).toBe(4);
    expect(documentShape(parse('{ branch { ...B ...B } } fragment B on Branch { code name }')).fields).toBe(5);
    // an unused fragment is still checked by graphql's rules: it counts too
    const wide = `{ branch { code } } fragment W on Branch { ${Array(LIMIT_DEFAULTS.maxFields + 1).fill('code').join(' ')} }`;
    expect(checkDocumentShape(parse(wide), limits)?.extensions?.limit).toBe('fields');
  });

  test('the field limit is inclusive', () => {
    const at = (n: number) => parse(`{ ${Array.from({ length: n }, (_, i) => `f${i}: branch { code }`).join(' ')} }`);
    expect(checkDocumentShape(at(1000), limits)).toBeNull(); // 2,000 fields
    expect(checkDocumentShape(at(1001), limits)?.extensions?.limit).toBe('fields');
  });

  test('overlaps: the same field many times at one place (graphql compares every pair) is refused', () => {
    const same = (n: number) => `{ ${Array(n).fill('branches { code }').join(' ')} }`;
    expect(documentShape(parse(same(3))).overlaps).toBe(9 + 9);
    expect(checkDocumentShape(parse(same(70)), limits)).toBeNull(); // 2 × 70² = 9,800
    expect(checkDocumentShape(parse(same(71)), limits)?.extensions?.limit).toBe('overlaps');
    // through inline fragments and spreads alike
    const spreads = `{ branch { ${Array.from({ length: 150 }, (_, i) => `...S${i}`).join(' ')} } } ${Array.from({ length: 150 }, (_, i) => `fragment S${i} on Branch { code }`).join(' ')}`;
    expect(checkDocumentShape(parse(spreads), limits)?.extensions?.limit).toBe('overlaps');
    const inline = `{ branch { ${Array(150).fill('... on Branch { code }').join(' ')} } }`;
    expect(checkDocumentShape(parse(inline), limits)?.extensions?.limit).toBe('overlaps');
  });

  test('a fragment cycle does not hang the measure (graphql refuses it afterwards)', () => {
    const doc = parse('{ branch { ...A } } fragment A on Branch { code ...B } fragment B on Branch { name ...A }');
    expect(documentShape(doc).fields).toBeLessThan(10);
  });

  test('what the shape check lets through, graphql validates in milliseconds', () => {
    const shapes = [
      `{ ${Array(70).fill('branches { code }').join(' ')} }`,
      `{ branch { ${Array.from({ length: 99 }, (_, i) => `...S${i}`).join(' ')} } } ${Array.from({ length: 99 }, (_, i) => `fragment S${i} on Branch { code }`).join(' ')}`,
      doubling(6, 'Branch'),
    ];
    validate(schema, parse('{ branch { code } }'), specifiedRules); // warm up
    for (const src of shapes) {
      const doc = parse(src);
      expect(checkDocumentShape(doc, limits)).toBeNull();
      expect(ms(() => validate(schema, doc, specifiedRules))).toBeLessThan(250);
    }
  });
});

describe('root field rule', () => {
  test('counts each fragment once: 40 doubling fragments on Query are counted in milliseconds', () => {
    const doc = parse(doubling(40, 'Query'));
    let errors: readonly { message: string }[] = [];
    expect(ms(() => (errors = validate(schema, doc, [maxRootFieldsRule(20)])))).toBeLessThan(50);
    expect(errors.map((e) => e.message)).toEqual([`Root fields limit of 20 exceeded, found ${2 ** 40}.`]);
  });
});
