/**
 * Reading metadata XML files (objects, fields, permission sets, ...): one parser setup, errors
 * that name the file, and the coercions of an element's text.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { UsageError } from '../errors.ts';

/** Metadata that cannot be read: the message names the file. */
export class MetadataError extends UsageError {}

export type Xml = Record<string, unknown>;

/** Reads a metadata file's root element; the file is named relative to the project root. */
export type XmlReader = (file: string, root: string, projectRoot: string) => Xml;

/** A reader whose parser keeps the elements `repeated` names as arrays, even when single. */
export function xmlReader(repeated: ReadonlySet<string>): XmlReader {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    isArray: (name) => repeated.has(name)
  });
  return (file, root, projectRoot) => {
    const source = readFileSync(file, 'utf8');
    const valid = XMLValidator.validate(source);
    const where = relative(projectRoot, file);
    if (valid !== true)
      throw new MetadataError(`${where}:${valid.err.line}: malformed XML: ${valid.err.msg}`);
    const body = (parser.parse(source) as Xml)[root];
    if (body === undefined) throw new MetadataError(`${where}: expected a <${root}> root element`);
    return (body === '' ? {} : body) as Xml;
  };
}

/** An element's text as written, or undefined when absent or not a leaf. */
export const text = (v: unknown): string | undefined =>
  v === undefined || v === null || typeof v === 'object' ? undefined : String(v);
/** An element's text without surrounding whitespace. */
export const trimmedText = (v: unknown): string | undefined => text(v)?.trim();
/** Whether an element reads `true`. */
export const flag = (v: unknown): boolean => text(v) === 'true';
/** Whether an element reads `true`, surrounding whitespace ignored. */
export const trimmedFlag = (v: unknown): boolean => trimmedText(v) === 'true';
