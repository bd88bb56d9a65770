/**
 * Loads a project into a ready-to-run interpreter: parse (cached by content), lower, declare
 * classes, install the standard library, compile every class. Compile errors are collected for
 * all files before anything runs.
 */
import { createHash } from 'node:crypto';
import type * as A from './frontend/ast.ts';
import { ANONYMOUS_ENTRY, LoweringError, lowerUnit } from './frontend/lower.ts';
import { parseSource } from './frontend/parse.ts';
import { type Diagnostic, UsageError } from './errors.ts';
import { ClassTable, type LoadedUnit } from './interpreter/classes.ts';
import { type Coverage, Compiler } from './interpreter/compiler.ts';
import { ApexThrow, CompileError, UnsupportedError } from './interpreter/errors.ts';
import { Platform } from './interpreter/platform.ts';
import { Runtime } from './interpreter/runtime.ts';
import { Triggers } from './interpreter/triggers.ts';
import { Database, type Snapshot } from './database/database.ts';
import { Limits } from './interpreter/limits.ts';
import type { DataContext } from './interpreter/sobjects.ts';
import { ApexDouble } from './interpreter/values.ts';
import { apexTypeOfField } from './schema/apex-types.ts';
import { loadSchema } from './schema/loader.ts';
import type { FieldSchema, Schema } from './schema/schema.ts';
import { QueryEngine } from './soql/evaluate.ts';
import { ApexDate, ApexDatetime } from './values/datetime.ts';
import { ApexDecimal } from './values/decimal.ts';
import type { ClassInfo } from './interpreter/types.ts';
import { apiVersionOf, type Project, type SourceFile } from './loader/project.ts';
import { installCollections } from './stdlib/collections.ts';
import { installDatetime } from './stdlib/datetime.ts';
import { installDatabase } from './stdlib/database.ts';
import { installJson } from './stdlib/json.ts';
import { installSObject } from './stdlib/sobject.ts';
import { installHttp, readExternalCredentials, readNamedCredentials } from './stdlib/http.ts';
import { installAsync } from './stdlib/async.ts';
import { installLimits } from './stdlib/limits.ts';
import { EventBus, installEvents } from './stdlib/events.ts';
import { AsyncQueue } from './interpreter/async.ts';
import { Lib } from './stdlib/lib.ts';
import { installMath } from './stdlib/math.ts';
import { installCache } from './stdlib/cache.ts';
import { installMessaging } from './stdlib/messaging.ts';
import { installAuth } from './stdlib/auth.ts';
import { installChangeDataCapture } from './interpreter/cdc.ts';
import { installStrings } from './stdlib/strings.ts';
import {
  AUTOMATED_PROCESS_USERNAME,
  installSystem,
  TEST_USER,
  type TestPhase
} from './stdlib/system.ts';
import { administratorPermissionFields, installSecurity, seedAudit } from './security/seed.ts';
import { installPermissions } from './security/stdlib.ts';

export interface Engine {
  runtime: Runtime;
  table: ClassTable;
  compiler: Compiler;
  phase: TestPhase;
  diagnostics: Diagnostic[];
  /** Line coverage per source file (relative path). */
  coverage: Map<string, Coverage>;
  /** The database as every test starts with it (custom metadata records only). */
  baseline: Snapshot;
  /**
   * Hands the platform events published so far to their triggers (what Test.stopTest() and
   * Test.getEventBus().deliver() do in a test; a local org calls it after each transaction).
   */
  deliverEvents: () => void;
}

const loweredCache = new Map<string, A.CompilationUnit>();

/** Parses and lowers a source, reusing the result for identical file content. */
function lower(source: SourceFile): { unit?: A.CompilationUnit; diagnostics: Diagnostic[] } {
  const key = createHash('sha256').update(source.kind).update(source.text).digest('hex');
  const cached = loweredCache.get(key);
  if (cached) return { unit: cached, diagnostics: [] };
  const parsed = parseSource(source);
  if (parsed.diagnostics.length > 0) return { diagnostics: parsed.diagnostics };
  try {
    const unit = lowerUnit(parsed.tree, source.text);
    loweredCache.set(key, unit);
    return { unit, diagnostics: [] };
  } catch (error) {
    if (error instanceof LoweringError) {
      return {
        diagnostics: [
          {
            file: source.relativePath,
            line: error.loc.line,
            column: error.loc.column,
            message: error.message
          }
        ]
      };
    }
    throw error;
  }
}

/** How an engine runs its code. */
export interface EngineOptions {
  /** false for the local org of `npm start`: Test.isRunningTest() is false, async work waits for the scheduler. */
  testMode?: boolean;
}

export function createEngine(
  project: Project,
  extraSources: SourceFile[] = [],
  options: EngineOptions = {}
): Engine {
  const runtime = new Runtime();
  runtime.testMode = options.testMode ?? true;
  const platform = new Platform(runtime);
  runtime.platform = platform;
  const phase: TestPhase = {
    started: false,
    stopped: false,
    onStart: () => undefined,
    onStop: () => undefined
  };
  const lib = new Lib(platform, runtime);
  lib.apiVersion = apiVersionOf(project);
  installSystem(lib, phase);
  installStrings(lib);
  installCollections(lib);
  installMath(lib);
  installDatetime(lib);
  installJson(lib);
  installSObject(lib);
  installDatabase(lib);
  installHttp(lib, project);
  installAsync(lib, () => runtime.data.async);
  installLimits(lib);
  const resetCache = installCache(lib, project);
  const resetOutbox = installMessaging(lib);
  installAuth(lib, project);
  installPermissions(lib);
  const bus = new EventBus();
  const events = installEvents(lib, bus, () => triggers);

  const diagnostics: Diagnostic[] = [];
  const units: LoadedUnit[] = [];
  for (const source of [...project.sources, ...extraSources]) {
    const result = lower(source);
    diagnostics.push(...result.diagnostics);
    if (!result.unit) continue;
    if (result.unit.kind === 'Trigger') units.push({ source, unit: result.unit });
    else {
      if (source.kind === 'class' && result.unit.name.toLowerCase() !== source.name.toLowerCase()) {
        diagnostics.push({
          file: source.relativePath,
          line: result.unit.loc.line,
          column: result.unit.loc.column,
          message: `Type name ${result.unit.name} does not match the file name ${source.name}`
        });
      }
      units.push({ source, unit: result.unit });
    }
  }
  const data = createDataContext(project, runtime, bus);
  runtime.data = data;
  phase.onStart = () => {
    data.limits.startTest();
    // DML before startTest does not block callouts after it (Apex Developer Guide, Performing
    // DML Operations and Mock Callouts).
    data.db.uncommittedWork = false;
    data.async.testStarted = true;
  };
  phase.onStop = () => {
    data.limits.stopTest();
    data.async.runSinceStart();
    events.deliver();
  };
  const table = new ClassTable(platform);
  table.schema = data.schema;
  const triggers = new Triggers(runtime, table);
  triggers.install(platform);
  data.hooks = installChangeDataCapture(platform, data, triggers, TEST_USER.id);
  data.resets.push(resetCache, resetOutbox);
  table.declareAll(units);
  for (const { source, error } of table.errors) diagnostics.push(toDiagnostic(source, error));

  const coverage = new Map<string, Coverage>();
  const coverageOf = (cls: ClassInfo): Coverage => {
    const file = cls.source!.relativePath;
    let c = coverage.get(file);
    if (!c) {
      c = { executable: new Set(), hits: new Map() };
      coverage.set(file, c);
    }
    return c;
  };
  const compiler = new Compiler(runtime, table, coverageOf);
  lib.table = table;
  lib.compiler = compiler;
  for (const cls of table.all) {
    try {
      for (const error of compiler.compileClassErrors(cls))
        diagnostics.push(toDiagnostic(cls.source!, error));
    } catch (error) {
      // A bug in the runtime must still come out as a diagnostic with a file, not a crash.
      const loc = cls.decl?.loc ?? { line: 1, column: 1 };
      diagnostics.push({
        file: cls.source!.relativePath,
        line: loc.line,
        column: loc.column,
        message: `Internal error of the offline runtime while compiling ${cls.fullName}: ${(error as Error).message}`
      });
    }
  }
  return {
    runtime,
    table,
    compiler,
    phase,
    diagnostics,
    coverage,
    baseline: data.db.snapshot(),
    deliverEvents: events.deliver
  };
}

/** Loads the schema, seeds custom metadata records, and opens the database and limits. */
function createDataContext(project: Project, runtime: Runtime, events: EventBus): DataContext {
  const schema = loadSchema(project.root, project.packageDirectories);
  if (!schema.get('AggregateResult')) {
    schema.add({
      name: 'AggregateResult',
      label: 'Aggregate Result',
      pluralLabel: 'Aggregate Results',
      kind: 'standard',
      keyPrefix: '000',
      fields: new Map(),
      childRelationships: new Map()
    });
  }
  const db = new Database(schema, { userId: TEST_USER.id, now: () => ApexDatetime.now() });
  seedRunningUser(schema, db);
  if (!runtime.testMode) seedAutomatedProcessUser(schema, db);
  for (const record of schema.customMetadata) {
    const object = schema.get(record.type)!;
    const row = new Map<string, unknown>([
      ['developername', record.developerName],
      ['masterlabel', record.label],
      ['label', record.label],
      ['qualifiedapiname', record.developerName],
      ['namespaceprefix', null],
      ['language', 'en_US']
    ]);
    for (const [name, text] of record.values) {
      const field = object.fields.get(name.toLowerCase())!;
      row.set(name.toLowerCase(), metadataValue(field, text, record.file));
    }
    db.seed(object, row);
  }
  const security = installSecurity(project, schema, db);
  seedNotificationTypes(schema, db);
  seedCredentials(project, schema, db);
  const limits = new Limits((message) => runtime.throwApex('LimitException', message));
  return {
    schema,
    db,
    queries: new QueryEngine(schema, db),
    limits,
    events,
    async: new AsyncQueue(schema, db, events, limits, (type, message) =>
      runtime.throwApex(type, message)
    ),
    resets: [],
    security
  };
}

/**
 * The running user and its profile, which every test can query: User and Profile are among the
 * objects whose data tests see without SeeAllData (Apex Developer Guide, Isolation of Test Data
 * from Organization Data in Unit Tests). They take the first ids of their key prefixes, which are
 * the ids UserInfo reports.
 */
function seedRunningUser(schema: Schema, db: Database): void {
  const audit = seedAudit();
  const profileId = db.seed(
    schema.get('Profile')!,
    new Map<string, unknown>([
      ['name', 'System Administrator'],
      ['usertype', 'Standard'],
      ...administratorPermissionFields(),
      ...audit
    ])
  );
  const userId = seedUser(
    schema,
    db,
    [
      ['username', TEST_USER.userName],
      ['email', TEST_USER.email],
      ['alias', 'tuser'],
      ['firstname', TEST_USER.firstName],
      ['lastname', TEST_USER.lastName],
      ['name', `${TEST_USER.firstName} ${TEST_USER.lastName}`]
    ],
    profileId,
    audit
  );
  if (userId !== TEST_USER.id || profileId !== TEST_USER.profileId)
    throw new Error(`the running user was seeded as ${userId}/${profileId}, not as UserInfo says`);
}

/**
 * The Automated Process user an org runs platform event triggers as, unless a
 * PlatformEventSubscriberConfig names another user. Only a local org has one: what Apex tests
 * run event triggers as is not documented, so tests keep the running user.
 */
function seedAutomatedProcessUser(schema: Schema, db: Database): void {
  seedUser(schema, db, [
    ['username', AUTOMATED_PROCESS_USERNAME],
    ['email', AUTOMATED_PROCESS_USERNAME],
    ['alias', 'autoproc'],
    ['lastname', 'Automated Process'],
    ['name', 'Automated Process'],
    ['usertype', 'AutomatedProcess']
  ]);
}

/**
 * A seeded User row: `fields` name the user (username, email, alias, names, type); the rest is the
 * test user's locale settings, the profile (the running user's unless named), active, and the
 * audit fields. Returns the new user's id.
 */
function seedUser(
  schema: Schema,
  db: Database,
  fields: [string, unknown][],
  profileId: string = TEST_USER.profileId,
  audit: [string, unknown][] = seedAudit()
): string {
  return db.seed(
    schema.get('User')!,
    new Map<string, unknown>([
      ...fields,
      ['timezonesidkey', TEST_USER.timeZone],
      ['localesidkey', TEST_USER.locale],
      ['emailencodingkey', 'UTF-8'],
      ['languagelocalekey', TEST_USER.language],
      ['profileid', profileId],
      ['isactive', true],
      ...audit
    ])
  );
}

/** CustomNotificationType records from the project's notification types, queryable by SOQL. */
function seedNotificationTypes(schema: Schema, db: Database): void {
  const object = schema.get('CustomNotificationType')!;
  for (const t of schema.notificationTypes) {
    db.seed(
      object,
      new Map<string, unknown>([
        ['developername', t.developerName],
        ['customnotiftypename', t.name],
        ['masterlabel', t.label],
        ['description', t.description],
        ['desktop', t.desktop],
        ['mobile', t.mobile],
        ['isslack', false],
        ['language', 'en_US'],
        ['namespaceprefix', null]
      ])
    );
  }
}

/**
 * NamedCredential and ExternalCredential records from the project's credential metadata, so that
 * Apex can query them (`[SELECT Id FROM NamedCredential WHERE DeveloperName = :name]`).
 */
function seedCredentials(project: Project, schema: Schema, db: Database): void {
  const setup = (developerName: string, label: string) =>
    new Map<string, unknown>([
      ['developername', developerName],
      ['masterlabel', label],
      ['namespaceprefix', null],
      ['language', 'en_US']
    ]);
  const named = schema.get('NamedCredential')!;
  for (const c of readNamedCredentials(project)) {
    const row = setup(c.name, c.label);
    row.set('endpoint', c.endpoint);
    row.set('principaltype', c.principalType);
    db.seed(named, row);
  }
  const external = schema.get('ExternalCredential')!;
  for (const c of readExternalCredentials(project)) {
    const row = setup(c.name, c.label);
    row.set('authenticationprotocol', c.authenticationProtocol);
    row.set('description', c.description);
    db.seed(external, row);
  }
}

/** A custom metadata value from its XML text, typed by its field. */
function metadataValue(field: FieldSchema, text: string | null, file: string): unknown {
  if (text === null) return field.type === 'Checkbox' ? false : null;
  switch (apexTypeOfField(field)) {
    case 'Decimal':
      return ApexDecimal.fromString(text);
    case 'Integer':
      return Number(text);
    case 'Double':
      return new ApexDouble(Number(text));
    case 'Boolean':
      return text === 'true';
    case 'Date':
      return ApexDate.valueOf(text);
    case 'Datetime':
      return ApexDatetime.valueOfGmt(text.replace('T', ' ').replace(/\.\d+Z?$|Z$/, ''));
    case 'String':
    case 'Id':
      return text;
    default:
      throw new UsageError(
        `${file}: custom metadata field ${field.name} of type ${field.type} is not supported`
      );
  }
}

function toDiagnostic(source: SourceFile, error: CompileError): Diagnostic {
  return {
    file: source.relativePath,
    line: error.loc.line,
    column: error.loc.column,
    message: error.message
  };
}

/** What running anonymous Apex produced. */
export interface AnonymousResult {
  compileErrors: Diagnostic[];
  /** `System.debug` messages, in order. */
  debug: string[];
  /** `Type: message` of an uncaught exception, or null. */
  exception: string | null;
  stackTrace: string[];
  /** The `Unsupported: ...` message when the code reached an unimplemented feature. */
  unsupported: string | null;
}

/** Runs Execute Anonymous code against a project (or none), as `sf apex run` does. */
export function runAnonymous(
  project: Project,
  text: string,
  fileName = 'anonymous.apex'
): AnonymousResult {
  const source: SourceFile = {
    path: fileName,
    relativePath: fileName,
    kind: 'anonymous',
    name: 'AnonymousBlock',
    text
  };
  const engine = createEngine(project, [source]);
  const result: AnonymousResult = {
    compileErrors: engine.diagnostics,
    debug: [],
    exception: null,
    stackTrace: [],
    unsupported: null
  };
  if (engine.diagnostics.length > 0) return result;
  const block = engine.table.all.find((c) => c.source === source)!;
  const entry = block.methods.get(ANONYMOUS_ENTRY)![0];
  const rt = engine.runtime;
  rt.epoch++;
  try {
    entry.invoke!(null, []);
  } catch (error) {
    if (error instanceof ApexThrow) {
      result.exception = rt.describeException(error.exception);
      result.stackTrace = error.exception.trace ?? [];
    } else if (error instanceof UnsupportedError) {
      result.unsupported = error.message;
    } else {
      throw error;
    }
  }
  result.debug = rt.debugLog.map((line) => line.slice(line.indexOf('|') + 1));
  return result;
}
