import { OutboxRow, type SubgraphDefinition } from '@ceg/kit';
import { ImportKeyRow } from '@ceg/persistence';
import { ENTITIES } from './entities';
import { FeedbackImportResolver } from './import';
import { Feedback1764547200000 } from './migrations/1764547200000-feedback';
import { Moderation1796371200000 } from './migrations/1796371200000-moderation';
import { SubmissionSlots1796371300000 } from './migrations/1796371300000-submission-slots';
import { Notifications1796428800000 } from './migrations/1796428800000-notifications';
import { Search1796457600000 } from './migrations/1796457600000-search';
import { ImportKeys1796460000000 } from './migrations/1796460000000-import-keys';
import { DailyRollup1796544000000 } from './migrations/1796544000000-daily-rollup';
import { MonthlyRollup1796630400000 } from './migrations/1796630400000-monthly-rollup';
import { FeedbackSubscriptionRow, feedbackNotifications } from './notifications';
import { REFERENCE_RESOLVERS, RESOLVERS } from './resolvers';
import { seedDemo } from './seed';
import { Consortium, LibrarySystem } from './types';

/** The community's voice: feedback, responses, votes, community discussions and needs assessments. */
export const feedbackSubgraph: SubgraphDefinition = {
  name: 'feedback',
  resolvers: [...RESOLVERS, FeedbackImportResolver],
  referenceResolvers: REFERENCE_RESOLVERS,
  // Reached only as the parents of contributed fields, so named here.
  orphanedTypes: [Consortium, LibrarySystem],
  entities: [...ENTITIES, OutboxRow, FeedbackSubscriptionRow, ImportKeyRow],
  migrations: [Feedback1764547200000, Moderation1796371200000, SubmissionSlots1796371300000, Notifications1796428800000, Search1796457600000, ImportKeys1796460000000, DailyRollup1796544000000, MonthlyRollup1796630400000],
  background: feedbackNotifications,
  seed: (db) => seedDemo(db),
};
