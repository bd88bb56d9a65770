/**
 * System.Math (Apex Reference: Math Class), plus the installers of Pattern/Matcher (pattern.ts)
 * and EncodingUtil/Crypto (crypto.ts). Each function has the documented overloads: Double ones
 * compute in IEEE doubles like Java's Math, Decimal ones return Decimals, Integer and Long ones
 * stay exact. Overloads are declared Double before Decimal so an Integer argument, which widens
 * to both, resolves to the Double one.
 */
import { UnsupportedError } from '../interpreter/errors.ts';
import { toDouble } from '../interpreter/semantics.ts';
import { NativeClass, T } from '../interpreter/types.ts';
import { ApexDouble } from '../interpreter/values.ts';
import { ApexDecimal, RoundingMode } from '../values/decimal.ts';
import { installCrypto } from './crypto.ts';
import type { Lib } from './lib.ts';
import { installPattern } from './pattern.ts';

const I = T.Integer;
const L = T.Long;
const D = T.Double;
const N = T.Decimal;

export function installMath(lib: Lib): void {
  const math = lib.platform.addNative(new NativeClass('Math'), 'System');
  installExact(lib, math);
  installTranscendental(lib, math);
  installRounding(lib, math);
  installPattern(lib);
  installCrypto(lib);
}

const dbl = (v: unknown): number => toDouble(v);
const dec = (v: unknown): ApexDecimal => v as ApexDecimal;

/** abs, max, min, mod and signum: exact for every numeric type. */
function installExact(lib: Lib, math: NativeClass): void {
  const need = <V>(v: V) => lib.need(v);
  math.addStatic('abs', [I], I, (_s, [a]) => Math.abs(need(a) as number) | 0);
  math.addStatic('abs', [L], L, (_s, [a]) => ((need(a) as bigint) < 0n ? -(a as bigint) : a));
  math.addStatic('abs', [D], D, (_s, [a]) => new ApexDouble(Math.abs(dbl(need(a)))));
  math.addStatic('abs', [N], N, (_s, [a]) => dec(need(a)).abs());
  for (const isMax of [true, false]) {
    const name = isMax ? 'max' : 'min';
    // Picks one of the two arguments, so a Decimal keeps its scale.
    const pick = <V>(a: V, b: V, cmp: number) => (cmp >= 0 === isMax ? a : b);
    math.addStatic(name, [I, I], I, (_s, [a, b]) =>
      pick(a, b, (need(a) as number) - (need(b) as number))
    );
    math.addStatic(name, [L, L], L, (_s, [a, b]) =>
      pick(a, b, (need(a) as bigint) >= (need(b) as bigint) ? 1 : -1)
    );
    math.addStatic(
      name,
      [D, D],
      D,
      (_s, [a, b]) => new ApexDouble((isMax ? Math.max : Math.min)(dbl(need(a)), dbl(need(b))))
    );
    math.addStatic(name, [N, N], N, (_s, [a, b]) =>
      pick(a, b, dec(need(a)).compareTo(dec(need(b))))
    );
  }
  math.addStatic('mod', [I, I], I, (_s, [a, b]) => {
    if ((need(b) as number) === 0) lib.throwApex('MathException', 'Divide by 0');
    return ((need(a) as number) % (b as number)) | 0;
  });
  math.addStatic('mod', [L, L], L, (_s, [a, b]) => {
    if ((need(b) as bigint) === 0n) lib.throwApex('MathException', 'Divide by 0');
    return (need(a) as bigint) % (b as bigint);
  });
  math.addStatic('signum', [D], D, (_s, [a]) => new ApexDouble(Math.sign(dbl(need(a)))));
  math.addStatic('signum', [N], N, (_s, [a]) => ApexDecimal.fromInteger(dec(need(a)).signum()));
}

/** Functions computed in doubles; the Decimal overload converts in and out. */
function installTranscendental(lib: Lib, math: NativeClass): void {
  const unary: [string, (x: number) => number][] = [
    ['acos', Math.acos],
    ['asin', Math.asin],
    ['atan', Math.atan],
    ['cbrt', Math.cbrt],
    ['cos', Math.cos],
    ['cosh', Math.cosh],
    ['exp', Math.exp],
    ['log', Math.log],
    ['log10', Math.log10],
    ['sin', Math.sin],
    ['sinh', Math.sinh],
    ['sqrt', Math.sqrt],
    ['tan', Math.tan],
    ['tanh', Math.tanh]
  ];
  for (const [name, fn] of unary) {
    math.addStatic(name, [D], D, (_s, [a]) => new ApexDouble(fn(dbl(lib.need(a)))));
    math.addStatic(name, [N], N, (_s, [a]) => toDecimal(name, fn(dbl(lib.need(a)))));
  }
  // atan2 passes its arguments through in order, as Java's Math.atan2(y, x) takes them.
  math.addStatic(
    'atan2',
    [D, D],
    D,
    (_s, [a, b]) => new ApexDouble(Math.atan2(dbl(lib.need(a)), dbl(lib.need(b))))
  );
  math.addStatic('atan2', [N, N], N, (_s, [a, b]) =>
    toDecimal('atan2', Math.atan2(dbl(lib.need(a)), dbl(lib.need(b))))
  );
  math.addStatic(
    'pow',
    [D, D],
    D,
    (_s, [a, b]) => new ApexDouble(Math.pow(dbl(lib.need(a)), dbl(lib.need(b))))
  );
  math.addStatic('random', [], D, () => new ApexDouble(Math.random()));
}

/** A Decimal has no NaN or infinity: a result outside its range is refused. */
function toDecimal(name: string, x: number): ApexDecimal {
  if (!Number.isFinite(x))
    throw new UnsupportedError(`Math.${name}(Decimal) with a result of ${String(x)}`);
  return ApexDecimal.fromDouble(x);
}

/** ceil, floor, rint, round and roundToLong. */
function installRounding(lib: Lib, math: NativeClass): void {
  const modes: [string, (x: number) => number, RoundingMode][] = [
    ['ceil', Math.ceil, RoundingMode.CEILING],
    ['floor', Math.floor, RoundingMode.FLOOR],
    ['rint', rint, RoundingMode.HALF_EVEN]
  ];
  for (const [name, fn, mode] of modes) {
    math.addStatic(name, [D], D, (_s, [a]) => new ApexDouble(fn(dbl(lib.need(a)))));
    math.addStatic(name, [N], N, (_s, [a]) => dec(lib.need(a)).setScale(0, mode));
  }
  // round(Double) is Java's Math.round (floor(x + 0.5)); round(Decimal) rounds half-even (doc).
  const toInteger = (value: number | bigint, what: string): number => {
    if (value < -2147483648 || value > 2147483647)
      throw new UnsupportedError(`${what} with a result beyond the Integer range`);
    return Number(value);
  };
  math.addStatic('round', [D], I, (_s, [a]) =>
    toInteger(javaRound(dbl(lib.need(a))), 'Math.round(Double)')
  );
  math.addStatic('round', [N], I, (_s, [a]) =>
    toInteger(dec(lib.need(a)).round(RoundingMode.HALF_EVEN), 'Math.round(Decimal)')
  );
  math.addStatic('roundToLong', [D], L, (_s, [a]) => {
    const r = javaRound(dbl(lib.need(a)));
    // Java saturates at the Long range.
    if (r >= 2 ** 63) return 2n ** 63n - 1n;
    if (r <= -(2 ** 63)) return -(2n ** 63n);
    return BigInt(r);
  });
  math.addStatic('roundToLong', [N], L, (_s, [a]) =>
    dec(lib.need(a)).round(RoundingMode.HALF_EVEN)
  );
}

/** Java's Math.rint: the nearest integer, ties to even. */
function rint(x: number): number {
  if (!Number.isFinite(x)) return x;
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff < 0.5) return floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Java's Math.round(double) semantics: floor(x + 0.5), with NaN as 0. */
function javaRound(x: number): number {
  if (Number.isNaN(x)) return 0;
  return Math.floor(x + 0.5);
}
