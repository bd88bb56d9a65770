/**
 * Methods of the primitive types other than String (Apex Reference Guide: Integer, Long, Double,
 * Decimal, Boolean, Id and Blob Classes) and the System.RoundingMode enum Decimal uses.
 */
import { toIdOrThrow } from '../interpreter/conversions.ts';
import { UnsupportedError } from '../interpreter/errors.ts';
import { convertNumber, isNumber } from '../interpreter/semantics.ts';
import { NativeClass, T, type TypeInfo } from '../interpreter/types.ts';
import { ApexBlob, ApexDouble, ApexEnumValue, runtimeTypeName } from '../interpreter/values.ts';
import {
  ApexDecimal,
  DecimalArithmeticError,
  DecimalFormatError,
  RoundingMode
} from '../values/decimal.ts';
import type { Lib } from './lib.ts';

const S = T.String;

export function installNumbers(lib: Lib): void {
  installInteger(lib);
  installDouble(lib);
  installDecimal(lib, installRoundingMode(lib));
  installOthers(lib);
}

/** Groups thousands with commas, as the en_US locale of the test user formats numbers. */
function groupThousands(digits: string): string {
  const sign = digits.startsWith('-') ? '-' : '';
  const body = sign ? digits.slice(1) : digits;
  return sign + body.replace(/\B(?=(\d{3})+$)/g, ',');
}

/** `(Integer) obj`-style failure, as the Object overloads of valueOf raise it. */
function invalidConversion(lib: Lib, v: unknown, to: string): never {
  return lib.throwApex(
    'TypeException',
    `Invalid conversion from runtime type ${runtimeTypeName(v)} to ${to}`
  );
}

/** Integer.parseInt / Long.parseLong: an optional sign and ASCII digits, nothing else. */
function parseWhole(lib: Lib, text: string, kind: 'integer' | 'long'): bigint {
  const min = kind === 'integer' ? -2147483648n : -9223372036854775808n;
  const max = kind === 'integer' ? 2147483647n : 9223372036854775807n;
  const n = /^[+-]?\d+$/.test(text) ? BigInt(text) : null;
  if (n === null || n < min || n > max) lib.throwApex('TypeException', `Invalid ${kind}: ${text}`);
  return n;
}

function installInteger(lib: Lib): void {
  const integer = lib.platform.primitive('Integer');
  integer.addStatic('valueOf', [S], T.Integer, (_s, [v]) =>
    v === null ? null : Number(parseWhole(lib, v as string, 'integer'))
  );
  // History field values arrive as Object; numbers convert like a cast, text is parsed.
  integer.addStatic('valueOf', [T.Object], T.Integer, (_s, [v]) => {
    if (v === null) return null;
    if (typeof v === 'string') return Number(parseWhole(lib, v, 'integer'));
    return isNumber(v) ? convertNumber(v, 'Integer') : invalidConversion(lib, v, 'Integer');
  });
  integer.addMethod('format', [], S, (self) => groupThousands(String(self)));

  const long = lib.platform.primitive('Long');
  long.addStatic('valueOf', [S], T.Long, (_s, [v]) =>
    v === null ? null : parseWhole(lib, v as string, 'long')
  );
  long.addMethod('intValue', [], T.Integer, (self) => convertNumber(self, 'Integer'));
  long.addMethod('format', [], S, (self) => groupThousands(String(self)));
}

/** Double.parseDouble's decimal grammar (surrounding control chars and spaces are ignored). */
const JAVA_DOUBLE = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/;

function parseDouble(lib: Lib, text: string): ApexDouble {
  const trimmed = text.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '');
  if (/^[+-]?0[xX]/.test(trimmed)) throw new UnsupportedError(`Double.valueOf of hex ${text}`);
  if (!JAVA_DOUBLE.test(trimmed)) lib.throwApex('TypeException', `Invalid double: ${text}`);
  return new ApexDouble(Number(trimmed.replace(/[fFdD]$/, '')));
}

/** Math.round(double) as a Long: half up, NaN is 0, out-of-range values saturate. */
function roundToLong(d: number): bigint {
  if (Number.isNaN(d)) return 0n;
  const r = Math.round(d);
  if (r >= 9223372036854775807) return 9223372036854775807n;
  if (r <= -9223372036854775808) return -9223372036854775808n;
  return BigInt(r);
}

function installDouble(lib: Lib): void {
  const double = lib.platform.primitive('Double');
  const D = (self: unknown) => (self as ApexDouble).v;
  double.addStatic('valueOf', [S], T.Double, (_s, [v]) =>
    v === null ? null : parseDouble(lib, v as string)
  );
  double.addStatic('valueOf', [T.Object], T.Double, (_s, [v]) => {
    if (v === null) return null;
    if (typeof v === 'string') return parseDouble(lib, v);
    return isNumber(v) ? convertNumber(v, 'Double') : invalidConversion(lib, v, 'Double');
  });
  double.addMethod('intValue', [], T.Integer, (self) => convertNumber(self, 'Integer'));
  double.addMethod('longValue', [], T.Long, (self) => convertNumber(self, 'Long'));
  double.addMethod('round', [], T.Long, (self) => roundToLong(D(self)));
  // Like Decimal.format: the en_US NumberFormat, at most three fraction digits, half-even.
  double.addMethod('format', [], S, (self) => {
    if (!Number.isFinite(D(self))) throw new UnsupportedError(`Double.format() of ${D(self)}`);
    return ApexDecimal.fromDouble(D(self)).format();
  });
}

/** Java's RoundingMode order, which `ordinal()` and `values()` follow. */
const ROUNDING_MODES = [
  RoundingMode.UP,
  RoundingMode.DOWN,
  RoundingMode.CEILING,
  RoundingMode.FLOOR,
  RoundingMode.HALF_UP,
  RoundingMode.HALF_DOWN,
  RoundingMode.HALF_EVEN,
  RoundingMode.UNNECESSARY
];

const ROUNDING_MODE_TYPE = 'System.RoundingMode';

/** System.RoundingMode as a platform enum: constants, values(), valueOf(), name(), ordinal(). */
function installRoundingMode(lib: Lib): RoundingModes {
  const values = ROUNDING_MODES.map((m, i) => new ApexEnumValue(ROUNDING_MODE_TYPE, m, i));
  const isMode = (v: unknown) => v instanceof ApexEnumValue && v.enumType === ROUNDING_MODE_TYPE;
  const native = lib.platform.addNative(new NativeClass('RoundingMode', isMode), 'System');
  for (const v of values)
    native.staticProps.set(v.name.toLowerCase(), { type: native.type, get: () => v });
  native.addStatic('values', [], { kind: 'list', elem: native.type }, () =>
    lib.list(native.type, [...values])
  );
  native.addStatic('valueOf', [S], native.type, (_s, [name]) => {
    const found = values.find((v) => v.name === name);
    return (
      found ??
      lib.throwApex(
        'NoSuchElementException',
        `No enum constant ${ROUNDING_MODE_TYPE}.${String(name)}`
      )
    );
  });
  native.addMethod('name', [], S, (self) => (self as ApexEnumValue).name);
  native.addMethod('ordinal', [], T.Integer, (self) => (self as ApexEnumValue).ordinal);
  native.addMethod('equals', [T.Object], T.Boolean, (self, [o]) => self === o);
  native.addMethod('hashCode', [], T.Integer, (self) => (self as ApexEnumValue).ordinal);
  native.addMethod('toString', [], S, (self) => (self as ApexEnumValue).name);
  return {
    type: native.type,
    mode: (v) =>
      v === null
        ? lib.throwApex('NullPointerException', 'Argument cannot be null.')
        : ((v as ApexEnumValue).name as RoundingMode)
  };
}

interface RoundingModes {
  type: TypeInfo;
  /** The decimal.ts rounding mode of an Apex RoundingMode value. */
  mode: (v: unknown) => RoundingMode;
}

/** Runs a Decimal operation, turning its arithmetic failures into Apex MathExceptions. */
function math<R>(lib: Lib, fn: () => R): R {
  try {
    return fn();
  } catch (error) {
    if (error instanceof DecimalArithmeticError) lib.throwApex('MathException', error.message);
    throw error;
  }
}

function installDecimal(lib: Lib, { type: RM, mode }: RoundingModes): void {
  const N = T.Decimal;
  const I = T.Integer;
  const decimal = lib.platform.primitive('Decimal');
  const d = (self: unknown) => self as ApexDecimal;
  const need = <V>(v: V | null): V =>
    v === null ? lib.throwApex('NullPointerException', 'Argument cannot be null.') : v;
  decimal.addStatic('valueOf', [S], N, (_s, [v]) => {
    if (v === null) return null;
    try {
      return ApexDecimal.fromString(v as string);
    } catch (error) {
      if (error instanceof DecimalFormatError)
        lib.throwApex('TypeException', `Invalid decimal: ${v as string}`);
      throw error;
    }
  });
  // Registered before valueOf(Double) so that an Integer argument, which widens to both, takes
  // the closer Long overload and keeps scale 0 (Decimal.valueOf(5) is 5, not 5.0).
  decimal.addStatic('valueOf', [T.Long], N, (_s, [v]) =>
    v === null ? null : ApexDecimal.fromBigInt(v as bigint)
  );
  decimal.addStatic('valueOf', [T.Double], N, (_s, [v]) => {
    if (v === null) return null;
    if (!Number.isFinite((v as ApexDouble).v))
      throw new UnsupportedError(`Decimal.valueOf(Double) of ${(v as ApexDouble).v}`);
    return ApexDecimal.fromDouble((v as ApexDouble).v);
  });
  decimal.addMethod('abs', [], N, (self) => d(self).abs());
  decimal.addMethod('divide', [N, I], N, (self, [by, scale]) =>
    math(lib, () => d(self).divide(need(by) as ApexDecimal, need(scale) as number))
  );
  decimal.addMethod('divide', [N, I, RM], N, (self, [by, scale, m]) =>
    math(lib, () => d(self).divide(need(by) as ApexDecimal, need(scale) as number, mode(m)))
  );
  decimal.addMethod('doubleValue', [], T.Double, (self) => new ApexDouble(d(self).doubleValue()));
  decimal.addMethod('format', [], S, (self) => d(self).format());
  decimal.addMethod('intValue', [], I, (self) => d(self).intValue());
  decimal.addMethod('longValue', [], T.Long, (self) => d(self).longValue());
  decimal.addMethod('pow', [I], N, (self, [n]) => math(lib, () => d(self).pow(need(n) as number)));
  decimal.addMethod('precision', [], I, (self) => d(self).precision());
  decimal.addMethod('round', [], T.Long, (self) => d(self).round());
  decimal.addMethod('round', [RM], T.Long, (self, [m]) => math(lib, () => d(self).round(mode(m))));
  decimal.addMethod('scale', [], I, (self) => d(self).scale());
  decimal.addMethod('setScale', [I], N, (self, [n]) =>
    math(lib, () => d(self).setScale(need(n) as number))
  );
  decimal.addMethod('setScale', [I, RM], N, (self, [n, m]) =>
    math(lib, () => d(self).setScale(need(n) as number, mode(m)))
  );
  decimal.addMethod('stripTrailingZeros', [], N, (self) => d(self).stripTrailingZeros());
  decimal.addMethod('toPlainString', [], S, (self) => d(self).toPlainString());
}

function installOthers(lib: Lib): void {
  const boolean = lib.platform.primitive('Boolean');
  // "If the specified argument is null, this method throws an exception" (Boolean Class).
  boolean.addStatic('valueOf', [S], T.Boolean, (_s, [v]) =>
    v === null
      ? lib.throwApex('NullPointerException', 'Argument cannot be null.')
      : (v as string).toLowerCase() === 'true'
  );
  boolean.addStatic('valueOf', [T.Object], T.Boolean, (_s, [v]) => {
    if (v === null || typeof v === 'boolean') return v;
    if (typeof v === 'string') return v.toLowerCase() === 'true';
    return invalidConversion(lib, v, 'Boolean');
  });

  const id = lib.platform.primitive('Id');
  id.addStatic('valueOf', [S], T.Id, (_s, [v]) => toIdOrThrow(v, lib.rt));
  id.addMethod('to15', [], S, (self) => (self as string).slice(0, 15));
  id.addMethod('getSObjectType', [], T.Object, () => {
    throw new UnsupportedError('Id.getSObjectType()');
  });
  id.addMethod('addError', [T.Object], T.Void, () => {
    throw new UnsupportedError('Id.addError(Object)');
  });

  const blob = lib.platform.primitive('Blob');
  blob.addStatic('valueOf', [S], T.Blob, (_s, [v]) =>
    v === null
      ? lib.throwApex('NullPointerException', 'Argument cannot be null.')
      : new ApexBlob(new TextEncoder().encode(v as string))
  );
  blob.addStatic('toPdf', [S], T.Blob, () => {
    throw new UnsupportedError('Blob.toPdf(String)');
  });
  blob.addMethod('size', [], T.Integer, (self) => (self as ApexBlob).bytes.length);
  blob.addMethod('toString', [], S, (self) => {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode((self as ApexBlob).bytes);
    } catch {
      return lib.throwApex('StringException', 'BLOB is not a valid UTF-8 string');
    }
  });
}
