/**
 * Checks that a port is free before the slow part of startup (loading the project takes
 * seconds), so a taken port is reported at once. The real listen still maps EADDRINUSE too,
 * because another process can take the port in between.
 */
import { createServer } from 'node:net';
import { UsageError } from './errors.ts';

/** Everything `npm start` serves listens on loopback only: it is for this machine. */
export const HOST = '127.0.0.1';

/** The one line for a taken port, naming the option that picks another. */
export function portInUse(port: number, host: string, flag: string): UsageError {
  return new UsageError(
    `Port ${port} on ${host} is in use: stop what uses it or pass ${flag} <free port>.`
  );
}

export function assertPortFree(port: number, host: string, flag: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES' ? portInUse(port, host, flag) : error
      );
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}
