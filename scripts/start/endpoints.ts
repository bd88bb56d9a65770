/**
 * The local endpoints file (config/local-endpoints.json): Named Credential → URL template of the
 * local system that stands in for it, e.g. `{ "Example_ERP": "http://127.0.0.1:{erpPort}" }`.
 * Only `npm start` reads it; a deployment never does. Checked with zod, so a malformed file is
 * refused with one line that names the key to fix.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { z } from 'zod';
import { UsageError } from './errors.ts';

/** Values a template may name in braces. */
export interface EndpointVariables {
  erpPort: number;
}

const PLACEHOLDER = /\{(\w+)\}/g;
const VARIABLES: readonly (keyof EndpointVariables)[] = ['erpPort'];

/** Named Credential names are API names: a letter, then letters, digits and single underscores. */
const CREDENTIAL_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/;

const templateSchema = z
  .string()
  .refine((t) => /^https?:\/\//.test(t), { message: 'must start with http:// or https://' })
  .refine((t) => [...t.matchAll(PLACEHOLDER)].every((m) => VARIABLES.some((v) => v === m[1])), {
    message: `may only use the placeholders ${VARIABLES.map((v) => `{${v}}`).join(', ')}`
  });

const fileSchema = z.record(z.string().regex(CREDENTIAL_NAME), templateSchema);

/** Named Credential → URL template, as the file holds it. */
export type EndpointTemplates = Record<string, string>;

/** Checks parsed JSON; `source` names the file in the message. */
export function parseEndpoints(json: unknown, source: string): EndpointTemplates {
  const parsed = fileSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = issue.path.map(String).join('.');
  const where = key === '' ? '' : ` key "${key}"`;
  const detail =
    issue.code === 'invalid_key'
      ? 'is not a Named Credential API name (a letter, then letters, digits and single underscores)'
      : issue.code === 'invalid_type' && key === ''
        ? 'must be a JSON object of Named Credential → URL template'
        : issue.code === 'invalid_type'
          ? 'must be a URL template string'
          : issue.message;
  throw new UsageError(
    `${source}:${where} ${detail}. Fix it: each key a Named Credential, each value the local URL standing in for it, with {erpPort} for the local ERP's port (see "Run it locally" in README.md).`
  );
}

/** Reads and checks the endpoints file. */
export function readEndpoints(file: string): EndpointTemplates {
  const shown = relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(
      `${shown}: not found. Create it (see "Run it locally" in README.md) or pass --endpoints <file>.`
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${shown}: not valid JSON (${reason}). Fix the file and run again.`);
  }
  return parseEndpoints(json, shown);
}

/** Refuses names the project has no Named Credential for (a typo would silently do nothing). */
export function checkKnownCredentials(
  templates: EndpointTemplates,
  known: readonly string[],
  source: string
): void {
  const names = new Set(known.map((n) => n.toLowerCase()));
  for (const name of Object.keys(templates)) {
    if (!names.has(name.toLowerCase()))
      throw new UsageError(
        `${source}: key "${name}" is not a Named Credential of the project (known: ${known.join(', ') || 'none'}). Fix the name.`
      );
  }
}

/** Fills the placeholders: Named Credential → base URL. */
export function resolveEndpoints(
  templates: EndpointTemplates,
  variables: EndpointVariables
): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [name, template] of Object.entries(templates)) {
    resolved[name] = template.replace(PLACEHOLDER, (_, key: string) =>
      String(variables[key as keyof EndpointVariables])
    );
  }
  return resolved;
}
