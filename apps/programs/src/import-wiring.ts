import type { SubgraphDefinition } from '@ceg/kit';
import { ImportKeyRow } from '@ceg/persistence';
import { ProgramImportResolver } from './import';
import { ImportKeys1796450000000 } from './migrations/1796450000000-import-keys';

const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : Object.values((v ?? {}) as Record<string, T>));

/** Adds the events import (its mutation, the `import_key` table and its migration) to the subgraph's definition. */
export function withEventImport(def: SubgraphDefinition): SubgraphDefinition {
  return {
    ...def,
    resolvers: [...list<new () => unknown>(def.resolvers), ProgramImportResolver] as unknown as SubgraphDefinition['resolvers'],
    entities: [...list<new () => unknown>(def.entities), ImportKeyRow],
    migrations: [...list<new () => unknown>(def.migrations), ImportKeys1796450000000],
  };
}
