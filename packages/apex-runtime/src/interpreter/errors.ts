/**
 * How Apex exceptions travel through the interpreter: as a JavaScript exception carrying the Apex
 * exception object, so try/catch in Apex maps onto try/catch in JavaScript.
 */
import type { Loc } from '../frontend/ast.ts';
import type { ApexObject } from './values.ts';

export class ApexThrow extends Error {
  constructor(readonly exception: ApexObject) {
    super('Apex exception');
  }
}

/**
 * Something the runtime does not implement. It fails the test that reached it with
 * `Unsupported: <what>` and is counted apart from ordinary failures.
 */
export class UnsupportedError extends Error {
  constructor(what: string) {
    super(`Unsupported: ${what}`);
  }
}

/** A problem found while compiling a class; all of them are reported before any test runs. */
export class CompileError extends Error {
  constructor(
    message: string,
    readonly loc: Loc
  ) {
    super(message);
  }
}
