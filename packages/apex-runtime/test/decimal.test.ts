import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ApexDecimal,
  DecimalArithmeticError,
  DecimalFormatError,
  DIVISION_PRECISION,
  RoundingMode
} from '../src/values/decimal.ts';

// Sources cited below:
//   [ref]      Apex Reference Guide, "Decimal Class" (methods and the Rounding Mode table)
//   [java]     java.math.BigDecimal, which the Apex reference names as Decimal's model
//              ("As in Java, the string is interpreted as representing a signed Decimal")
//   [force201] force201.wordpress.com/2010/03/12/decimal-scale (assertions run on an org)
//   [aer#345]  github.com/octoberswimmer/aer-dist/issues/345 (value copied from a real org)
//   [aer-log]  octoberswimmer/aer-dist CHANGELOG, fixes checked against real orgs
//   [issacc]   issacc.com/something-about-rounding (setScale results observed on an org)
//   [sfse]     salesforce.stackexchange.com answers quoting org output

const d = (text: string) => ApexDecimal.fromString(text);
const str = (value: ApexDecimal) => value.toString();

/** Asserts text and scale together, since Apex code can observe both. */
function assertDecimal(actual: ApexDecimal, text: string, scale: number): void {
  assert.equal(actual.toString(), text);
  assert.equal(actual.scale(), scale);
}

describe('Decimal.valueOf(String)', () => {
  it('keeps the scale as written', () => {
    // [ref] "If the Decimal is created from a String, the scale is the number of characters
    // after the decimal point of the String."
    assertDecimal(d('1.50'), '1.50', 2);
    assertDecimal(d('00.100'), '0.100', 3);
  });

  it('accepts a leading sign', () => {
    assertDecimal(d('-12.4567'), '-12.4567', 4);
    assertDecimal(d('+7'), '7', 0);
  });

  it('accepts exponent notation, the exponent moving the scale', () => {
    // [java] BigDecimal("1.5E+3") has unscaled 15 and scale -2.
    const value = d('1.5E+3');
    assertDecimal(value, '1.5E+3', -2);
    assert.equal(value.toPlainString(), '1500');
    assertDecimal(d('25e-3'), '0.025', 3);
  });

  it('accepts a bare leading or trailing point like BigDecimal', () => {
    // [java] BigDecimal(".5") is 0.5 and BigDecimal("5.") is 5.
    assertDecimal(d('.5'), '0.5', 1);
    assertDecimal(d('5.'), '5', 0);
  });

  it('rejects empty and non-numeric text', () => {
    assert.throws(() => d(''), DecimalFormatError);
    assert.throws(() => d('abc'), { name: 'DecimalFormatError', message: 'Invalid decimal: abc' });
  });

  it('rejects malformed numbers', () => {
    for (const text of ['1.2.3', '-', '.', '1e', 'e5', '1_000', '0x10']) {
      assert.throws(() => d(text), DecimalFormatError, text);
    }
  });

  it('rejects surrounding whitespace, as BigDecimal does', () => {
    // [java] new BigDecimal(" 1") throws NumberFormatException.
    assert.throws(() => d(' 1'), DecimalFormatError);
  });
});

describe('other constructors', () => {
  it('fromInteger and fromBigInt have scale 0', () => {
    assertDecimal(ApexDecimal.fromInteger(-42), '-42', 0);
    assertDecimal(ApexDecimal.fromBigInt(9223372036854775807n), '9223372036854775807', 0);
  });

  it('fromInteger refuses a non-integer', () => {
    assert.throws(() => ApexDecimal.fromInteger(1.5), RangeError);
  });

  it('fromDouble goes through the double text: 0.1 stays 0.1', () => {
    // [ref] "If the Decimal is created from a non-decimal number, the number is first converted
    // to a String. Scale is then set using the number of characters after the decimal point."
    assertDecimal(ApexDecimal.fromDouble(0.1), '0.1', 1);
  });

  it('fromDouble of a whole double has scale 1', () => {
    // [java] Double.toString(1.0) is "1.0".
    assertDecimal(ApexDecimal.fromDouble(1), '1.0', 1);
    assertDecimal(ApexDecimal.fromDouble(100), '100.0', 1);
  });

  it('fromDouble matches the reference example', () => {
    // [ref] valueOf(Double): 12345.123456789 → 12345.123456789.
    assertDecimal(ApexDecimal.fromDouble(12345.123456789), '12345.123456789', 9);
  });

  it('fromDouble uses the E form for large and small doubles', () => {
    // [java] Double.toString(1e10) is "1.0E10" and Double.toString(1e-4) is "1.0E-4".
    assertDecimal(ApexDecimal.fromDouble(1e10), '1.0E+10', -9);
    assertDecimal(ApexDecimal.fromDouble(1e-4), '0.00010', 5);
  });

  it('fromDouble keeps two digits where Java needs a digit after the point', () => {
    // [java] Double.toString(Double.MIN_VALUE) is "4.9E-324", not "5.0E-324".
    assert.equal(str(ApexDecimal.fromDouble(5e-324)), '4.9E-324');
  });

  it('fromDouble refuses NaN and infinities', () => {
    // [java] BigDecimal.valueOf(Double.NaN) throws NumberFormatException.
    assert.throws(() => ApexDecimal.fromDouble(Number.NaN), DecimalFormatError);
    assert.throws(() => ApexDecimal.fromDouble(Infinity), DecimalFormatError);
  });
});

describe('add, subtract and multiply scales', () => {
  it('add takes the larger scale', () => {
    // [java] add: scale max(this.scale, augend.scale); an org shows the same (smgoodyear.com,
    // "the result will always have the precision of the most precise input").
    assertDecimal(d('1.10').add(d('1')), '2.10', 2);
    assertDecimal(d('1').add(d('2.000')), '3.000', 3);
  });

  it('subtract takes the larger scale', () => {
    assertDecimal(d('1.5').subtract(d('0.25')), '1.25', 2);
    assertDecimal(d('1.00').subtract(d('1')), '0.00', 2);
  });

  it('multiply adds the scales', () => {
    // [aer-log] Decimal.valueOf('18') * 0.18 is 3.24 on an org (scale 0 + 2).
    assertDecimal(d('18').multiply(d('0.18')), '3.24', 2);
    assertDecimal(d('1.10').multiply(d('1.10')), '1.2100', 4);
  });

  it('operations leave their operands unchanged', () => {
    const a = d('1.5');
    a.add(d('2')).multiply(d('3')).setScale(5);
    assertDecimal(a, '1.5', 1);
  });
});

describe('the / operator between Decimals', () => {
  it('1/3 has 33 significant digits', () => {
    // [force201] 1.0/3.0 equals Decimal.valueOf('0.333333333333333333333333333333333').
    const third = d('1').divideOperator(d('3'));
    assertDecimal(third, `0.${'3'.repeat(33)}`, 33);
    assert.equal(third.precision(), DIVISION_PRECISION);
  });

  it('the quotient does not depend on operand scales when inexact', () => {
    // [force201] Decimal.valueOf('1.0000') / Decimal.valueOf('3.00') gives the same 33 threes.
    assert.equal(str(d('1.0000').divideOperator(d('3.00'))), `0.${'3'.repeat(33)}`);
    assert.equal(str(d('1.00').divideOperator(d('3.0000'))), `0.${'3'.repeat(33)}`);
  });

  it('counts significant digits, not decimal places: 1/31 has scale 34', () => {
    // [aer#345] Real org: 1/31 → 0.0322580645161290322580645161290323, scale 34.
    assertDecimal(d('1').divideOperator(d('31')), '0.0322580645161290322580645161290323', 34);
  });

  it('rounds the last digit half up', () => {
    // [aer#345], [aer-log] "keeps 33 significant digits (HALF_UP)"; 2/3 ends in 7.
    assert.equal(str(d('2').divideOperator(d('3'))), `0.${'6'.repeat(32)}7`);
    assert.equal(str(d('-2').divideOperator(d('3'))), `-0.${'6'.repeat(32)}7`);
  });

  it('an exact quotient drops padding zeros: 10.0/4 is 2.5, 6/2 is 3', () => {
    // [java] divide(divisor, MathContext): preferred scale this.scale - divisor.scale.
    assertDecimal(d('10.0').divideOperator(d('4')), '2.5', 1);
    assertDecimal(d('6').divideOperator(d('2')), '3', 0);
    // [force201] 1.0 / 4.0 equals 0.25.
    assertDecimal(d('1.0').divideOperator(d('4.0')), '0.25', 2);
  });

  it('an exact quotient keeps the preferred scale when it is larger', () => {
    // [java] 1.000 / 1 keeps scale 3 - 0.
    assertDecimal(d('1.000').divideOperator(d('1')), '1.000', 3);
    assertDecimal(d('0.00').divideOperator(d('3')), '0.00', 2);
  });

  it('a rounded quotient keeps a trailing zero digit', () => {
    // [java] Only exact quotients are stripped; 10.0/-32.2 keeps all 33 digits.
    assertDecimal(d('10.0').divideOperator(d('-32.2')), '-0.310559006211180124223602484472050', 33);
  });

  it('rounding up that carries a digit stays at 33 digits', () => {
    // [java] 0.99…9 (36 nines) / 1 rounds to 1.000…0 with 32 zeros.
    assertDecimal(d(`0.${'9'.repeat(36)}`).divideOperator(d('1')), `1.${'0'.repeat(32)}`, 32);
  });

  it('large quotients switch to E notation through the scale', () => {
    assert.equal(str(d('1E+40').divideOperator(d('3'))), `3.${'3'.repeat(32)}E+39`);
  });

  it('divide(divisor) without a scale is the operator', () => {
    assert.equal(str(d('1').divide(d('3'))), `0.${'3'.repeat(33)}`);
  });

  it('dividing by zero throws Divide by 0', () => {
    // Apex: `Decimal d = 1 / 0;` throws System.MathException "Divide by 0" (wtfapex README).
    assert.throws(() => d('1').divideOperator(d('0.00')), {
      name: 'DecimalArithmeticError',
      message: 'Divide by 0'
    });
    assert.throws(() => d('0').divideOperator(d('0')), DecimalArithmeticError);
  });
});

describe('Decimal.divide(divisor, scale[, roundingMode])', () => {
  it('returns exactly the requested scale', () => {
    // [ref] Decimal decimalNumber = 19; decimalNumber.divide(100, 3) equals 0.190.
    assertDecimal(d('19').divide(d('100'), 3), '0.190', 3);
  });

  it('applies the given rounding mode', () => {
    // [ref] 12.4567.divide(7, 2, System.RoundingMode.UP) equals 1.78.
    assertDecimal(d('12.4567').divide(d('7'), 2, RoundingMode.UP), '1.78', 2);
    assertDecimal(d('12.4567').divide(d('7'), 2, RoundingMode.DOWN), '1.77', 2);
  });

  it('rounds a non-tie to the nearest digit', () => {
    // [sfse] Decimal d = 5; d.divide(3, 30) prints 1.666666666666666666666666666667.
    assert.equal(str(d('5').divide(d('3'), 30)), `1.${'6'.repeat(29)}7`);
  });

  it('breaks a tie half up when no mode is given (assumed; not documented)', () => {
    assertDecimal(d('1').divide(d('8'), 2), '0.13', 2);
    assertDecimal(d('-1').divide(d('8'), 2), '-0.13', 2);
  });

  it('accepts a negative scale', () => {
    // [java] 12345 / 1 at scale -2, half up → 123E+2.
    assertDecimal(d('12345').divide(d('1'), -2), '1.23E+4', -2);
  });

  it('UNNECESSARY passes exact quotients and throws otherwise', () => {
    assertDecimal(d('1').divide(d('8'), 3, RoundingMode.UNNECESSARY), '0.125', 3);
    assert.throws(() => d('1').divide(d('3'), 5, RoundingMode.UNNECESSARY), {
      message: 'Rounding necessary'
    });
  });

  it('dividing by zero throws Divide by 0', () => {
    assert.throws(() => d('1').divide(d('0'), 2), { message: 'Divide by 0' });
  });
});

describe('rounding modes through round(roundingMode)', () => {
  // [ref] The Rounding Mode examples use the inputs 5.5, 1.1, -1.1 and -2.7.
  const inputs = ['5.5', '1.1', '-1.1', '-2.7'];
  const expectRounded = (mode: RoundingMode, expected: bigint[]) =>
    assert.deepEqual(
      inputs.map((text) => d(text).round(mode)),
      expected
    );

  it('CEILING rounds toward positive infinity', () => {
    // [ref] CEILING: 5.5 → 6, 1.1 → 2, -1.1 → -1, -2.7 → -2.
    expectRounded(RoundingMode.CEILING, [6n, 2n, -1n, -2n]);
  });

  it('DOWN rounds toward zero', () => {
    // [ref] DOWN: 5.5 → 5, 1.1 → 1, -1.1 → -1, -2.7 → -2.
    expectRounded(RoundingMode.DOWN, [5n, 1n, -1n, -2n]);
  });

  it('FLOOR rounds toward negative infinity', () => {
    // [ref] FLOOR "never increases the calculated value".
    expectRounded(RoundingMode.FLOOR, [5n, 1n, -2n, -3n]);
  });

  it('UP rounds away from zero', () => {
    // [ref] UP "never decreases the magnitude of the calculated value".
    expectRounded(RoundingMode.UP, [6n, 2n, -2n, -3n]);
  });

  it('HALF_DOWN, HALF_EVEN and HALF_UP agree away from ties', () => {
    for (const mode of [RoundingMode.HALF_DOWN, RoundingMode.HALF_EVEN, RoundingMode.HALF_UP]) {
      assert.deepEqual(
        ['1.1', '-1.1', '-2.7', '1.6'].map((text) => d(text).round(mode)),
        [1n, -1n, -3n, 2n]
      );
    }
  });

  it('UNNECESSARY keeps exact values and throws when rounding is needed', () => {
    // [ref] UNNECESSARY asserts that the operation has an exact result.
    assert.equal(d('1.0').round(RoundingMode.UNNECESSARY), 1n);
    assert.equal(d('-2.00').round(RoundingMode.UNNECESSARY), -2n);
    assert.throws(() => d('1.1').round(RoundingMode.UNNECESSARY), {
      name: 'DecimalArithmeticError',
      message: 'Rounding necessary'
    });
  });
});

describe('rounding modes on ties through setScale(scale, roundingMode)', () => {
  const tie = (text: string, mode: RoundingMode) => str(d(text).setScale(0, mode));

  it('HALF_UP moves a tie away from zero', () => {
    // [ref] HALF_UP: "rounds up if the discarded fraction is ≥ 0.5".
    assert.deepEqual(
      [tie('2.5', RoundingMode.HALF_UP), tie('-2.5', RoundingMode.HALF_UP)],
      ['3', '-3']
    );
  });

  it('HALF_DOWN moves a tie toward zero', () => {
    // [ref] HALF_DOWN: 5.5 → 5.
    assert.deepEqual(
      [tie('2.5', RoundingMode.HALF_DOWN), tie('-2.5', RoundingMode.HALF_DOWN)],
      ['2', '-2']
    );
  });

  it('HALF_EVEN moves a tie to the even neighbour', () => {
    // [ref] HALF_EVEN: 5.5 → 6, 2.5 → 2, -2.5 → -2, -5.5 → -6.
    assert.deepEqual(
      ['5.5', '2.5', '-2.5', '-5.5'].map((text) => tie(text, RoundingMode.HALF_EVEN)),
      ['6', '2', '-2', '-6']
    );
  });

  it('directed modes treat ties like any fraction', () => {
    assert.deepEqual(
      [RoundingMode.CEILING, RoundingMode.FLOOR, RoundingMode.UP, RoundingMode.DOWN].map(
        (mode) => `${tie('2.5', mode)}/${tie('-2.5', mode)}`
      ),
      ['3/-2', '2/-3', '3/-3', '2/-2']
    );
  });

  it('only an exact half is a tie', () => {
    assert.equal(tie('2.5000000000000000000001', RoundingMode.HALF_DOWN), '3');
    assert.equal(tie('-2.4999999999999999999999', RoundingMode.HALF_UP), '-2');
  });
});

describe('setScale', () => {
  it('rounds half even by default', () => {
    // [ref] setScale(scale): "using half-even rounding, if necessary".
    // [issacc] On an org 5.235.setScale(2) is 5.24 and 5.245.setScale(2) is 5.24.
    assertDecimal(d('5.235').setScale(2), '5.24', 2);
    assertDecimal(d('5.245').setScale(2), '5.24', 2);
  });

  it('uses the given mode', () => {
    assertDecimal(d('5.245').setScale(2, RoundingMode.HALF_UP), '5.25', 2);
  });

  it('pads with zeros when the scale grows', () => {
    assertDecimal(d('1.5').setScale(3), '1.500', 3);
  });

  it('accepts a negative scale', () => {
    // [ref] "Decimal d = 4000; d = d.setScale(-3);" leaves d equal to 4*10^3.
    assertDecimal(d('4000').setScale(-3), '4E+3', -3);
    assert.equal(d('4000').setScale(-3).toPlainString(), '4000');
  });
});

describe('round()', () => {
  it('rounds half even to a Long', () => {
    // [ref] round(): "rounded to zero decimal places using half-even rounding mode".
    assert.equal(d('2.5').round(), 2n);
    assert.equal(d('3.5').round(), 4n);
    assert.equal(d('-2.5').round(), -2n);
    assert.equal(d('5.5').round(), 6n);
  });

  it('returns a Long that wraps like Java longValue', () => {
    assert.equal(d('9223372036854775808.4').round(), -9223372036854775808n);
  });
});

describe('scale and precision', () => {
  it('precision counts all digits', () => {
    // [ref] 123.45 → precision 5; 123.123 → precision 6.
    assert.equal(d('123.45').precision(), 5);
    assert.equal(d('123.123').precision(), 6);
  });

  it('precision of zero and of values below 1 counts unscaled digits', () => {
    // [java] precision() is the digit count of the unscaled value: 0 → 1, 0.01 → 1.
    assert.equal(d('0').precision(), 1);
    assert.equal(d('0.01').precision(), 1);
    assert.equal(d('0.010').precision(), 2);
  });

  it('scale of an integer is 0', () => {
    assert.equal(ApexDecimal.fromInteger(12).scale(), 0);
  });
});

describe('toString and toPlainString', () => {
  it('prints plain digits while the adjusted exponent is at least -6', () => {
    // [java] BigDecimal.toString.
    assert.equal(str(d('0.000001')), '0.000001');
    assert.equal(str(d('-123.4500')), '-123.4500');
  });

  it('switches to E notation below 10^-6', () => {
    // [java] BigDecimal("0.0000001").toString() is "1E-7".
    assert.equal(str(d('0.0000001')), '1E-7');
    assert.equal(str(d('-0.00000012')), '-1.2E-7');
  });

  it('prints a zero with a large scale in E notation', () => {
    // An org reports "Expected: 0E-32%" for such a zero concatenated to '%' (xgeek.net).
    assert.equal(str(ApexDecimal.fromUnscaled(0n, 32)), '0E-32');
  });

  it('prints negative scales in E notation', () => {
    // [aer-log] 4500.0.stripTrailingZeros() is 4.5E+3 and its toPlainString() is 4500.
    const stripped = d('4500.0').stripTrailingZeros();
    assert.equal(str(stripped), '4.5E+3');
    assert.equal(stripped.toPlainString(), '4500');
  });

  it('toPlainString never uses an exponent', () => {
    // [ref] toPlainString: "without using scientific notation".
    assert.equal(d('1E-7').toPlainString(), '0.0000001');
    assert.equal(d('-1.2E+3').toPlainString(), '-1200');
    assert.equal(d('0E+3').toPlainString(), '0');
  });
});

describe('stripTrailingZeros', () => {
  it('removes trailing fraction zeros', () => {
    assertDecimal(d('1.500').stripTrailingZeros(), '1.5', 1);
  });

  it('turns any zero into plain 0', () => {
    // Salesforce known issue "stripTrailingZeros doesn't strip ... values like 0.0 or 0.00",
    // fixed in Winter '25 (jdcrensh/apex-evalex#9); Java's result is BigDecimal.ZERO.
    assertDecimal(d('0.00').stripTrailingZeros(), '0', 0);
  });
});

describe('intValue and longValue', () => {
  it('truncate toward zero', () => {
    // [ref] 1.602176565.intValue() is 1; 376.730313461.longValue() is 376.
    assert.equal(d('1.602176565').intValue(), 1);
    assert.equal(d('376.730313461').longValue(), 376n);
    assert.equal(d('-1.9').intValue(), -1);
  });

  it('intValue keeps the low 32 bits', () => {
    // [java] intValue wraps; an org's Math.round(214748364656.6) prints -143 (wtfapex README).
    assert.equal(d('2147483648').intValue(), -2147483648);
    assert.equal(d('214748364657').intValue(), -143);
  });

  it('longValue keeps the low 64 bits', () => {
    assert.equal(d('9223372036854775808').longValue(), -9223372036854775808n);
    assert.equal(d('-1E+19').longValue(), 8446744073709551616n);
  });
});

describe('doubleValue', () => {
  it('returns the nearest double', () => {
    // [ref] 6.62606957.doubleValue() equals 6.62606957.
    assert.equal(d('6.62606957').doubleValue(), 6.62606957);
    assert.equal(d('1E-7').doubleValue(), 1e-7);
    assert.equal(d('12345').doubleValue(), 12345);
  });
});

describe('pow', () => {
  it('raises exactly, multiplying the scale', () => {
    // [ref] 4.12.pow(2) equals 16.9744.
    assertDecimal(d('4.12').pow(2), '16.9744', 4);
    assertDecimal(d('-1.5').pow(3), '-3.375', 3);
  });

  it('pow(0) is 1', () => {
    // [ref] "If you use MyDecimal.pow(0), 1 is returned."
    assertDecimal(d('12.34').pow(0), '1', 0);
    assertDecimal(d('0').pow(0), '1', 0);
  });

  it('accepts exponents 0 to 32,767 only', () => {
    // [ref] "The value of exponent must be between 0 and 32,767."
    assertDecimal(d('1').pow(32767), '1', 0);
    assert.throws(() => d('2').pow(-1), DecimalArithmeticError);
    assert.throws(() => d('2').pow(32768), DecimalArithmeticError);
  });
});

describe('comparison and equality', () => {
  it('compareTo ignores scale', () => {
    assert.equal(d('1.0').compareTo(d('1.00')), 0);
    assert.equal(d('-1').compareTo(d('0.5')), -1);
    assert.equal(d('2.0001').compareTo(d('2')), 1);
  });

  it('compareTo handles signs and zeros of any scale', () => {
    assert.equal(d('0.000').compareTo(d('0E+5')), 0);
    assert.equal(d('-0.001').compareTo(d('0')), -1);
    assert.equal(d('-3').compareTo(d('-2.99')), -1);
  });

  it('equalsValue is Apex == : 1.0 == 1.00', () => {
    // `==` compares Decimal values; an org shows 1.0 == 1.00 (smgoodyear.com).
    assert.equal(d('1.0').equalsValue(d('1.00')), true);
    assert.equal(d('1.0').equalsValue(d('1.01')), false);
  });

  it('hashCode depends on the scale', () => {
    // [ref] 1.1 and 1.10 "generally do not have the same hashcode"; [java] 31*11+1 and 31*110+2.
    assert.equal(d('1.1').hashCode(), 342);
    assert.equal(d('1.10').hashCode(), 3412);
  });

  it('hashCode matches Java for multi-word and negative values', () => {
    // [java] new BigDecimal("-12345678901234567890.5").hashCode() is -1337890913 (JDK 17).
    assert.equal(d('-12345678901234567890.5').hashCode(), -1337890913);
  });
});

describe('format (en_US)', () => {
  it('groups thousands and rounds to three fraction digits', () => {
    // [ref] U.S. locale: 12345.6789.format() is '12,345.679'.
    assert.equal(d('12345.6789').format(), '12,345.679');
    assert.equal(d('1234567.891').format(), '1,234,567.891');
  });

  it('drops trailing zeros', () => {
    // [sfse] question 237107: ".format() removes the trailing zeroes ... $ 1,000".
    assert.equal(d('1000.00').format(), '1,000');
    assert.equal(d('1.50').format(), '1.5');
  });

  it('formats negatives and small values', () => {
    assert.equal(d('-1234.5').format(), '-1,234.5');
    assert.equal(d('0.0005').format(), '0');
    assert.equal(d('1.2E+4').format(), '12,000');
  });
});

describe('sign helpers', () => {
  it('abs, negate and signum keep the scale', () => {
    // [ref] -6.02214129.abs() equals 6.02214129.
    assertDecimal(d('-6.02214129').abs(), '6.02214129', 8);
    assertDecimal(d('2.50').negate(), '-2.50', 2);
    assert.deepEqual([d('-0.1').signum(), d('0.00').signum(), d('3').signum()], [-1, 0, 1]);
  });

  it('isInteger ignores zero fraction digits', () => {
    assert.equal(d('3.000').isInteger(), true);
    assert.equal(d('3.001').isInteger(), false);
    assert.equal(d('4E+3').isInteger(), true);
  });
});

describe('RoundingMode', () => {
  it('uses the Apex constant names as values', () => {
    assert.deepEqual(Object.values(RoundingMode), [
      'CEILING',
      'DOWN',
      'FLOOR',
      'HALF_DOWN',
      'HALF_EVEN',
      'HALF_UP',
      'UNNECESSARY',
      'UP'
    ]);
  });
});
