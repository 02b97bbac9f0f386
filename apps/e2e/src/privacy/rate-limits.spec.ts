import { createDiversityMetricsSubgraph } from '@ceg/diversity-metrics';
import { librariesSubgraph } from '@ceg/libraries';
import { createProgramsSubgraph } from '@ceg/programs';
import { startGraph } from '../graph';
import type { TestGraph } from '@ceg/testing';
import { inHours, publishedSession, schedule } from '../programs/helpers';
import { CEN } from '../diversity/helpers';

jest.setTimeout(120_000);

/**
 * RULES.md §3: anonymous outcome surveys and answer sheets are limited per
 * client like anonymous feedback, counted in the database (one slot table,
 * libs/persistence/src/submission-limit.ts), so that one client can neither
 * stuff outcome scores nor pad a small cell up to the threshold.
 */
const SURVEY = 'mutation($input: OutcomeSurveyInput!) { submitOutcomeSurvey(input: $input) { accepted userErrors { field code message } } }';
const SHEET = 'mutation($input: ParticipantDemographicsInput!) { submitParticipantDemographics(input: $input) { accepted userErrors { field code message } } }';

describe('privacy: per-client limits of surveys and answer sheets (SURVEY_RATE_PER_HOUR=3)', () => {
  let graph: TestGraph;
  let sessionId: string;
  beforeAll(async () => {
    const env = { SURVEY_RATE_PER_HOUR: '3', TRUST_PROXY: 'loopback' };
    graph = await startGraph({ subgraphs: [librariesSubgraph, createProgramsSubgraph(env), createDiversityMetricsSubgraph(env)], env, demoData: ['libraries'] });
    const { program } = await publishedSession(graph);
    sessionId = (await schedule(graph, program.id, { startsAt: inHours(-26), endsAt: inHours(-25) })).id;
  });
  afterAll(() => graph?.stop());

  /** A request from a client address (the gateway believes X-Forwarded-For from loopback here). */
  async function send(query: string, input: Record<string, unknown>, from: string, authorization?: string) {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-forwarded-for': from };
    if (authorization) headers.authorization = authorization;
    const res = await fetch(graph.url, { method: 'POST', headers, body: JSON.stringify({ query, variables: { input } }) });
    const body = (await res.json()) as { data: Record<string, { accepted: boolean; userErrors: { code: string; field: unknown; message: string }[] }> };
    return Object.values(body.data)[0];
  }
  const rows = async (subgraph: string, table: string) => Number((await graph.subgraph(subgraph).db.manager.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  test.each([
    { what: 'outcome surveys', query: SURVEY, subgraph: 'programs', table: 'outcome_response', input: () => ({ sessionId, surveyType: 'IMMEDIATE', knowledge: 1, confidence: 1, application: 1, awareness: 1 }) },
    { what: 'answer sheets', query: SHEET, subgraph: 'diversity-metrics', table: 'participant_response', input: () => ({ branchId: CEN.id, on: '2025-06-01', ageBand: '65_AND_OVER' }) },
  ])('$what: three an hour from one address, the fourth refused with LIMIT_REACHED and nothing written; another address has its own', async ({ query, subgraph, table, input }) => {
    for (let i = 0; i < 3; i++) expect(await send(query, input(), '10.1.0.1')).toEqual({ accepted: true, userErrors: [] });
    const before = await rows(subgraph, table);
    const refused = await send(query, input(), '10.1.0.1');
    expect(refused.accepted).toBe(false);
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'LIMIT_REACHED', field: null, message: expect.stringMatching(/per hour/) })]);
    expect(await rows(subgraph, table)).toBe(before);
    expect(await send(query, input(), '10.1.0.2')).toEqual({ accepted: true, userErrors: [] });
    // A signed-in patron is counted by their sub, wherever they are; staff entering paper surveys are not limited.
    const patron = `Bearer ${await graph.token('PATRON', { sub: `padder-${subgraph}` })}`;
    for (let i = 0; i < 3; i++) expect((await send(query, input(), `10.2.0.${i}`, patron)).accepted).toBe(true);
    expect((await send(query, input(), '10.2.0.9', patron)).userErrors[0].code).toBe('LIMIT_REACHED');
    const staff = `Bearer ${await graph.token('STAFF', { branchCodes: ['RVL-CEN'] })}`;
    for (let i = 0; i < 5; i++) expect((await send(query, input(), '10.1.0.1', staff)).accepted).toBe(true);
    // The slots hold a hash of the client, never its address, and nothing that links them to what was submitted.
    const slots: any[] = await graph.subgraph(subgraph).db.manager.query('SELECT * FROM submission_slot');
    expect(slots.length).toBeGreaterThan(0);
    for (const s of slots) {
      expect(Object.keys(s).sort()).toEqual(['clientHash', 'id', 'scope', 'takenAt']);
      expect(s.clientHash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(JSON.stringify(slots)).not.toMatch(/10\.[12]\.0\.|padder/);
  });

  test('the limit holds when the requests race: twelve at once from one address, at most three accepted', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => send(SHEET, { branchId: CEN.id, on: '2025-06-02' }, '10.3.0.1')));
    const accepted = results.filter((r) => r.accepted).length;
    expect(accepted).toBeGreaterThanOrEqual(1);
    expect(accepted).toBeLessThanOrEqual(3);
    expect(results.filter((r) => !r.accepted).every((r) => r.userErrors[0].code === 'LIMIT_REACHED')).toBe(true);
  });
});

