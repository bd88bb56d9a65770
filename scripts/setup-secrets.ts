/**
 * Supplies the secrets that metadata never carries, after a deploy: today the OpenTelemetry
 * collector's API key, stored as the `ApiKey` authentication parameter of the principal
 * `Collector` of the External Credential `Conduit_OTLP` (Connect REST API, Credential resource:
 * `/services/data/vXX.X/named-credentials/credential`, POST to create, PUT to replace).
 *
 *   CONDUIT_OTLP_API_KEY=... npm run setup:secrets -- --target-org my-org [--dry-run]
 *
 * The key is read from an environment variable, never from the command line (where `ps` and the
 * shell history would see it), and is never printed: the request body goes to `sf` on standard
 * input. The running user needs Manage Named Credentials (or Customize Application).
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** The environment variable that holds the collector's API key. */
export const API_KEY_VARIABLE = 'CONDUIT_OTLP_API_KEY';
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

const USAGE =
  'Usage: npm run setup:secrets -- --target-org <alias or username> [--api-version 66.0] [--dry-run]\n' +
  `The OTLP collector's API key is read from the environment variable ${API_KEY_VARIABLE}.`;

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

/** The API key from the environment; a missing or blank variable is an error that says what to do. */
export function readSecret(env: NodeJS.ProcessEnv): string {
  const value = env[API_KEY_VARIABLE];
  if (value === undefined || value.trim() === '')
    throw new SetupError(
      `${API_KEY_VARIABLE} is not set. Export the OTLP collector's API key in that variable ` +
        `(for example from your secret store) and run again; it is never passed as an argument.`
    );
  return value.trim();
}

const CREDENTIAL = {
  externalCredential: 'Conduit_OTLP',
  principalName: 'Collector',
  principalType: 'NamedPrincipal'
} as const;

/** The GET that tells whether the principal already holds credentials. */
export function lookupRequest(apiVersion: string): CredentialRequest {
  const query = new URLSearchParams(CREDENTIAL).toString();
  return {
    method: 'GET',
    path: `/services/data/v${apiVersion}/named-credentials/credential?${query}`,
    body: null
  };
}

/** The POST (first time) or PUT (replacing a key) that stores the API key, encrypted. */
export function storeRequest(
  apiVersion: string,
  secret: string,
  exists: boolean
): CredentialRequest {
  return {
    method: exists ? 'PUT' : 'POST',
    path: `/services/data/v${apiVersion}/named-credentials/credential`,
    body: JSON.stringify({
      ...CREDENTIAL,
      authenticationProtocol: 'Custom',
      credentials: { ApiKey: { value: secret, encrypted: true } }
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

/** Whether the GET response shows a stored ApiKey. */
export function holdsApiKey(response: string): boolean {
  try {
    const parsed = JSON.parse(response) as { credentials?: Record<string, unknown> };
    return parsed.credentials !== undefined && 'ApiKey' in parsed.credentials;
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
function send(options: Options, request: CredentialRequest): string {
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
        'Check that the metadata is deployed (External Credential Conduit_OTLP with principal ' +
        'Collector) and that you may manage named credentials.'
    );
  return output;
}

function lookupSucceeds(options: Options, lookup: CredentialRequest): boolean {
  try {
    return holdsApiKey(send(options, lookup));
  } catch {
    return false;
  }
}

/** Runs the setup: looks the principal up, then creates or replaces its API key. */
export function main(argv: readonly string[], env: NodeJS.ProcessEnv): void {
  const options = parseArgs(argv);
  const secret = readSecret(env);
  const lookup = lookupRequest(options.apiVersion);
  if (options.dryRun) {
    console.log(`Would run against '${options.targetOrg}':`);
    console.log(`  ${describe(lookup)}`);
    console.log(`  ${describe(storeRequest(options.apiVersion, secret, false))}`);
    console.log('  (PUT instead of POST when the principal already holds an ApiKey)');
    return;
  }
  console.log(`Looking up Conduit_OTLP / Collector in '${options.targetOrg}'...`);
  // A principal that has never held a credential may answer the lookup with an error: then the
  // key is created, and the POST reports any real problem.
  const exists = lookupSucceeds(options, lookup);
  const store = storeRequest(options.apiVersion, secret, exists);
  console.log(`${exists ? 'Replacing' : 'Storing'} the OTLP collector's API key...`);
  send(options, store);
  console.log('Done: callout:Conduit_OTLP now sends the key in its X-API-Key header.');
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
