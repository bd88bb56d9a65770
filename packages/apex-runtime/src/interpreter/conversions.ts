/**
 * Assignability and implicit conversion between static types, as Apex's compiler applies them to
 * assignments, arguments and return values.
 */
import { ApexDecimal } from '../values/decimal.ts';
import type { Runtime } from './runtime.ts';
import { convertNumber } from './semantics.ts';
import { toId18 } from './ids.ts';
import { type TypeInfo, NUMERIC_RANK, sameType } from './types.ts';

/** Converts a value on its way into a slot of another type; `identity` when nothing changes. */
export type Conversion = (value: unknown) => unknown;
export const identity: Conversion = (v) => v;

function rank(t: TypeInfo): number | undefined {
  return t.kind === 'prim' ? NUMERIC_RANK[t.name] : undefined;
}

/** Whether `from` can be used where `to` is expected without a cast. */
export function isAssignable(from: TypeInfo, to: TypeInfo): boolean {
  if (sameType(from, to)) return true;
  if (to.kind === 'void' || from.kind === 'void') return false;
  if (from.kind === 'null') return true;
  if (to.kind === 'prim' && to.name === 'Object') return true;
  const rf = rank(from);
  const rt = rank(to);
  // Widening follows Integer → Long → Double → Decimal; a Decimal also converts implicitly to a
  // Double (`Double amount = opp.Amount;` compiles).
  if (rf !== undefined && rt !== undefined) return rf <= rt || (rf === 4 && rt === 3);
  if (from.kind === 'prim' && to.kind === 'prim') {
    return (
      (from.name === 'Id' && to.name === 'String') || (from.name === 'String' && to.name === 'Id')
    );
  }
  if (from.kind === 'class' && to.kind === 'class') return from.cls.isSubtypeOf(to.cls);
  // Every concrete SObject type is an SObject; going the other way needs a cast.
  if (from.kind === 'sobject' && to.kind === 'sobject')
    return to.schema === null || from.schema === to.schema;
  if (from.kind === 'list' && to.kind === 'list')
    return (
      isAssignable(from.elem, to.elem) &&
      !(rank(from.elem) !== undefined && !sameType(from.elem, to.elem))
    );
  if (from.kind === 'set' && to.kind === 'set')
    return isAssignable(from.elem, to.elem) && rank(from.elem) === undefined;
  if (from.kind === 'map' && to.kind === 'map')
    return sameType(from.key, to.key) && isAssignable(from.value, to.value);
  if (from.kind === 'native' && to.kind === 'native') {
    for (let n: typeof from.native | null = from.native; n; n = n.parent)
      if (n === to.native) return true;
  }
  return false;
}

/** The conversion applied when a value of `from` is stored as `to` (assumes isAssignable). */
export function conversion(from: TypeInfo, to: TypeInfo, rt: Runtime): Conversion {
  if (to.kind !== 'prim' || from.kind !== 'prim' || from.name === to.name) return identity;
  const target = to.name;
  if (rank(to) !== undefined && rank(from) !== undefined) {
    return (v) => convertNumber(v, target);
  }
  if (target === 'Id') {
    return (v) => toIdOrThrow(v, rt);
  }
  return identity;
}

/** String → Id: the platform validates the id and normalises it to 18 characters. */
export function toIdOrThrow(v: unknown, rt: Runtime): unknown {
  if (v === null) return null;
  const id = toId18(String(v));
  if (id === null) rt.throwApex('StringException', `Invalid id: ${String(v)}`);
  return id;
}

/** The decimal value of a literal's source text. */
export function decimalLiteral(text: string): ApexDecimal {
  return ApexDecimal.fromString(text);
}
