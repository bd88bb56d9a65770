/**
 * Apex `Decimal`: an immutable arbitrary-precision decimal, `unscaled × 10^-scale`, modelled on
 * the `java.math.BigDecimal` that Apex Decimal follows. Every operation keeps BigDecimal's scale
 * rules, because Apex code observes them through `scale()`, `String.valueOf` and string
 * concatenation (`1.10 + 1` prints `2.10`, not `2.1`).
 *
 * Sources (Apex Reference Guide, "Decimal Class" and "Rounding Mode", unless stated):
 * - setScale(scale) rounds half-even; round() rounds half-even to a Long.
 * - pow(exponent): exponent must be between 0 and 32,767; pow(0) returns 1.
 * - format(): en_US example `12345.6789` → `'12,345.679'` (at most three fraction digits).
 * - The `/` operator between Decimals is not specified by Salesforce. Results observed on real orgs
 *   (`1/3` → 0.333… with 33 threes; `1/31` → 0.0322…290323, scale 34) fit BigDecimal division to
 *   33 significant digits rounding half-up; an exact quotient has its zeros stripped down to the
 *   preferred scale a − b (`10.0/4` → 2.5, `6/2` → 3).
 */

/** `System.RoundingMode`; the values are the Apex constant names. */
export enum RoundingMode {
  CEILING = 'CEILING',
  DOWN = 'DOWN',
  FLOOR = 'FLOOR',
  HALF_DOWN = 'HALF_DOWN',
  HALF_EVEN = 'HALF_EVEN',
  HALF_UP = 'HALF_UP',
  UNNECESSARY = 'UNNECESSARY',
  UP = 'UP'
}

/** Text that is not a decimal number (`Decimal.valueOf('abc')`); Apex raises a TypeException. */
export class DecimalFormatError extends Error {
  override name = 'DecimalFormatError';
}

/** Division by zero or needed rounding under UNNECESSARY; Apex raises a MathException. */
export class DecimalArithmeticError extends Error {
  override name = 'DecimalArithmeticError';
}

/** Significant digits kept by the `/` operator between Decimals (see the file comment). */
export const DIVISION_PRECISION = 33;

/** Largest exponent `Decimal.pow` accepts, per the Apex reference. */
export const MAX_POW_EXPONENT = 32767;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Powers of ten up to 10^64 cover the scale gaps ordinary programs produce without allocating. */
const POW10_CACHE: readonly bigint[] = Array.from({ length: 65 }, (_, i) => 10n ** BigInt(i));

function pow10(n: number): bigint {
  return n < POW10_CACHE.length ? POW10_CACHE[n] : 10n ** BigInt(n);
}

function absBig(n: bigint): bigint {
  return n < 0n ? -n : n;
}

function signOf(n: bigint): -1 | 0 | 1 {
  return n > 0n ? 1 : n < 0n ? -1 : 0;
}

/** Decimal digits of |n|; zero has one digit, as in BigDecimal.precision(). */
function digitCount(n: bigint): number {
  return absBig(n).toString().length;
}

/** Scales are Java ints; leaving that range is BigDecimal's "Overflow"/"Underflow". */
function checkScale(scale: number): number {
  if (scale > INT32_MAX) throw new DecimalArithmeticError('Underflow');
  if (scale < INT32_MIN) throw new DecimalArithmeticError('Overflow');
  return scale;
}

/** Whether the quotient, already truncated toward zero, moves one unit away from zero. */
function roundsAway(q: bigint, r: bigint, den: bigint, sign: number, mode: RoundingMode): boolean {
  switch (mode) {
    case RoundingMode.UP:
      return true;
    case RoundingMode.DOWN:
      return false;
    case RoundingMode.CEILING:
      return sign > 0;
    case RoundingMode.FLOOR:
      return sign < 0;
    case RoundingMode.UNNECESSARY:
      throw new DecimalArithmeticError('Rounding necessary');
    default:
      return roundsAwayAtHalf(q, r, den, mode);
  }
}

/** HALF_* modes compare the discarded remainder with half of the divisor. */
function roundsAwayAtHalf(q: bigint, r: bigint, den: bigint, mode: RoundingMode): boolean {
  const twiceRemainder = absBig(r) * 2n;
  const divisor = absBig(den);
  if (twiceRemainder !== divisor) return twiceRemainder > divisor;
  if (mode === RoundingMode.HALF_UP) return true;
  if (mode === RoundingMode.HALF_DOWN) return false;
  return absBig(q) % 2n === 1n;
}

/** num / den rounded to an integer with the given mode (den ≠ 0). */
function divideRounded(num: bigint, den: bigint, mode: RoundingMode): bigint {
  const q = num / den;
  const r = num % den;
  if (r === 0n) return q;
  const sign = signOf(num) * signOf(den);
  return roundsAway(q, r, den, sign, mode) ? q + BigInt(sign) : q;
}

/** Removes trailing zeros while the scale stays above `floor` (BigDecimal's stripping rule). */
function stripZeros(unscaled: bigint, scale: number, floor: number): ApexDecimal {
  let u = unscaled;
  let s = scale;
  while (s > floor && u % 10n === 0n) {
    u /= 10n;
    s -= 1;
  }
  return ApexDecimal.fromUnscaled(u, s);
}

/**
 * a / b rounded to `precision` significant digits: the digits and the power of ten `k` with
 * quotient ≈ digits × 10^-k, and whether no rounding was needed. The first guess for k leaves
 * precision or precision+1 digits.
 */
function quotientDigits(a: bigint, b: bigint, precision: number, mode: RoundingMode) {
  const absA = absBig(a);
  const absB = absBig(b);
  let k = precision - digitCount(absA) + digitCount(absB);
  let num = k > 0 ? absA * pow10(k) : absA;
  let den = k < 0 ? absB * pow10(-k) : absB;
  if (num >= den * pow10(precision)) {
    k -= 1;
    num = k > 0 ? absA * pow10(k) : absA;
    den = k < 0 ? absB * pow10(-k) : absB;
  }
  const negative = a < 0n !== b < 0n;
  const exact = num % den === 0n;
  let digits = absBig(divideRounded(negative ? -num : num, den, mode));
  if (digits === pow10(precision)) {
    // Rounding 99…9 up carried into an extra digit; drop the (zero) last one.
    digits /= 10n;
    k -= 1;
  }
  return { digits: negative ? -digits : digits, k, exact };
}

/** Inserts en_US thousands separators into a string of integer digits. */
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/gu, ',');
}

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/u;

/** Java's Double.toString layout of a finite double (see ApexDecimal.fromDouble). */
function javaDoubleText(d: number): string {
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(d);
  const sign = d < 0 ? '-' : '';
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const plain = String(magnitude);
    return sign + (plain.includes('.') ? plain : `${plain}.0`);
  }
  // Scientific form needs a digit after the point; with only one shortest digit Java prints
  // the closest two-digit decimal (4.9E-324, not 5.0E-324).
  let [mantissa, exponent] = magnitude.toExponential().split('e');
  if (!mantissa.includes('.')) [mantissa, exponent] = magnitude.toExponential(1).split('e');
  return `${sign}${mantissa}E${Number(exponent)}`;
}

export class ApexDecimal {
  static readonly ZERO = new ApexDecimal(0n, 0);
  static readonly ONE = new ApexDecimal(1n, 0);

  /** The value is `unscaled × 10^-scale()`. */
  readonly unscaled: bigint;
  private readonly exponent: number;

  private constructor(unscaled: bigint, scale: number) {
    this.unscaled = unscaled;
    this.exponent = scale;
  }

  /** unscaled × 10^-scale; the scale must be a Java int. */
  static fromUnscaled(unscaled: bigint, scale: number): ApexDecimal {
    if (!Number.isInteger(scale)) throw new RangeError(`Scale must be an integer: ${scale}`);
    return new ApexDecimal(unscaled, checkScale(scale));
  }

  /**
   * Decimal.valueOf(String): "As in Java, the string is interpreted as representing a signed
   * Decimal" (Apex reference), so BigDecimal's grammar applies and the written scale is kept.
   */
  static fromString(text: string): ApexDecimal {
    const m = DECIMAL_TEXT.exec(text);
    const whole = m?.[2] ?? '';
    const fraction = m?.[3] ?? '';
    if (!m || whole.length + fraction.length === 0) {
      throw new DecimalFormatError(`Invalid decimal: ${text}`);
    }
    const exponent = m[4] === undefined ? 0 : Number(m[4]);
    const scale = fraction.length - exponent;
    if (!Number.isSafeInteger(exponent) || scale > INT32_MAX || scale < INT32_MIN) {
      throw new DecimalFormatError(`Invalid decimal: ${text}`);
    }
    const unscaled = BigInt(whole + fraction);
    return new ApexDecimal(m[1] === '-' ? -unscaled : unscaled, scale);
  }

  /** An Integer (or any safe integer) converted exactly, scale 0. */
  static fromInteger(n: number): ApexDecimal {
    if (!Number.isSafeInteger(n)) throw new RangeError(`Not an integer: ${n}`);
    return new ApexDecimal(BigInt(n), 0);
  }

  /** Decimal.valueOf(Long): scale 0. */
  static fromBigInt(n: bigint): ApexDecimal {
    return new ApexDecimal(n, 0);
  }

  /**
   * Decimal.valueOf(Double). The Apex reference: "If the Decimal is created from a non-decimal
   * number, the number is first converted to a String" — Java's Double.toString, so 0.1 → 0.1,
   * 1.0 → 1.0 (scale 1) and 1e10 → 1.0E+10.
   */
  static fromDouble(d: number): ApexDecimal {
    if (!Number.isFinite(d)) throw new DecimalFormatError(`Invalid decimal: ${d}`);
    return ApexDecimal.fromString(javaDoubleText(d));
  }

  scale(): number {
    return this.exponent;
  }

  /** -1, 0 or 1. */
  signum(): -1 | 0 | 1 {
    return signOf(this.unscaled);
  }

  /** Digits in the unscaled value (BigDecimal.precision): 123.45 → 5, 0.01 → 1, 0 → 1. */
  precision(): number {
    return digitCount(this.unscaled);
  }

  /** Scale max(a, b), exact. */
  add(other: ApexDecimal): ApexDecimal {
    const s = this.exponent;
    const t = other.exponent;
    if (s === t) return new ApexDecimal(this.unscaled + other.unscaled, s);
    if (s > t) return new ApexDecimal(this.unscaled + other.unscaled * pow10(s - t), s);
    return new ApexDecimal(this.unscaled * pow10(t - s) + other.unscaled, t);
  }

  /** Scale max(a, b), exact. */
  subtract(other: ApexDecimal): ApexDecimal {
    return this.add(other.negate());
  }

  /** Scale a + b, exact. */
  multiply(other: ApexDecimal): ApexDecimal {
    return new ApexDecimal(
      this.unscaled * other.unscaled,
      checkScale(this.exponent + other.exponent)
    );
  }

  /** The `/` operator: 33 significant digits, HALF_UP; an exact quotient keeps scale a − b. */
  divideOperator(divisor: ApexDecimal): ApexDecimal {
    if (divisor.unscaled === 0n) throw new DecimalArithmeticError('Divide by 0');
    const preferred = this.exponent - divisor.exponent;
    if (this.unscaled === 0n) return ApexDecimal.fromUnscaled(0n, clampInt(preferred));
    const { digits, k, exact } = quotientDigits(
      this.unscaled,
      divisor.unscaled,
      DIVISION_PRECISION,
      RoundingMode.HALF_UP
    );
    // Like BigDecimal, only an exact quotient loses its padding zeros; a rounded one keeps all
    // of its digits even when the last is 0.
    return exact
      ? stripZeros(digits, preferred + k, preferred)
      : ApexDecimal.fromUnscaled(digits, preferred + k);
  }

  /**
   * Decimal.divide(divisor, scale[, roundingMode]): the quotient at exactly `scale` places.
   * Salesforce does not document the two-argument form's rounding; HALF_UP is assumed. Without
   * a scale this is the `/` operator.
   */
  divide(divisor: ApexDecimal): ApexDecimal;
  divide(divisor: ApexDecimal, scale: number, mode?: RoundingMode): ApexDecimal;
  divide(divisor: ApexDecimal, scale?: number, mode = RoundingMode.HALF_UP): ApexDecimal {
    if (scale === undefined) return this.divideOperator(divisor);
    if (divisor.unscaled === 0n) throw new DecimalArithmeticError('Divide by 0');
    const shift = scale - this.exponent + divisor.exponent;
    const num = shift > 0 ? this.unscaled * pow10(shift) : this.unscaled;
    const den = shift < 0 ? divisor.unscaled * pow10(-shift) : divisor.unscaled;
    return ApexDecimal.fromUnscaled(divideRounded(num, den, mode), scale);
  }

  negate(): ApexDecimal {
    return new ApexDecimal(-this.unscaled, this.exponent);
  }

  abs(): ApexDecimal {
    return this.unscaled < 0n ? this.negate() : this;
  }

  /** Exact power, scale × exponent; exponent 0..32,767 (Apex reference), pow(0) is 1. */
  pow(exponent: number): ApexDecimal {
    if (!Number.isInteger(exponent) || exponent < 0 || exponent > MAX_POW_EXPONENT) {
      throw new DecimalArithmeticError('Invalid operation');
    }
    if (exponent === 0) return ApexDecimal.ONE;
    return ApexDecimal.fromUnscaled(this.unscaled ** BigInt(exponent), this.exponent * exponent);
  }

  /** Numeric order, ignoring scale (1.0 and 1.00 are equal). */
  compareTo(other: ApexDecimal): -1 | 0 | 1 {
    const a = this.signum();
    const b = other.signum();
    if (a !== b) return a < b ? -1 : 1;
    if (a === 0) return 0;
    const s = this.exponent;
    const t = other.exponent;
    const x = s < t ? this.unscaled * pow10(t - s) : this.unscaled;
    const y = t < s ? other.unscaled * pow10(s - t) : other.unscaled;
    return x === y ? 0 : x < y ? -1 : 1;
  }

  /** Apex `==` between Decimals compares values, so 1.0 == 1.00. */
  equalsValue(other: ApexDecimal): boolean {
    return this.compareTo(other) === 0;
  }

  /**
   * Java BigDecimal.hashCode (scale-sensitive). The Apex reference warns that 1.1 and 1.10
   * "generally do not have the same hashcode", which this reproduces.
   */
  hashCode(): number {
    return (Math.imul(31, bigIntegerHash(this.unscaled)) + this.exponent) | 0;
  }

  /** setScale(scale[, mode]); half-even by default, as the Apex reference documents. */
  setScale(scale: number, mode = RoundingMode.HALF_EVEN): ApexDecimal {
    const diff = scale - this.exponent;
    if (diff >= 0) return ApexDecimal.fromUnscaled(this.unscaled * pow10(diff), scale);
    return ApexDecimal.fromUnscaled(divideRounded(this.unscaled, pow10(-diff), mode), scale);
  }

  /** round([mode]) → Long; half-even by default, as the Apex reference documents. */
  round(mode = RoundingMode.HALF_EVEN): bigint {
    return this.setScale(0, mode).longValue();
  }

  /** Whether the value has no non-zero fractional digits. */
  isInteger(): boolean {
    return this.exponent <= 0 || this.unscaled % pow10(this.exponent) === 0n;
  }

  /** Zero becomes plain 0 (scale 0); otherwise the scale may go negative: 4500.0 → 4.5E+3. */
  stripTrailingZeros(): ApexDecimal {
    if (this.unscaled === 0n) return ApexDecimal.ZERO;
    return stripZeros(this.unscaled, this.exponent, INT32_MIN);
  }

  /** Integer part toward zero, as an unbounded integer. */
  private truncated(): bigint {
    if (this.exponent <= 0) return this.unscaled * pow10(-this.exponent);
    return this.unscaled / pow10(this.exponent);
  }

  /** Integer value: fraction dropped, then the low 32 bits (Java intValue wraps, never throws). */
  intValue(): number {
    return Number(BigInt.asIntN(32, this.truncated()));
  }

  /** Long value: fraction dropped, then the low 64 bits (Java longValue). */
  longValue(): bigint {
    return BigInt.asIntN(64, this.truncated());
  }

  /** Nearest double; JavaScript's parser rounds correctly, as BigDecimal.doubleValue does. */
  doubleValue(): number {
    if (this.exponent === 0 && absBig(this.unscaled) <= 9007199254740991n) {
      return Number(this.unscaled);
    }
    return Number(this.toString());
  }

  /** Digits without exponent: 4.5E+3 → "4500", 1E-7 → "0.0000001". */
  toPlainString(): string {
    const sign = this.unscaled < 0n ? '-' : '';
    const coefficient = absBig(this.unscaled).toString();
    if (this.exponent <= 0) {
      return this.unscaled === 0n ? '0' : sign + coefficient + '0'.repeat(-this.exponent);
    }
    return sign + insertPoint(coefficient, this.exponent);
  }

  /**
   * What String.valueOf and concatenation print: BigDecimal.toString, which switches to
   * E-notation for negative scales or adjusted exponents below -6 (0.0000001 → "1E-7").
   */
  toString(): string {
    const coefficient = absBig(this.unscaled).toString();
    const adjusted = coefficient.length - 1 - this.exponent;
    const sign = this.unscaled < 0n ? '-' : '';
    if (this.exponent >= 0 && adjusted >= -6) {
      return sign + (this.exponent === 0 ? coefficient : insertPoint(coefficient, this.exponent));
    }
    const mantissa =
      coefficient.length > 1 ? `${coefficient[0]}.${coefficient.slice(1)}` : coefficient;
    return `${sign}${mantissa}E${adjusted > 0 ? '+' : ''}${adjusted}`;
  }

  /**
   * format() for the en_US locale: grouped thousands and at most three fraction digits,
   * half-even, trailing zeros dropped ('12,345.679' in the Apex reference; 1000.00 → '1,000').
   */
  format(): string {
    const rounded = this.exponent > 3 ? this.setScale(3) : this;
    const plain = rounded.abs().stripFractionZeros().toPlainString();
    const [whole, fraction] = plain.split('.');
    // Java's DecimalFormat keeps the sign of a negative value that rounds to zero ("-0").
    const sign = this.unscaled < 0n ? '-' : '';
    return sign + groupThousands(whole) + (fraction ? `.${fraction}` : '');
  }

  /** Trailing zeros removed from the fraction only (the scale never goes below 0). */
  private stripFractionZeros(): ApexDecimal {
    return this.exponent > 0 ? stripZeros(this.unscaled, this.exponent, 0) : this;
  }
}

/** Places a decimal point `scale` digits from the right, padding with leading zeros. */
function insertPoint(coefficient: string, scale: number): string {
  if (coefficient.length > scale) {
    const cut = coefficient.length - scale;
    return `${coefficient.slice(0, cut)}.${coefficient.slice(cut)}`;
  }
  return `0.${'0'.repeat(scale - coefficient.length)}${coefficient}`;
}

/** Clamps a preferred scale to a Java int, as BigDecimal saturates it for zero quotients. */
function clampInt(n: number): number {
  return Math.min(INT32_MAX, Math.max(INT32_MIN, n));
}

/** Java BigInteger.hashCode: 32-bit magnitude words, most significant first, times the sign. */
function bigIntegerHash(n: bigint): number {
  let h = 0;
  const digits = absBig(n).toString(16);
  // Words are aligned from the least significant end, so pad the front to a multiple of 8.
  const hex = '0'.repeat((8 - (digits.length % 8)) % 8) + digits;
  for (let i = 0; i < hex.length; i += 8) {
    h = (Math.imul(31, h) + parseInt(hex.slice(i, i + 8), 16)) | 0;
  }
  return Math.imul(h, signOf(n));
}
