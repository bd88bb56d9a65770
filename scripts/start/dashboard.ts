/**
 * The dashboard for `npm start`: the built monitoring app served by scripts/dashboard/server.ts,
 * its Apex calls (`/__conduit/*`) forwarded to the local org's server, which answers them as
 * the org answers the components' Apex calls.
 */
import { request as httpRequest } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_OUT_DIR } from '../dashboard/paths.ts';
import { PortInUseError, serveDashboard } from '../dashboard/server.ts';
import type { DashboardServer } from '../dashboard/server.ts';
import { portInUse } from './ports.ts';

/**
 * Forwards a request to `target` (the local org's server) with `headers` added (the admin's
 * session, as a signed-in browser carries one) and streams the answer back.
 */
export function forwardTo(target: string, headers: Record<string, string> = {}) {
  const base = new URL(target);
  return (req: IncomingMessage, res: ServerResponse): Promise<void> =>
    new Promise((resolve) => {
      const upstream = httpRequest(
        {
          host: base.hostname,
          port: base.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, ...headers, host: base.host }
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', resolve);
        }
      );
      // A client that goes away (an empApi stream closed) ends the upstream request too.
      res.on('close', () => upstream.destroy());
      upstream.on('error', (error) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `The local org did not answer: ${error.message}` }));
        resolve();
      });
      req.pipe(upstream);
    });
}

/** Serves the dashboard; a taken port is the user's to fix (UsageError). */
export async function startDashboard(
  orgUrl: string,
  port: number,
  host: string,
  session: Record<string, string>
): Promise<DashboardServer> {
  try {
    return await serveDashboard({
      root: DEFAULT_OUT_DIR,
      port,
      host,
      apexHandler: forwardTo(orgUrl, session)
    });
  } catch (error) {
    if (error instanceof PortInUseError) throw portInUse(port, host, '--dashboard-port');
    throw error;
  }
}
