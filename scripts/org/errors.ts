/**
 * Turns the failures a scratch-org command meets most often into one line that says what to do
 * next. Everything here is pure: it reads the error `name` and `message` of an `sf --json`
 * envelope (or a spawn error) and returns text.
 */
import { CommandError } from '../lib/cli.ts';

/** A failure the user can act on; its message is the instruction. */
export class OrgError extends CommandError {
  constructor(message: string, code = 'OrgError', details: readonly string[] = []) {
    super(message, code, details);
  }
}

/** The parts of an `sf --json` error envelope that name the failure. */
export interface SfFailure {
  name: string;
  message: string;
}

const SCRATCH_LIMIT =
  /active scratch org limit|LIMIT_EXCEEDED|scratch org.*limit.*(reached|exceeded)/i;

/** The one-line instruction for an `sf` failure, or null when it has no known remedy. */
export function translate(failure: SfFailure, org?: string): OrgError | null {
  const { name, message } = failure;
  if (name === 'NoDefaultDevHubError' || /no default dev hub/i.test(message))
    return new OrgError(
      'No Dev Hub is authorized: run `sf org login web --set-default-dev-hub --alias devhub` ' +
        '(or `sf org login jwt`, see docs/ci.md), or pass --target-dev-hub <alias>.',
      'NoDevHub'
    );
  if (name === 'NotADevHubError' || /is not a dev hub/i.test(message))
    return new OrgError(
      'That org is not a Dev Hub: enable Dev Hub in its Setup, or pass --target-dev-hub with one that is.',
      'NotADevHub'
    );
  if (SCRATCH_LIMIT.test(`${name} ${message}`))
    return new OrgError(
      "The Dev Hub's active scratch org limit is reached: delete one you no longer need with " +
        '`npm run org:delete -- --target-org <alias>` (list them with `sf org list --all`) and retry.',
      'ScratchOrgLimit'
    );
  if (name === 'NamedOrgNotFoundError' || /No authorization information found/i.test(message))
    return new OrgError(
      `No org ${org ? `'${org}' ` : ''}is authorized here: create one with \`npm run org:create\`, ` +
        'log in with `sf org login web --alias <alias>`, or pass --target-org <alias>.',
      'OrgNotFound'
    );
  if (name === 'NoDefaultEnvError' || /no default environment/i.test(message))
    return new OrgError(
      'No target org: pass --target-org <alias>, or create one with `npm run org:create`.',
      'NoTargetOrg'
    );
  if (/expired/i.test(message) && /scratch/i.test(message))
    return new OrgError(
      'The scratch org has expired: create a new one with `npm run org:create`.',
      'ScratchOrgExpired'
    );
  return null;
}

/** The instruction when the `sf` binary cannot be started at all. */
export function sfMissing(version: string): OrgError {
  return new OrgError(
    `The Salesforce CLI (sf) is not installed: run \`npm ci\`, which installs @salesforce/cli ${version} ` +
      'into node_modules/.bin.',
    'SfMissing'
  );
}
