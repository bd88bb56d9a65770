/**
 * The conformance suite: Apex programs with the output or exception the platform documents for
 * them. Each `test/conformance/<area>.apex` file holds cases:
 *
 *   //# case: <name>
 *   //# doc: <where the documented behaviour is stated>
 *   <anonymous Apex>
 *   //# expect: <one System.debug message>      (repeat, in order)
 *   //# throws: <Type>: <message>                (an uncaught exception)
 *   //# compile-error: <text the error contains> (the code must not compile)
 *
 * Every case runs as Execute Anonymous code in a fresh runtime.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runAnonymous } from '../src/engine.ts';
import { formatDiagnostic } from '../src/errors.ts';
import { loadProject, type Project } from '../src/loader/project.ts';

interface Case {
  name: string;
  doc: string;
  body: string;
  expect: string[];
  throws: string | null;
  compileError: string | null;
  /** `//# project: <folder>`: run against the SFDX project in that folder (custom objects). */
  project: string | null;
  line: number;
}

const DIR = join(import.meta.dirname, 'conformance');
const EMPTY_PROJECT = { root: DIR, packageDirectories: [], sources: [] };
const projects = new Map<string, Project>();
function projectOf(c: Case): Project {
  if (c.project === null) return EMPTY_PROJECT;
  let project = projects.get(c.project);
  if (!project) {
    project = loadProject(join(DIR, c.project));
    projects.set(c.project, project);
  }
  return project;
}

export function parseCases(text: string, file: string): Case[] {
  const cases: Case[] = [];
  let current: Case | null = null;
  text.split('\n').forEach((raw, index) => {
    const directive = /^\s*\/\/#\s*([a-z-]+):\s?(.*)$/.exec(raw);
    if (directive?.[1] === 'case') {
      current = {
        name: directive[2].trim(),
        doc: '',
        body: '',
        expect: [],
        throws: null,
        compileError: null,
        project: null,
        line: index + 1
      };
      cases.push(current);
      return;
    }
    if (!current) return;
    const c: Case = current;
    if (!directive) {
      // Keep line numbers of the case body stable relative to its first line.
      c.body += `${raw}\n`;
      return;
    }
    const [, key, value] = directive;
    if (key === 'doc') c.doc = value.trim();
    else if (key === 'expect') c.expect.push(value);
    else if (key === 'throws') c.throws = value.trim();
    else if (key === 'compile-error') c.compileError = value.trim();
    else if (key === 'project') c.project = value.trim();
    else throw new Error(`${file}:${index + 1}: unknown directive //# ${key}`);
  });
  for (const c of cases) {
    if (!c.doc)
      throw new Error(
        `${file}:${c.line}: case "${c.name}" cites no documented behaviour (//# doc:)`
      );
  }
  return cases;
}

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.apex'))
  .sort();
let total = 0;

for (const file of files) {
  const cases = parseCases(readFileSync(join(DIR, file), 'utf8'), file);
  total += cases.length;
  describe(`conformance/${file}`, () => {
    for (const c of cases) {
      it(c.name, () => {
        const result = runAnonymous(projectOf(c), c.body, `${file}:${c.line}`);
        if (c.compileError !== null) {
          assert.ok(
            result.compileErrors.length > 0,
            `expected a compile error containing "${c.compileError}"`
          );
          const messages = result.compileErrors.map(formatDiagnostic).join('\n');
          assert.ok(messages.includes(c.compileError), `compile errors were:\n${messages}`);
          return;
        }
        assert.deepEqual(result.compileErrors.map(formatDiagnostic), [], 'the case must compile');
        assert.equal(result.unsupported, null, 'the case reached an unsupported feature');
        assert.deepEqual(result.debug, c.expect, 'System.debug output');
        assert.equal(result.exception, c.throws, 'uncaught exception');
      });
    }
  });
}

describe('conformance suite', () => {
  it('has at least 300 cases', () => {
    assert.ok(total >= 300, `only ${total} conformance cases`);
  });
});
