/**
 * What the caller receives when a fault answers in the ERP's place, and how a `malformed`
 * fault garbles a real answer.
 */
import { STATUS_CODES } from 'node:http';
import type { FaultRule } from './fault-plan.ts';
import { problem } from './reply.ts';
import type { Reply } from './reply.ts';

/**
 * The body of a malformed reply: the first half of the real one. A proper prefix of a JSON
 * object is never valid JSON (its closing brace is its last character).
 */
export function truncate(body: string): string {
  return body.slice(0, Math.max(1, Math.floor(body.length / 2)));
}

/** The reply of a fault that answers instead of the ERP; null for faults that do not. */
export function faultReply(fault: FaultRule, now: number): Reply | null {
  switch (fault.kind) {
    case 'unavailable':
    case 'flaky':
      return problem(
        fault.status,
        STATUS_CODES[fault.status] ?? 'Server Error',
        'The ERP is unavailable (injected fault).'
      );
    case 'rateLimited': {
      const retryAfter =
        fault.retryAfterFormat === 'http-date'
          ? new Date(now + fault.retryAfterSeconds * 1000).toUTCString()
          : String(fault.retryAfterSeconds);
      return problem(429, 'Too Many Requests', 'Rate limit reached (injected fault).', {
        'retry-after': retryAfter
      });
    }
    default:
      return null;
  }
}
