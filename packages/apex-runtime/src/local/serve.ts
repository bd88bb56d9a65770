/**
 * The local org's HTTP face: the project's Apex REST resources at `/services/apexrest/...`,
 * answered exactly as invokeRest answers, `POST /__conduit/apex/<Class>/<method>` for the
 * local dashboard's Apex calls (each request a transaction of its own), and
 * `GET /__conduit/events/<channel>` streaming platform events to the dashboard's empApi.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApexThrow, UnsupportedError } from '../interpreter/errors.ts';
import { invokeRest } from '../stdlib/http.ts';
import { findAuraMethod, invokeAura } from './aura.ts';
import type { LocalOrg } from './org.ts';
import { EventHistory, replayOption, streamEvents } from './stream.ts';

/** Apex REST refuses request bodies over 6 MB (the synchronous heap size). */
export const MAX_BODY_BYTES = 6 * 1024 * 1024;

const JSON_TYPE = 'application/json;charset=UTF-8';
const NOT_FOUND = JSON.stringify([
  { errorCode: 'NOT_FOUND', message: 'Could not find a match for URL' }
]);

export interface ServeOptions {
  /** 0 lets the operating system choose a free port. */
  port: number;
  host?: string;
  /**
   * Who makes a request, from its `Authorization` header (null when absent): the id of the User
   * it runs as, or null to refuse it with 401 `INVALID_SESSION_ID` as an org refuses a missing or
   * expired session. Applies to Apex REST and to Apex calls; without it every request runs as
   * the org's default user (System Administrator).
   */
  authenticate?: (authorization: string | null) => string | null;
}

const INVALID_SESSION = JSON.stringify([
  { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }
]);

export interface RestServer {
  server: Server;
  /** `http://host:port`, with the port the server got. */
  url: string;
  port: number;
  close: () => Promise<void>;
}

/** Starts the server; rejects with a message that says what to do when the port is taken. */
export function serveRest(org: LocalOrg, options: ServeOptions): Promise<RestServer> {
  const host = options.host ?? '127.0.0.1';
  const history = new EventHistory(org);
  const server = createServer((req, res) => {
    const events = /^\/__conduit\/events\/([^?]+)/.exec(req.url ?? '');
    if (events && req.method === 'GET') {
      const replayId = replayOption(req.url ?? '');
      if (replayId === null) {
        send(
          res,
          400,
          { 'Content-Type': JSON_TYPE },
          JSON.stringify({ message: 'replayId must be -1, -2 or a replay id' })
        );
        return;
      }
      streamEvents(org, history, decodeURIComponent(events[1]), replayId, req, res);
      return;
    }
    handle(org, req, res, options.authenticate).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': JSON_TYPE });
      res.end(JSON.stringify([{ errorCode: 'UNKNOWN_EXCEPTION', message: String(error) }]));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? Object.assign(
              new Error(
                `Port ${options.port} on ${host} is in use: stop what uses it or choose another port.`
              ),
              { code: 'EADDRINUSE' }
            )
          : error
      )
    );
    server.listen(options.port, host, () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        server,
        port,
        url: `http://${host}:${port}`,
        close: () =>
          new Promise((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          })
      });
    });
  });
}

async function handle(
  org: LocalOrg,
  req: IncomingMessage,
  res: ServerResponse,
  authenticate: ServeOptions['authenticate']
): Promise<void> {
  const target = req.url ?? '/';
  const path = target.split('?')[0];
  const body = await readBody(req);
  if (body === null) {
    send(res, 413, { 'Content-Type': JSON_TYPE }, tooLarge());
    return;
  }
  const rest = /^\/services\/apexrest(\/|$)/.test(path);
  const apex = /^\/__conduit\/apex\/([A-Za-z_]\w*)\/([A-Za-z_]\w*)$/.exec(path);
  let userId: string | undefined;
  if (authenticate && (rest || apex)) {
    const user = authenticate(req.headers.authorization ?? null);
    if (user === null) {
      send(res, 401, { 'Content-Type': JSON_TYPE }, INVALID_SESSION);
      return;
    }
    userId = user;
  }
  if (rest) {
    const result = org.transaction('rest', () =>
      invokeRest(org.engine, {
        method: req.method ?? 'GET',
        path: target,
        headers: headerRecord(req),
        body,
        remoteAddress: req.socket.remoteAddress ?? '127.0.0.1',
        userId
      })
    );
    if (result.status >= 500) {
      org.emit({
        kind: 'exception',
        at: org.clock.now(),
        source: 'rest',
        message: result.body,
        stackTrace: []
      });
    }
    send(res, result.status, result.headers, result.body);
    return;
  }
  if (apex && req.method === 'POST') {
    const method = findAuraMethod(org.engine, apex[1], apex[2]);
    if (method) {
      const answer = callAura(org, method, body, userId);
      send(res, answer.status, { 'Content-Type': JSON_TYPE }, answer.body);
      return;
    }
  }
  send(res, 404, { 'Content-Type': JSON_TYPE }, NOT_FOUND);
}

function callAura(
  org: LocalOrg,
  method: NonNullable<ReturnType<typeof findAuraMethod>>,
  body: string,
  userId: string | undefined
): { status: number; body: string } {
  let params: unknown;
  try {
    params = body.trim() === '' ? {} : JSON.parse(body);
  } catch {
    return { status: 400, body: JSON.stringify({ message: 'The request body is not JSON' }) };
  }
  if (params === null || typeof params !== 'object' || Array.isArray(params))
    return {
      status: 400,
      body: JSON.stringify({ message: 'The request body must be a JSON object of parameters' })
    };
  try {
    return org.transaction('aura', () =>
      invokeAura(org.engine, method, params as Record<string, unknown>, userId)
    );
  } catch (error) {
    if (error instanceof ApexThrow)
      return {
        status: 500,
        body: JSON.stringify({
          message: org.engine.runtime.describeException(error.exception),
          stackTrace: (error.exception.trace ?? []).join('\n')
        })
      };
    if (error instanceof UnsupportedError)
      return { status: 500, body: JSON.stringify({ message: error.message }) };
    throw error;
  }
}

/** The request body as text, or null when it is larger than Apex REST accepts. */
async function readBody(req: IncomingMessage): Promise<string | null> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    req.resume();
    return null;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Request headers with their names as sent (RestRequest.headers keeps the client's case). */
function headerRecord(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i];
    headers[name] =
      headers[name] === undefined
        ? req.rawHeaders[i + 1]
        : `${headers[name]}, ${req.rawHeaders[i + 1]}`;
  }
  return headers;
}

function tooLarge(): string {
  return JSON.stringify([
    {
      errorCode: 'REQUEST_TOO_LARGE',
      message: `The request body is larger than ${MAX_BODY_BYTES} bytes, the most Apex REST accepts.`
    }
  ]);
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string) {
  res.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
