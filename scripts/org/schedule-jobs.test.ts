/**
 * `schedule-jobs.apex` schedules every framework job the way its class documents, and running it
 * again schedules nothing twice. Checked against the Apex sources, then executed twice in the
 * offline Apex runtime (packages/apex-runtime).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../lib/project.ts';
import { SCHEDULE_JOBS_APEX } from './plan.ts';

const classesDir = join(repoRoot, 'force-app', 'main', 'default', 'classes');
const script = readFileSync(join(repoRoot, SCHEDULE_JOBS_APEX), 'utf8');

/** `Class.method` for each schedulable class's public static, argument-less schedule method. */
function documentedSchedules(): string[] {
  return readdirSync(classesDir)
    .filter((name) => name.endsWith('.cls'))
    .flatMap((name) => {
      const source = readFileSync(join(classesDir, name), 'utf8');
      if (!/\bclass\s+\w+[^{]*\bimplements\b[^{]*\bSchedulable\b/i.test(source)) return [];
      const cls = name.replace(/\.cls$/, '');
      return [...source.matchAll(/public\s+static\s+[\w<>]+\s+(schedule\w*)\s*\(\s*\)/g)].map(
        (m) => `${cls}.${m[1]}`
      );
    })
    .sort();
}

describe('schedule-jobs.apex', () => {
  it('schedules every framework job through its documented schedule method', () => {
    const documented = documentedSchedules();
    assert.ok(documented.length >= 4, `found ${documented.join(', ')}`);
    for (const call of documented)
      assert.ok(script.includes(`${call}();`), `${SCHEDULE_JOBS_APEX} does not call ${call}()`);
  });

  it('schedules each job once, however often it runs (offline runtime)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conduit-schedule-'));
    try {
      const twice = [
        `{\n${script}\n}`,
        `{\n${script}\n}`,
        // OutboxSweeper, RetentionScheduler and OtlpSpanExporter: one job each; AlertEvaluator: four.
        "Assert.areEqual(7, [SELECT COUNT() FROM CronTrigger], 'scheduled jobs after two runs');"
      ].join('\n');
      const file = join(dir, 'twice.apex');
      writeFileSync(file, twice);
      const bin = join(repoRoot, 'node_modules', '.bin', 'apex-runtime');
      const r = spawnSync(bin, ['run', file], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 180_000
      });
      assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
