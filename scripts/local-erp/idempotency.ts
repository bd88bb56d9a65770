/**
 * The ERP side of `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header): the first
 * successful response to a key is stored with a fingerprint of the request; a retry with the
 * same key and request gets that response again without being applied; the same key on a
 * different request is refused with 422.
 */
import { createHash } from 'node:crypto';
import type { Reply } from './reply.ts';

interface Entry {
  readonly fingerprint: string;
  readonly reply: Reply;
}

/** What looking a key up found. */
export type Lookup =
  | { readonly kind: 'new' }
  | { readonly kind: 'replay'; readonly reply: Reply }
  | { readonly kind: 'mismatch' };

/** Fingerprint of a request: method, path and body, so a key names one request exactly. */
export function fingerprint(method: string, path: string, body: string): string {
  return createHash('sha256').update(`${method} ${path}\n`).update(body).digest('hex');
}

/** Stored responses by key, and the counts of what the keys prevented. */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  private suppressed = 0;
  private mismatches = 0;

  /** Looks a key up; a replay or a mismatch is counted. */
  lookup(key: string, requestFingerprint: string): Lookup {
    const entry = this.entries.get(key);
    if (entry === undefined) return { kind: 'new' };
    if (entry.fingerprint !== requestFingerprint) {
      this.mismatches += 1;
      return { kind: 'mismatch' };
    }
    this.suppressed += 1;
    return { kind: 'replay', reply: entry.reply };
  }

  /**
   * Keeps a response for its key. Only successes are kept: an error was not applied, so a retry
   * (perhaps with the cause fixed on the ERP's side) must run again.
   */
  remember(key: string, requestFingerprint: string, reply: Reply): void {
    if (reply.status >= 200 && reply.status < 300) {
      this.entries.set(key, { fingerprint: requestFingerprint, reply });
    }
  }

  /** Counts for stats. */
  counts(): { keysStored: number; duplicatesSuppressed: number; keyReuseRejected: number } {
    return {
      keysStored: this.entries.size,
      duplicatesSuppressed: this.suppressed,
      keyReuseRejected: this.mismatches
    };
  }
}
