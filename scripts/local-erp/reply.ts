/**
 * The response a handler produces, kept as data until the server writes it, so faults can delay
 * or corrupt it and the idempotency store can keep it for replays.
 */
import type { IncomingMessage } from 'node:http';

/** A complete HTTP response: status, headers and body text. */
export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A JSON reply. */
export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(value)
  };
}

/**
 * An RFC 9457 problem: the shape Conduit's own REST endpoints answer with, so both sides of the
 * integration speak the same error language.
 */
export function problem(
  status: number,
  title: string,
  detail: string,
  headers: Record<string, string> = {}
): Reply {
  return {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
    body: JSON.stringify({ type: 'about:blank', title, status, detail })
  };
}

/** Thrown by readBody when a client sends more than the limit. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes.`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads a request body as UTF-8 text, refusing bodies over `limit` bytes. */
export async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  // Refuse a declared oversize body before reading any of it.
  if (Number(request.headers['content-length'] ?? 0) > limit) throw new BodyTooLargeError(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses JSON text, returning a tagged result instead of throwing. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
