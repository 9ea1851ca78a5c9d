/**
 * `--notify`: posts the scan's NEW failing findings to each webhook. A notification is a side
 * effect of the scan, never its verdict: a webhook that fails is reported on stderr and the exit
 * code stays what the findings decided.
 */
import type { Logger } from 'pino';
import type { Finding } from '../engine/finding.ts';
import { isOpenFailure } from '../report/present.ts';
import { PAYLOADS, type NotificationInput } from './payloads.ts';
import { DEFAULT_RETRY, postJson, type PostOutcome, type RetryPolicy } from './post.ts';
import type { NotifyTarget } from './targets.ts';

export { parseNotifyTarget, type NotifyTarget } from './targets.ts';

/** Failing, not suppressed: what a notification may be about. */
export const notifiable: (finding: Finding) => boolean = isOpenFailure;

/**
 * Which of the notifiable findings are new. With a comparison (baseline or state store) that is
 * lifecycle `new`. Without one, nothing says what anyone has already seen, so every failing
 * finding is sent (and the caller warns that each run will repeat them): staying silent would
 * hide a public bucket from a job that was set up to announce it.
 */
export function newFindings(candidates: readonly Finding[], compared: boolean): Finding[] {
  return compared ? candidates.filter((f) => f.lifecycle?.state === 'new') : [...candidates];
}

export interface NotifyResult {
  target: NotifyTarget;
  outcome: PostOutcome;
}

export async function sendNotifications(
  targets: readonly NotifyTarget[],
  input: NotificationInput,
  log: Logger,
  policy: RetryPolicy = DEFAULT_RETRY,
  warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<NotifyResult[]> {
  if (input.findings.length === 0) {
    log.info({ targets: targets.map((t) => t.display) }, 'no new failing findings: nothing to notify');
    return [];
  }
  return Promise.all(
    targets.map(async (target) => {
      const outcome = await postJson(target.url, PAYLOADS[target.kind](input), policy);
      if (outcome.ok) {
        log.info({ target: target.display, attempts: outcome.attempts, findings: input.findings.length }, 'notification sent');
      } else {
        warn(
          `ajar: warning: --notify ${target.display}: ${outcome.problem ?? 'failed'} after ${outcome.attempts} attempt(s); ` +
            `${input.findings.length} new finding(s) not announced (the exit code is unaffected)`,
        );
      }
      return { target, outcome };
    }),
  );
}
