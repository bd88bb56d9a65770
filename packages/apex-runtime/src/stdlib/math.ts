/** Math, Pattern and Matcher, EncodingUtil and Crypto. */
import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import { isNumber, toDouble } from '../interpreter/semantics.ts';
import { NativeClass, T, listOf } from '../interpreter/types.ts';
import { ApexBlob, ApexDouble } from '../interpreter/values.ts';
import { ApexDecimal } from '../values/decimal.ts';
import type { Lib } from './lib.ts';
import { javaRegex } from './regex.ts';

export function installMath(lib: Lib): void {
  const math = lib.platform.addNative(new NativeClass('Math'), 'System');
  const I = T.Integer;
  const L = T.Long;
  const D = T.Double;
  const N = T.Decimal;
  math.addStatic('mod', [I, I], I, (_s, [a, b]) => {
    if ((lib.need(b) as number) === 0) lib.throwApex('MathException', 'Divide by 0');
    return ((lib.need(a) as number) % (b as number)) | 0;
  });
  math.addStatic('mod', [L, L], L, (_s, [a, b]) => {
    if ((lib.need(b) as bigint) === 0n) lib.throwApex('MathException', 'Divide by 0');
    return (lib.need(a) as bigint) % (b as bigint);
  });
  for (const [name, fn] of [
    ['max', Math.max],
    ['min', Math.min]
  ] as const) {
    math.addStatic(name, [I, I], I, (_s, [a, b]) =>
      fn(lib.need(a) as number, lib.need(b) as number)
    );
    math.addStatic(name, [L, L], L, (_s, [a, b]) =>
      (name === 'max') === (lib.need(a) as bigint) > (lib.need(b) as bigint) ? a : b
    );
    math.addStatic(
      name,
      [D, D],
      D,
      (_s, [a, b]) => new ApexDouble(fn(toDouble(lib.need(a)), toDouble(lib.need(b))))
    );
    math.addStatic(name, [N, N], N, (_s, [a, b]) =>
      (lib.need(a) as ApexDecimal).compareTo(lib.need(b) as ApexDecimal) >= 0 === (name === 'max')
        ? a
        : b
    );
  }
  math.addStatic('abs', [I], I, (_s, [a]) => Math.abs(lib.need(a) as number) | 0);
  math.addStatic('abs', [L], L, (_s, [a]) => ((lib.need(a) as bigint) < 0n ? -(a as bigint) : a));
  math.addStatic('abs', [D], D, (_s, [a]) => new ApexDouble(Math.abs(toDouble(lib.need(a)))));
  math.addStatic('abs', [N], N, (_s, [a]) => (lib.need(a) as ApexDecimal).abs());
  const doubleFn = (name: string, fn: (x: number) => number) =>
    math.addStatic(name, [D], D, (_s, [a]) => new ApexDouble(fn(toDouble(lib.need(a)))));
  doubleFn('sqrt', Math.sqrt);
  doubleFn('floor', Math.floor);
  doubleFn('ceil', Math.ceil);
  doubleFn('exp', Math.exp);
  doubleFn('log', Math.log);
  doubleFn('log10', Math.log10);
  math.addStatic(
    'pow',
    [D, D],
    D,
    (_s, [a, b]) => new ApexDouble(Math.pow(toDouble(lib.need(a)), toDouble(lib.need(b))))
  );
  math.addStatic('random', [], D, () => new ApexDouble(Math.random()));
  // Math.round rounds half up (toward positive infinity on ties), like Java.
  math.addStatic('round', [D], I, (_s, [a]) => Math.floor(toDouble(lib.need(a)) + 0.5) | 0);
  math.addStatic('round', [N], I, (_s, [a]) => Number((lib.need(a) as ApexDecimal).round()) | 0);
  math.addStatic('roundToLong', [D], L, (_s, [a]) =>
    BigInt(Math.floor(toDouble(lib.need(a)) + 0.5))
  );
  math.addStatic('roundToLong', [N], L, (_s, [a]) => (lib.need(a) as ApexDecimal).round());
  void isNumber;

  installPattern(lib);
  installEncoding(lib);
}

class PatternValue {
  readonly apexTypeName = 'Pattern';
  constructor(readonly source: string) {}
}

class MatcherValue {
  readonly apexTypeName = 'Matcher';
  match: RegExpExecArray | null = null;
  position = 0;
  constructor(
    readonly pattern: PatternValue,
    readonly input: string
  ) {}
}

function installPattern(lib: Lib): void {
  const S = T.String;
  const pattern = lib.platform.addNative(
    new NativeClass('Pattern', (v) => v instanceof PatternValue),
    'System'
  );
  const matcher = lib.platform.addNative(
    new NativeClass('Matcher', (v) => v instanceof MatcherValue),
    'System'
  );
  const full = (source: string) => javaRegex(`^(?:${source})$`, '');
  pattern.addStatic('compile', [S], pattern.type, (_s, [re]) => {
    const source = lib.need(re) as string;
    javaRegex(source, '');
    return new PatternValue(source);
  });
  pattern.addStatic('matches', [S, S], T.Boolean, (_s, [re, input]) =>
    full(lib.need(re) as string).test(lib.need(input) as string)
  );
  pattern.addStatic('quote', [S], S, (_s, [v]) =>
    (lib.need(v) as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  );
  pattern.addMethod(
    'matcher',
    [S],
    matcher.type,
    (self, [input]) => new MatcherValue(self as PatternValue, lib.need(input) as string)
  );
  pattern.addMethod('pattern', [], S, (self) => (self as PatternValue).source);
  pattern.addMethod('split', [S], listOf(S), (self, [input]) =>
    lib.list(S, (lib.need(input) as string).split(javaRegex((self as PatternValue).source, 'g')))
  );

  const M = (self: unknown) => self as MatcherValue;
  const current = (m: MatcherValue) =>
    m.match ?? lib.throwApex('StringException', 'No match found');
  matcher.addMethod('matches', [], T.Boolean, (self) => {
    const m = M(self);
    m.match = full(m.pattern.source).exec(m.input);
    return m.match !== null;
  });
  matcher.addMethod('find', [], T.Boolean, (self) => {
    const m = M(self);
    const re = javaRegex(m.pattern.source, 'g');
    re.lastIndex = m.position;
    m.match = re.exec(m.input);
    if (m.match) m.position = m.match.index + Math.max(1, m.match[0].length);
    return m.match !== null;
  });
  matcher.addMethod('lookingAt', [], T.Boolean, (self) => {
    const m = M(self);
    m.match = javaRegex(`^(?:${m.pattern.source})`, '').exec(m.input);
    return m.match !== null;
  });
  matcher.addMethod('group', [], S, (self) => current(M(self))[0]);
  matcher.addMethod('group', [T.Integer], S, (self, [i]) => {
    const match = current(M(self));
    if ((i as number) < 0 || (i as number) >= match.length)
      lib.throwApex('StringException', `No group ${i as number}`);
    return match[i as number] ?? null;
  });
  matcher.addMethod(
    'groupCount',
    [],
    T.Integer,
    (self) => new RegExp(`${javaRegex(M(self).pattern.source, '').source}|`).exec('')!.length - 1
  );
  matcher.addMethod('start', [], T.Integer, (self) => current(M(self)).index);
  matcher.addMethod(
    'end',
    [],
    T.Integer,
    (self) => current(M(self)).index + current(M(self))[0].length
  );
}

function installEncoding(lib: Lib): void {
  const S = T.String;
  const B = T.Blob;
  const bytes = (b: unknown) => (lib.need(b) as ApexBlob).bytes;
  const encoding = lib.platform.addNative(new NativeClass('EncodingUtil'), 'System');
  encoding.addStatic('convertToHex', [B], S, (_s, [b]) => Buffer.from(bytes(b)).toString('hex'));
  encoding.addStatic('convertFromHex', [S], B, (_s, [h]) => {
    const text = lib.need(h) as string;
    if (!/^([0-9a-fA-F]{2})*$/.test(text))
      lib.throwApex('InvalidParameterValueException', `Invalid hex string: ${text}`);
    return new ApexBlob(new Uint8Array(Buffer.from(text, 'hex')));
  });
  encoding.addStatic('base64Encode', [B], S, (_s, [b]) => Buffer.from(bytes(b)).toString('base64'));
  encoding.addStatic(
    'base64Decode',
    [S],
    B,
    (_s, [t]) => new ApexBlob(new Uint8Array(Buffer.from(lib.need(t) as string, 'base64')))
  );
  encoding.addStatic('urlEncode', [S, S], S, (_s, [t]) =>
    encodeURIComponent(lib.need(t) as string)
      .replace(/%20/g, '+')
      .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  );
  encoding.addStatic('urlDecode', [S, S], S, (_s, [t]) =>
    decodeURIComponent((lib.need(t) as string).replace(/\+/g, ' '))
  );

  const crypto = lib.platform.addNative(new NativeClass('Crypto'), 'System');
  crypto.addStatic('generateAesKey', [T.Integer], B, (_s, [size]) => {
    if (![128, 192, 256].includes(size as number))
      lib.throwApex('InvalidParameterValueException', `Invalid AES key size: ${size as number}`);
    return new ApexBlob(new Uint8Array(randomBytes((size as number) / 8)));
  });
  crypto.addStatic('getRandomInteger', [], T.Integer, () => randomBytes(4).readInt32BE(0));
  crypto.addStatic('getRandomLong', [], T.Long, () => randomBytes(8).readBigInt64BE(0));
  const digests: Record<string, string> = {
    md5: 'md5',
    sha1: 'sha1',
    sha256: 'sha256',
    sha512: 'sha512',
    'sha-256': 'sha256',
    'sha-512': 'sha512',
    'sha-1': 'sha1'
  };
  crypto.addStatic('generateDigest', [S, B], B, (_s, [algo, b]) => {
    const name =
      digests[(lib.need(algo) as string).toLowerCase()] ??
      lib.throwApex('InvalidParameterValueException', `Invalid algorithm: ${algo as string}`);
    return new ApexBlob(new Uint8Array(createHash(name).update(bytes(b)).digest()));
  });
  const macs: Record<string, string> = {
    hmacmd5: 'md5',
    hmacsha1: 'sha1',
    hmacsha256: 'sha256',
    hmacsha512: 'sha512'
  };
  crypto.addStatic('generateMac', [S, B, B], B, (_s, [algo, input, key]) => {
    const name =
      macs[(lib.need(algo) as string).toLowerCase()] ??
      lib.throwApex('InvalidParameterValueException', `Invalid algorithm: ${algo as string}`);
    return new ApexBlob(new Uint8Array(createHmac(name, bytes(key)).update(bytes(input)).digest()));
  });
  void randomInt;
}
