/**
 * Salesforce record ids: 15 case-sensitive characters plus a 3-character suffix that encodes
 * the case of the first 15, so the 18-character form survives case-insensitive systems.
 */
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_CHARS = /^[a-zA-Z0-9]+$/;

/** The 3-character case-safe suffix of a 15-character id. */
export function idSuffix(id15: string): string {
  let suffix = '';
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(block * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

/** Normalises a 15- or 18-character id to 18 characters, or returns null when it is not an id. */
export function toId18(value: string): string | null {
  if (!ID_CHARS.test(value)) return null;
  if (value.length === 15) return value + idSuffix(value);
  if (value.length === 18) {
    const base = value.slice(0, 15);
    return value.slice(15).toUpperCase() === idSuffix(base) ? base + idSuffix(base) : null;
  }
  return null;
}
