/**
 * The metadata gate. `sf project convert source` is the real test of deployable source, but it
 * repairs malformed XML silently, so this gate first parses every metadata file strictly, checks
 * that its root element fits its file suffix, checks custom fields for the elements their type
 * needs, and then runs the conversion itself.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { listFiles, option, readPackageDirectories, repoRoot } from './lib/project.ts';

const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

/** File suffix → the root element the Metadata API expects in it. */
const ROOT_ELEMENTS: Record<string, string> = {
  '.app-meta.xml': 'CustomApplication',
  '.cls-meta.xml': 'ApexClass',
  '.compactLayout-meta.xml': 'CompactLayout',
  '.customPermission-meta.xml': 'CustomPermission',
  '.dataSource-meta.xml': 'ExternalDataSource',
  '.externalCredential-meta.xml': 'ExternalCredential',
  '.externalDataSource-meta.xml': 'ExternalDataSource',
  '.field-meta.xml': 'CustomField',
  '.flexipage-meta.xml': 'FlexiPage',
  '.js-meta.xml': 'LightningComponentBundle',
  '.labels-meta.xml': 'CustomLabels',
  '.layout-meta.xml': 'Layout',
  '.listView-meta.xml': 'ListView',
  '.md-meta.xml': 'CustomMetadata',
  '.namedCredential-meta.xml': 'NamedCredential',
  '.notiftype-meta.xml': 'CustomNotificationType',
  '.object-meta.xml': 'CustomObject',
  '.permissionset-meta.xml': 'PermissionSet',
  '.platformEventSubscriberConfig-meta.xml': 'PlatformEventSubscriberConfig',
  '.recordType-meta.xml': 'RecordType',
  '.remoteSite-meta.xml': 'RemoteSiteSetting',
  '.resource-meta.xml': 'StaticResource',
  '.tab-meta.xml': 'CustomTab',
  '.trigger-meta.xml': 'ApexTrigger',
  '.validationRule-meta.xml': 'ValidationRule',
  '.webLink-meta.xml': 'WebLink'
};

/** Custom field types → the child elements a deploy rejects the field without. */
const FIELD_REQUIREMENTS: Record<string, string[]> = {
  Text: ['length'],
  TextArea: [],
  LongTextArea: ['length', 'visibleLines'],
  Html: ['length', 'visibleLines'],
  Number: ['precision', 'scale'],
  Currency: ['precision', 'scale'],
  Percent: ['precision', 'scale'],
  Checkbox: ['defaultValue'],
  Date: [],
  DateTime: [],
  Time: [],
  Email: [],
  Phone: [],
  Url: [],
  Picklist: ['valueSet'],
  MultiselectPicklist: ['valueSet', 'visibleLines'],
  Lookup: ['referenceTo', 'relationshipName'],
  // External objects: the parent field to match (External ID + unique) and the column length.
  IndirectLookup: ['referenceTo', 'referenceTargetField', 'relationshipName', 'length'],
  ExternalLookup: ['referenceTo', 'relationshipName', 'length'],
  MasterDetail: ['referenceTo', 'relationshipName', 'relationshipOrder'],
  MetadataRelationship: ['referenceTo', 'relationshipName'],
  AutoNumber: ['displayFormat'],
  Summary: ['summaryOperation', 'summaryForeignKey'],
  EncryptedText: ['length', 'maskChar', 'maskType']
};

interface Problem {
  file: string;
  line: number;
  message: string;
}

const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false });

function suffixOf(name: string): string | undefined {
  return Object.keys(ROOT_ELEMENTS).find((suffix) => name.endsWith(suffix));
}

function checkFile(file: string): Problem[] {
  const text = readFileSync(file, 'utf8');
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    return [{ file, line: valid.err.line, message: `malformed XML: ${valid.err.msg}` }];
  }
  const suffix = suffixOf(basename(file));
  if (!suffix) {
    return [];
  }
  const doc = parser.parse(text) as Record<string, unknown>;
  const expected = ROOT_ELEMENTS[suffix];
  const rootName = Object.keys(doc).find((key) => key !== '?xml');
  if (rootName !== expected) {
    return [
      {
        file,
        line: 1,
        message: `a ${suffix} file must have root <${expected}>, found <${rootName}>`
      }
    ];
  }
  const root = (doc[rootName] ?? {}) as Record<string, unknown>;
  const problems: Problem[] = [];
  if (root['@_xmlns'] !== METADATA_NAMESPACE) {
    problems.push({ file, line: 1, message: `<${expected}> needs xmlns="${METADATA_NAMESPACE}"` });
  }
  if (expected === 'CustomField') {
    problems.push(...checkField(file, root));
  }
  return problems;
}

function checkField(file: string, field: Record<string, unknown>): Problem[] {
  const expectedName = basename(file).replace('.field-meta.xml', '');
  const problems: Problem[] = [];
  const complain = (message: string): void => {
    problems.push({ file, line: 1, message });
  };
  if (field.fullName !== expectedName) {
    complain(
      `<fullName> is "${String(field.fullName)}" but the file is named for "${expectedName}"`
    );
  }
  const type = typeof field.type === 'string' ? field.type : undefined;
  // Formula fields and standard-field overrides carry no <type> requirement of their own here.
  if (field.formula !== undefined || !expectedName.includes('__')) {
    return problems;
  }
  if (type === undefined) {
    complain('a custom field needs a <type>');
    return problems;
  }
  const required = FIELD_REQUIREMENTS[type];
  if (required === undefined) {
    complain(
      `unknown field <type>${type}</type>; expected one of ${Object.keys(FIELD_REQUIREMENTS).join(', ')}`
    );
    return problems;
  }
  for (const element of required) {
    if (field[element] === undefined) {
      complain(`a ${type} field needs <${element}>`);
    }
  }
  if (field.label === undefined && !file.includes('__e')) {
    complain('a custom field needs a <label>');
  }
  return problems;
}

function convert(root: string, dirs: string[]): string | undefined {
  const out = mkdtempSync(join(tmpdir(), 'conduit-convert-'));
  try {
    const args = ['project', 'convert', 'source', '--output-dir', join(out, 'mdapi'), '--json'];
    for (const dir of dirs) {
      args.push('--source-dir', relative(root, dir));
    }
    const sf = join(repoRoot, 'node_modules', '.bin', 'sf');
    const result = spawnSync(sf, args, {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, SF_DISABLE_TELEMETRY: 'true', SF_AUTOUPDATE_DISABLE: 'true' }
    });
    if (result.error) {
      return `could not run sf (${result.error.message}): run \`npm ci\` to install @salesforce/cli.`;
    }
    if (result.status === 0) {
      return undefined;
    }
    try {
      const json = JSON.parse(result.stdout) as { name?: string; message?: string };
      return `sf project convert source failed: ${json.name ?? 'Error'}: ${json.message ?? ''}`;
    } catch {
      return `sf project convert source failed:\n${result.stdout}${result.stderr}`;
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function main(): void {
  const started = Date.now();
  const root = option('project') ?? repoRoot;
  const dirs = readPackageDirectories(root);
  const files = dirs.flatMap((dir) => listFiles(dir, (name) => name.endsWith('.xml')));
  const problems = files.flatMap(checkFile);
  for (const p of problems) {
    console.error(`${relative(process.cwd(), p.file)}:${p.line}: ${p.message}`);
  }
  const conversionError = problems.length === 0 ? convert(root, dirs) : undefined;
  if (conversionError) {
    console.error(conversionError);
  }
  if (problems.length > 0 || conversionError) {
    console.error('metadata: fix the files above; the Metadata API would reject them on deploy.');
    process.exit(1);
  }
  console.log(
    `metadata: ${files.length} file(s) well-formed, source converts (${Date.now() - started} ms)`
  );
}

main();
