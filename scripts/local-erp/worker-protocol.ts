/**
 * Messages between `startLocalErpInWorker` and the worker thread running the local ERP.
 * Everything here is structured-cloneable; errors travel as their fields and are rebuilt as
 * the same typed errors on the other side.
 */
import { LocalErpPortInUseError, LocalErpStartError } from './errors.ts';
import { InvalidFaultPlanError } from './fault-plan.ts';
import type { LocalErpOptions } from './server.ts';

/** What the worker is started with: the options minus the clock function, plus its buffer. */
export interface WorkerInput {
  readonly options: Omit<LocalErpOptions, 'now'>;
  readonly clock: SharedArrayBuffer | null;
}

/** Operations the owner asks of the worker. */
export type Operation =
  'stats' | 'setFaults' | 'tick' | 'stopListening' | 'resumeListening' | 'close';

/** A request to the worker. */
export interface Call {
  readonly id: number;
  readonly op: Operation;
  readonly arg?: unknown;
}

/** An error as fields. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly port?: number;
  readonly host?: string;
  readonly problems?: string[];
  readonly reason?: string;
}

/** Messages from the worker. */
export type WorkerMessage =
  | { readonly kind: 'ready'; readonly url: string; readonly port: number }
  | { readonly kind: 'failed'; readonly error: WireError }
  | { readonly kind: 'result'; readonly id: number; readonly value: unknown }
  | { readonly kind: 'error'; readonly id: number; readonly error: WireError };

/** An error's fields, for the wire. */
export function toWire(error: unknown): WireError {
  if (error instanceof LocalErpPortInUseError) {
    return { name: error.name, message: error.message, port: error.port, host: error.host };
  }
  if (error instanceof LocalErpStartError) {
    const { name, message, port, host, reason } = error;
    return { name, message, port, host, reason };
  }
  if (error instanceof InvalidFaultPlanError) {
    return { name: error.name, message: error.message, problems: error.problems };
  }
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}

/** The typed error back from its fields. */
export function fromWire(error: WireError): Error {
  const { port, host = '127.0.0.1', problems, reason } = error;
  if (error.name === 'LocalErpPortInUseError' && port !== undefined) {
    return new LocalErpPortInUseError(port, host);
  }
  if (error.name === 'LocalErpStartError' && port !== undefined && reason !== undefined) {
    return new LocalErpStartError(port, host, reason);
  }
  if (error.name === 'InvalidFaultPlanError' && problems !== undefined) {
    return new InvalidFaultPlanError(problems);
  }
  const plain = new Error(error.message);
  plain.name = error.name;
  return plain;
}
