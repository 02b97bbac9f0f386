import type { EntityManager } from 'typeorm';
import { type NotificationConfig, notificationConfig } from '@ceg/config';
import type { Database } from '@ceg/persistence';
import type { BackgroundContext, BackgroundSetup } from '../subgraph-app';
import type { BackgroundJob } from '../subgraph-server';
import { Dispatcher, type NotificationTemplates } from './dispatcher';
import { UNSUBSCRIBE_PATH } from './paths';
import { mountUnsubscribeRoute } from './routes';
import type { UnsubscribeClaim } from './signing';

/** The notification settings of each open database, so that code inside a transaction knows which channels deliver. */
const settingsByDatabase = new WeakMap<object, NotificationConfig>();

/** The notification settings of the database this transaction belongs to (null: notifications are not wired, e.g. a seed or a unit test). */
export function notificationSettings(em: EntityManager): NotificationConfig | null {
  return settingsByDatabase.get(em.dataSource) ?? null;
}

/** The notification work of one subgraph process: its dispatcher, and a way to start others (tests start one after "killing" it). */
export interface NotificationWorker extends BackgroundJob {
  readonly dispatcher: Dispatcher;
  readonly config: NotificationConfig;
  /** A fresh dispatcher on the same database and settings (its own lease owner), not started. */
  newDispatcher(owner?: string): Dispatcher;
}

export interface NotificationWiring {
  templates: NotificationTemplates;
  /** Turns a channel off for what the unsubscribe token names (and withdraws pending messages). */
  unsubscribe(db: Database, claim: UnsubscribeClaim): Promise<void>;
  /** Work before each dispatch run, e.g. queue reminders (idempotently). */
  beforeRun?: (db: Database, config: NotificationConfig) => (now: Date) => Promise<void>;
}

/**
 * A subgraph's notification wiring as its `background`: reads the settings
 * (SMTP_URL, WEBHOOK_URL, NOTIFY_*), serves the unsubscribe route, and runs
 * a dispatcher every NOTIFY_INTERVAL_MS (off when 0, the default in tests).
 */
export function notificationBackground(wiring: NotificationWiring): (ctx: BackgroundContext) => BackgroundSetup {
  return ({ name, db, env, config, log }) => {
    const settings = notificationConfig(env, config.subgraphSecret);
    settingsByDatabase.set(db.ds, settings);
    const notifyLog = log.child({ component: 'notifications' });
    return {
      routes: (app) => mountUnsubscribeRoute(app, settings.tokenSecret, name, (claim) => wiring.unsubscribe(db, claim)),
      start: (baseUrl) => {
        const make = (owner?: string) => new Dispatcher({
          db, config: settings, templates: wiring.templates, log: notifyLog, publicUrl: settings.publicUrl ?? baseUrl, linkPath: `${UNSUBSCRIBE_PATH}/${name}`, owner,
          beforeRun: wiring.beforeRun?.(db, settings),
        });
        const dispatcher = make();
        // Nothing is queued while no channel is configured: no timer then (a deployment without SMTP_URL or WEBHOOK_URL).
        const anyChannel = settings.channels.EMAIL || settings.channels.WEBHOOK;
        if (anyChannel) dispatcher.start();
        if (anyChannel && settings.intervalMs > 0) notifyLog.info({ everyMs: settings.intervalMs, email: settings.channels.EMAIL, webhook: settings.channels.WEBHOOK }, 'notification dispatcher running');
        const worker: NotificationWorker = { dispatcher, config: settings, newDispatcher: make, stop: () => dispatcher.stop() };
        return worker;
      },
    };
  };
}
