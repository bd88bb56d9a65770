/**
 * An authenticated connection from @salesforce/core: from an sf alias or username (the auth the
 * Salesforce CLI stored with `sf org login ...`), or from an instance URL and an access token
 * (tests and the benchmark point it at a local server). Failures become instructions.
 */
import { AuthInfo, Connection, Org } from '@salesforce/core';
import { explain } from './errors.ts';

/** Quiet, offline-friendly defaults for the library, unless the user set them. */
export function quietSalesforceEnv(env: NodeJS.ProcessEnv): void {
  env.SF_DISABLE_TELEMETRY ??= 'true';
  env.SF_AUTOUPDATE_DISABLE ??= 'true';
  env.SF_SKIP_NEW_VERSION_CHECK ??= 'true';
}

/** The connection of an org the CLI knows (the default target-org when no alias is given). */
export async function connectOrg(alias?: string): Promise<Connection> {
  try {
    const org = await Org.create(alias ? { aliasOrUsername: alias } : {});
    return org.getConnection();
  } catch (error) {
    throw explain(error, 'Connecting to the org', alias);
  }
}

/** A connection from an access token, as `sf org login access-token` would make. */
export async function connectWithToken(
  instanceUrl: string,
  accessToken: string,
  apiVersion?: string
): Promise<Connection> {
  try {
    const authInfo = await AuthInfo.create({
      accessTokenOptions: { accessToken, instanceUrl, loginUrl: instanceUrl }
    });
    return await Connection.create({
      authInfo,
      ...(apiVersion ? { connectionOptions: { version: apiVersion } } : {})
    });
  } catch (error) {
    throw explain(error, `Connecting to ${instanceUrl}`);
  }
}
