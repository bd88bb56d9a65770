/**
 * String and the other primitive types' methods (Integer, Long, Decimal, Double, Boolean, Id,
 * Blob). Apex strings are UTF-16 like JavaScript's, so indexes line up one to one.
 */
import { toIdOrThrow } from '../interpreter/conversions.ts';
import { apexToString, convertNumber, doubleToString } from '../interpreter/semantics.ts';
import { T, listOf, setOf } from '../interpreter/types.ts';
import { ApexBlob, ApexDouble, ApexList, ApexSet } from '../interpreter/values.ts';
import { ApexDate, ApexDatetime } from '../values/datetime.ts';
import { ApexDecimal, DecimalFormatError } from '../values/decimal.ts';
import type { Lib } from './lib.ts';
import { javaRegex } from './regex.ts';

const WHITESPACE = /^\s*$/;

export function installStrings(lib: Lib): void {
  const string = lib.platform.primitive('String');
  const S = T.String;
  const I = T.Integer;
  const B = T.Boolean;
  const str = (v: unknown) => v as string;

  // String.valueOf prints a Date without time and a Datetime in the user's time zone.
  const valueOf = (v: unknown): string | null => {
    if (v === null) return 'null';
    if (v instanceof ApexDate) return v.toString();
    if (v instanceof ApexDatetime) return v.toStringLocal();
    return apexToString(v, lib.call);
  };
  string.addStatic('valueOf', [T.Object], S, (_s, [v]) => valueOf(v));
  string.addStatic('valueOfGmt', [T.Datetime], S, (_s, [v]) =>
    v === null ? null : (v as ApexDatetime).toStringGmt()
  );
  string.addStatic('isBlank', [S], B, (_s, [v]) => v === null || WHITESPACE.test(str(v)));
  string.addStatic('isNotBlank', [S], B, (_s, [v]) => v !== null && !WHITESPACE.test(str(v)));
  string.addStatic('isEmpty', [S], B, (_s, [v]) => v === null || str(v).length === 0);
  string.addStatic('isNotEmpty', [S], B, (_s, [v]) => v !== null && str(v).length > 0);
  string.addStatic('join', [T.Object, S], S, (_s, [items, sep]) => {
    const iterable = lib.need(items, 'iterableObj') as ApexList | ApexSet;
    const values = iterable instanceof ApexList ? iterable.items : iterable.values();
    return values.map((v) => lib.str(v)).join(sep === null ? 'null' : str(sep));
  });
  string.addStatic('format', [S, listOf(T.Object)], S, (_s, [pattern, args]) =>
    formatMessage(str(lib.need(pattern)), (args as ApexList | null)?.items ?? [], lib)
  );
  string.addStatic('fromCharArray', [listOf(I)], S, (_s, [codes]) =>
    String.fromCharCode(...(lib.need(codes) as ApexList).items.map((c) => c as number))
  );
  string.addStatic('escapeSingleQuotes', [S], S, (_s, [v]) =>
    str(lib.need(v)).replace(/'/g, "\\'")
  );

  const m = (
    name: string,
    params: (typeof S)[],
    returns: typeof S,
    fn: (self: string, args: unknown[]) => unknown
  ) =>
    string.addMethod(name, params, returns, (self, args) => fn(self as string, args as unknown[]));
  m('length', [], I, (s) => s.length);
  m('toUpperCase', [], S, (s) => s.toUpperCase());
  m('toLowerCase', [], S, (s) => s.toLowerCase());
  m('trim', [], S, (s) => s.replace(/^[\s\u0000-\u0020]+|[\s\u0000-\u0020]+$/g, ''));
  m('normalizeSpace', [], S, (s) => s.trim().replace(/\s+/g, ' '));
  m('deleteWhitespace', [], S, (s) => s.replace(/\s+/g, ''));
  m('contains', [S], B, (s, [x]) => s.includes(str(lib.need(x))));
  m('containsIgnoreCase', [S], B, (s, [x]) =>
    s.toLowerCase().includes(str(lib.need(x)).toLowerCase())
  );
  m('containsOnly', [S], B, (s, [x]) => [...s].every((c) => str(lib.need(x)).includes(c)));
  m('containsNone', [S], B, (s, [x]) => [...s].every((c) => !str(lib.need(x)).includes(c)));
  m('containsAny', [S], B, (s, [x]) => [...s].some((c) => str(lib.need(x)).includes(c)));
  m('containsWhitespace', [], B, (s) => /\s/.test(s));
  m('startsWith', [S], B, (s, [x]) => s.startsWith(str(lib.need(x))));
  m('startsWithIgnoreCase', [S], B, (s, [x]) =>
    s.toLowerCase().startsWith(str(lib.need(x)).toLowerCase())
  );
  m('endsWith', [S], B, (s, [x]) => s.endsWith(str(lib.need(x))));
  m('endsWithIgnoreCase', [S], B, (s, [x]) =>
    s.toLowerCase().endsWith(str(lib.need(x)).toLowerCase())
  );
  m('equals', [T.Object], B, (s, [x]) => typeof x === 'string' && s === x);
  m('equalsIgnoreCase', [S], B, (s, [x]) => x !== null && s.toLowerCase() === str(x).toLowerCase());
  m('compareTo', [S], I, (s, [x]) => javaCompare(s, str(lib.need(x))));
  m('hashCode', [], I, (s) => javaHash(s));
  const range = (s: string, start: number, end: number) => {
    if (start < 0 || end > s.length || start > end)
      lib.throwApex('StringException', `Ending position out of bounds: ${end}`);
  };
  m('substring', [I], S, (s, [a]) => {
    range(s, a as number, s.length);
    return s.substring(a as number);
  });
  m('substring', [I, I], S, (s, [a, b]) => {
    range(s, a as number, b as number);
    return s.substring(a as number, b as number);
  });
  m('left', [I], S, (s, [n]) => s.slice(0, Math.max(0, n as number)));
  m('right', [I], S, (s, [n]) => ((n as number) <= 0 ? '' : s.slice(-(n as number))));
  m('mid', [I, I], S, (s, [a, n]) => s.substr(Math.max(0, a as number), Math.max(0, n as number)));
  m('leftPad', [I], S, (s, [n]) => s.padStart(n as number, ' '));
  m('leftPad', [I, S], S, (s, [n, p]) => s.padStart(n as number, str(p)));
  m('rightPad', [I], S, (s, [n]) => s.padEnd(n as number, ' '));
  m('rightPad', [I, S], S, (s, [n, p]) => s.padEnd(n as number, str(p)));
  m('indexOf', [S], I, (s, [x]) => s.indexOf(str(lib.need(x))));
  m('indexOf', [S, I], I, (s, [x, from]) => s.indexOf(str(lib.need(x)), from as number));
  m('indexOfIgnoreCase', [S], I, (s, [x]) =>
    s.toLowerCase().indexOf(str(lib.need(x)).toLowerCase())
  );
  m('lastIndexOf', [S], I, (s, [x]) => s.lastIndexOf(str(lib.need(x))));
  m('charAt', [I], I, (s, [i]) => {
    if ((i as number) < 0 || (i as number) >= s.length)
      lib.throwApex('StringException', `Invalid index ${i as number}`);
    return s.charCodeAt(i as number);
  });
  m('getChars', [], listOf(I), (s) =>
    lib.list(
      I,
      [...s].map((c) => c.charCodeAt(0))
    )
  );
  m('split', [S], listOf(S), (s, [re]) => lib.list(S, javaSplit(s, str(lib.need(re)), 0)));
  m('split', [S, I], listOf(S), (s, [re, limit]) =>
    lib.list(S, javaSplit(s, str(lib.need(re)), limit as number))
  );
  m('replace', [S, S], S, (s, [a, b]) => s.split(str(lib.need(a))).join(str(lib.need(b))));
  m('replaceAll', [S, S], S, (s, [re, by]) =>
    s.replace(javaRegex(str(lib.need(re)), 'g'), javaReplacement(str(lib.need(by))))
  );
  m('replaceFirst', [S, S], S, (s, [re, by]) =>
    s.replace(javaRegex(str(lib.need(re)), ''), javaReplacement(str(lib.need(by))))
  );
  m('repeat', [I], S, (s, [n]) => s.repeat(n as number));
  m('repeat', [S, I], S, (s, [sep, n]) => new Array<string>(n as number).fill(s).join(str(sep)));
  m('reverse', [], S, (s) => [...s].reverse().join(''));
  m('capitalize', [], S, (s) => s.charAt(0).toUpperCase() + s.slice(1));
  m('uncapitalize', [], S, (s) => s.charAt(0).toLowerCase() + s.slice(1));
  m('isNumeric', [], B, (s) => /^[0-9]+$/.test(s));
  m('isAlpha', [], B, (s) => /^[A-Za-z]+$/.test(s));
  m('isAlphanumeric', [], B, (s) => /^[A-Za-z0-9]+$/.test(s));
  m('isAllUpperCase', [], B, (s) => s.length > 0 && s === s.toUpperCase() && /[A-Z]/.test(s));
  m('isAllLowerCase', [], B, (s) => s.length > 0 && s === s.toLowerCase() && /[a-z]/.test(s));
  m('removeStart', [S], S, (s, [x]) =>
    x !== null && s.startsWith(str(x)) ? s.slice(str(x).length) : s
  );
  m('removeEnd', [S], S, (s, [x]) =>
    x !== null && s.endsWith(str(x)) ? s.slice(0, s.length - str(x).length) : s
  );
  m('substringBefore', [S], S, (s, [x]) =>
    s.indexOf(str(x)) < 0 ? s : s.slice(0, s.indexOf(str(x)))
  );
  m('substringAfter', [S], S, (s, [x]) =>
    s.indexOf(str(x)) < 0 ? '' : s.slice(s.indexOf(str(x)) + str(x).length)
  );
  m('substringBetween', [S, S], S, (s, [a, b]) => {
    const i = s.indexOf(str(a));
    if (i < 0) return null;
    const j = s.indexOf(str(b), i + str(a).length);
    return j < 0 ? null : s.slice(i + str(a).length, j);
  });
  m('abbreviate', [I], S, (s, [n]) =>
    s.length <= (n as number) ? s : `${s.slice(0, (n as number) - 3)}...`
  );
  m('countMatches', [S], I, (s, [x]) => (str(x).length === 0 ? 0 : s.split(str(x)).length - 1));
  m('escapeJava', [], S, (s) => JSON.stringify(s).slice(1, -1));
  m('toString', [], S, (s) => s);

  installNumbers(lib);
}

function installNumbers(lib: Lib): void {
  const S = T.String;
  const parseInteger = (text: string, type: string) => {
    if (!/^[+-]?\d+$/.test(text.trim()) || text.trim() !== text)
      lib.throwApex('TypeException', `Invalid ${type}: ${text}`);
    return BigInt(text);
  };
  const integer = lib.platform.primitive('Integer');
  integer.addStatic('valueOf', [S], T.Integer, (_s, [v]) => {
    if (v === null) return null;
    const n = parseInteger(v as string, 'integer');
    if (n > 2147483647n || n < -2147483648n)
      lib.throwApex('TypeException', `Invalid integer: ${v as string}`);
    return Number(n);
  });
  integer.addStatic('valueOf', [T.Object], T.Integer, (_s, [v]) =>
    v === null
      ? null
      : typeof v === 'number'
        ? v
        : lib.throwApex(
            'TypeException',
            `Invalid conversion from runtime type ${lib.str(v)} to Integer`
          )
  );
  integer.addMethod('format', [], S, (self) => (self as number).toLocaleString('en-US'));
  const long = lib.platform.primitive('Long');
  long.addStatic('valueOf', [S], T.Long, (_s, [v]) => {
    if (v === null) return null;
    const n = parseInteger(v as string, 'long');
    if (n > 9223372036854775807n || n < -9223372036854775808n)
      lib.throwApex('TypeException', `Invalid long: ${v as string}`);
    return n;
  });
  long.addMethod('intValue', [], T.Integer, (self) => convertNumber(self, 'Integer'));
  long.addMethod('format', [], S, (self) => (self as bigint).toLocaleString('en-US'));
  const decimal = lib.platform.primitive('Decimal');
  decimal.addStatic('valueOf', [S], T.Decimal, (_s, [v]) => {
    if (v === null) return null;
    try {
      return ApexDecimal.fromString(v as string);
    } catch (error) {
      if (error instanceof DecimalFormatError)
        lib.throwApex('TypeException', `Invalid decimal: ${v as string}`);
      throw error;
    }
  });
  decimal.addStatic('valueOf', [T.Double], T.Decimal, (_s, [v]) =>
    v === null ? null : ApexDecimal.fromDouble((v as ApexDouble).v)
  );
  decimal.addStatic('valueOf', [T.Long], T.Decimal, (_s, [v]) =>
    v === null ? null : ApexDecimal.fromBigInt(v as bigint)
  );
  decimal.addMethod('scale', [], T.Integer, (self) => (self as ApexDecimal).scale());
  decimal.addMethod('intValue', [], T.Integer, (self) => (self as ApexDecimal).intValue());
  decimal.addMethod('longValue', [], T.Long, (self) => (self as ApexDecimal).longValue());
  decimal.addMethod(
    'doubleValue',
    [],
    T.Double,
    (self) => new ApexDouble((self as ApexDecimal).doubleValue())
  );
  decimal.addMethod('setScale', [T.Integer], T.Decimal, (self, [n]) =>
    (self as ApexDecimal).setScale(n as number)
  );
  decimal.addMethod('stripTrailingZeros', [], T.Decimal, (self) =>
    (self as ApexDecimal).stripTrailingZeros()
  );
  decimal.addMethod('toPlainString', [], S, (self) => (self as ApexDecimal).toPlainString());
  decimal.addMethod('format', [], S, (self) => (self as ApexDecimal).format());
  decimal.addMethod('abs', [], T.Decimal, (self) => (self as ApexDecimal).abs());
  const double = lib.platform.primitive('Double');
  double.addStatic('valueOf', [S], T.Double, (_s, [v]) => {
    if (v === null) return null;
    const n = Number(v as string);
    if (Number.isNaN(n) || (v as string).trim() === '')
      lib.throwApex('TypeException', `Invalid double: ${v as string}`);
    return new ApexDouble(n);
  });
  double.addMethod('intValue', [], T.Integer, (self) => convertNumber(self, 'Integer'));
  double.addMethod('format', [], S, (self) => doubleToString((self as ApexDouble).v));
  const boolean = lib.platform.primitive('Boolean');
  boolean.addStatic(
    'valueOf',
    [S],
    T.Boolean,
    (_s, [v]) => v !== null && (v as string).toLowerCase() === 'true'
  );
  const id = lib.platform.primitive('Id');
  id.addStatic('valueOf', [S], T.Id, (_s, [v]) => toIdOrThrow(v, lib.rt));
  id.addMethod('to15', [], S, (self) => (self as string).slice(0, 15));
  const blob = lib.platform.primitive('Blob');
  blob.addStatic(
    'valueOf',
    [S],
    T.Blob,
    (_s, [v]) => new ApexBlob(new TextEncoder().encode(lib.need(v) as string))
  );
  blob.addMethod('size', [], T.Integer, (self) => (self as ApexBlob).bytes.length);
  blob.addMethod('toString', [], S, (self) => new TextDecoder().decode((self as ApexBlob).bytes));
  void setOf;
}

/** Java's String.compareTo: by UTF-16 code unit, then by length. */
function javaCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** Java's String.hashCode, which Apex uses for strings. */
export function javaHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** Java's String.split: a regex, trailing empty strings removed when limit is 0. */
function javaSplit(s: string, regex: string, limit: number): string[] {
  if (s.length === 0) return [''];
  const re = javaRegex(regex, 'g');
  const parts: string[] = [];
  let last = 0;
  for (const match of s.matchAll(re)) {
    if (limit > 0 && parts.length === limit - 1) break;
    if (match[0].length === 0 && (match.index === 0 || match.index === last)) {
      if (match.index === 0) continue;
    }
    if (match.index === 0 && match[0].length > 0 && parts.length === 0 && last === 0) {
      parts.push('');
      last = match[0].length;
      continue;
    }
    parts.push(s.slice(last, match.index));
    last = match.index + match[0].length;
  }
  parts.push(s.slice(last));
  if (limit === 0) {
    while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  }
  return parts;
}

/** Java replacement strings use `$1` like JavaScript, and `\$` for a literal dollar. */
function javaReplacement(by: string): string {
  return by.replace(/\\\$/g, '$$$$').replace(/\\\\/g, '\\');
}

/** String.format: `{0}` placeholders, `''` for a quote, as java.text.MessageFormat reads them. */
function formatMessage(pattern: string, args: unknown[], lib: Lib): string {
  return pattern.replace(
    /'([^']*)'|\{(\d+)\}/g,
    (whole, quoted: string | undefined, index: string | undefined) => {
      if (quoted !== undefined) return quoted === '' ? "'" : quoted;
      const i = Number(index);
      return i < args.length ? lib.str(args[i]) : whole;
    }
  );
}
