/**
 * `serveDashboard`: serves the built dashboard on 127.0.0.1 and forwards everything under
 * `/__conduit/` to the handler the caller passes (the local org in `npm start`, a fake in tests).
 * Static files only: no directory listing, no path outside the root, 404 for the rest.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

/** Answers one `/__conduit/*` request (Apex calls, event streams); see README.md. */
export type ConduitHandler = (
  request: IncomingMessage,
  response: ServerResponse
) => void | Promise<void>;

export interface ServeOptions {
  /** The built dashboard (`npm run dashboard:build`'s output). */
  root: string;
  /** 0 lets the OS pick a free port. */
  port: number;
  host?: string;
  apexHandler: ConduitHandler;
}

export interface DashboardServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** The port is taken: the message says what to do. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(
    readonly host: string,
    readonly port: number
  ) {
    super(
      `Port ${port} on ${host} is already in use: stop the program using it, or choose another port (0 lets the system pick one).`
    );
  }
}

const CONDUIT_PREFIX = '/__conduit/';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon'
};

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
}

/** The file a URL path names inside root, or null when it would leave root. */
export function fileFor(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) {
    return null;
  }
  const relativePath = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const file = normalize(join(root, relativePath));
  return file === root || file.startsWith(root.endsWith(sep) ? root : `${root}${sep}`)
    ? file
    : null;
}

async function serveFile(
  root: string,
  request: IncomingMessage,
  response: ServerResponse
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD');
    sendText(response, 405, 'Only GET and HEAD are served here.');
    return;
  }
  const path = new URL(request.url ?? '/', 'http://dashboard.invalid').pathname;
  const file = fileFor(root, path);
  const info = file ? await stat(file).catch(() => null) : null;
  // Folders are not listed: a path that is not a file is simply not found.
  if (!file || !info?.isFile()) {
    sendText(response, 404, `Not found: ${path}`);
    return;
  }
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff'
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file).pipe(response);
}

async function handle(
  options: ServeOptions,
  root: string,
  request: IncomingMessage,
  response: ServerResponse
): Promise<void> {
  try {
    if ((request.url ?? '').startsWith(CONDUIT_PREFIX)) {
      await options.apexHandler(request, response);
    } else {
      await serveFile(root, request, response);
    }
  } catch (error) {
    if (!response.headersSent) {
      response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      response.end(
        JSON.stringify({
          message: `The local dashboard server failed: ${error instanceof Error ? error.message : String(error)}`
        })
      );
    } else {
      response.destroy();
    }
  }
}

export function serveDashboard(options: ServeOptions): Promise<DashboardServer> {
  const host = options.host ?? '127.0.0.1';
  const root = normalize(options.root);
  const server = createServer((request, response) => {
    void handle(options, root, request, response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(host, options.port) : error);
    });
    server.listen(options.port, host, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${port}/`,
        port,
        server,
        close: () =>
          new Promise<void>((done) => {
            // Event streams stay open forever; end them so close() returns.
            server.closeAllConnections();
            server.close(() => done());
          })
      });
    });
  });
}
