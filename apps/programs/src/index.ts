import { subgraphSettings } from '@ceg/config';
import { OutboxRow, type SubgraphDefinition } from '@ceg/kit';
import { calendarRoutes } from './calendar';
import { ENTITIES } from './entities';
import { Notifications1796428800000 } from './migrations/1796428800000-notifications';
import { NotificationPreferenceRow, programsNotifications } from './notifications';
import { Programs1764547200000 } from './migrations/1764547200000-programs';
import { Series1764720000000 } from './migrations/1764720000000-series';
import { Pls1796500000000 } from './migrations/1796500000000-pls';
import { Tallies1796600000000 } from './migrations/1796600000000-tallies';
import { RecordKeys1796342400000 } from './migrations/1796342400000-record-keys';
import { SubmissionSlots1796428900000 } from './migrations/1796428900000-submission-slots';
import { REFERENCE_RESOLVERS, RESOLVERS } from './resolvers';
import { withEventImport } from './import-wiring';
import { seedDemo } from './seed';
import { Branch, Consortium, LibrarySystem } from './types';

/**
 * Lifelong learning: programs, sessions, registrations, attendance and
 * outcome surveys. Given an `env`, its settings (PRIVACY_MIN_CELL) are fixed
 * here; otherwise the kit reads them when the subgraph starts.
 */
export function createProgramsSubgraph(env?: Record<string, string | undefined>): SubgraphDefinition {
  return withEventImport({
    name: 'programs',
    resolvers: RESOLVERS,
    referenceResolvers: REFERENCE_RESOLVERS as SubgraphDefinition['referenceResolvers'],
    // Reached only as the parents of contributed fields, so named here.
    orphanedTypes: [Branch, Consortium, LibrarySystem],
    entities: [...ENTITIES, OutboxRow, NotificationPreferenceRow],
    migrations: [Programs1764547200000, Series1764720000000, RecordKeys1796342400000, Notifications1796428800000, SubmissionSlots1796428900000, Pls1796500000000, Tallies1796600000000],
    background: programsNotifications,
    seed: (db, log) => seedDemo(db, log),
    // GET /calendar/… (iCalendar feeds), for the gateway to forward.
    httpRoutes: calendarRoutes,
    ...(env ? { settings: subgraphSettings(env) } : {}),
  });
}

export const programsSubgraph: SubgraphDefinition = createProgramsSubgraph();

export { rebuildTallies, refreshTallies } from './tally';
