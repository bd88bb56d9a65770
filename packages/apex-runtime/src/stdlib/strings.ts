/**
 * The String class (Apex Reference Guide, "String Class"). Apex strings are UTF-16 like
 * JavaScript's, so indexes line up one to one. Methods built on java.lang.String reject null
 * arguments; those the reference ties to Apache Commons Lang's StringUtils are null-safe as
 * StringUtils is (see string-utils.ts). The other primitive types live in numbers.ts.
 */
import { UnsupportedError } from '../interpreter/errors.ts';
import { apexToString } from '../interpreter/semantics.ts';
import { T, type TypeInfo, listOf } from '../interpreter/types.ts';
import { ApexList, ApexSet } from '../interpreter/values.ts';
import { ApexDate, ApexDatetime } from '../values/datetime.ts';
import type { Lib } from './lib.ts';
import { installNumbers } from './numbers.ts';
import { apexRegex, javaRegex } from './regex.ts';
import * as esc from './string-escapes.ts';
import * as U from './string-utils.ts';

export { javaHash } from './string-utils.ts';

const S = T.String;
const I = T.Integer;
const B = T.Boolean;

type Impl = (self: string, args: unknown[]) => unknown;

export function installStrings(lib: Lib): void {
  installStatics(lib);
  const string = lib.platform.primitive('String');
  const m = (name: string, params: TypeInfo[], returns: TypeInfo, fn: Impl) =>
    string.addMethod(name, params, returns, (self, args) => fn(self as string, args));
  /** java.lang.String methods throw on a null argument. */
  const need = (v: unknown): string =>
    v === null || v === undefined
      ? lib.throwApex('NullPointerException', 'Argument cannot be null.')
      : (v as string);
  const opt = (v: unknown) => v as string | null;
  const num = (v: unknown): number =>
    v === null ? lib.throwApex('NullPointerException', 'Argument cannot be null.') : (v as number);
  const ctx: Ctx = { lib, m, need, opt, num };
  installBasics(ctx);
  installSearch(ctx);
  installSlicing(ctx);
  installTransforms(ctx);
  installRegex(ctx);
  installEscapes(ctx);
  installNumbers(lib);
}

interface Ctx {
  lib: Lib;
  m: (name: string, params: TypeInfo[], returns: TypeInfo, fn: Impl) => unknown;
  need: (v: unknown) => string;
  opt: (v: unknown) => string | null;
  num: (v: unknown) => number;
}

function installStatics(lib: Lib): void {
  const string = lib.platform.primitive('String');
  // String.valueOf prints a Date without time and a Datetime in the user's time zone.
  const valueOf = (v: unknown): string => {
    if (v === null) return 'null';
    if (v instanceof ApexDate) return v.toString();
    if (v instanceof ApexDatetime) return v.toStringLocal();
    return apexToString(v, lib.call);
  };
  const str = (v: unknown) => v as string | null;
  string.addStatic('valueOf', [T.Object], S, (_s, [v]) => valueOf(v));
  string.addStatic('valueOfGmt', [T.Datetime], S, (_s, [v]) =>
    v === null ? null : (v as ApexDatetime).toStringGmt()
  );
  string.addStatic('isBlank', [S], B, (_s, [v]) => U.isBlank(str(v)));
  string.addStatic('isNotBlank', [S], B, (_s, [v]) => !U.isBlank(str(v)));
  string.addStatic('isEmpty', [S], B, (_s, [v]) => v === null || (v as string).length === 0);
  string.addStatic('isNotEmpty', [S], B, (_s, [v]) => v !== null && (v as string).length > 0);
  string.addStatic('join', [T.Object, S], S, (_s, [items, sep]) => {
    if (items === null) return null;
    if (!(items instanceof ApexList) && !(items instanceof ApexSet))
      throw new UnsupportedError('String.join(Object, String) over a custom Iterable');
    const values = items instanceof ApexList ? items.items : items.values();
    return values.map((v) => lib.str(v)).join(sep === null ? '' : (sep as string));
  });
  string.addStatic('format', [S, listOf(T.Object)], S, (_s, [pattern, args]) =>
    pattern === null
      ? lib.throwApex('NullPointerException', 'Argument cannot be null.')
      : formatMessage(pattern as string, (args as ApexList | null)?.items ?? [], lib)
  );
  string.addStatic('fromCharArray', [listOf(I)], S, (_s, [codes]) =>
    codes === null
      ? lib.throwApex('NullPointerException', 'Argument cannot be null.')
      : (codes as ApexList).items.map((c) => String.fromCharCode(c as number)).join('')
  );
  string.addStatic('getCommonPrefix', [listOf(S)], S, (_s, [items]) =>
    items === null ? '' : U.commonPrefix((items as ApexList).items as (string | null)[])
  );
  string.addStatic('escapeSingleQuotes', [S], S, (_s, [v]) =>
    v === null
      ? lib.throwApex('NullPointerException', 'Argument cannot be null.')
      : (v as string).replace(/'/g, "\\'")
  );
}

/** Length, comparison, case and character classification. */
function installBasics({ lib, m, need }: Ctx): void {
  m('length', [], I, (s) => s.length);
  m('toString', [], S, (s) => s);
  m('hashCode', [], I, (s) => U.javaHash(s));
  m('equals', [T.Object], B, (s, [x]) => typeof x === 'string' && s === x);
  m('equalsIgnoreCase', [S], B, (s, [x]) => x !== null && U.equalsIgnoreCase(s, x as string));
  m('compareTo', [S], I, (s, [x]) => U.javaCompare(s, need(x)));
  m('toUpperCase', [], S, (s) => s.toUpperCase());
  m('toLowerCase', [], S, (s) => s.toLowerCase());
  m('toUpperCase', [S], S, (s, [loc]) => s.toLocaleUpperCase(localeTag(need(loc))));
  m('toLowerCase', [S], S, (s, [loc]) => s.toLocaleLowerCase(localeTag(need(loc))));
  m('capitalize', [], S, (s) => U.capitalize(s));
  m('uncapitalize', [], S, (s) => U.uncapitalize(s));
  m('swapCase', [], S, (s) => U.swapCase(s));
  m('isAllLowerCase', [], B, (s) => U.isAllLowerCase(s));
  m('isAllUpperCase', [], B, (s) => U.isAllUpperCase(s));
  m('isAlpha', [], B, (s) => U.everyChar(s, U.isLetter));
  m('isAlphaSpace', [], B, (s) => U.everyChar(s, (c) => c === ' ' || U.isLetter(c)));
  m('isAlphanumeric', [], B, (s) => U.everyChar(s, (c) => U.isLetter(c) || U.isDigit(c)));
  m('isAlphanumericSpace', [], B, (s) =>
    U.everyChar(s, (c) => c === ' ' || U.isLetter(c) || U.isDigit(c))
  );
  m('isAsciiPrintable', [], B, (s) => U.everyChar(s, U.isAsciiPrintable));
  m('isNumeric', [], B, (s) => U.everyChar(s, U.isDigit));
  m('isNumericSpace', [], B, (s) => U.everyChar(s, (c) => c === ' ' || U.isDigit(c)));
  m('isWhitespace', [], B, (s) => U.everyChar(s, U.isJavaWhitespace));
  m('containsWhitespace', [], B, (s) => !U.everyChar(s, (c) => !U.isJavaWhitespace(c)));
  m('charAt', [I], I, (s, [i]) => s.charCodeAt(index(lib, i as number, s.length - 1)));
  m('codePointAt', [I], I, (s, [i]) => s.codePointAt(index(lib, i as number, s.length - 1)));
  m('codePointBefore', [I], I, (s, [i]) => {
    const at = index(lib, (i as number) - 1, s.length - 1);
    const low = s.charCodeAt(at);
    const high = at > 0 ? s.charCodeAt(at - 1) : 0;
    const pair = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
    return pair ? s.codePointAt(at - 1) : low;
  });
  m('codePointCount', [I, I], I, (s, [a, b]) => {
    checkRange(lib, s, a as number, b as number);
    return [...s.slice(a as number, b as number)].length;
  });
  m('offsetByCodePoints', [I, I], I, (s, [i, n]) =>
    offsetByCodePoints(lib, s, i as number, n as number)
  );
  m('getChars', [], listOf(I), (s) =>
    lib.list(
      I,
      Array.from({ length: s.length }, (_, i) => s.charCodeAt(i))
    )
  );
  m('getLevenshteinDistance', [S], I, (s, [x]) => U.levenshtein(s, need(x)));
  m('getLevenshteinDistance', [S, I], I, (s, [x, limit]) => {
    if ((limit as number) < 0)
      lib.throwApex('IllegalArgumentException', 'Threshold must not be negative');
    const d = U.levenshtein(s, need(x));
    return d > (limit as number) ? -1 : d;
  });
}

/** Searching: contains, indexOf and friends. */
function installSearch({ m, need, opt, num }: Ctx): void {
  m('contains', [S], B, (s, [x]) => s.includes(need(x)));
  m('containsIgnoreCase', [S], B, (s, [x]) => x !== null && U.containsIgnoreCase(s, x as string));
  m('containsAny', [S], B, (s, [x]) => U.indexOfAny(s, opt(x)) !== -1);
  m('containsNone', [S], B, (s, [x]) => U.containsNone(s, opt(x)));
  m('containsOnly', [S], B, (s, [x]) => U.containsOnly(s, opt(x)));
  m('startsWith', [S], B, (s, [x]) => s.startsWith(need(x)));
  m('endsWith', [S], B, (s, [x]) => s.endsWith(need(x)));
  m('startsWithIgnoreCase', [S], B, (s, [x]) =>
    x === null ? false : U.regionMatchesIgnoreCase(s, 0, x as string)
  );
  m('endsWithIgnoreCase', [S], B, (s, [x]) =>
    x === null ? false : U.regionMatchesIgnoreCase(s, s.length - (x as string).length, x as string)
  );
  m('countMatches', [S], I, (s, [x]) => U.countMatches(s, opt(x)));
  m('indexOf', [S], I, (s, [x]) => s.indexOf(need(x)));
  m('indexOf', [S, I], I, (s, [x, from]) => s.indexOf(need(x), Math.max(0, num(from))));
  m('lastIndexOf', [S], I, (s, [x]) => s.lastIndexOf(need(x)));
  m('lastIndexOf', [S, I], I, (s, [x, from]) => U.javaLastIndexOf(s, need(x), num(from)));
  m('indexOfIgnoreCase', [S], I, (s, [x]) =>
    x === null ? -1 : U.indexOfIgnoreCase(s, x as string, 0)
  );
  m('indexOfIgnoreCase', [S, I], I, (s, [x, from]) =>
    x === null ? -1 : U.indexOfIgnoreCase(s, x as string, num(from))
  );
  m('lastIndexOfIgnoreCase', [S], I, (s, [x]) =>
    x === null ? -1 : U.lastIndexOfIgnoreCase(s, x as string, s.length)
  );
  m('lastIndexOfIgnoreCase', [S, I], I, (s, [x, from]) =>
    x === null ? -1 : U.lastIndexOfIgnoreCase(s, x as string, num(from))
  );
  const charIndex = (s: string, cp: unknown, from: number, last: boolean) => {
    const c = U.codePointString(num(cp));
    if (c === null) return -1;
    return last ? U.javaLastIndexOf(s, c, from) : s.indexOf(c, Math.max(0, from));
  };
  m('indexOfChar', [I], I, (s, [c]) => charIndex(s, c, 0, false));
  m('indexOfChar', [I, I], I, (s, [c, from]) => charIndex(s, c, num(from), false));
  m('lastIndexOfChar', [I], I, (s, [c]) => charIndex(s, c, s.length, true));
  m('lastIndexOfChar', [I, I], I, (s, [c, from]) => charIndex(s, c, num(from), true));
  m('indexOfAny', [S], I, (s, [x]) => U.indexOfAny(s, opt(x)));
  m('indexOfAnyBut', [S], I, (s, [x]) => U.indexOfAnyBut(s, opt(x)));
  m('indexOfDifference', [S], I, (s, [x]) => U.indexOfDifference(s, opt(x)));
  m('difference', [S], S, (s, [x]) => U.difference(s, opt(x)));
}

/** Substrings, padding and trimming. */
function installSlicing({ lib, m, opt, num }: Ctx): void {
  m('substring', [I], S, (s, [a]) => {
    checkRange(lib, s, num(a), s.length);
    return s.substring(a as number);
  });
  m('substring', [I, I], S, (s, [a, b]) => {
    checkRange(lib, s, num(a), num(b));
    return s.substring(a as number, b as number);
  });
  m('left', [I], S, (s, [n]) => U.left(s, num(n)));
  m('right', [I], S, (s, [n]) => U.right(s, num(n)));
  m('mid', [I, I], S, (s, [a, n]) => U.mid(s, num(a), num(n)));
  m('substringBefore', [S], S, (s, [x]) => U.substringBefore(s, opt(x)));
  m('substringAfter', [S], S, (s, [x]) => U.substringAfter(s, opt(x)));
  m('substringBeforeLast', [S], S, (s, [x]) => U.substringBeforeLast(s, opt(x)));
  m('substringAfterLast', [S], S, (s, [x]) => U.substringAfterLast(s, opt(x)));
  m('substringBetween', [S], S, (s, [x]) => U.substringBetween(s, opt(x), opt(x)));
  m('substringBetween', [S, S], S, (s, [a, b]) => U.substringBetween(s, opt(a), opt(b)));
  m('leftPad', [I], S, (s, [n]) => U.pad(s, num(n), ' ', true));
  m('leftPad', [I, S], S, (s, [n, p]) => U.pad(s, num(n), opt(p), true));
  m('rightPad', [I], S, (s, [n]) => U.pad(s, num(n), ' ', false));
  m('rightPad', [I, S], S, (s, [n, p]) => U.pad(s, num(n), opt(p), false));
  m('center', [I], S, (s, [n]) => U.center(s, num(n), ' '));
  m('center', [I, S], S, (s, [n, p]) => U.center(s, num(n), opt(p)));
  m('trim', [], S, (s) => U.javaTrim(s));
  m('normalizeSpace', [], S, (s) => U.normalizeSpace(s));
  m('deleteWhitespace', [], S, (s) => U.deleteWhitespace(s));
  m('remove', [S], S, (s, [x]) => U.remove(s, opt(x)));
  m('removeStart', [S], S, (s, [x]) => U.removeStart(s, opt(x)));
  m('removeEnd', [S], S, (s, [x]) => U.removeEnd(s, opt(x)));
  m('removeStartIgnoreCase', [S], S, (s, [x]) => U.removeStartIgnoreCase(s, opt(x)));
  m('removeEndIgnoreCase', [S], S, (s, [x]) => U.removeEndIgnoreCase(s, opt(x)));
  const abbreviate = (s: string, width: number, offset: number) => {
    try {
      return U.abbreviate(s, width, offset);
    } catch (error) {
      // Commons throws IllegalArgumentException; the reference only says "a run-time exception".
      if (error instanceof U.AbbreviateError) lib.throwApex('StringException', error.message);
      throw error;
    }
  };
  m('abbreviate', [I], S, (s, [n]) => abbreviate(s, num(n), 0));
  m('abbreviate', [I, I], S, (s, [n, o]) => abbreviate(s, num(n), num(o)));
}

/** Rebuilding strings: repeat, reverse, replace, join-like helpers, split by type. */
function installTransforms({ lib, m, need, num }: Ctx): void {
  m('repeat', [I], S, (s, [n]) => U.repeat(s, num(n)));
  m('repeat', [S, I], S, (s, [sep, n]) =>
    sep === null ? U.repeat(s, num(n)) : U.repeatWithSeparator(s, sep as string, num(n))
  );
  m('reverse', [], S, (s) => [...s].reverse().join(''));
  // Java's replace(CharSequence, CharSequence) is literal; an empty target matches between chars.
  m('replace', [S, S], S, (s, [a, b]) => {
    const by = need(b);
    return s.replaceAll(need(a), () => by);
  });
  m('splitByCharacterType', [], listOf(S), (s) => lib.list(S, U.splitByCharacterType(s, false)));
  m('splitByCharacterTypeCamelCase', [], listOf(S), (s) =>
    lib.list(S, U.splitByCharacterType(s, true))
  );
  m('stripHtmlTags', [], S, (s) => stripHtmlTags(s));
}

function installRegex({ lib, m, need, num }: Ctx): void {
  m('split', [S], listOf(S), (s, [re]) => lib.list(S, javaSplit(lib, s, need(re), 0)));
  m('split', [S, I], listOf(S), (s, [re, limit]) =>
    lib.list(S, javaSplit(lib, s, need(re), num(limit)))
  );
  m('replaceAll', [S, S], S, (s, [re, by]) => javaReplace(lib, s, need(re), need(by), true));
  m('replaceFirst', [S, S], S, (s, [re, by]) => javaReplace(lib, s, need(re), need(by), false));
}

function installEscapes({ m }: Ctx): void {
  const unicode = (fn: (s: string) => string) => (s: string) => {
    try {
      return fn(s);
    } catch (error) {
      if (error instanceof esc.UnicodeEscapeError)
        throw new UnsupportedError(`a malformed \\u escape in String.unescape: ${error.message}`);
      throw error;
    }
  };
  const table: [string, (s: string) => string][] = [
    ['escapeCsv', esc.escapeCsv],
    ['escapeEcmaScript', esc.escapeEcmaScript],
    ['escapeHtml3', esc.escapeHtml3],
    ['escapeHtml4', esc.escapeHtml4],
    ['escapeJava', esc.escapeJava],
    ['escapeUnicode', esc.escapeUnicode],
    ['escapeXml', esc.escapeXml],
    ['unescapeCsv', esc.unescapeCsv],
    ['unescapeEcmaScript', unicode(esc.unescapeJava)],
    ['unescapeHtml3', esc.unescapeHtml3],
    ['unescapeHtml4', esc.unescapeHtml4],
    ['unescapeJava', unicode(esc.unescapeJava)],
    ['unescapeUnicode', unicode(esc.unescapeUnicode)],
    ['unescapeXml', esc.unescapeXml]
  ];
  for (const [name, fn] of table) m(name, [], S, (s) => fn(s));
}

// ------------------------------------------------------------------------------------ helpers

/** Apex locale names use underscores (`tr_TR`); Intl wants BCP 47 tags. */
function localeTag(locale: string): string {
  return locale.replace(/_/g, '-');
}

/**
 * Bounds of substring(start, end). Observed on orgs: "Starting position out of bounds: -1" and
 * "Ending position out of bounds: 10".
 */
function checkRange(lib: Lib, s: string, start: number, end: number): void {
  if (start < 0 || start > s.length)
    lib.throwApex('StringException', `Starting position out of bounds: ${start}`);
  if (end > s.length || end < start)
    lib.throwApex('StringException', `Ending position out of bounds: ${end}`);
}

/** A char index for charAt and codePointAt. */
function index(lib: Lib, i: number, max: number): number {
  if (i < 0 || i > max) lib.throwApex('StringException', `Invalid index ${i}`);
  return i;
}

/** String.offsetByCodePoints: walks n code points from i (backwards when n is negative). */
function offsetByCodePoints(lib: Lib, s: string, i: number, n: number): number {
  if (i < 0 || i > s.length) lib.throwApex('StringException', `Invalid index ${i}`);
  let at = i;
  const isLow = (k: number) => s.charCodeAt(k) >= 0xdc00 && s.charCodeAt(k) <= 0xdfff;
  const isHigh = (k: number) => s.charCodeAt(k) >= 0xd800 && s.charCodeAt(k) <= 0xdbff;
  for (let k = 0; k < Math.abs(n); k++) {
    if (n > 0) {
      if (at >= s.length) lib.throwApex('StringException', `Invalid index ${at}`);
      at += isHigh(at) && at + 1 < s.length && isLow(at + 1) ? 2 : 1;
    } else {
      if (at <= 0) lib.throwApex('StringException', `Invalid index ${at}`);
      at -= isLow(at - 1) && at - 2 >= 0 && isHigh(at - 2) ? 2 : 1;
    }
  }
  return at;
}

/**
 * Java's String.split: a regex; a zero-width match at the start yields no leading empty string;
 * a positive limit caps the parts; limit 0 drops trailing empty strings.
 */
function javaSplit(lib: Lib, s: string, regex: string, limit: number): string[] {
  const parts: string[] = [];
  let last = 0;
  for (const match of s.matchAll(apexRegex(lib, () => javaRegex(regex, 'g')))) {
    if (limit > 0 && parts.length === limit - 1) break;
    const end = match.index + match[0].length;
    if (match.index === 0 && end === 0) continue;
    parts.push(s.slice(last, match.index));
    last = end;
  }
  if (parts.length === 0) return [s];
  parts.push(s.slice(last));
  if (limit === 0) {
    while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  }
  return parts;
}

/**
 * Matcher.replaceAll/replaceFirst: `$n` and `${name}` insert groups (a multi-digit number is
 * taken while it names a group), `\x` is a literal x.
 */
function javaReplace(lib: Lib, s: string, regex: string, by: string, all: boolean): string {
  const re = apexRegex(lib, () => javaRegex(regex, all ? 'g' : ''));
  const matches = all ? [...s.matchAll(re)] : [re.exec(s)].filter((x) => x !== null);
  let out = '';
  let last = 0;
  for (const match of matches) {
    out += s.slice(last, match.index) + expandReplacement(lib, by, match);
    last = match.index + match[0].length;
  }
  return out + s.slice(last);
}

function expandReplacement(lib: Lib, by: string, match: RegExpExecArray): string {
  // Java raises IllegalArgumentException/IndexOutOfBoundsException; Apex reports a StringException.
  const bad = (message: string): never => lib.throwApex('StringException', message);
  const groups = match.length - 1;
  let out = '';
  let i = 0;
  while (i < by.length) {
    const c = by[i++];
    if (c === '\\') {
      if (i >= by.length) bad('character to be escaped is missing');
      out += by[i++];
    } else if (c !== '$') {
      out += c;
    } else if (by[i] === '{') {
      const end = by.indexOf('}', i);
      const name = end === -1 ? '' : by.slice(i + 1, end);
      if (!name || !match.groups || !(name in match.groups)) bad(`No group with name {${name}}`);
      out += match.groups![name] ?? '';
      i = end + 1;
    } else {
      if (i >= by.length || !/[0-9]/.test(by[i]))
        bad('Illegal group reference: group index is missing');
      let ref = Number(by[i++]);
      while (i < by.length && /[0-9]/.test(by[i]) && ref * 10 + Number(by[i]) <= groups) {
        ref = ref * 10 + Number(by[i++]);
      }
      if (ref > groups) bad(`No group ${ref}`);
      out += match[ref] ?? '';
    }
  }
  return out;
}

/** Removes comments, script and style elements, and tags, leaving the text. */
function stripHtmlTags(s: string): string {
  return s
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<\/?[a-zA-Z!][^>]*>/g, '');
}

/**
 * String.format follows java.text.MessageFormat: `{0}` placeholders, `'...'` quotes literal
 * text and `''` is one quote. Format types (`{0,number}`) are refused for text arguments as
 * observed on orgs ("Cannot format given Object as a Number"); with other values they are not
 * implemented.
 */
function formatMessage(pattern: string, args: unknown[], lib: Lib): string {
  return pattern.replace(
    /'([^']*)'|\{\s*(\d+)\s*(,[^}]*)?\}/g,
    (whole, quoted: string | undefined, index: string | undefined, type: string | undefined) => {
      if (quoted !== undefined) return quoted === '' ? "'" : quoted;
      const i = Number(index);
      if (i >= args.length) return whole;
      if (type === undefined) return lib.str(args[i]);
      const kind = type.slice(1).trim().split(',')[0].toLowerCase();
      const what =
        kind === 'number' ? 'a Number' : kind === 'date' || kind === 'time' ? 'a Date' : null;
      if (what && typeof args[i] === 'string')
        lib.throwApex('StringException', `Cannot format given Object as ${what}`);
      throw new UnsupportedError(`String.format with a format type: ${whole}`);
    }
  );
}
