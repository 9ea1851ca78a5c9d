import pino, { type Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Logs go to stderr so stdout stays machine output. Anything that looks like a credential is
 * censored by path, as a second line of defence behind never logging credentials at all.
 */
export function createLogger(level: LogLevel): Logger {
  const log = pino(
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
  warningSink = log;
  return log;
}

/** Library notices are paragraphs with blank lines; a log line is one line. */
const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

let warningSink: Logger | undefined;
let warningsRouted = false;

/**
 * Libraries warn through process.emitWarning (pg's sslmode notice, the AWS SDK's Node-version
 * notice), which Node prints as several raw lines between ajar's own. Node's printer is replaced
 * by one that hands each warning to ajar's logger as one line, or, before a command has created
 * its logger (`ajar history`, `ajar report`), writes one `ajar: warning:` line.
 */
export function routeProcessWarnings(): void {
  if (warningsRouted) return;
  warningsRouted = true;
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    const message = collapse(warning.message);
    const code = (warning as NodeJS.ErrnoException).code;
    if (warningSink) warningSink.warn({ warning: warning.name, code }, message);
    else process.stderr.write(`ajar: warning: ${warning.name === 'Warning' ? '' : `${warning.name}: `}${message}\n`);
  });
}

/**
 * The logger interface the AWS SDK's credential chain takes, so its console.warn notices (a
 * profile and static keys both set) become one log line. Debug and info stay out: they are the
 * SDK's own chatter, not something a user acts on.
 */
export const sdkLogger = (log: Logger) => ({
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (...parts: unknown[]) => log.warn(collapse(parts.map(String).join(' '))),
  error: (...parts: unknown[]) => log.error(collapse(parts.map(String).join(' '))),
});
