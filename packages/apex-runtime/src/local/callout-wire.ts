/** What crosses between the Apex thread and the callout worker: plain, structured-cloneable data. */

export interface WireRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The body as base64, so that binary bodies (setBodyAsBlob) cross unchanged; null for none. */
  bodyBase64: string | null;
  timeoutMs: number;
}

export type WireResponse =
  | {
      kind: 'response';
      status: number;
      statusText: string;
      /** Header pairs in the order received; a repeated header appears more than once. */
      headers: [string, string][];
      bodyBase64: string;
    }
  | {
      kind: 'error';
      /** Node's error code (ECONNREFUSED, ENOTFOUND, ECONNRESET, ...) or ETIMEDOUT for the timeout. */
      code: string;
      message: string;
    };
