/**
 * Splits the rows into Bulk API 2.0 jobs: at most `chunkSize` rows each, and never more bytes
 * than one upload may carry. Pure arithmetic, so the limits are tested without an org.
 */
import { LoadError } from './errors.ts';

/**
 * Bulk API 2.0 takes at most 150 MB per upload after base64 encoding, that is about 112 MB of
 * CSV; Salesforce recommends staying at 100 MB, which is the limit used here.
 */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

/** One job's share of the file: rows `first` .. `first + rows - 1` (0-based data rows). */
export interface Chunk {
  /** 1-based, in file order. */
  index: number;
  first: number;
  rows: number;
  /** Upper bound of the chunk's CSV size in bytes, header included. */
  bytes: number;
}

/** An upper bound of one row's CSV bytes: every field quoted, every quote doubled. */
export function rowBytes(row: readonly string[]): number {
  let bytes = row.length; // separators and the line feed
  for (const field of row) {
    bytes += Buffer.byteLength(field) + 2;
    for (let i = field.indexOf('"'); i !== -1; i = field.indexOf('"', i + 1)) bytes++;
  }
  return bytes;
}

/** The chunks for rows of the given sizes; each holds at most `chunkSize` rows and `maxBytes`. */
export function planChunks(
  sizes: readonly number[],
  headerBytes: number,
  chunkSize: number,
  maxBytes: number = MAX_UPLOAD_BYTES
): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Chunk | null = null;
  sizes.forEach((size, row) => {
    if (headerBytes + size > maxBytes)
      throw new LoadError(
        `Data row ${row + 1} alone is larger than one Bulk API upload (${maxBytes} bytes): ` +
          'shorten its long text fields.',
        'RowTooLarge'
      );
    if (current === null || current.rows >= chunkSize || current.bytes + size > maxBytes) {
      current = { index: chunks.length + 1, first: row, rows: 0, bytes: headerBytes };
      chunks.push(current);
    }
    current.rows++;
    current.bytes += size;
  });
  return chunks;
}

/** `rows 10,001–20,000` (1-based data rows, as a spreadsheet shows them under the header). */
export function rowRange(chunk: Pick<Chunk, 'first' | 'rows'>): string {
  const from = (chunk.first + 1).toLocaleString('en-US');
  const to = (chunk.first + chunk.rows).toLocaleString('en-US');
  return chunk.rows === 1 ? `row ${from}` : `rows ${from}–${to}`;
}
