/**
 * Compiles literals and the expressions about types: class literals (`Foo.class`), `instanceof`,
 * casts, and the run-time check behind a conversion the compiler could not prove.
 */
import type * as A from '../frontend/ast.ts';
import type { Compiler } from './compiler.ts';
import { ApexDecimal } from '../values/decimal.ts';
import { conversion, isAssignable } from './conversions.ts';
import { isNumeric, isPrim, T, type TypeInfo, typeName } from './types.ts';
import { ApexDouble, ApexType, runtimeTypeName } from './values.ts';
import * as S from './semantics.ts';
import { fail, invokeValue, type Scope, type Value } from './compile-context.ts';

/** The System.Type type (what a class literal is). */
function typeType(cx: Compiler): TypeInfo {
  return cx.platform.lookupType(['Type']) ?? T.Object;
}

/** A literal: its value is computed once, at compile time. */
export function literal(e: A.LiteralExpr): Value {
  let value: unknown = e.value;
  let t: TypeInfo;
  switch (e.type) {
    case 'Integer':
      t = T.Integer;
      break;
    case 'Long':
      t = T.Long;
      break;
    case 'Decimal':
      t = T.Decimal;
      value = ApexDecimal.fromString(e.value as string);
      break;
    case 'Double':
      t = T.Double;
      value = new ApexDouble(Number(e.value));
      break;
    case 'String':
      t = T.String;
      break;
    case 'Boolean':
      t = T.Boolean;
      break;
    default:
      t = T.Null;
  }
  return { what: 'value', t, ev: () => value };
}

/** A runtime type check where the compiler allowed a dynamic result (`Database.query`). */
export function checkCast(cx: Compiler, v: unknown, t: TypeInfo): unknown {
  if (v === null || S.isInstance(v, t)) return v;
  return cx.rt.throwApex(
    'TypeException',
    `Invalid conversion from runtime type ${runtimeTypeName(v)} to ${typeName(t)}`
  );
}

/** `(T) x`: numeric conversion, an upcast, or a downcast checked at run time. */
export function cast(cx: Compiler, e: A.CastExpr, scope: Scope): Value {
  const operand = cx.valueOf(e.operand, scope);
  const t = cx.table.resolveType(e.type, scope.m.cls);
  if (isNumeric(t) && isNumeric(operand.t)) {
    const name = (t as { name: string }).name;
    return invokeValue(t, (f) => S.convertNumber(operand.ev(f), name));
  }
  if (!isAssignable(t, operand.t) && !isAssignable(operand.t, t)) {
    fail(
      `Incompatible types since ${typeName(operand.t)} is not a subtype of ${typeName(t)}`,
      e.loc
    );
  }
  const rt = cx.rt;
  if (isAssignable(operand.t, t))
    return invokeValue(t, (f) => conversion(operand.t, t, rt)(operand.ev(f)));
  return invokeValue(t, (f) => {
    const v = operand.ev(f);
    if (v === null) return null;
    if (S.isInstance(v, t)) return v;
    if (isNumeric(t) && S.isNumber(v)) return S.convertNumber(v, (t as { name: string }).name);
    if (isPrim(t, 'Id') && typeof v === 'string') return conversion(T.String, T.Id, rt)(v);
    return rt.throwApex(
      'TypeException',
      `Invalid conversion from runtime type ${runtimeTypeName(v)} to ${typeName(t)}`
    );
  });
}

/** `x instanceof T`: a run-time type test. */
export function instanceOf(cx: Compiler, e: A.InstanceOfExpr, scope: Scope): Value {
  const operand = cx.valueOf(e.operand, scope);
  const t = cx.table.resolveType(e.type, scope.m.cls);
  return { what: 'value', t: T.Boolean, ev: (f) => S.isInstance(operand.ev(f), t) };
}

/** `Account.class`: the System.Type of a type, created once. */
export function classLiteral(cx: Compiler, e: A.ClassLiteralExpr, scope: Scope): Value {
  const t = e.type ? cx.table.resolveType(e.type, scope.m.cls) : T.Void;
  const type = new ApexType(t);
  return { what: 'value', t: typeType(cx), ev: () => type };
}
