import {
  commonConfig, ConfigError, corsOrigins, DEFAULT_FEEDBACK_ANON_RATE_PER_HOUR, DEFAULT_PRIVACY_MIN_CELL, DEFAULT_SURVEY_RATE_PER_HOUR, DEV_CORS_ORIGINS, DEV_JWT_SECRET, logLevel,
  subgraphPort, subgraphSettings, subgraphUrl, trustProxy, VARIABLES,
} from './index';

describe('configuration', () => {
  test('development has marked defaults', () => {
    const c = commonConfig({});
    expect(c.production).toBe(false);
    expect(c.jwt.secret).toBe(DEV_JWT_SECRET);
    expect(c.host).toBe('127.0.0.1');
    expect(c.maxBodyBytes).toBe(1024 * 1024);
    expect(c.allowIntrospection).toBe(true);
  });

  test('production refuses to start without real secrets, naming what is missing', () => {
    expect(() => commonConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => commonConfig({ NODE_ENV: 'production', JWT_SECRET: 's' })).toThrow(/SUBGRAPH_SECRET/);
    expect(() => commonConfig({ NODE_ENV: 'production', SUBGRAPH_SECRET: 's' })).toThrow(/JWT_SECRET/);
    const c = commonConfig({ NODE_ENV: 'production', JWT_SECRET: 'a'.repeat(32), SUBGRAPH_SECRET: 'b' });
    expect(c.allowIntrospection).toBe(false);
    expect(commonConfig({ NODE_ENV: 'production', JWT_SECRET: 'a'.repeat(32), SUBGRAPH_SECRET: 'b', ALLOW_INTROSPECTION: 'true' }).allowIntrospection).toBe(true);
  });

  test('production refuses a JWT secret shorter than 32 bytes, saying so; development and tests accept it', () => {
    expect(() => commonConfig({ NODE_ENV: 'production', JWT_SECRET: 'a'.repeat(31), SUBGRAPH_SECRET: 'b' })).toThrow(
      /JWT_SECRET is 31 bytes; in production it must be at least 32 bytes/,
    );
    // bytes, not characters: 16 two-byte characters are 32 bytes
    expect(commonConfig({ NODE_ENV: 'production', JWT_SECRET: 'é'.repeat(16), SUBGRAPH_SECRET: 'b' }).jwt.secret).toBe('é'.repeat(16));
    expect(commonConfig({ NODE_ENV: 'production', JWT_SECRET: 'a'.repeat(32), SUBGRAPH_SECRET: 'b' }).jwt.secret).toHaveLength(32);
    expect(commonConfig({ NODE_ENV: 'test', JWT_SECRET: 'short' }).jwt.secret).toBe('short');
  });

  test('the longest token lifetime defaults to 24 h and is configurable', () => {
    expect(commonConfig({}).jwt.maxLifetimeSeconds).toBe(86_400);
    expect(commonConfig({ JWT_MAX_LIFETIME_SECONDS: '3600' }).jwt.maxLifetimeSeconds).toBe(3600);
    expect(() => commonConfig({ JWT_MAX_LIFETIME_SECONDS: '0' })).toThrow(/JWT_MAX_LIFETIME_SECONDS/);
  });

  test('bad numbers are refused clearly', () => {
    expect(() => commonConfig({ MAX_BODY_BYTES: 'lots' })).toThrow(/MAX_BODY_BYTES/);
  });

  test('ports and URLs of the subgraphs', () => {
    expect(subgraphPort('feedback', {})).toBe(4102);
    expect(subgraphPort('feedback', { FEEDBACK_PORT: '5102' })).toBe(5102);
    expect(subgraphUrl('programs', {})).toBe('http://127.0.0.1:4103/graphql');
    expect(subgraphUrl('programs', { PROGRAMS_URL: 'http://programs:4103/graphql' })).toBe('http://programs:4103/graphql');
  });

  test('subgraph URLs follow their ports when not given', () => {
    expect(subgraphUrl('programs', { PROGRAMS_PORT: '5203' })).toBe('http://127.0.0.1:5203/graphql');
  });

  test('TRUST_PROXY: nobody by default; addresses, CIDRs, names or a hop count; anything else refused', () => {
    expect(trustProxy({})).toBe(false);
    expect(commonConfig({}).trustProxy).toBe(false);
    expect(trustProxy({ TRUST_PROXY: 'false' })).toBe(false);
    expect(trustProxy({ TRUST_PROXY: '2' })).toBe(2);
    expect(trustProxy({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8, 192.168.1.7' })).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8', '192.168.1.7']);
    for (const bad of ['yes please', '10.0.0.0/33', '300.1.1.1', 'loopback/8', 'example.org']) {
      expect(() => trustProxy({ TRUST_PROXY: bad })).toThrow(ConfigError);
    }
  });

  test('CORS_ORIGINS: localhost in development, none in production, or the listed origins', () => {
    expect(corsOrigins({})).toBe(DEV_CORS_ORIGINS);
    expect(DEV_CORS_ORIGINS.test('http://localhost:5173')).toBe(true);
    expect(DEV_CORS_ORIGINS.test('http://127.0.0.1')).toBe(true);
    expect(DEV_CORS_ORIGINS.test('http://localhost.evil.example')).toBe(false);
    expect(DEV_CORS_ORIGINS.test('https://evil.example')).toBe(false);
    expect(corsOrigins({ NODE_ENV: 'production' })).toEqual([]);
    expect(corsOrigins({ NODE_ENV: 'production', CORS_ORIGINS: 'https://a.example.org, https://b.example.org:8443/' })).toEqual(['https://a.example.org', 'https://b.example.org:8443']);
    expect(corsOrigins({ CORS_ORIGINS: '*' })).toBe('*');
    expect(() => corsOrigins({ CORS_ORIGINS: 'https://a.example.org/path' })).toThrow(/CORS_ORIGINS/);
    expect(() => corsOrigins({ CORS_ORIGINS: 'a.example.org' })).toThrow(/CORS_ORIGINS/);
  });

  test('LOG_LEVEL: a level pino knows, or a clear error', () => {
    expect(logLevel({ LOG_LEVEL: 'DEBUG' })).toBe('debug');
    expect(() => commonConfig({ LOG_LEVEL: 'verbose' })).toThrow('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "verbose"');
  });

  test('METRICS_PORT must be a port', () => {
    expect(commonConfig({ METRICS_PORT: '9464', METRICS_TOKEN: 't' }).metrics).toEqual({ port: 9464, token: 't' });
    expect(() => commonConfig({ METRICS_PORT: 'metrics' })).toThrow(/METRICS_PORT/);
  });

  test('domain settings: PRIVACY_MIN_CELL and FEEDBACK_ANON_RATE_PER_HOUR, one default each', () => {
    expect(subgraphSettings({})).toEqual({ privacyMinCell: DEFAULT_PRIVACY_MIN_CELL, anonymousRatePerHour: DEFAULT_FEEDBACK_ANON_RATE_PER_HOUR, surveyRatePerHour: DEFAULT_SURVEY_RATE_PER_HOUR });
    expect(subgraphSettings({ PRIVACY_MIN_CELL: '11', FEEDBACK_ANON_RATE_PER_HOUR: '3', SURVEY_RATE_PER_HOUR: '2' })).toEqual({ privacyMinCell: 11, anonymousRatePerHour: 3, surveyRatePerHour: 2 });
    expect(() => subgraphSettings({ PRIVACY_MIN_CELL: '0' })).toThrow(/PRIVACY_MIN_CELL/);
    const doc = (name: string) => VARIABLES.find((v) => v.name === name)?.default;
    expect(doc('PRIVACY_MIN_CELL')).toBe(String(DEFAULT_PRIVACY_MIN_CELL));
    expect(doc('FEEDBACK_ANON_RATE_PER_HOUR')).toBe(String(DEFAULT_FEEDBACK_ANON_RATE_PER_HOUR));
  });
});
