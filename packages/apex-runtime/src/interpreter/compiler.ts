/**
 * Checks and compiles method bodies into JavaScript closures. Every expression is compiled once
 * into a function of the call frame, with its static type known, so the interpreter never walks
 * the syntax tree at run time. Statements return a completion code: NORMAL, BREAK, CONTINUE or
 * RETURN (the value is left in the frame).
 *
 * The Compiler coordinates: it compiles a class member by member, dispatches each expression to
 * the compile-* module for its kind, and owns what those modules share (implicit conversion, the
 * `?.` chain state) and what compiled code calls at run time (construction, null checks, empty
 * collections). The modules are free functions that take the Compiler as their first argument
 * and import it as a type only, so there is no import cycle at load time.
 */
import type * as A from '../frontend/ast.ts';
import type { ClassTable } from './classes.ts';
import { type Conversion, conversion, isAssignable } from './conversions.ts';
import { CompileError } from './errors.ts';
import type { Runtime } from './runtime.ts';
import * as S from './semantics.ts';
import { singleRow } from './sobjects.ts';
import { type ClassInfo, type MethodInfo, type TypeInfo, typeName } from './types.ts';
import { ApexList, ApexMap, ApexObject, ApexSet } from './values.ts';
import { callExpr } from './compile-calls.ts';
import {
  checkOverrides,
  compileConstructor,
  compileInitializers,
  compileMethod
} from './compile-classes.ts';
import {
  type Coverage,
  type Ex,
  fail,
  isGenericSObject,
  type Resolved,
  type Scope,
  type Value
} from './compile-context.ts';
import { newCollection, newExpr } from './compile-creation.ts';
import { soql, sosl } from './compile-data.ts';
import { cast, checkCast, classLiteral, instanceOf, literal } from './compile-literals.ts';
import { fieldExpr, indexExpr, nameExpr } from './compile-members.ts';
import { assign, binary, conditional, incDec, unary } from './compile-operators.ts';
import { block } from './compile-statements.ts';

export type { Coverage, Ev, Ex } from './compile-context.ts';

/** Thrown by a `?.` whose left side is null; caught at the top of its chain (chainLink). */
const SAFE_NAVIGATION = Symbol('safe navigation');

/** Whether a chain link or a link below it (towards its start) is a `?.`. */
function hasSafeLink(e: A.Expr | null): boolean {
  for (let link = e; link;) {
    if (link.kind === 'Field' || link.kind === 'Call') {
      if (link.safe) return true;
      link = link.target;
    } else if (link.kind === 'Index') link = link.target;
    else return false;
  }
  return false;
}

export class Compiler {
  /** The expression being compiled as the target of a chain link (see chainLink). */
  private chainChild: A.Expr | null = null;

  constructor(
    readonly rt: Runtime,
    readonly table: ClassTable,
    readonly coverageOf: (cls: ClassInfo) => Coverage
  ) {}

  /** The platform's types, natives and namespaces. */
  get platform() {
    return this.rt.platform;
  }

  /** Calls an Apex instance method by name: a class's own equals and hashCode, for == and keys. */
  readonly caller: S.MethodCaller = (self, name, args) => this.rt.callMethod(self, name, args);

  /** The hasher of a new set or map's keys. */
  readonly hasher = () => new S.ApexHasher(this.caller);

  // ------------------------------------------------------------------------------------ classes

  /** Compiles every method, constructor and initialiser of a class; throws the first error. */
  compileClass(cls: ClassInfo): void {
    const [first] = this.compileClassErrors(cls);
    if (first) throw first;
  }

  /**
   * Compiles a class and returns its compile errors: each method, constructor, accessor and
   * initialiser is checked on its own, so one bad method does not hide the problems of another.
   */
  compileClassErrors(cls: ClassInfo): CompileError[] {
    const decl = cls.decl!;
    if (decl.kind === 'Enum' || decl.kind === 'Interface') return [];
    const errors: CompileError[] = [];
    const attempt = (work: () => void): void => {
      try {
        work();
      } catch (error) {
        if (!(error instanceof CompileError)) throw error;
        errors.push(error);
      }
    };
    const coverage = this.coverageOf(cls);
    attempt(() => checkOverrides(cls));
    attempt(() => {
      cls.staticInit = compileInitializers(this, cls, true, coverage);
    });
    attempt(() => {
      cls.instanceInit = compileInitializers(this, cls, false, coverage);
    });
    for (const methods of cls.methods.values()) {
      for (const m of methods) attempt(() => compileMethod(this, cls, m, coverage));
    }
    for (const field of [...cls.staticFields.values(), ...cls.instanceFields.values()]) {
      if (field.owner !== cls) continue;
      const { getter, setter } = field;
      if (getter) attempt(() => compileMethod(this, cls, getter, coverage, field));
      if (setter) attempt(() => compileMethod(this, cls, setter, coverage, field));
    }
    for (const ctor of cls.constructors)
      attempt(() => compileConstructor(this, cls, ctor, coverage));
    return errors;
  }

  // ------------------------------------------------------------- shared by the compile-* modules

  /** A statement block in its own scope (see compile-statements.ts). */
  block(b: A.BlockStmt, parent: Scope): Ex {
    return block(this, b, parent);
  }

  /** An expression that must be a value (not a type or a namespace). */
  valueOf(e: A.Expr, scope: Scope): Value {
    return this.expectValue(this.expr(e, scope), e.loc);
  }

  expectValue(r: Resolved, loc: A.Loc): Value {
    if (r.what === 'value') return r;
    if (r.what === 'type') return fail(`Variable does not exist: ${typeName(r.t)}`, loc);
    return fail(`Variable does not exist: ${r.name}`, loc);
  }

  /** The implicit conversion of an assignment from `from` to `to`; a compile error if none. */
  convert(from: TypeInfo, to: TypeInfo, loc: A.Loc): Conversion {
    // `Account a = [SELECT ...];` takes the single row of an inline query.
    if (
      from.kind === 'list' &&
      (from as { soql?: boolean }).soql &&
      to.kind === 'sobject' &&
      (isAssignable(from.elem, to) || isGenericSObject(from.elem))
    ) {
      return (v) => checkCast(this, singleRow(this.rt, v), to);
    }
    // `List<Account> rows = Database.query(...)`: the list's runtime type comes from the query.
    if (
      from.kind === 'list' &&
      (from as { soql?: boolean }).soql &&
      isGenericSObject(from.elem) &&
      to.kind === 'list' &&
      to.elem.kind === 'sobject'
    ) {
      return (v) => checkCast(this, v, to);
    }
    if (!isAssignable(from, to)) {
      fail(`Illegal assignment from ${typeName(from)} to ${typeName(to)}`, loc);
    }
    return conversion(from, to, this.rt);
  }

  // --------------------------------------------------------------------------------- expressions

  /** Compiles an expression: the dispatch to the compile-* module for its kind. */
  expr(e: A.Expr, scope: Scope): Resolved {
    switch (e.kind) {
      case 'Literal':
        return literal(e);
      case 'Name':
        return nameExpr(this, e, scope);
      case 'Field':
      case 'Call':
      case 'Index':
        return this.chainLink(e, scope);
      case 'New':
        return newExpr(this, e, scope);
      case 'NewCollection':
        return newCollection(this, e, scope);
      case 'Unary':
        return unary(this, e, scope);
      case 'IncDec':
        return incDec(this, e, scope);
      case 'Binary':
        return binary(this, e, scope);
      case 'Assign':
        return assign(this, e, scope);
      case 'Conditional':
        return conditional(this, e, scope);
      case 'InstanceOf':
        return instanceOf(this, e, scope);
      case 'Cast':
        return cast(this, e, scope);
      case 'This':
        if (scope.m.isStatic) fail('This cannot be referenced in a static context', e.loc);
        return { what: 'value', t: scope.m.cls.type, ev: (f) => f.self };
      case 'Super':
        return fail('super can only be used to call a method: super.method()', e.loc);
      case 'ClassLiteral':
        return classLiteral(this, e, scope);
      case 'Soql':
        return soql(this, e, scope);
      case 'Sosl':
        return sosl(this, e, scope);
    }
  }

  /**
   * A member access, call or index: a link of a chain such as `a?.b().c`. The Apex Developer
   * Guide (Safe Navigation Operator) says that when the left side of `?.` is null the rest of the
   * chain is not evaluated and the whole chain is null. A `?.` with a null left side throws
   * SAFE_NAVIGATION, which the top link of its chain turns into null.
   */
  private chainLink(e: A.FieldExpr | A.CallExpr | A.IndexExpr, scope: Scope): Resolved {
    const top = this.chainChild !== e;
    const r =
      e.kind === 'Field'
        ? fieldExpr(this, e, scope)
        : e.kind === 'Call'
          ? callExpr(this, e, scope)
          : indexExpr(this, e, scope);
    if (!top || r.what !== 'value' || !hasSafeLink(e)) return r;
    const ev = r.ev;
    return {
      ...r,
      ev: (f) => {
        try {
          return ev(f);
        } catch (x) {
          if (x === SAFE_NAVIGATION) return null;
          throw x;
        }
      }
    };
  }

  /** The target of a chain link; behind `?.`, a null target ends the chain (see chainLink). */
  chainTarget(e: A.FieldExpr | A.CallExpr | A.IndexExpr, scope: Scope): Resolved {
    const target = (e as { target: A.Expr }).target;
    this.chainChild = target;
    const r = this.expr(target, scope);
    if (!('safe' in e) || !e.safe || r.what !== 'value') return r;
    const ev = r.ev;
    return {
      ...r,
      ev: (f) => {
        const v = ev(f);
        if (v === null) throw SAFE_NAVIGATION;
        return v;
      }
    };
  }

  // ------------------------------------------------------------------- run time, for compiled code

  /** Runs a constructor (or the implicit default one) on a fresh object. */
  runConstructor(cls: ClassInfo, ctor: MethodInfo | null, self: ApexObject, args: unknown[]): void {
    if (ctor) {
      ctor.invoke!(self, args);
      return;
    }
    if (cls.superclass?.source) this.runConstructor(cls.superclass, null, self, []);
    cls.instanceInit?.(self);
  }

  /** A new object of `cls` with every field null; the class's statics are initialised first. */
  instantiate(cls: ClassInfo): ApexObject {
    this.rt.statics(cls);
    return new ApexObject(cls, new Array<unknown>(cls.instanceSlotCount).fill(null));
  }

  /** `v`, or a NullPointerException when it is null. */
  nonNull<V>(v: V | null): V {
    if (v === null)
      this.rt.throwApex('NullPointerException', 'Attempt to de-reference a null object');
    return v as V;
  }

  /** A new empty list, set or map of the collection type `t`. */
  emptyCollection(t: TypeInfo): ApexList | ApexSet | ApexMap {
    if (t.kind === 'list') return new ApexList(t.elem, []);
    if (t.kind === 'set') return new ApexSet(t.elem, this.hasher());
    if (t.kind === 'map') return new ApexMap(t.key, t.value, this.hasher());
    throw new Error(`not a collection: ${typeName(t)}`);
  }
}
