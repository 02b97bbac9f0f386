import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Nothing that could hold a token, contact data or
 * feedback text is ever passed to the logger; the redaction list is a second
 * line of defence.
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL || 'info'): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization', 'req.headers.cookie',
        'token', '*.token', 'contact', '*.contact', 'variables', '*.variables', 'body', '*.body',
        '["x-subgraph-secret"]', '*["x-subgraph-secret"]',
      ],
      censor: '[redacted]',
    },
  });
}
