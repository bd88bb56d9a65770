/**
 * Reads and checks the CSV before anything is sent (csv-parse, strict: quotes closed, every row
 * as wide as the header), and writes the CSV of one chunk (csv-stringify). A malformed file is
 * one `LoadError` naming the line and column.
 */
import { parse } from 'csv-parse/sync';
import type { InfoRecord } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Operation } from './args.ts';
import { LoadError } from './errors.ts';

/** A checked CSV: the header and the data rows, each exactly as wide as the header. */
export interface Table {
  header: string[];
  rows: string[][];
  /** Columns of a results file (`sf__Id`, `sf__Error`, ...) that were left out. */
  dropped: string[];
}

/** What the operation needs from the header. */
export interface CsvRules {
  operation: Operation;
  externalId?: string;
}

const FIELD = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/;

function csvError(file: string, line: number, column: number | null, problem: string): LoadError {
  const where = column === null ? `line ${line}` : `line ${line}, column ${column}`;
  return new LoadError(
    `${file}:${line}${column === null ? '' : `:${column}`}: ${problem} (${where}). Nothing was sent: fix the file and rerun.`,
    'CsvInvalid'
  );
}

interface ParseFailure {
  code?: unknown;
  lines?: unknown;
  index?: unknown;
  message: string;
}

/** Turns a csv-parse error into a message with the line and 1-based column. */
function parseFailure(
  file: string,
  error: ParseFailure,
  lastRecordLine: number,
  width: number
): LoadError {
  const line = typeof error.lines === 'number' ? error.lines : lastRecordLine + 1;
  const index = typeof error.index === 'number' ? error.index : 0;
  switch (error.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
      return csvError(
        file,
        line,
        Math.min(index, width) + 1,
        `this row has ${index} column${index === 1 ? '' : 's'} but the header has ${width}`
      );
    case 'CSV_QUOTE_NOT_CLOSED':
      return csvError(
        file,
        lastRecordLine + 1,
        index + 1,
        'a quoted field opens here and is never closed'
      );
    case 'INVALID_OPENING_QUOTE':
      return csvError(
        file,
        line,
        index + 1,
        'a quote inside an unquoted field; quote the whole field and double the quote ("")'
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
      return csvError(
        file,
        line,
        index + 1,
        'text after a closing quote; double a quote inside a quoted field ("")'
      );
    default:
      return csvError(file, line, null, error.message);
  }
}

/** Checks the header against the operation: names, duplicates, the external id or Id column. */
function checkHeader(file: string, header: string[], rules: CsvRules): void {
  header.forEach((name, i) => {
    if (!FIELD.test(name))
      throw csvError(
        file,
        1,
        i + 1,
        name === ''
          ? 'an empty column name; the first line must be a header of field API names'
          : `'${name}' is not a field API name; the first line must be a header of field API names`
      );
    const first = header.findIndex((other) => other.toLowerCase() === name.toLowerCase());
    if (first !== i) throw csvError(file, 1, i + 1, `column '${name}' appears twice in the header`);
  });
  const has = (field: string): boolean =>
    header.some((h) => h.toLowerCase() === field.toLowerCase());
  if (rules.operation === 'upsert' && rules.externalId && !has(rules.externalId))
    throw csvError(
      file,
      1,
      null,
      `upsert matches on '${rules.externalId}' but the header has no such column (it has ${header.join(', ')})`
    );
  if (rules.operation === 'delete' && (!has('Id') || header.length !== 1))
    throw csvError(file, 1, null, 'delete needs a CSV with a single Id column');
}

/** Columns that a results file adds and the Bulk API would refuse. */
const RESULT_COLUMN = /^sf__/;

/** Parses and checks CSV text; the first failure throws a `LoadError` with line and column. */
export function readTable(text: string, file: string, rules: CsvRules): Table {
  let lastRecordLine = 0;
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: false,
      on_record: (record: string[], context: InfoRecord) => {
        lastRecordLine = context.lines;
        return record;
      }
    });
  } catch (error) {
    throw parseFailure(file, error as ParseFailure, lastRecordLine, guessWidth(text));
  }
  if (records.length === 0)
    throw csvError(file, 1, null, 'the file is empty; it needs a header row');
  const [rawHeader, ...rawRows] = records;
  const keep = rawHeader.map((name) => !RESULT_COLUMN.test(name.trim()));
  const header = rawHeader.map((h) => h.trim()).filter((_, i) => keep[i]);
  checkHeader(file, header, rules);
  const dropped = rawHeader.filter((_, i) => !keep[i]);
  const rows = dropped.length === 0 ? rawRows : rawRows.map((r) => r.filter((_, i) => keep[i]));
  return { header, rows, dropped };
}

/** The header width, for the message of a row that is too long or too short. */
function guessWidth(text: string): number {
  try {
    const [header] = parse(text, { bom: true, to_line: 1, relax_column_count: true }) as string[][];
    return header?.length ?? 0;
  } catch {
    return 0;
  }
}

/** The CSV of some rows under the header: LF line endings, quotes only where needed. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return stringify([header as string[], ...(rows as string[][])], { record_delimiter: 'unix' });
}
