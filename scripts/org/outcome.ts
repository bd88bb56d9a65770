/**
 * What a finished step means: its data (login URL, test report, org status) or the `OrgError`
 * that tells the user what to do. Pure: reads the exit code and the `sf --json` output only.
 */
import type { Options } from './args.ts';
import { OrgError, sfMissing } from './errors.ts';
import type { Step } from './plan.ts';
import type { Exit } from './runner.ts';
import {
  anonymousApexProblem,
  deployFailures,
  envelopeError,
  formatDeployFailure,
  loginUrl,
  orgStatus,
  parseEnvelope,
  permsetFailures,
  testReport,
  validateReport
} from './sf-json.ts';
import type { Envelope } from './sf-json.ts';

type Data = Record<string, unknown>;

/** Fails when the process did not start or (for plain commands) exited non-zero. */
function checkProcess(step: Step, exit: Exit, sfVersion: string): void {
  if (exit.spawnError) {
    if (exit.spawnError.code === 'ENOENT' && step.command[0] === 'sf') throw sfMissing(sfVersion);
    throw new OrgError(
      `Could not start ${step.command[0]}: ${exit.spawnError.message}.`,
      'SpawnFailed'
    );
  }
  if (step.reads === 'exit-code' && exit.code !== 0)
    throw new OrgError(
      `${step.description} failed (exit code ${exit.code}); its output is above. Fix it and rerun.`,
      'StepFailed',
      exit.stderr.trim() ? exit.stderr.trim().split('\n').slice(-20) : []
    );
}

/** Fails with every component error of a deploy or validation, by component, file and line. */
function checkComponents(step: Step, envelope: Envelope, next: string): void {
  const failures = deployFailures(envelope);
  if (failures.length > 0)
    throw new OrgError(
      `${step.description} failed: ${failures.length} component error(s).${next}`,
      'DeployFailed',
      failures.map(formatDeployFailure)
    );
}

/** The test report, or the error for failing tests or coverage under the threshold. */
function checkTests(step: Step, envelope: Envelope, options: Options): Data {
  if (envelope.result === undefined) throw envelopeError(envelope, step.description, options.org);
  const threshold = options.coverageThreshold;
  const report =
    step.reads === 'validate'
      ? validateReport(envelope, threshold)
      : testReport(envelope, threshold);
  if (report.failing > 0)
    throw new OrgError(
      `${report.failing} of ${report.ran} Apex tests failed; results are in ${options.outputDir}/.`,
      'TestsFailed',
      report.failures.map((f) => `${f.name}: ${f.message}`)
    );
  if (report.coverage === null)
    throw new OrgError(
      `The test run reported no coverage; rerun \`npm run org:${options.command}\`, which asks for it.`,
      'NoCoverage'
    );
  if (report.coverage < threshold)
    throw new OrgError(
      `Org-wide Apex coverage is ${report.coverage} %, under the ${threshold} % threshold: ` +
        'add tests for the classes below.',
      'CoverageUnderThreshold',
      report.lowCoverage.map((c) => `${c.name}: ${c.percent} %`)
    );
  return { tests: report };
}

/** Data from a step whose result carries its own failures (tests, permission sets, Apex), or null. */
function readResult(step: Step, envelope: Envelope, options: Options): Data | null {
  switch (step.reads) {
    case 'deploy':
      checkComponents(step, envelope, ' Fix them and rerun `npm run org:deploy`.');
      return null;
    case 'validate':
      if (envelope.result !== undefined) checkComponents(step, envelope, '');
      return checkTests(step, envelope, options);
    case 'tests':
      return checkTests(step, envelope, options);
    case 'permset': {
      const failed = permsetFailures(envelope);
      if (failed.length > 0)
        throw new OrgError(
          'Some permission sets could not be assigned; check that they deployed.',
          'PermsetFailed',
          failed
        );
      // Only "already assigned" failures: sf exits 1, but the org is as it should be.
      return envelope.result !== undefined ? {} : null;
    }
    case 'apex': {
      const problem = anonymousApexProblem(envelope);
      if (problem !== null)
        throw new OrgError(
          `${step.description} failed: ${problem.split('\n')[0]}. Check that the framework deployed.`,
          'AnonymousApexFailed',
          problem.split('\n').slice(1).filter(Boolean)
        );
      return null;
    }
    default:
      return null;
  }
}

/** Reads a finished step's output into data, or throws the error that tells the user what to do. */
export function interpret(step: Step, exit: Exit, options: Options, sfVersion: string): Data {
  checkProcess(step, exit, sfVersion);
  if (step.reads === 'exit-code') return {};
  const envelope = parseEnvelope(exit.stdout);
  if (envelope === null)
    throw new OrgError(
      `${step.description} failed: sf printed no JSON (exit code ${exit.code}). ${exit.stderr.trim().split('\n')[0] ?? ''}`.trim(),
      'SfNoJson'
    );
  const data = readResult(step, envelope, options);
  if (data !== null) return data;
  if (envelope.status !== 0) throw envelopeError(envelope, step.description, options.org);
  if (step.reads === 'url') return { loginUrl: loginUrl(envelope) };
  if (step.reads === 'status') return { org: orgStatus(envelope) };
  return {};
}
