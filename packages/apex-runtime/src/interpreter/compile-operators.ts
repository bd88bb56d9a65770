/**
 * Compiles operators: unary, `++`/`--`, the ternary, assignment (plain and compound), logical,
 * equality, relational, `??`, string concatenation, date arithmetic and numeric arithmetic with
 * Apex's overflow and division rules.
 */
import type * as A from '../frontend/ast.ts';
import type { Compiler } from './compiler.ts';
import type { ApexDecimal } from '../values/decimal.ts';
import { conversion, isAssignable } from './conversions.ts';
import type { Frame } from './runtime.ts';
import { isNumeric, isPrim, T, type TypeInfo, typeName } from './types.ts';
import { ApexDouble } from './values.ts';
import * as S from './semantics.ts';
import { fail, invokeValue, type Scope, type Value } from './compile-context.ts';
import { condition } from './compile-statements.ts';

/** `!x`, `-x`, `+x` and `~x`. */
export function unary(cx: Compiler, e: A.UnaryExpr, scope: Scope): Value {
  const v = cx.valueOf(e.operand, scope);
  const nn = (f: Frame) => cx.nonNull(v.ev(f));
  switch (e.op) {
    case '!':
      if (!isPrim(v.t, 'Boolean')) fail(`Invalid type for !: ${typeName(v.t)}`, e.loc);
      return invokeValue(T.Boolean, (f) => !nn(f));
    case '-':
      if (!isNumeric(v.t)) fail(`Invalid type for unary -: ${typeName(v.t)}`, e.loc);
      return invokeValue(v.t, (f) => negate(nn(f)));
    case '+':
      if (!isNumeric(v.t)) fail(`Invalid type for unary +: ${typeName(v.t)}`, e.loc);
      return invokeValue(v.t, nn);
    case '~':
      if (isPrim(v.t, 'Integer')) return invokeValue(T.Integer, (f) => ~(nn(f) as number));
      if (isPrim(v.t, 'Long'))
        return invokeValue(T.Long, (f) => BigInt.asIntN(64, ~(nn(f) as bigint)));
      return fail(`Invalid type for ~: ${typeName(v.t)}`, e.loc);
  }
}

/** `x++`, `x--`, `++x` and `--x`. */
export function incDec(cx: Compiler, e: A.IncDecExpr, scope: Scope): Value {
  const target = cx.valueOf(e.target, scope);
  if (!target.set) fail(notAssignable(target), e.loc);
  if (!isNumeric(target.t)) fail(`Invalid type for ${e.op}: ${typeName(target.t)}`, e.loc);
  const one = S.convertNumber(1, (target.t as { name: string }).name);
  const op = arithmetic(cx, e.op === '++' ? '+' : '-', target.t, target.t, e.loc);
  const set = target.set!;
  return invokeValue(target.t, (f) => {
    const old = cx.nonNull(target.ev(f));
    const next = op(old, one);
    set(f, next);
    return e.prefix ? next : old;
  });
}

/** `test ? a : b`, typed as the wider of the two branches. */
export function conditional(cx: Compiler, e: A.ConditionalExpr, scope: Scope): Value {
  const test = condition(cx, e.test, scope);
  const a = cx.valueOf(e.then, scope);
  const b = cx.valueOf(e.otherwise, scope);
  const t = isAssignable(b.t, a.t)
    ? a.t.kind === 'null'
      ? b.t
      : a.t
    : isAssignable(a.t, b.t)
      ? b.t
      : fail(`Incompatible types in ternary operator: ${typeName(a.t)}, ${typeName(b.t)}`, e.loc);
  const ca = conversion(a.t, t, cx.rt);
  const cb = conversion(b.t, t, cx.rt);
  return invokeValue(t, (f) => (test(f) ? ca(a.ev(f)) : cb(b.ev(f))));
}

/** `x = v` and the compound assignments (`x += v`, ...); the value is the one assigned. */
export function assign(cx: Compiler, e: A.AssignExpr, scope: Scope): Value {
  const target = cx.valueOf(e.target, scope);
  if (!target.set) fail(notAssignable(target), e.loc);
  const set = target.set!;
  const value = cx.valueOf(e.value, scope);
  if (e.op === '=') {
    const conv = cx.convert(value.t, target.t, e.value.loc);
    return invokeValue(target.t, (f) => {
      const v = conv(value.ev(f));
      set(f, v);
      return v;
    });
  }
  const op = e.op.slice(0, -1) as A.BinaryOp;
  const combined = operate(cx, op, target, value, e.loc);
  const conv = cx.convert(combined.t, target.t, e.loc);
  return invokeValue(target.t, (f) => {
    const v = conv(combined.ev(f));
    set(f, v);
    return v;
  });
}

/** A binary operator expression. */
export function binary(cx: Compiler, e: A.BinaryExpr, scope: Scope): Value {
  const a = cx.valueOf(e.left, scope);
  const b = cx.valueOf(e.right, scope);
  return operate(cx, e.op, a, b, e.loc);
}

function operate(cx: Compiler, op: A.BinaryOp, a: Value, b: Value, loc: A.Loc): Value {
  const rt = cx.rt;
  const call = cx.caller;
  switch (op) {
    case '&&':
    case '||': {
      if (!isPrim(a.t, 'Boolean') || !isPrim(b.t, 'Boolean'))
        fail(`Invalid types for ${op}: ${typeName(a.t)}, ${typeName(b.t)}`, loc);
      return op === '&&'
        ? invokeValue(T.Boolean, (f) => (cx.nonNull(a.ev(f)) ? cx.nonNull(b.ev(f)) : false))
        : invokeValue(T.Boolean, (f) => (cx.nonNull(a.ev(f)) ? true : cx.nonNull(b.ev(f))));
    }
    case '==':
    case '!=': {
      checkComparable(a.t, b.t, op, loc);
      const ne = op === '!=';
      return invokeValue(T.Boolean, (f) => S.apexEquals(a.ev(f), b.ev(f), call) !== ne);
    }
    case '===':
    case '!==': {
      const ne = op === '!==';
      return invokeValue(T.Boolean, (f) => (a.ev(f) === b.ev(f)) !== ne);
    }
    case '<':
    case '>':
    case '<=':
    case '>=':
      return relational(op, a, b, loc);
    case '??': {
      const t = isAssignable(b.t, a.t)
        ? a.t
        : fail(`Incompatible types for ??: ${typeName(a.t)}, ${typeName(b.t)}`, loc);
      const cb = conversion(b.t, t, rt);
      return invokeValue(t, (f) => {
        const v = a.ev(f);
        return v === null ? cb(b.ev(f)) : v;
      });
    }
    case '+':
      if (
        isPrim(a.t, 'String') ||
        isPrim(b.t, 'String') ||
        isPrim(a.t, 'Id') ||
        isPrim(b.t, 'Id')
      ) {
        return invokeValue(T.String, (f) => rt.toApexString(a.ev(f)) + rt.toApexString(b.ev(f)));
      }
      if ((isPrim(a.t, 'Date') || isPrim(a.t, 'Datetime')) && isNumeric(b.t)) {
        return dateArithmetic(cx, a, b, 1);
      }
      break;
    case '-':
      if ((isPrim(a.t, 'Date') || isPrim(a.t, 'Datetime')) && isNumeric(b.t)) {
        return dateArithmetic(cx, a, b, -1);
      }
      break;
    case '%':
      return fail('Invalid operator %: use Math.mod(x, y)', loc);
  }
  if (op === '&' || op === '|' || op === '^') {
    if (isPrim(a.t, 'Boolean') && isPrim(b.t, 'Boolean')) {
      const fn =
        op === '&'
          ? (x: boolean, y: boolean) => x && y
          : op === '|'
            ? (x: boolean, y: boolean) => x || y
            : (x: boolean, y: boolean) => x !== y;
      return invokeValue(T.Boolean, (f) =>
        fn(cx.nonNull(a.ev(f)) as boolean, cx.nonNull(b.ev(f)) as boolean)
      );
    }
  }
  if (!isNumeric(a.t) || !isNumeric(b.t)) {
    return fail(
      `Arithmetic expressions must use numeric arguments: ${typeName(a.t)} ${op} ${typeName(b.t)}`,
      loc
    );
  }
  const t = widest(a.t, b.t);
  const fn = arithmetic(cx, op, t, b.t, loc);
  return invokeValue(t, (f) => fn(cx.nonNull(a.ev(f)), cx.nonNull(b.ev(f))));
}

function dateArithmetic(cx: Compiler, a: Value, b: Value, sign: number): Value {
  return invokeValue(a.t, (f) => {
    const d = cx.nonNull(a.ev(f)) as { addDays(n: number): unknown };
    const n = cx.nonNull(b.ev(f));
    return d.addDays(sign * (S.convertNumber(n, 'Integer') as number));
  });
}

function checkComparable(x: TypeInfo, y: TypeInfo, op: string, loc: A.Loc): void {
  if (isAssignable(x, y) || isAssignable(y, x)) return;
  if (isNumeric(x) && isNumeric(y)) return;
  fail(
    `Comparison arguments must be compatible types: ${typeName(x)}, ${typeName(y)} (${op})`,
    loc
  );
}

function relational(op: '<' | '>' | '<=' | '>=', a: Value, b: Value, loc: A.Loc): Value {
  const ok = (t: TypeInfo) =>
    isNumeric(t) ||
    ['String', 'Id', 'Date', 'Datetime', 'Time'].some((n) => isPrim(t, n as 'String'));
  if (!ok(a.t) || !ok(b.t))
    fail(`Inequality operator not allowed for this type: ${typeName(a.t)}`, loc);
  checkComparable(a.t, b.t, op, loc);
  const test =
    op === '<'
      ? (c: number) => c < 0
      : op === '>'
        ? (c: number) => c > 0
        : op === '<='
          ? (c: number) => c <= 0
          : (c: number) => c >= 0;
  const stringLike = isPrim(a.t, 'String') || isPrim(a.t, 'Id');
  return invokeValue(T.Boolean, (f) => {
    const x = a.ev(f);
    const y = b.ev(f);
    // Apex: a null operand makes a numeric or date comparison false; a non-null String is
    // greater than null.
    if (x === null || y === null) {
      if (!stringLike || (x === null && y === null)) return false;
      return test(x === null ? -1 : 1);
    }
    return test(S.compareValues(x, y));
  });
}

/** Arithmetic in the type `t` (the wider operand type), with Apex's overflow and division rules. */
function arithmetic(
  cx: Compiler,
  op: A.BinaryOp,
  t: TypeInfo,
  other: TypeInfo,
  loc: A.Loc
): (x: unknown, y: unknown) => unknown {
  void other;
  const name = (t as { name: string }).name;
  const rt = cx.rt;
  const divByZero = () => rt.throwApex('MathException', 'Divide by 0');
  if (name === 'Integer') {
    switch (op) {
      case '+':
        return (x, y) => ((x as number) + (y as number)) | 0;
      case '-':
        return (x, y) => ((x as number) - (y as number)) | 0;
      case '*':
        return (x, y) => Math.imul(x as number, y as number);
      case '/':
        return (x, y) => ((y as number) === 0 ? divByZero() : ((x as number) / (y as number)) | 0);
      case '&':
        return (x, y) => (x as number) & (y as number);
      case '|':
        return (x, y) => (x as number) | (y as number);
      case '^':
        return (x, y) => (x as number) ^ (y as number);
      case '<<':
        return (x, y) => (x as number) << (y as number);
      case '>>':
        return (x, y) => (x as number) >> (y as number);
      case '>>>':
        return (x, y) => ((x as number) >>> (y as number)) | 0;
    }
  }
  if (name === 'Long') {
    const L = (v: unknown) => BigInt(v as number | bigint);
    const wrap = (v: bigint) => BigInt.asIntN(64, v);
    switch (op) {
      case '+':
        return (x, y) => wrap(L(x) + L(y));
      case '-':
        return (x, y) => wrap(L(x) - L(y));
      case '*':
        return (x, y) => wrap(L(x) * L(y));
      case '/':
        return (x, y) => (L(y) === 0n ? divByZero() : wrap(L(x) / L(y)));
      case '&':
        return (x, y) => wrap(L(x) & L(y));
      case '|':
        return (x, y) => wrap(L(x) | L(y));
      case '^':
        return (x, y) => wrap(L(x) ^ L(y));
      case '<<':
        return (x, y) => wrap(L(x) << (L(y) & 63n));
      case '>>':
        return (x, y) => wrap(L(x) >> (L(y) & 63n));
      case '>>>':
        return (x, y) => wrap(BigInt.asUintN(64, L(x)) >> (L(y) & 63n));
    }
  }
  if (name === 'Double') {
    const D = S.toDouble;
    switch (op) {
      case '+':
        return (x, y) => new ApexDouble(D(x) + D(y));
      case '-':
        return (x, y) => new ApexDouble(D(x) - D(y));
      case '*':
        return (x, y) => new ApexDouble(D(x) * D(y));
      case '/':
        return (x, y) => (D(y) === 0 ? divByZero() : new ApexDouble(D(x) / D(y)));
    }
  }
  if (name === 'Decimal') {
    const N = S.toDecimal;
    switch (op) {
      case '+':
        return (x, y) => N(x).add(N(y));
      case '-':
        return (x, y) => N(x).subtract(N(y));
      case '*':
        return (x, y) => N(x).multiply(N(y));
      case '/':
        return (x, y) => (N(y).signum() === 0 ? divByZero() : N(x).divideOperator(N(y)));
    }
  }
  return fail(`Invalid operator ${op} for ${name}`, loc);
}

function notAssignable(target: Value): string {
  return target.readOnly ?? 'Expression cannot be assigned';
}

function widest(a: TypeInfo, b: TypeInfo): TypeInfo {
  const ra = S.numericRankOfType(a) ?? 0;
  const rb = S.numericRankOfType(b) ?? 0;
  return ra >= rb ? a : b;
}

function negate(v: unknown): unknown {
  if (typeof v === 'number') return -v | 0;
  if (typeof v === 'bigint') return BigInt.asIntN(64, -v);
  if (v instanceof ApexDouble) return new ApexDouble(-v.v);
  return (v as ApexDecimal).negate();
}
