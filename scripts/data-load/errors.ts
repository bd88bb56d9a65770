/**
 * The failures a bulk load meets most often, each turned into one message that says what to do
 * next. Pure: reads an error's `name`, `errorCode` and `message` and returns a `LoadError`.
 */
import { CommandError } from '../lib/cli.ts';

/** A failure the user can act on; its message is the instruction. */
export class LoadError extends CommandError {
  constructor(message: string, code = 'LoadError', details: readonly string[] = []) {
    super(message, code, details);
  }
}

/** What a thrown value from @salesforce/core or jsforce tells about itself. */
function describe(error: unknown): { name: string; message: string } {
  if (error instanceof Error) {
    const withCode = error as Error & { errorCode?: unknown; code?: unknown };
    const code =
      typeof withCode.errorCode === 'string'
        ? withCode.errorCode
        : typeof withCode.code === 'string'
          ? withCode.code
          : '';
    return { name: `${error.name} ${code}`.trim(), message: error.message };
  }
  return { name: '', message: String(error) };
}

const resumeHint = (resultsDir?: string): string =>
  resultsDir ? ` then rerun with \`--resume ${resultsDir}\`` : ' then rerun the load';

/**
 * The instruction for an error met while connecting to the org or calling the Bulk API, or
 * null when it has no known remedy.
 */
export function translate(error: unknown, org?: string, resultsDir?: string): LoadError | null {
  if (error instanceof LoadError) return error;
  const { name, message } = describe(error);
  const both = `${name} ${message}`;
  const alias = org ? `'${org}'` : 'the default org';
  const login = `sf org login web --alias ${org ?? '<alias>'}`;
  if (
    /NamedOrgNotFound|NoAuthInfoFound|No authorization information found|AuthInfoCreationError/i.test(
      both
    )
  )
    return new LoadError(
      `No org ${alias} is authorized here: log in with \`${login}\` (list the known ones with ` +
        '`sf org list`), or pass --org <alias>.',
      'OrgNotFound'
    );
  if (
    /NoDefaultEnvError|No default environment|NoOrgFound|NoUsernameFound|No username found/i.test(
      both
    )
  )
    return new LoadError(
      'No org given: pass --org <alias>, or set a default with `sf config set target-org <alias>`.',
      'NoTargetOrg'
    );
  if (
    /INVALID_SESSION_ID|invalid_grant|expired access\/refresh token|RefreshTokenAuthError|INVALID_AUTH_HEADER|Session expired/i.test(
      both
    )
  )
    return new LoadError(
      `The session for ${alias} is no longer valid: log in again with \`${login}\`,${resumeHint(resultsDir)}.`,
      'NotAuthorized'
    );
  if (
    /API_DISABLED_FOR_ORG|API_CURRENTLY_DISABLED|INSUFFICIENT_ACCESS|FUNCTIONALITY_NOT_ENABLED/i.test(
      both
    )
  )
    return new LoadError(
      `The user of ${alias} may not use the Bulk API here (${message.trim()}): it needs the ` +
        '"API Enabled" permission and access to the object; ask an admin,' +
        `${resumeHint(resultsDir)}.`,
      'NoApiAccess'
    );
  if (
    /REQUEST_LIMIT_EXCEEDED|TotalRequests Limit|Max(imum)? .*batches|EXCEEDED_.*LIMIT|LIMIT_EXCEEDED/i.test(
      both
    )
  )
    return new LoadError(
      `The org's API limit is reached (${message.trim()}): see what is left with ` +
        `\`sf org list limits --target-org ${org ?? '<alias>'}\` (DailyApiRequests, ` +
        'DailyBulkApiBatches); the limits free up over a rolling 24 hours. Wait,' +
        `${resumeHint(resultsDir)}: rows already loaded are not sent again.`,
      'ApiLimit'
    );
  if (
    /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|socket hang up|fetch failed/i.test(both)
  )
    return new LoadError(
      `Could not reach the org (${message.trim()}): check the network,${resumeHint(resultsDir)}.`,
      'Network'
    );
  return null;
}

/** `translate`, or a generic instruction that keeps the original message. */
export function explain(
  error: unknown,
  step: string,
  org?: string,
  resultsDir?: string
): LoadError {
  return (
    translate(error, org, resultsDir) ??
    new LoadError(
      `${step} failed: ${(describe(error).message.trim() || describe(error).name).replace(/\.+$/, '')}.` +
        (resultsDir ? ` Fix the cause, then rerun with \`--resume ${resultsDir}\`.` : ''),
      'BulkApiError'
    )
  );
}
