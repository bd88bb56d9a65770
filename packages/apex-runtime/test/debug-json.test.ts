/**
 * What the conformance suite cannot show, seen from TypeScript: the level System.debug records
 * with each message in the debug log, and the loud refusals of System.debug and JSON.serialize.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEngine, runAnonymous } from '../src/engine.ts';
import { formatDiagnostic } from '../src/errors.ts';
import { ANONYMOUS_ENTRY } from '../src/frontend/lower.ts';
import type { Project } from '../src/loader/project.ts';

const EMPTY: Project = { root: '.', packageDirectories: [], sources: [] };

/** Runs anonymous Apex and returns the raw debug log: `LEVEL|message` lines. */
function debugLog(text: string): string[] {
  const source = {
    path: 'debug.apex',
    relativePath: 'debug.apex',
    kind: 'anonymous' as const,
    name: 'AnonymousBlock',
    text
  };
  const engine = createEngine(EMPTY, [source]);
  assert.deepEqual(engine.diagnostics.map(formatDiagnostic), []);
  const block = engine.table.all.find((c) => c.source === source)!;
  engine.runtime.epoch++;
  block.methods.get(ANONYMOUS_ENTRY)![0].invoke!(null, []);
  return engine.runtime.debugLog;
}

describe('System.debug levels', () => {
  it('records DEBUG for System.debug(Object) and the given level for System.debug(LoggingLevel, Object)', () => {
    const log = debugLog(`
      System.debug('plain');
      System.debug(LoggingLevel.INFO, 'MsgTxt');
      System.debug(System.LoggingLevel.ERROR, new List<Integer>{ 1, 2 });
      LoggingLevel level = LoggingLevel.valueOf('finest');
      System.debug(level, null);
      for (LoggingLevel each : LoggingLevel.values()) System.debug(each, each.ordinal());
    `);
    assert.deepEqual(log, [
      'DEBUG|plain',
      'INFO|MsgTxt',
      'ERROR|(1, 2)',
      'FINEST|null',
      'NONE|0',
      'ERROR|1',
      'WARN|2',
      'INFO|3',
      'DEBUG|4',
      'FINE|5',
      'FINER|6',
      'FINEST|7'
    ]);
  });

  it('refuses a null LoggingLevel instead of guessing a level', () => {
    const result = runAnonymous(EMPTY, "LoggingLevel level;\nSystem.debug(level, 'x');");
    assert.deepEqual(result.compileErrors.map(formatDiagnostic), []);
    assert.equal(result.unsupported, 'Unsupported: System.debug with a null LoggingLevel');
    assert.deepEqual(result.debug, []);
  });
});

describe('JSON of SObject records', () => {
  it('refuses a cyclic graph of parent records', () => {
    const result = runAnonymous(
      EMPTY,
      "Account a = new Account(Name = 'Loop');\na.Parent = a;\nSystem.debug(JSON.serialize(a));"
    );
    assert.deepEqual(result.compileErrors.map(formatDiagnostic), []);
    assert.equal(result.unsupported, 'Unsupported: JSON.serialize of a cyclic object graph');
  });

  it('serializes a parent that appears twice (not a cycle) both times', () => {
    const result = runAnonymous(
      EMPTY,
      "Account p = new Account(Name = 'P');\n" +
        "List<Contact> cs = new List<Contact>{ new Contact(LastName = 'A'), new Contact(LastName = 'B') };\n" +
        'for (Contact c : cs) c.Account = p;\n' +
        'System.debug(JSON.serialize(cs));'
    );
    assert.equal(result.unsupported, null);
    assert.deepEqual(result.debug, [
      '[{"attributes":{"type":"Contact"},"LastName":"A","Account":{"attributes":{"type":"Account"},"Name":"P"}},' +
        '{"attributes":{"type":"Contact"},"LastName":"B","Account":{"attributes":{"type":"Account"},"Name":"P"}}]'
    ]);
  });

  it('still refuses an AggregateResult, whose aliases it does not keep', () => {
    const result = runAnonymous(
      EMPTY,
      "insert new Account(Name = 'A');\nSystem.debug(JSON.serialize([SELECT COUNT(Id) n FROM Account]));"
    );
    assert.equal(result.unsupported, 'Unsupported: JSON.serialize of AggregateResult with n');
  });
});
