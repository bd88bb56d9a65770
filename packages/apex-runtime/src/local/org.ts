/**
 * A running local org: the project's Apex outside test mode, with a virtual clock that runs
 * queued, delayed and scheduled jobs when they come due, platform events delivered after each
 * transaction, real HTTP callouts, and the named credentials mapped to local URLs. Each
 * transaction (Execute Anonymous, a job, a REST request, an Apex call from the dashboard) has
 * fresh static state and limits; an uncaught exception rolls back that transaction only and is
 * reported, and the org goes on.
 */
import { createEngine, type Engine } from '../engine.ts';
import { type Diagnostic, formatDiagnostic } from '../errors.ts';
import { ANONYMOUS_ENTRY, LoweringError, lowerUnit } from '../frontend/lower.ts';
import { parseSource } from '../frontend/parse.ts';
import type { Job } from '../interpreter/async.ts';
import { ApexThrow, UnsupportedError } from '../interpreter/errors.ts';
import type { Project, SourceFile } from '../loader/project.ts';
import { parseSoql } from '../soql/parse.ts';
import {
  type CalloutTransport,
  setCalloutTransport,
  setEndpointOverrides
} from '../stdlib/http.ts';
import { standardPricebook } from '../stdlib/system.ts';
import { ApexDate, setClock } from '../values/datetime.ts';
import { performCallout } from './callout.ts';
import { VirtualClock } from './clock.ts';
import { type Plain, toPlain } from './plain.ts';

/** How a local org runs. */
export interface LocalOrgOptions {
  /** The virtual time the org starts at (default: the real time now). */
  start?: Date | number;
  /** Virtual milliseconds per real millisecond (default 1; 0 stops time between jumps). */
  speed?: number;
  /** Named credential → base URL, overriding the credential's URL (a local endpoints file). */
  endpoints?: Record<string, string>;
  /** How real callouts go out (default: HTTP from a worker thread); a seam for the runtime's tests. */
  transport?: CalloutTransport;
  /**
   * Virtual milliseconds a job queued without a delay waits when it is due at the very instant
   * the jobs before it ran (default 1000). The platform starts queued jobs after a short wait it
   * does not document; without one, a chain of undelayed jobs would run forever at one instant
   * of a clock that moves only by jumps.
   */
  startLatencyMs?: number;
}

/** What the org reports while it runs (for a progress display). */
export type OrgEvent =
  | {
      kind: 'job';
      /** Virtual time the job ended. */
      at: number;
      jobId: string;
      jobType: Job['type'];
      className: string | null;
      status: 'Completed' | 'Failed';
      /** `Type: message` of what the job threw. */
      error: string | null;
    }
  | {
      kind: 'exception';
      at: number;
      /** Where it happened: `apex` (runApex), `rest`, `aura`, `event` (a platform event trigger). */
      source: 'apex' | 'rest' | 'aura' | 'event';
      message: string;
      stackTrace: string[];
    }
  | {
      kind: 'platformEvent';
      at: number;
      /** The streaming channel, `/event/<Object>`. */
      channel: string;
      replayId: number;
      /** The event's fields by API name (CreatedDate included), as empApi hands them over. */
      payload: Plain;
    }
  | {
      kind: 'callout';
      at: number;
      method: string;
      url: string;
      /** The HTTP status, or null when the exchange failed. */
      status: number | null;
      /** The network failure (ECONNREFUSED, ETIMEDOUT, ...), or null. */
      error: string | null;
      /** Real milliseconds the callout took. */
      ms: number;
    };

/** What Execute Anonymous produced. */
export interface ApexRunResult {
  /** `System.debug` messages, in order. */
  debug: string[];
  /** `Type: message` of an uncaught exception (the block was rolled back), or null. */
  exception: string | null;
  stackTrace: string[];
}

/** runUntilIdle's answer: how many jobs ran and whether nothing is left to run. */
export interface IdleResult {
  jobs: number;
  idle: boolean;
}

/** The clock whose time Datetime.now() shows: the org that ran last. */
let activeClock: VirtualClock | null = null;

/** Most event deliveries in a row after one transaction (redeliveries of retried batches). */
const MAX_DELIVERY_ROUNDS = 20;

export class LocalOrg {
  readonly clock: VirtualClock;
  private readonly listeners = new Set<(event: OrgEvent) => void>();
  private anonymousCount = 0;
  private readonly compiledBlocks = new Map<string, (self: null, args: unknown[]) => unknown>();
  private readonly startLatencyMs: number;

  constructor(
    readonly engine: Engine,
    options: LocalOrgOptions
  ) {
    const start = options.start instanceof Date ? options.start.getTime() : options.start;
    this.clock = new VirtualClock(start ?? Date.now(), options.speed ?? 1);
    this.startLatencyMs = options.startLatencyMs ?? 1000;
    this.activate();
    if (options.endpoints) setEndpointOverrides(engine, options.endpoints);
    const transport = options.transport ?? performCallout;
    setCalloutTransport(engine, (request) => {
      const started = performance.now();
      const result = transport(request);
      this.emit({
        kind: 'callout',
        at: this.clock.now(),
        method: request.method,
        url: request.url,
        status: result.kind === 'response' ? result.status : null,
        error: result.kind === 'error' ? result.code : null,
        ms: performance.now() - started
      });
      return result;
    });
    engine.runtime.data.events.onBatchStart = () => this.freshStatics();
    engine.runtime.data.events.onBatchError = (object, error) =>
      this.emit({
        kind: 'exception',
        at: this.clock.now(),
        source: 'event',
        message: `${object.name} trigger: ${describe(engine, error)}`,
        stackTrace: error.exception.trace ?? []
      });
    engine.runtime.data.events.onStream = (event) => {
      // Platform events stream on /event/<Object>; change events (their /data/ channels) do not
      // stream locally.
      if (event.schema.kind !== 'platformEvent') return;
      this.emit({
        kind: 'platformEvent',
        at: this.clock.now(),
        channel: `/event/${event.schema.name}`,
        replayId: Number(event.get('replayid')),
        payload: toPlain(engine.runtime, event)
      });
    };
    const queue = engine.runtime.data.async;
    queue.onJobStart = () => {
      this.activate();
      this.freshStatics();
    };
    queue.onJobEnd = (job, error) => {
      this.emit({
        kind: 'job',
        at: this.clock.now(),
        jobId: job.id,
        jobType: job.type,
        className: job.className ?? null,
        status: error ? 'Failed' : 'Completed',
        error: error ? describe(this.engine, error) : null
      });
      engine.runtime.debugLog.length = 0;
    };
  }

  /** Listens to what the org does; returns the function that stops listening. */
  onEvent(listener: (event: OrgEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells the listeners (used by the org's own servers too). A failing listener is ignored. */
  emit(event: OrgEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A progress display must not break the org.
      }
    }
  }

  /**
   * Runs `work` as one transaction: fresh statics and limits, no pending DML, and after it the
   * published events delivered and the database committed. An uncaught Apex exception rolls
   * the transaction back, is reported as `source`, and is thrown on.
   */
  transaction<T>(source: 'apex' | 'rest' | 'aura', work: () => T): T {
    this.activate();
    const { db, limits, events } = this.engine.runtime.data;
    this.freshStatics();
    limits.reset();
    db.uncommittedWork = false;
    const mark = db.mark();
    const eventMark = events.mark();
    try {
      return work();
    } catch (error) {
      if (error instanceof ApexThrow || error instanceof UnsupportedError) {
        db.rollbackTo(mark);
        events.rolledBackTo(eventMark);
        this.emit({
          kind: 'exception',
          at: this.clock.now(),
          source,
          message: describe(this.engine, error),
          stackTrace: error instanceof ApexThrow ? (error.exception.trace ?? []) : []
        });
      }
      throw error;
    } finally {
      this.afterTransaction();
    }
  }

  /**
   * Execute Anonymous as the running user, committed as `sf apex run` commits it. A compile
   * error throws (with every diagnostic); an uncaught exception comes back in the result.
   */
  runApex(code: string): ApexRunResult {
    let entry = this.compiledBlocks.get(code);
    if (!entry) {
      const name = `AnonymousBlock${++this.anonymousCount}`;
      entry = this.compileAnonymous({
        path: `${name}.apex`,
        relativePath: `${name}.apex`,
        kind: 'anonymous',
        name: 'AnonymousBlock',
        text: code
      });
      // The same text runs the same compiled block again (a driver's repeated batches).
      this.compiledBlocks.set(code, entry);
    }
    const rt = this.engine.runtime;
    const result: ApexRunResult = { debug: [], exception: null, stackTrace: [] };
    const from = rt.debugLog.length;
    try {
      this.transaction('apex', () => entry(null, []));
    } catch (error) {
      if (error instanceof ApexThrow) {
        result.exception = rt.describeException(error.exception);
        result.stackTrace = error.exception.trace ?? [];
      } else if (error instanceof UnsupportedError) {
        result.exception = error.message;
      } else throw error;
    } finally {
      result.debug = rt.debugLog.slice(from).map((line) => line.slice(line.indexOf('|') + 1));
      rt.debugLog.length = 0;
    }
    return result;
  }

  /**
   * Runs a SOQL query in system mode and returns its rows as plain objects (API field names,
   * parent records nested, child records as arrays; see plain.ts). `SELECT COUNT()` gives
   * `[{ expr0: n }]`. Bind variables are not available here.
   */
  query(soql: string): Record<string, unknown>[] {
    this.activate();
    const data = this.engine.runtime.data;
    const rows = data.queries.run(parseSoql(soql), {
      binds: (text) => {
        throw new Error(`org.query does not take bind variables (:${text}): write the value`);
      },
      today: () => ApexDate.today()
    });
    if (typeof rows === 'number') return [{ expr0: rows }];
    return rows.map((row) => toPlain(this.engine.runtime, row) as Record<string, unknown>);
  }

  /** Jumps the clock to `t`, running every job that comes due on the way at its due time. */
  advanceTo(t: number): number {
    let ran = 0;
    for (;;) {
      const next = this.engine.runtime.data.async.nextDueAt();
      if (next === null || next > t) break;
      this.clock.advanceTo(next);
      ran += this.runDue();
    }
    this.clock.advanceTo(t);
    return ran + this.runDue();
  }

  /**
   * Lets `virtualMs` of virtual time pass at the clock's speed, running jobs as they come due.
   * It yields to the event loop between steps, so servers on this thread keep answering.
   */
  async runFor(virtualMs: number): Promise<number> {
    const end = this.clock.now() + virtualMs;
    let ran = 0;
    for (;;) {
      ran += this.runDue();
      const now = this.clock.now();
      if (now >= end) return ran;
      const next = Math.min(this.engine.runtime.data.async.nextDueAt() ?? end, end);
      const wait = this.clock.realMsUntil(next);
      if (wait === Infinity) this.clock.advanceTo(next);
      // Short naps: a job enqueued meanwhile (by a REST request) may be due sooner.
      await nap(Math.min(wait === Infinity ? 0 : wait, 50));
    }
  }

  /**
   * Runs jobs until none is queued, jumping the clock to each next due time, but not past
   * `maxVirtualMs` from now (a scheduled job is never idle). Yields between steps.
   */
  async runUntilIdle(options: { maxVirtualMs?: number } = {}): Promise<IdleResult> {
    const limit = this.clock.now() + (options.maxVirtualMs ?? 24 * 60 * 60 * 1000);
    let jobs = 0;
    for (;;) {
      jobs += this.runDue();
      const next = this.engine.runtime.data.async.nextDueAt();
      if (next === null) return { jobs, idle: true };
      if (next > limit) return { jobs, idle: false };
      this.clock.advanceTo(next);
      await nap(0);
    }
  }

  /** Stops listening and hands Datetime.now() back to the real clock if this org had it. */
  close(): void {
    this.listeners.clear();
    if (activeClock === this.clock) {
      activeClock = null;
      setClock(Date.now);
    }
  }

  /**
   * Runs the jobs due now (not the ones they queue, which wait for the next step), then
   * delivers the events they published. When work is due again at once, the start latency
   * passes, so that time moves on.
   */
  private runDue(): number {
    this.activate();
    const queue = this.engine.runtime.data.async;
    const now = this.clock.now();
    const due = queue.queued.filter((job) => (queue.dueAt(job) ?? Infinity) <= now).length;
    const ran = due === 0 ? 0 : queue.runDue(now, due);
    this.afterTransaction();
    const next = queue.nextDueAt();
    if (ran > 0 && next !== null && next <= this.clock.now())
      this.clock.advanceTo(this.clock.now() + this.startLatencyMs);
    return ran;
  }

  /** Makes this org's clock the one Datetime.now() reads. */
  private activate(): void {
    if (activeClock === this.clock) return;
    activeClock = this.clock;
    const clock = this.clock;
    setClock(() => clock.now());
  }

  /** A new transaction sees its classes' static variables initialised afresh. */
  private freshStatics(): void {
    const rt = this.engine.runtime;
    rt.epoch++;
    rt.stack.length = 0;
  }

  /** Delivers published events to their triggers and commits the database. */
  private afterTransaction(): void {
    const { events, db } = this.engine.runtime.data;
    for (let round = 0; round < MAX_DELIVERY_ROUNDS && events.pending > 0; round++) {
      this.freshStatics();
      this.engine.deliverEvents();
    }
    db.commit();
  }

  /** Compiles an anonymous block into the running engine; returns its entry point. */
  private compileAnonymous(source: SourceFile): (self: null, args: unknown[]) => unknown {
    const parsed = parseSource(source);
    const fail = (diagnostics: Diagnostic[]): never => {
      throw new Error(
        `The anonymous Apex does not compile:\n${diagnostics.map(formatDiagnostic).join('\n')}`
      );
    };
    if (parsed.diagnostics.length > 0) fail(parsed.diagnostics);
    let unit;
    try {
      unit = lowerUnit(parsed.tree, source.text);
    } catch (error) {
      if (!(error instanceof LoweringError)) throw error;
      return fail([{ file: source.relativePath, ...error.loc, message: error.message }]);
    }
    const table = this.engine.table;
    const errorsFrom = table.errors.length;
    const added = table.declareMore([{ source, unit }]);
    // The block's name is free again for the next one; its classes stay for queued jobs.
    table.topLevel.delete(unit.name.toLowerCase());
    const diagnostics: Diagnostic[] = table.errors.slice(errorsFrom).map(({ error }) => ({
      file: source.relativePath,
      line: error.loc.line,
      column: error.loc.column,
      message: error.message
    }));
    for (const cls of added)
      for (const error of this.engine.compiler.compileClassErrors(cls))
        diagnostics.push({
          file: source.relativePath,
          line: error.loc.line,
          column: error.loc.column,
          message: error.message
        });
    if (diagnostics.length > 0) fail(diagnostics);
    const block = added.find((c) => c.outer === null)!;
    const entry = block.methods.get(ANONYMOUS_ENTRY)![0];
    return (self, args) => entry.invoke!(self, args);
  }
}

/** Loads a project as a running local org (not test mode). */
export function createLocalOrg(project: Project, options: LocalOrgOptions = {}): LocalOrg {
  const engine = createEngine(project, [], { testMode: false });
  if (engine.diagnostics.length > 0)
    throw new Error(
      `The project does not compile, so it cannot run as a local org:\n${engine.diagnostics.map(formatDiagnostic).join('\n')}`
    );
  const org = new LocalOrg(engine, options);
  seedStandardPricebook(engine);
  return org;
}

/**
 * Every org has its standard price book, which products need a price in before they go on an
 * order; tests reach it through Test.getStandardPricebookId(), a local org by a query.
 */
function seedStandardPricebook(engine: Engine): void {
  const { schema, db } = engine.runtime.data;
  const object = schema.get('Pricebook2');
  if (object) standardPricebook(db, object, db.actor.userId);
}

function describe(engine: Engine, error: unknown): string {
  if (error instanceof ApexThrow) return engine.runtime.describeException(error.exception);
  return error instanceof Error ? error.message : String(error);
}

function nap(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
