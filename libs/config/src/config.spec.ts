import { commonConfig, ConfigError, DEV_JWT_SECRET, subgraphPort, subgraphUrl } from './index';

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
    const c = commonConfig({ NODE_ENV: 'production', JWT_SECRET: 'a', SUBGRAPH_SECRET: 'b' });
    expect(c.allowIntrospection).toBe(false);
    expect(commonConfig({ NODE_ENV: 'production', JWT_SECRET: 'a', SUBGRAPH_SECRET: 'b', ALLOW_INTROSPECTION: 'true' }).allowIntrospection).toBe(true);
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
});
