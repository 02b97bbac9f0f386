import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPOSED_SUBGRAPHS, SUBGRAPHS } from '@ceg/config';
import { composeSupergraph, printSubgraphSdl } from '@ceg/kit';
import { ALL_SUBGRAPHS } from '../graph';

const root = join(__dirname, '../../../..');

/** The committed schema/ files are what the subgraphs compose to: regenerate with `npm run schema`. */
describe('committed schema', () => {
  test('every composed subgraph is started by the integration tests, and only those', () => {
    expect(Object.keys(ALL_SUBGRAPHS).sort()).toEqual([...COMPOSED_SUBGRAPHS].sort());
  });

  test('schema/supergraph.graphql, schema/api.graphql and schema/subgraphs/*.graphql are up to date', async () => {
    const subgraphs = [];
    for (const name of COMPOSED_SUBGRAPHS) {
      subgraphs.push({ name, url: `http://127.0.0.1:${SUBGRAPHS[name].port}/graphql`, sdl: await printSubgraphSdl(ALL_SUBGRAPHS[name]) });
    }
    const composed = composeSupergraph(subgraphs);
    expect(composed.hints).toEqual([]);
    expect({ file: 'schema/supergraph.graphql', text: readFileSync(join(root, 'schema/supergraph.graphql'), 'utf8') })
      .toEqual({ file: 'schema/supergraph.graphql', text: composed.supergraph });
    expect({ file: 'schema/api.graphql', text: readFileSync(join(root, 'schema/api.graphql'), 'utf8') })
      .toEqual({ file: 'schema/api.graphql', text: composed.api });
    for (const s of subgraphs) {
      const file = `schema/subgraphs/${s.name}.graphql`;
      expect({ file, text: readFileSync(join(root, file), 'utf8') }).toEqual({ file, text: s.sdl });
    }
  });
});
