/**
 * Supplies the secrets that metadata never carries, after a deploy, to the principals of the
 * project's External Credentials (Connect REST API, Credential resource:
 * `/services/data/vXX.X/named-credentials/credential`, POST to create, PUT to replace):
 *
 * - `Conduit_OTLP` / `Collector`: the OpenTelemetry collector's API key (`CONDUIT_OTLP_API_KEY`);
 * - `Example_ERP` / `Integration`: the example ERP's OAuth 2.0 client id and secret
 *   (`CONDUIT_ERP_CLIENT_ID`, `CONDUIT_ERP_CLIENT_SECRET`), for the client credentials flow.
 *
 *   CONDUIT_OTLP_API_KEY=... npm run setup:secrets -- --target-org my-org [--dry-run]
 *
 * Each credential whose variables are set is stored; the others are skipped with a notice.
 * Secrets are read from environment variables, never from the command line (where `ps` and the
 * shell history would see them), and are never printed: request bodies go to `sf` on standard
 * input. The running user needs Manage Named Credentials (or Customize Application).
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** The project's source API version (the Credential resource exists since 56.0). */
export const DEFAULT_API_VERSION = '66.0';

/** What the command line asks for. */
export interface Options {
  targetOrg: string;
  dryRun: boolean;
  apiVersion: string;
}

/** A REST request for `sf api request rest`. */
export interface CredentialRequest {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  /** The JSON body, or null for a GET. Holds the secret: never print it. */
  body: string | null;
}

/** A mistake the user can fix; its message says how. */
export class SetupError extends Error {}

/** One value of a principal's credential and the environment variable it comes from. */
interface SecretValue {
  /** The credential's key in the Credential resource (`ApiKey`, `clientId`, ...). */
  key: string;
  variable: string;
  /** Whether Salesforce stores it encrypted (a client id is not a secret, its secret is). */
  encrypted: boolean;
}

/** An External Credential principal and the values this script can store for it. */
export interface CredentialSpec {
  externalCredential: string;
  principalName: string;
  principalType: 'NamedPrincipal';
  authenticationProtocol: 'Custom' | 'Oauth';
  authenticationProtocolVariant?: string;
  /** What the credential is for, in the messages. */
  purpose: string;
  values: readonly SecretValue[];
}

/** The project's External Credential principals that need secrets after a deploy. */
export const CREDENTIALS: readonly CredentialSpec[] = [
  {
    externalCredential: 'Conduit_OTLP',
    principalName: 'Collector',
    principalType: 'NamedPrincipal',
    authenticationProtocol: 'Custom',
    purpose: "the OTLP collector's API key",
    values: [{ key: 'ApiKey', variable: 'CONDUIT_OTLP_API_KEY', encrypted: true }]
  },
  {
    externalCredential: 'Example_ERP',
    principalName: 'Integration',
    principalType: 'NamedPrincipal',
    authenticationProtocol: 'Oauth',
    authenticationProtocolVariant: 'ClientCredentialsClientSecret',
    purpose: "the example ERP's OAuth client id and secret",
    values: [
      { key: 'clientId', variable: 'CONDUIT_ERP_CLIENT_ID', encrypted: false },
      { key: 'clientSecret', variable: 'CONDUIT_ERP_CLIENT_SECRET', encrypted: true }
    ]
  }
];

const USAGE =
  'Usage: npm run setup:secrets -- --target-org <alias or username> [--api-version 66.0] [--dry-run]\n' +
  'Secrets come from the environment: ' +
  CREDENTIALS.map(
    (c) => `${c.values.map((v) => v.variable).join(' + ')} (${c.externalCredential})`
  ).join(', ') +
  '.';

/** Reads `--target-org <org>` (or `-o`), `--api-version <n.n>` and `--dry-run`. */
export function parseArgs(argv: readonly string[]): Options {
  const options: Options = { targetOrg: '', dryRun: false, apiVersion: DEFAULT_API_VERSION };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('-'))
        throw new SetupError(`${arg} needs a value.\n${USAGE}`);
      return next;
    };
    if (arg === '--target-org' || arg === '-o') options.targetOrg = value();
    else if (arg === '--api-version') options.apiVersion = value();
    else if (arg === '--dry-run') options.dryRun = true;
    else throw new SetupError(`Unknown argument '${arg}'. Secrets are never arguments.\n${USAGE}`);
  }
  if (!options.targetOrg) throw new SetupError(`--target-org is required.\n${USAGE}`);
  if (!/^\d+\.0$/.test(options.apiVersion))
    throw new SetupError(`--api-version must look like 66.0, not '${options.apiVersion}'.`);
  return options;
}

/** The values of one credential, by key: null when none of its variables is set. */
export function readSecrets(
  spec: CredentialSpec,
  env: NodeJS.ProcessEnv
): Map<string, string> | null {
  const found = new Map<string, string>();
  for (const v of spec.values) {
    const value = env[v.variable]?.trim();
    if (value) found.set(v.key, value);
  }
  if (found.size === 0) return null;
  const missing = spec.values.filter((v) => !found.has(v.key)).map((v) => v.variable);
  if (missing.length > 0)
    throw new SetupError(
      `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set, but ` +
        `${spec.externalCredential} needs ${spec.purpose}: export ${missing.length > 1 ? 'them' : 'it'} too, or unset the others.`
    );
  return found;
}

function principalOf(spec: CredentialSpec): Record<string, string> {
  return {
    externalCredential: spec.externalCredential,
    principalName: spec.principalName,
    principalType: spec.principalType
  };
}

/** The GET that tells whether the principal already holds credentials. */
export function lookupRequest(apiVersion: string, spec: CredentialSpec): CredentialRequest {
  const query = new URLSearchParams(principalOf(spec)).toString();
  return {
    method: 'GET',
    path: `/services/data/v${apiVersion}/named-credentials/credential?${query}`,
    body: null
  };
}

/** The POST (first time) or PUT (replacing) that stores the values, secrets encrypted. */
export function credentialRequest(
  apiVersion: string,
  spec: CredentialSpec,
  values: Map<string, string>,
  exists: boolean
): CredentialRequest {
  const credentials: Record<string, { value: string; encrypted: boolean }> = {};
  for (const v of spec.values) {
    const value = values.get(v.key);
    if (value === undefined) throw new SetupError(`${v.variable} is not set.`);
    credentials[v.key] = { value, encrypted: v.encrypted };
  }
  return {
    method: exists ? 'PUT' : 'POST',
    path: `/services/data/v${apiVersion}/named-credentials/credential`,
    body: JSON.stringify({
      ...principalOf(spec),
      authenticationProtocol: spec.authenticationProtocol,
      ...(spec.authenticationProtocolVariant
        ? { authenticationProtocolVariant: spec.authenticationProtocolVariant }
        : {}),
      credentials
    })
  };
}

/** A request as it may be shown: the body's secret values replaced. */
export function describe(request: CredentialRequest): string {
  const body =
    request.body === null
      ? ''
      : ` ${request.body.replace(/"value":"(?:[^"\\]|\\.)*"/g, '"value":"***"')}`;
  return `${request.method} ${request.path}${body}`;
}

/** Whether the GET response shows the principal already holds one of the spec's values. */
export function holdsCredentials(response: string, spec: CredentialSpec): boolean {
  try {
    const parsed = JSON.parse(response) as { credentials?: Record<string, unknown> };
    const held = parsed.credentials;
    return held !== undefined && spec.values.some((v) => v.key in held);
  } catch {
    return false;
  }
}

/** The Salesforce errors of a response (`[{"errorCode","message"}]`), or null when it succeeded. */
export function errorsOf(response: string): string | null {
  try {
    const parsed = JSON.parse(response) as unknown;
    if (!Array.isArray(parsed)) return null;
    const errors = parsed as { errorCode?: string; message?: string }[];
    if (!errors.every((e) => typeof e === 'object' && e !== null && 'errorCode' in e)) return null;
    return errors.map((e) => `${e.errorCode}: ${e.message ?? ''}`).join('\n');
  } catch {
    return null;
  }
}

/** Sends a request through `sf api request rest`, the body on standard input. */
function send(options: Options, spec: CredentialSpec, request: CredentialRequest): string {
  const args = ['sf', 'api', 'request', 'rest', request.path, '--target-org', options.targetOrg];
  args.push('--method', request.method);
  if (request.body !== null) args.push('--body', '-');
  const result = spawnSync('npx', args, {
    input: request.body ?? '',
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe']
  });
  const output = result.stdout ?? '';
  const errors = errorsOf(output);
  if (result.status !== 0 || errors !== null)
    throw new SetupError(
      `${request.method} ${request.path.split('?')[0]} failed:\n${errors ?? (result.stderr || 'no output')}\n` +
        `Check that the metadata is deployed (External Credential ${spec.externalCredential} with ` +
        `principal ${spec.principalName}) and that you may manage named credentials.`
    );
  return output;
}

function lookupSucceeds(options: Options, spec: CredentialSpec): boolean {
  try {
    return holdsCredentials(send(options, spec, lookupRequest(options.apiVersion, spec)), spec);
  } catch {
    return false;
  }
}

/** The credentials to store: those whose variables are set. None set is an error that says what to do. */
export function plan(
  env: NodeJS.ProcessEnv
): { spec: CredentialSpec; values: Map<string, string> }[] {
  const planned = CREDENTIALS.flatMap((spec) => {
    const values = readSecrets(spec, env);
    return values === null ? [] : [{ spec, values }];
  });
  if (planned.length === 0)
    throw new SetupError(
      'No secret is set in the environment, so there is nothing to store. Export, for example ' +
        'from your secret store, one or more of: ' +
        CREDENTIALS.map(
          (c) => `${c.values.map((v) => v.variable).join(' + ')} (${c.purpose})`
        ).join('; ') +
        '. Secrets are never passed as arguments.'
    );
  return planned;
}

/** Runs the setup: for each credential with its variables set, looks the principal up, then creates or replaces its values. */
export function main(argv: readonly string[], env: NodeJS.ProcessEnv): void {
  const options = parseArgs(argv);
  const planned = plan(env);
  for (const spec of CREDENTIALS)
    if (!planned.some((p) => p.spec === spec))
      console.log(
        `Skipping ${spec.externalCredential}: ${spec.values.map((v) => v.variable).join(' and ')} not set.`
      );
  for (const { spec, values } of planned) {
    const name = `${spec.externalCredential} / ${spec.principalName}`;
    if (options.dryRun) {
      console.log(`Would run against '${options.targetOrg}' for ${name}:`);
      console.log(`  ${describe(lookupRequest(options.apiVersion, spec))}`);
      console.log(`  ${describe(credentialRequest(options.apiVersion, spec, values, false))}`);
      console.log('  (PUT instead of POST when the principal already holds credentials)');
      continue;
    }
    console.log(`Looking up ${name} in '${options.targetOrg}'...`);
    // A principal that has never held a credential may answer the lookup with an error: then the
    // values are created, and the POST reports any real problem.
    const exists = lookupSucceeds(options, spec);
    console.log(`${exists ? 'Replacing' : 'Storing'} ${spec.purpose}...`);
    send(options, spec, credentialRequest(options.apiVersion, spec, values, exists));
    console.log(
      `Done: callouts through ${spec.externalCredential} now authenticate with ${spec.purpose}.`
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    main(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
