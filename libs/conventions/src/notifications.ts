import { registerEnumType } from 'type-graphql';

/** How a notice reaches a patron. Shared by every subgraph that notifies (identical values everywhere). */
export enum NotificationChannel {
  EMAIL = 'EMAIL',
  WEBHOOK = 'WEBHOOK',
}
registerEnumType(NotificationChannel, {
  name: 'NotificationChannel',
  description: 'How a notice reaches a patron. A channel the deployment has not configured (no SMTP server, no webhook endpoint) delivers nothing.',
  valuesConfig: {
    EMAIL: { description: "E-mail to the address the patron gave, sent over the library's SMTP server." },
    WEBHOOK: { description: "A signed HTTP call to the library system's own messaging (SMS, app push, phone), naming the patron by their `sub` only." },
  },
});

/** The language of notices. */
export enum NotificationLocale {
  EN = 'EN',
  ES = 'ES',
}
registerEnumType(NotificationLocale, {
  name: 'NotificationLocale',
  description: 'The language notices are written in.',
  valuesConfig: { EN: { description: 'English.' }, ES: { description: 'Spanish (español).' } },
});
