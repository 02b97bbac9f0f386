import { buildSchema, GraphQLError, parse, specifiedRules, validate } from 'graphql';
import { checkScalars, formatClientError, noSubscriptionsRule, operationResolutionError, subgraphClientError } from './client-errors';

describe('client errors', () => {
  test('a subgraph HTTP 400 is BAD_USER_INPUT with HTTP 400 and the subgraph\'s message; other failures are not client errors', () => {
    const refused = new GraphQLError('400: Bad Request', {
      extensions: { response: { status: 400, body: { errors: [{ message: 'Variable "$from" got invalid value "2026-02-30"' }] } } },
    });
    const error = subgraphClientError(refused, 'programs')!;
    expect(error.message).toBe('Variable "$from" got invalid value "2026-02-30"');
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', serviceName: 'programs', http: { status: 400 } });
    expect(error.extensions.response).toBeUndefined();
    expect(subgraphClientError(new GraphQLError('400: Bad Request', { extensions: { response: { status: 400, body: 'not json' } } }), 'programs')!.message).toBe(
      'The programs service refused the request as malformed.',
    );
    expect(subgraphClientError(new GraphQLError('500', { extensions: { response: { status: 500, body: {} } } }), 'programs')).toBeNull();
    expect(subgraphClientError(new Error('ECONNREFUSED'), 'programs')).toBeNull();
  });

  test('the gateway checks Date and DateTime as the subgraphs do, and passes the values on unchanged', () => {
    const schema = buildSchema('scalar Date scalar DateTime type Query { on(day: Date, at: DateTime): Int }');
    checkScalars(schema);
    const errorsOf = (q: string) => validate(schema, parse(q), specifiedRules).map((e) => e.message);
    expect(errorsOf('{ on(day: "2026-02-28", at: "2026-02-28T10:00:00Z") }')).toEqual([]);
    expect(errorsOf('{ on(day: "2026-02-30") }')[0]).toMatch(/Expected value of type "Date"/);
    expect(errorsOf('{ on(at: "2026-02-30T10:00:00Z") }')[0]).toMatch(/not a time on the calendar/);
    const dateTime = schema.getType('DateTime') as import('graphql').GraphQLScalarType;
    expect(dateTime.parseValue('2026-02-28T10:00:00Z')).toBe('2026-02-28T10:00:00Z');
    expect(() => dateTime.parseValue('2026-02-30T10:00:00Z')).toThrow(/not a time on the calendar/);
  });

  test('a scalar\'s refusal of a literal is BAD_USER_INPUT; other validation errors keep their code', () => {
    const schema = buildSchema('scalar Date type Query { on(day: Date): Int }');
    checkScalars(schema);
    const [scalarError] = validate(schema, parse('{ on(day: "2026-02-30") }'));
    const wrapped = new GraphQLError(scalarError.message, { originalError: scalarError.originalError });
    expect(formatClientError({ message: scalarError.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, wrapped).extensions?.code).toBe('BAD_USER_INPUT');
    const [unknown] = validate(schema, parse('{ nope }'));
    expect(formatClientError({ message: unknown.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, unknown).extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  test('persisted-query refusals get their own codes', () => {
    expect(formatClientError({ message: 'provided sha does not match query', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, null).extensions?.code).toBe('PERSISTED_QUERY_HASH_MISMATCH');
    expect(formatClientError({ message: 'Unsupported persisted query version' }, null).extensions?.code).toBe('PERSISTED_QUERY_VERSION_UNSUPPORTED');
  });

  test('operation resolution and subscriptions', () => {
    const two = parse('query A { x } query B { x }');
    expect(operationResolutionError(two, 'C').message).toBe('Unknown operation named "C".');
    expect(operationResolutionError(two, undefined).message).toMatch(/several operations/);
    expect(operationResolutionError(two, 'C').extensions).toMatchObject({ code: 'BAD_USER_INPUT', http: { status: 400 } });
    const schema = buildSchema('type Query { x: Int }');
    expect(validate(schema, parse('subscription { x }'), [noSubscriptionsRule]).map((e) => e.message)).toEqual([
      'Subscriptions are not served over HTTP: the API has no subscriptions.',
    ]);
  });
});
