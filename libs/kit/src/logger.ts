import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** A CommonConfig fits: createLogger(name, config). */
export interface LoggerOptions {
  logLevel?: string;
  /** `json`, `pretty`, or undefined: pretty on a terminal in development, else JSON. */
  logFormat?: 'json' | 'pretty';
  production?: boolean;
}

/**
 * Human-readable lines for a person at a terminal (development only, with the
 * `pino-pretty` dev dependency); JSON otherwise. Falls back to JSON when
 * pino-pretty is not installed (a production image has no dev dependencies).
 */
function prettyStream(opts: LoggerOptions): DestinationStream | undefined {
  const wanted = opts.logFormat === 'pretty' || (opts.logFormat === undefined && !opts.production && process.stdout.isTTY === true);
  if (!wanted || opts.production) return undefined;
  try {
    const pretty = require('pino-pretty') as (o: object) => DestinationStream;
    return pretty({ colorize: process.stdout.isTTY === true, sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' });
  } catch {
    return undefined;
  }
}

/**
 * Structured logs. Nothing that could hold a token, contact data or
 * feedback text is ever passed to the logger; the redaction list is a second
 * line of defence.
 */
export function createLogger(service: string, options: string | LoggerOptions = {}): Logger {
  const opts: LoggerOptions = typeof options === 'string' ? { logLevel: options } : options;
  const settings = {
    name: service,
    level: opts.logLevel ?? (process.env.LOG_LEVEL || 'info'),
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
  };
  const pretty = prettyStream(opts);
  return pretty ? pino(settings, pretty) : pino(settings);
}
