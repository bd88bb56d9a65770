/**
 * Pure string algorithms behind Apex's String methods. The Apex reference says many of them
 * follow Apache Commons Lang's StringUtils (null-safe, char-based), others java.lang.String and
 * java.lang.Character; each function names the Java behaviour it reproduces. Strings are UTF-16
 * in both languages, so indexes and `char` line up one to one.
 */

// ----------------------------------------------------------------------------- java.lang.Character

/** Character.isWhitespace: space separators except no-break spaces, plus the ASCII controls. */
export function isJavaWhitespace(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code >= 0x1c;
  if (code === 0xa0 || code === 0x2007 || code === 0x202f) return false;
  return /[\p{Zs}\p{Zl}\p{Zp}]/u.test(c);
}

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;
const UPPER = /^\p{Uppercase}$/u;
const LOWER = /^\p{Lowercase}$/u;
const TITLE = /^\p{Lt}$/u;

export const isLetter = (c: string): boolean => LETTER.test(c);
export const isDigit = (c: string): boolean => DIGIT.test(c);
export const isUpperCase = (c: string): boolean => UPPER.test(c);
export const isLowerCase = (c: string): boolean => LOWER.test(c);

/** Character.toUpperCase(char): a one-to-one mapping, so 'ß' stays 'ß'. */
export function charToUpper(c: string): string {
  const u = c.toUpperCase();
  return u.length === c.length ? u : c;
}

/** Character.toLowerCase(char). */
export function charToLower(c: string): string {
  const l = c.toLowerCase();
  return l.length === c.length ? l : c;
}

/** Title case differs from upper case only for the Latin digraphs DŽ, LJ, NJ and DZ. */
const TITLE_DIGRAPHS: Record<number, number> = {
  0x1c4: 0x1c5,
  0x1c5: 0x1c5,
  0x1c6: 0x1c5,
  0x1c7: 0x1c8,
  0x1c8: 0x1c8,
  0x1c9: 0x1c8,
  0x1ca: 0x1cb,
  0x1cb: 0x1cb,
  0x1cc: 0x1cb,
  0x1f1: 0x1f2,
  0x1f2: 0x1f2,
  0x1f3: 0x1f2
};

/** Character.toTitleCase(char). */
export function charToTitle(c: string): string {
  const digraph = TITLE_DIGRAPHS[c.charCodeAt(0)];
  return digraph === undefined ? charToUpper(c) : String.fromCharCode(digraph);
}

/** Java's general categories in Character.getType order; a char's type is its index here. */
const CATEGORIES = [
  'Cn',
  'Lu',
  'Ll',
  'Lt',
  'Lm',
  'Lo',
  'Mn',
  'Me',
  'Mc',
  'Nd',
  'Nl',
  'No',
  'Zs',
  'Zl',
  'Zp',
  'Cc',
  'Cf',
  '',
  'Co',
  'Cs',
  'Pd',
  'Ps',
  'Pe',
  'Pc',
  'Po',
  'Sm',
  'Sc',
  'Sk',
  'So',
  'Pi',
  'Pf'
].map((name) => (name ? new RegExp(`^\\p{${name}}$`, 'u') : null));

/** Character.getType(char). */
export function charType(c: string): number {
  for (let i = 1; i < CATEGORIES.length; i++) if (CATEGORIES[i]?.test(c)) return i;
  return 0;
}

const UPPERCASE_LETTER = 1;
const LOWERCASE_LETTER = 2;

// ------------------------------------------------------------------------------ java.lang.String

/** String.compareTo: by UTF-16 code unit, then by length. */
export function javaCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** String.hashCode. */
export function javaHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** String.trim: strips every char up to U+0020 from both ends (not Unicode spaces). */
export function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

/** Two chars equal ignoring case, as String.regionMatches(true, ...) compares them. */
function charsEqualIgnoreCase(a: string, b: string): boolean {
  if (a === b) return true;
  const ua = charToUpper(a);
  const ub = charToUpper(b);
  return ua === ub || charToLower(ua) === charToLower(ub);
}

/** String.regionMatches(true, offset, other, 0, other.length). */
export function regionMatchesIgnoreCase(s: string, offset: number, other: string): boolean {
  if (offset < 0 || offset + other.length > s.length) return false;
  for (let i = 0; i < other.length; i++) {
    if (!charsEqualIgnoreCase(s[offset + i], other[i])) return false;
  }
  return true;
}

/** String.equalsIgnoreCase. */
export function equalsIgnoreCase(a: string, b: string): boolean {
  return a.length === b.length && regionMatchesIgnoreCase(a, 0, b);
}

/** String.lastIndexOf(str, fromIndex): a negative start finds nothing. */
export function javaLastIndexOf(s: string, sub: string, from: number): number {
  return from < 0 ? -1 : s.lastIndexOf(sub, from);
}

/** A code point as a string, or null when Java's indexOf(int) could never find it. */
export function codePointString(cp: number): string | null {
  return cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : null;
}

// --------------------------------------------------------------------- Commons Lang StringUtils

export function isAllLowerCase(s: string): boolean {
  return s.length > 0 && [...s].every(isLowerCase);
}

export function isAllUpperCase(s: string): boolean {
  return s.length > 0 && [...s].every(isUpperCase);
}

/** Commons Lang 2 (which Apex follows): the empty string passes every isAlpha-style test. */
export function everyChar(s: string, test: (c: string) => boolean): boolean {
  for (let i = 0; i < s.length; i++) if (!test(s[i])) return false;
  return true;
}

export const isAsciiPrintable = (c: string): boolean =>
  c.charCodeAt(0) >= 32 && c.charCodeAt(0) < 127;

export function isBlank(s: string | null): boolean {
  return s === null || everyChar(s, isJavaWhitespace);
}

export function deleteWhitespace(s: string): string {
  let out = '';
  for (const c of s) if (!isJavaWhitespace(c)) out += c;
  return out;
}

/** StringUtils.strip: Character.isWhitespace from both ends. */
export function strip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isJavaWhitespace(s[start])) start++;
  while (end > start && isJavaWhitespace(s[end - 1])) end--;
  return s.slice(start, end);
}

/** StringUtils.normalizeSpace: strip, then runs of Java's `\s` become one space. */
export function normalizeSpace(s: string): string {
  return strip(s).replace(/[ \t\n\x0B\f\r]+/g, ' ');
}

export function capitalize(s: string): string {
  return s.length === 0 ? s : charToTitle(s[0]) + s.slice(1);
}

export function uncapitalize(s: string): string {
  return s.length === 0 ? s : charToLower(s[0]) + s.slice(1);
}

/** StringUtils.swapCase (Lang 2): upper and title case become lower, lower becomes upper. */
export function swapCase(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (isUpperCase(c) || TITLE.test(c)) out += charToLower(c);
    else if (isLowerCase(c)) out += charToUpper(c);
    else out += c;
  }
  return out;
}

/** StringUtils.leftPad/rightPad: an empty or null pad is a space; the pad repeats and is cut. */
export function pad(s: string, size: number, padStr: string | null, left: boolean): string {
  const p = padStr === null || padStr === '' ? ' ' : padStr;
  return left ? s.padStart(size, p) : s.padEnd(size, p);
}

export function center(s: string, size: number, padStr: string | null): string {
  const pads = size - s.length;
  if (pads <= 0) return s;
  return pad(pad(s, s.length + Math.floor(pads / 2), padStr, true), size, padStr, false);
}

export function left(s: string, n: number): string {
  return n < 0 ? '' : s.slice(0, n);
}

export function right(s: string, n: number): string {
  if (n < 0) return '';
  return s.length <= n ? s : s.slice(s.length - n);
}

export function mid(s: string, pos: number, n: number): string {
  if (n < 0 || pos > s.length) return '';
  const start = Math.max(0, pos);
  return s.slice(start, start + n);
}

export function repeat(s: string, n: number): string {
  return n <= 0 ? '' : s.repeat(n);
}

/** StringUtils.repeat(str, separator, n) is removeEnd(repeat(str + separator, n), separator). */
export function repeatWithSeparator(s: string, sep: string, n: number): string {
  return removeEnd(repeat(s + sep, n), sep);
}

export function removeStart(s: string, prefix: string | null): string {
  if (s === '' || !prefix) return s;
  return s.startsWith(prefix) ? s.slice(prefix.length) : s;
}

export function removeEnd(s: string, suffix: string | null): string {
  if (s === '' || !suffix) return s;
  return s.endsWith(suffix) ? s.slice(0, s.length - suffix.length) : s;
}

export function removeStartIgnoreCase(s: string, prefix: string | null): string {
  if (s === '' || !prefix) return s;
  return regionMatchesIgnoreCase(s, 0, prefix) ? s.slice(prefix.length) : s;
}

export function removeEndIgnoreCase(s: string, suffix: string | null): string {
  if (s === '' || !suffix) return s;
  return regionMatchesIgnoreCase(s, s.length - suffix.length, suffix)
    ? s.slice(0, s.length - suffix.length)
    : s;
}

export function remove(s: string, sub: string | null): string {
  return s === '' || !sub ? s : s.split(sub).join('');
}

export function countMatches(s: string, sub: string | null): number {
  return s === '' || !sub ? 0 : s.split(sub).length - 1;
}

export function containsIgnoreCase(s: string, sub: string): boolean {
  for (let i = 0; i + sub.length <= s.length; i++) {
    if (regionMatchesIgnoreCase(s, i, sub)) return true;
  }
  return false;
}

export function indexOfIgnoreCase(s: string, sub: string, from: number): number {
  const start = Math.max(0, from);
  for (let i = start; i + sub.length <= s.length; i++) {
    if (regionMatchesIgnoreCase(s, i, sub)) return i;
  }
  return -1;
}

export function lastIndexOfIgnoreCase(s: string, sub: string, from: number): number {
  for (let i = Math.min(from, s.length - sub.length); i >= 0; i--) {
    if (regionMatchesIgnoreCase(s, i, sub)) return i;
  }
  return -1;
}

export function indexOfAny(s: string, chars: string | null): number {
  if (s === '' || !chars) return -1;
  for (let i = 0; i < s.length; i++) if (chars.includes(s[i])) return i;
  return -1;
}

export function indexOfAnyBut(s: string, chars: string | null): number {
  if (s === '' || !chars) return -1;
  for (let i = 0; i < s.length; i++) if (!chars.includes(s[i])) return i;
  return -1;
}

export function containsOnly(s: string, valid: string | null): boolean {
  if (valid === null) return false;
  if (s === '') return true;
  return valid !== '' && indexOfAnyBut(s, valid) === -1;
}

export function containsNone(s: string, invalid: string | null): boolean {
  return invalid === null || indexOfAny(s, invalid) === -1;
}

/** StringUtils.indexOfDifference: -1 when equal. */
export function indexOfDifference(a: string, b: string | null): number {
  if (b === null) return 0;
  if (a === b) return -1;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

export function difference(a: string, b: string | null): string | null {
  if (b === null) return a;
  const at = indexOfDifference(a, b);
  return at === -1 ? '' : b.slice(at);
}

/** StringUtils.getCommonPrefix: any null element (among other values) leaves no common prefix. */
export function commonPrefix(items: (string | null)[]): string {
  if (items.length === 0 || items.every((s) => s === null)) return '';
  if (items.some((s) => s === null)) return '';
  const strings = items as string[];
  let n = Math.min(...strings.map((s) => s.length));
  for (const s of strings) {
    let i = 0;
    while (i < n && s[i] === strings[0][i]) i++;
    n = i;
  }
  return strings[0].slice(0, n);
}

export function substringBefore(s: string, sep: string | null): string {
  if (s === '' || sep === null) return s;
  if (sep === '') return '';
  const pos = s.indexOf(sep);
  return pos === -1 ? s : s.slice(0, pos);
}

export function substringAfter(s: string, sep: string | null): string {
  if (s === '') return s;
  if (sep === null) return '';
  const pos = s.indexOf(sep);
  return pos === -1 ? '' : s.slice(pos + sep.length);
}

export function substringBeforeLast(s: string, sep: string | null): string {
  if (s === '' || !sep) return s;
  const pos = s.lastIndexOf(sep);
  return pos === -1 ? s : s.slice(0, pos);
}

export function substringAfterLast(s: string, sep: string | null): string {
  if (s === '') return s;
  if (!sep) return '';
  const pos = s.lastIndexOf(sep);
  return pos === -1 || pos === s.length - sep.length ? '' : s.slice(pos + sep.length);
}

export function substringBetween(s: string, open: string | null, close: string | null) {
  if (open === null || close === null) return null;
  const start = s.indexOf(open);
  if (start === -1) return null;
  const end = s.indexOf(close, start + open.length);
  return end === -1 ? null : s.slice(start + open.length, end);
}

/** Why an abbreviation is impossible (Commons throws IllegalArgumentException with these). */
export class AbbreviateError extends Error {}

/** StringUtils.abbreviate(str, offset, maxWidth). */
export function abbreviate(s: string, maxWidth: number, offsetIn: number): string {
  if (maxWidth < 4) throw new AbbreviateError('Minimum abbreviation width is 4');
  if (s.length <= maxWidth) return s;
  let offset = Math.min(offsetIn, s.length);
  if (s.length - offset < maxWidth - 3) offset = s.length - (maxWidth - 3);
  if (offset <= 4) return `${s.slice(0, maxWidth - 3)}...`;
  if (maxWidth < 7) throw new AbbreviateError('Minimum abbreviation width with offset is 7');
  if (offset + maxWidth - 3 < s.length) return `...${abbreviate(s.slice(offset), maxWidth - 3, 0)}`;
  return `...${s.slice(s.length - (maxWidth - 3))}`;
}

/** StringUtils.getLevenshteinDistance. */
export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(current[j - 1] + 1, previous[j] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}

/** StringUtils.splitByCharacterType(str, camelCase). */
export function splitByCharacterType(s: string, camelCase: boolean): string[] {
  if (s === '') return [];
  const parts: string[] = [];
  let tokenStart = 0;
  let currentType = charType(s[0]);
  for (let pos = 1; pos < s.length; pos++) {
    const type = charType(s[pos]);
    if (type === currentType) continue;
    if (camelCase && type === LOWERCASE_LETTER && currentType === UPPERCASE_LETTER) {
      const newTokenStart = pos - 1;
      if (newTokenStart !== tokenStart) {
        parts.push(s.slice(tokenStart, newTokenStart));
        tokenStart = newTokenStart;
      }
    } else {
      parts.push(s.slice(tokenStart, pos));
      tokenStart = pos;
    }
    currentType = type;
  }
  parts.push(s.slice(tokenStart));
  return parts;
}
