/**
 * Errors of starting the local ERP, typed so a CLI can map them to exit code 2 and print the
 * message as the one line that says what to do.
 */

/** The port is taken by another process. */
export class LocalErpPortInUseError extends Error {
  readonly code = 'ERP_PORT_IN_USE';

  constructor(
    readonly port: number,
    readonly host: string
  ) {
    super(
      `Port ${port} on ${host} is in use: pass --erp-port <free port> or stop the other process.`
    );
    this.name = 'LocalErpPortInUseError';
  }
}

/** The server could not listen for another reason (address not available, permission). */
export class LocalErpStartError extends Error {
  readonly code = 'ERP_START_FAILED';

  constructor(
    readonly port: number,
    readonly host: string,
    readonly reason: string
  ) {
    super(
      `The local ERP cannot listen on ${host}:${port} (${reason}): ` +
        'pass --erp-port <free port above 1023>, or 0 to let the system pick one.'
    );
    this.name = 'LocalErpStartError';
  }
}
