import pino, { type Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Logs go to stderr so stdout stays machine output. Anything that looks like a credential is
 * censored by path, as a second line of defence behind never logging credentials at all.
 */
export function createLogger(level: LogLevel): Logger {
  return pino(
    {
      name: 'ajar',
      level,
      base: undefined,
      redact: {
        paths: ['*.secretAccessKey', '*.sessionToken', '*.credentials', '*.authorization', '*.Authorization', '*.headers'],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}
