/**
 * Checks and compiles method bodies into JavaScript closures. Every expression is compiled once
 * into a function of the call frame, with its static type known, so the interpreter never walks
 * the syntax tree at run time. Statements return a completion code: NORMAL, BREAK, CONTINUE or
 * RETURN (the value is left in the frame).
 */
import type * as A from '../frontend/ast.ts';
import { ApexDecimal } from '../values/decimal.ts';
import type { SObjectSchema } from '../schema/schema.ts';
import type { ClassTable } from './classes.ts';
import { parseSoql, SoqlError } from '../soql/parse.ts';
import type { SoqlQuery } from '../soql/ast.ts';
import type { FieldSchema } from '../schema/schema.ts';
import {
  dmlStatement,
  readMember,
  runQuery,
  singleRow,
  SObjectValue,
  sobjectMember,
  sobjectStaticsKey
} from './sobjects.ts';
import { type Conversion, conversion, identity, isAssignable } from './conversions.ts';
import { ApexThrow, CompileError, UnsupportedError } from './errors.ts';
import { reservedNameError } from './reserved.ts';
import { Frame, type Runtime } from './runtime.ts';
import * as S from './semantics.ts';
import {
  type ClassInfo,
  type FieldInfo,
  type MethodInfo,
  type NativeCallContext,
  type NativeClass,
  type NativeMethod,
  type NativeTypeSpec,
  T,
  type TypeInfo,
  isNumeric,
  isPrim,
  listOf,
  mapOf,
  sameType,
  setOf,
  sobjectType,
  typeName
} from './types.ts';
import {
  ApexDouble,
  type ApexEnumValue,
  ApexList,
  ApexMap,
  ApexObject,
  ApexSet,
  ApexType,
  runtimeTypeName
} from './values.ts';

export type Ev = (f: Frame) => unknown;
export type Ex = (f: Frame) => number;
const NO_ARGS: unknown[] = [];
const NORMAL = 0;
const BREAK = 1;
const CONTINUE = 2;
const RETURN = 3;

/** A compiled expression: its static type, how to evaluate it, and how to assign to it. */
interface Value {
  what: 'value';
  t: TypeInfo;
  ev: Ev;
  set?: (f: Frame, v: unknown) => void;
  /** Set when the expression cannot be assigned: the compile error to report if it is. */
  readOnly?: string;
}
interface TypeName {
  what: 'type';
  t: TypeInfo;
}
interface Namespace {
  what: 'namespace';
  name: string;
}
type Resolved = Value | TypeName | Namespace;

/** Line coverage of one source file. */
export interface Coverage {
  executable: Set<number>;
  hits: Map<number, number>;
}

interface LocalVar {
  slot: number;
  t: TypeInfo;
}

class MethodContext {
  slots = 0;
  readonly locs: A.Loc[] = [];
  loopDepth = 0;
  constructor(
    readonly cls: ClassInfo,
    readonly isStatic: boolean,
    readonly returnType: TypeInfo,
    readonly coverage: Coverage,
    /** Inside a property accessor the property's name means its backing field. */
    readonly property: FieldInfo | null = null
  ) {}
}

class Scope {
  readonly vars = new Map<string, LocalVar>();
  constructor(
    readonly parent: Scope | null,
    readonly m: MethodContext
  ) {}

  lookup(name: string): LocalVar | undefined {
    return this.vars.get(name.toLowerCase()) ?? this.parent?.lookup(name);
  }

  /** A local variable, loop variable or catch parameter: its name must not be reserved. */
  declare(name: string, t: TypeInfo, loc: A.Loc): LocalVar {
    const reserved = reservedNameError(name, loc);
    if (reserved) throw reserved;
    return this.declareParam(name, t, loc);
  }

  /** A parameter, whose name the class table has already checked. */
  declareParam(name: string, t: TypeInfo, loc: A.Loc): LocalVar {
    if (this.lookup(name)) throw new CompileError(`Duplicate variable: ${name}`, loc);
    const v = { slot: this.m.slots++, t };
    this.vars.set(name.toLowerCase(), v);
    return v;
  }
}

const fail = (message: string, loc: A.Loc): never => {
  throw new CompileError(message, loc);
};

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

  private get platform() {
    return this.rt.platform;
  }

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
    attempt(() => this.checkOverrides(cls));
    attempt(() => {
      cls.staticInit = this.compileInitializers(cls, true, coverage);
    });
    attempt(() => {
      cls.instanceInit = this.compileInitializers(cls, false, coverage);
    });
    for (const methods of cls.methods.values()) {
      for (const m of methods) attempt(() => this.compileMethod(cls, m, coverage));
    }
    for (const field of [...cls.staticFields.values(), ...cls.instanceFields.values()]) {
      if (field.owner !== cls) continue;
      const { getter, setter } = field;
      if (getter) attempt(() => this.compileMethod(cls, getter, coverage, field));
      if (setter) attempt(() => this.compileMethod(cls, setter, coverage, field));
    }
    for (const ctor of cls.constructors)
      attempt(() => this.compileConstructor(cls, ctor, coverage));
    return errors;
  }

  private checkOverrides(cls: ClassInfo): void {
    this.checkOverrideKeywords(cls);
    if (cls.isAbstract || cls.kind !== 'class') return;
    for (const iface of allInterfaces(cls)) {
      for (const methods of iface.methods.values()) {
        for (const m of methods) {
          const impl = cls.resolveVirtual(m);
          if (impl === m) {
            fail(
              `Class ${cls.fullName} must implement the method: ${typeName(m.returnType)} ${iface.fullName}.${m.name}(${m.params.map((p) => typeName(p.type)).join(', ')})`,
              cls.decl!.loc
            );
          }
        }
      }
    }
    for (let sup = cls.superclass; sup; sup = sup.superclass) {
      for (const methods of sup.methods.values()) {
        for (const m of methods) {
          if (m.isAbstract && cls.resolveVirtual(m) === m) {
            fail(
              `Class ${cls.fullName} must implement the abstract method: ${sup.fullName}.${m.name}`,
              cls.decl!.loc
            );
          }
        }
      }
    }
  }

  /** `override` must name a virtual or abstract method of a superclass. */
  private checkOverrideKeywords(cls: ClassInfo): void {
    const sup = cls.superclass;
    for (const methods of cls.methods.values()) {
      for (const m of methods) {
        if (!m.isOverride || !m.decl) continue;
        const sig = m.params.map((p) => typeName(p.type).toLowerCase()).join(',');
        const parent = sup
          ?.findMethods(m.name)
          .find(
            (p) =>
              !p.isStatic && p.params.map((x) => typeName(x.type).toLowerCase()).join(',') === sig
          );
        const label = `${typeName(m.returnType)} ${m.name}(${m.params.map((p) => typeName(p.type)).join(', ')})`;
        if (!parent) fail(`Method does not override an ancestor method: ${label}`, m.decl.loc);
        // Anonymous-code classes are virtual by default; whether their methods are is not documented.
        const anonymous = parent!.owner.source?.kind === 'anonymous';
        if (!parent!.isVirtual && !anonymous)
          fail(`Non-virtual, non-abstract methods cannot be overridden: ${label}`, m.decl.loc);
      }
    }
  }

  private compileInitializers(
    cls: ClassInfo,
    isStatic: boolean,
    coverage: Coverage
  ): ((self: unknown) => void) | null {
    const decl = cls.decl as A.ClassDecl;
    const m = new MethodContext(cls, isStatic, T.Void, coverage);
    const scope = new Scope(null, m);
    const steps: Ex[] = [];
    for (const member of decl.members) {
      if (member.kind === 'Field' && member.modifiers.keywords.has('static') === isStatic) {
        for (const d of member.declarators) {
          if (!d.init) continue;
          const field = (isStatic ? cls.staticFields : cls.instanceFields).get(
            d.name.toLowerCase()
          )!;
          const value = this.expectValue(this.expr(d.init, scope), d.init.loc);
          const conv = this.convert(value.t, field.type, d.init.loc);
          const slot = field.slot;
          const set: Ex = isStatic
            ? (f) => {
                this.rt.statics(cls)[slot] = conv(value.ev(f));
                return NORMAL;
              }
            : (f) => {
                (f.self as ApexObject).fields[slot] = conv(value.ev(f));
                return NORMAL;
              };
          steps.push(this.track(d.loc, m, set));
        }
      } else if (member.kind === 'Initializer' && member.isStatic === isStatic) {
        steps.push(this.block(member.body, scope));
      }
    }
    if (steps.length === 0) return null;
    const locs = m.locs;
    const traceName = `Class.${cls.fullName}.<${isStatic ? 'clinit' : 'init'}>`;
    return (self) => {
      const f = new Frame({ traceName }, self, m.slots, locs);
      this.rt.push(f);
      try {
        for (const step of steps) step(f);
      } finally {
        this.rt.pop();
      }
    };
  }

  private compileMethod(
    cls: ClassInfo,
    method: MethodInfo,
    coverage: Coverage,
    property: FieldInfo | null = null
  ): void {
    const decl = method.decl as A.MethodDecl;
    if (!decl.body) {
      if (!method.isAbstract && cls.kind === 'class')
        fail(`Method must have a body: ${method.name}`, decl.loc);
      return;
    }
    if (method.isAbstract) fail(`Abstract methods cannot have a body: ${method.name}`, decl.loc);
    const m = new MethodContext(cls, method.isStatic, method.returnType, coverage, property);
    const scope = new Scope(null, m);
    method.params.forEach((p, i) =>
      scope.declareParam(p.name, p.type, (decl.params[i] ?? decl).loc)
    );
    const body = this.block(decl.body, scope);
    if (method.returnType.kind !== 'void' && canCompleteNormally(decl.body)) {
      fail(
        `Missing return statement required return type: ${typeName(method.returnType)}`,
        decl.loc
      );
    }
    method.invoke = this.invoker(method, m, body);
  }

  private invoker(
    method: MethodInfo,
    m: MethodContext,
    body: Ex
  ): (self: unknown, args: unknown[]) => unknown {
    const size = m.slots;
    const locs = m.locs;
    const rt = this.rt;
    const count = method.params.length;
    return (self, args) => {
      const f = new Frame(method, self, size, locs);
      for (let i = 0; i < count; i++) f.l[i] = args[i];
      rt.push(f);
      try {
        body(f);
      } finally {
        rt.pop();
      }
      return f.ret;
    };
  }

  private compileConstructor(cls: ClassInfo, ctor: MethodInfo, coverage: Coverage): void {
    const decl = ctor.decl as A.ConstructorDecl;
    const m = new MethodContext(cls, false, T.Void, coverage);
    const scope = new Scope(null, m);
    ctor.params.forEach((p, i) => scope.declareParam(p.name, p.type, decl.params[i].loc));
    const statements = decl.body.body;
    const first = statements[0];
    const chained =
      first?.kind === 'Expr' &&
      first.expr.kind === 'Call' &&
      first.expr.target === null &&
      ['this', 'super'].includes(first.expr.name.toLowerCase())
        ? first.expr
        : null;
    let prologue: Ex;
    const chainedArgs = chained ? chained.args.map((a) => this.valueOf(a, scope)) : [];
    const implicit =
      chained?.name.toLowerCase() === 'this'
        ? this.implicitExceptionConstructor(cls, chainedArgs, chained.loc)
        : null;
    if (chained && implicit) {
      prologue = this.track(chained.loc, m, (f) => {
        implicit(f.self as ApexObject, f);
        return NORMAL;
      });
    } else if (chained && chained.name.toLowerCase() === 'this') {
      const target = this.pickConstructor(cls, chainedArgs, chained.loc);
      prologue = this.track(chained.loc, m, (f) => {
        this.runConstructor(
          cls,
          target.ctor,
          f.self as ApexObject,
          target.args.map((a) => a(f))
        );
        return NORMAL;
      });
    } else {
      const superCall = chained
        ? this.superConstructorCall(cls, chained, scope)
        : this.superConstructorCall(cls, null, scope);
      prologue = (f) => {
        superCall(f);
        cls.instanceInit?.(f.self);
        return NORMAL;
      };
      if (chained) prologue = this.track(chained.loc, m, prologue);
    }
    const rest = this.block(
      { kind: 'Block', body: chained ? statements.slice(1) : statements, loc: decl.body.loc },
      scope
    );
    const body: Ex = (f) => {
      prologue(f);
      return rest(f);
    };
    ctor.invoke = this.invoker(ctor, m, body);
  }

  /** Runs the superclass constructor part of object construction (explicit or implicit). */
  private superConstructorCall(
    cls: ClassInfo,
    call: A.CallExpr | null,
    scope: Scope
  ): (f: Frame) => void {
    const sup = cls.superclass;
    if (!sup) {
      if (call) fail('Object has no superclass constructor to call', call.loc);
      return () => undefined;
    }
    const args = call ? call.args.map((a) => this.valueOf(a, scope)) : [];
    if (sup.source === null) {
      // Platform exception constructors: (), (String), (Exception), (String, Exception).
      const init = this.exceptionInit(args, call?.loc ?? cls.decl!.loc);
      return (f) => init(f.self as ApexObject, f);
    }
    const target = this.pickConstructor(sup, args, call?.loc ?? cls.decl!.loc);
    return (f) =>
      this.runConstructor(
        sup,
        target.ctor,
        f.self as ApexObject,
        target.args.map((a) => a(f))
      );
  }

  /**
   * Exception classes keep the four implicit constructors ((), (String), (Exception),
   * (String, Exception)) next to their own; returns the implicit one the arguments select, or
   * null when the class is no exception or one of its own constructors accepts the arguments.
   */
  private implicitExceptionConstructor(
    cls: ClassInfo,
    args: Value[],
    loc: A.Loc
  ): ((self: ApexObject, f: Frame) => void) | null {
    if (!cls.isException) return null;
    const own = cls.constructors.some(
      (c) =>
        c.params.length === args.length && c.params.every((p, i) => isAssignable(args[i].t, p.type))
    );
    if (own) return null;
    const init = this.exceptionInit(args, loc);
    return (self, f) => {
      init(self, f);
      this.runConstructor(cls, null, self, []);
    };
  }

  private exceptionInit(args: Value[], loc: A.Loc): (self: ApexObject, f: Frame) => void {
    const root = this.platform.exceptionRoot.type;
    const isText = (v: Value) => isAssignable(v.t, T.String);
    const isCause = (v: Value) => isAssignable(v.t, root);
    if (args.length === 0) return () => undefined;
    if (args.length === 1 && isText(args[0])) {
      return (self, f) => {
        self.fields[0] = args[0].ev(f);
      };
    }
    if (args.length === 1 && isCause(args[0])) {
      return (self, f) => {
        const cause = args[0].ev(f) as ApexObject | null;
        self.fields[1] = cause;
        self.fields[0] = cause === null ? null : this.rt.describeException(cause);
      };
    }
    if (args.length === 2 && isText(args[0]) && isCause(args[1])) {
      return (self, f) => {
        self.fields[0] = args[0].ev(f);
        self.fields[1] = args[1].ev(f);
      };
    }
    return fail(
      `Constructor not defined: Exception.<Constructor>(${args.map((a) => typeName(a.t)).join(', ')})`,
      loc
    );
  }

  private pickConstructor(
    cls: ClassInfo,
    args: Value[],
    loc: A.Loc
  ): { ctor: MethodInfo | null; args: Ev[] } {
    if (cls.constructors.length === 0) {
      if (args.length > 0)
        fail(
          `Constructor not defined: [${cls.fullName}].<Constructor>(${args.map((a) => typeName(a.t)).join(', ')})`,
          loc
        );
      return { ctor: null, args: [] };
    }
    const ctor = this.choose(cls.constructors, args, loc, `[${cls.fullName}].<Constructor>`);
    return {
      ctor,
      args: this.convertArgs(
        args,
        ctor.params.map((p) => p.type),
        loc
      )
    };
  }

  /** Runs a constructor (or the implicit default one) on a fresh object. */
  runConstructor(cls: ClassInfo, ctor: MethodInfo | null, self: ApexObject, args: unknown[]): void {
    if (ctor) {
      ctor.invoke!(self, args);
      return;
    }
    if (cls.superclass?.source) this.runConstructor(cls.superclass, null, self, []);
    cls.instanceInit?.(self);
  }

  instantiate(cls: ClassInfo): ApexObject {
    this.rt.statics(cls);
    return new ApexObject(cls, new Array<unknown>(cls.instanceSlotCount).fill(null));
  }

  // ---------------------------------------------------------------------------------- statements

  /** Records a statement's position for stack traces and coverage, and wraps its code. */
  private track(loc: A.Loc, m: MethodContext, run: Ex): Ex {
    const index = m.locs.push(loc) - 1;
    const line = loc.line;
    const hits = m.coverage.hits;
    m.coverage.executable.add(line);
    return (f) => {
      f.at = index;
      hits.set(line, (hits.get(line) ?? 0) + 1);
      return run(f);
    };
  }

  block(b: A.BlockStmt, parent: Scope): Ex {
    const scope = new Scope(parent, parent.m);
    const steps = b.body.map((s) => this.stmt(s, scope));
    if (steps.length === 0) return () => NORMAL;
    if (steps.length === 1) return steps[0];
    return (f) => {
      for (let i = 0; i < steps.length; i++) {
        const c = steps[i](f);
        if (c !== NORMAL) return c;
      }
      return NORMAL;
    };
  }

  private stmt(s: A.Stmt, scope: Scope): Ex {
    const m = scope.m;
    switch (s.kind) {
      case 'Block':
        return this.block(s, scope);
      case 'LocalVar':
        return this.localVar(s, scope);
      case 'Expr': {
        const e = this.expr(s.expr, scope);
        if (e.what !== 'value') fail('Expression cannot be a statement', s.loc);
        const ev = (e as Value).ev;
        return this.track(s.loc, m, (f) => {
          ev(f);
          return NORMAL;
        });
      }
      case 'If': {
        const test = this.condition(s.test, scope);
        const then = this.stmt(s.then, new Scope(scope, m));
        const otherwise = s.otherwise ? this.stmt(s.otherwise, new Scope(scope, m)) : null;
        return this.track(
          s.loc,
          m,
          otherwise
            ? (f) => (test(f) ? then(f) : otherwise(f))
            : (f) => (test(f) ? then(f) : NORMAL)
        );
      }
      case 'While': {
        const test = this.condition(s.test, scope);
        const body = this.loopBody(s.body, scope);
        return this.track(s.loc, m, (f) => {
          while (test(f)) {
            const c = body(f);
            if (c === BREAK) break;
            if (c === RETURN) return RETURN;
          }
          return NORMAL;
        });
      }
      case 'DoWhile': {
        const body = this.loopBody(s.body, scope);
        const test = this.condition(s.test, scope);
        return this.track(s.loc, m, (f) => {
          do {
            const c = body(f);
            if (c === BREAK) break;
            if (c === RETURN) return RETURN;
          } while (test(f));
          return NORMAL;
        });
      }
      case 'For':
        return this.forLoop(s, scope);
      case 'ForEach':
        return this.forEach(s, scope);
      case 'Switch':
        return this.switchStmt(s, scope);
      case 'Return':
        return this.returnStmt(s, scope);
      case 'Throw': {
        const value = this.valueOf(s.value, scope);
        if (!isAssignable(value.t, this.platform.exceptionRoot.type))
          fail(`Throw expression must be of type Exception: ${typeName(value.t)}`, s.loc);
        return this.track(s.loc, m, (f) => {
          const ex = value.ev(f) as ApexObject | null;
          if (ex === null)
            this.rt.throwApex('NullPointerException', 'Attempt to de-reference a null object');
          if (!ex.trace) ex.trace = this.rt.captureTrace();
          throw new ApexThrow(ex);
        });
      }
      case 'Break':
      case 'Continue':
        if (m.loopDepth === 0) fail(`${s.kind} must be in a loop`, s.loc);
        return this.track(s.loc, m, s.kind === 'Break' ? () => BREAK : () => CONTINUE);
      case 'Try':
        return this.tryStmt(s, scope);
      case 'Dml':
        return this.dml(s, scope);
      case 'RunAs':
        return this.runAs(s, scope);
    }
  }

  /**
   * `System.runAs(user) { ... }` (Apex Developer Guide, Using the runAs Method): the block runs
   * as `user` (UserInfo, and the CreatedById/OwnerId/LastModifiedById its DML stamps), and the
   * previous user is back however the block ends, so nested blocks stack. Every call counts
   * against the DML statements limit, as the guide says. User-mode operations in the block
   * (`WITH USER_MODE`, `insert as user`, AccessLevel.USER_MODE) then check this user's object
   * and field permissions (src/security); system-mode code is unaffected, and record sharing is
   * not modelled (see the runtime README).
   */
  private runAs(s: A.RunAsStmt, scope: Scope): Ex {
    const args = s.args.map((a) => this.valueOf(a, scope));
    const body = this.block(s.body, scope);
    const t = args.length === 1 ? args[0].t : null;
    if (t?.kind !== 'sobject' || t.schema?.name.toLowerCase() !== 'user') {
      // runAs(System.Version) switches the managed-package version: there are no packages here.
      const signature = args.map((a) => typeName(a.t)).join(', ');
      return this.track(s.loc, scope.m, () => {
        throw new UnsupportedError(`System.runAs(${signature}): only runAs(User) is supported`);
      });
    }
    const user = args[0].ev;
    const rt = this.rt;
    return this.track(s.loc, scope.m, (f) => {
      const u = user(f) as SObjectValue | null;
      // The guide documents neither a null user nor one never inserted: refuse both loudly.
      if (u === null) throw new UnsupportedError('System.runAs(User) with a null User');
      const id = u.get('id');
      if (typeof id !== 'string' || rt.data.db.find(id) === null)
        throw new UnsupportedError('System.runAs(User) with a User that is not inserted');
      rt.data.limits.charge('dmlStatements');
      const actor = rt.data.db.actor;
      const previous = actor.userId;
      actor.userId = id;
      try {
        return body(f);
      } finally {
        actor.userId = previous;
      }
    });
  }

  /** `insert records;`, `upsert records Account.Code__c;` and the other DML statements. */
  private dml(s: A.DmlStmt, scope: Scope): Ex {
    if (s.op === 'merge') {
      for (const v of s.values) this.valueOf(v, scope);
      return this.track(s.loc, scope.m, () => {
        throw new UnsupportedError('merge DML');
      });
    }
    const value = this.valueOf(s.values[0], scope);
    const t = value.t;
    const object =
      t.kind === 'sobject'
        ? t.schema
        : t.kind === 'list' && t.elem.kind === 'sobject'
          ? t.elem.schema
          : undefined;
    if (object === undefined) {
      return fail(`DML requires SObject or SObject list type: ${typeName(t)}`, s.values[0].loc);
    }
    if (object?.kind === 'customMetadata' || object?.queryOnly) {
      const verb = `${s.op[0].toUpperCase()}${s.op.slice(1)}`;
      return fail(`DML operation ${verb} not allowed on ${object.name}`, s.loc);
    }
    if (object?.kind === 'external') {
      const verb = `${s.op[0].toUpperCase()}${s.op.slice(1)}`;
      return fail(
        `DML operation ${verb} not allowed on ${object.name}: an external object's rows live in ` +
          `its external data source (${object.externalDataSource ?? 'unknown'}); write to that system instead`,
        s.loc
      );
    }
    let externalId: FieldSchema | null = null;
    if (s.externalId) {
      const names = s.externalId;
      const fieldName = names[names.length - 1];
      const owner = names.length > 1 ? this.rt.data.schema.get(names[names.length - 2]) : object;
      externalId = owner?.fields.get(fieldName.toLowerCase()) ?? null;
      if (!externalId)
        return fail(
          `Invalid field for upsert, must be an External Id custom or standard indexed field: ${names.join('.')}`,
          s.loc
        );
    }
    const op = s.op;
    const rt = this.rt;
    const userMode = s.accessLevel === 'user';
    return this.track(s.loc, scope.m, (f) => {
      dmlStatement(rt, op, value.ev(f), externalId, userMode);
      return NORMAL;
    });
  }

  private loopBody(body: A.Stmt, scope: Scope): Ex {
    scope.m.loopDepth++;
    try {
      return this.stmt(body, new Scope(scope, scope.m));
    } finally {
      scope.m.loopDepth--;
    }
  }

  private localVar(s: A.LocalVarStmt, scope: Scope): Ex {
    const t = this.table.resolveType(s.type, scope.m.cls);
    const steps: Ex[] = [];
    for (const d of s.declarators) {
      const init = d.init ? this.valueOf(d.init, scope) : null;
      const conv = init ? this.convert(init.t, t, d.init!.loc) : identity;
      const v = scope.declare(d.name, t, d.loc);
      const slot = v.slot;
      steps.push(
        init
          ? (f) => {
              f.l[slot] = conv(init.ev(f));
              return NORMAL;
            }
          : (f) => {
              f.l[slot] = null;
              return NORMAL;
            }
      );
    }
    const run: Ex =
      steps.length === 1
        ? steps[0]
        : (f) => {
            for (const step of steps) step(f);
            return NORMAL;
          };
    return this.track(s.loc, scope.m, run);
  }

  private forLoop(s: A.ForStmt, outer: Scope): Ex {
    const scope = new Scope(outer, outer.m);
    let init: Ex = () => NORMAL;
    if (s.init && !Array.isArray(s.init)) init = this.localVar(s.init, scope);
    else if (Array.isArray(s.init)) {
      const evs = s.init.map((e) => this.valueOf(e, scope).ev);
      init = (f) => {
        for (const ev of evs) ev(f);
        return NORMAL;
      };
    }
    const test = s.test ? this.condition(s.test, scope) : () => true;
    const updates = s.update.map((e) => this.valueOf(e, scope).ev);
    const body = this.loopBody(s.body, scope);
    return this.track(s.loc, outer.m, (f) => {
      for (init(f); test(f);) {
        const c = body(f);
        if (c === BREAK) break;
        if (c === RETURN) return RETURN;
        for (let i = 0; i < updates.length; i++) updates[i](f);
      }
      return NORMAL;
    });
  }

  private forEach(s: A.ForEachStmt, outer: Scope): Ex {
    const scope = new Scope(outer, outer.m);
    const iterable = this.valueOf(s.iterable, outer);
    const t = this.table.resolveType(s.type, outer.m.cls);
    let elem: TypeInfo;
    if (iterable.t.kind === 'list' || iterable.t.kind === 'set') elem = iterable.t.elem;
    else fail(`Loop must iterate over collection: ${typeName(iterable.t)}`, s.iterable.loc);
    const soql = (iterable.t as { soql?: boolean }).soql === true;
    // `for (List<Account> batch : [SELECT ...])` receives the rows in lists of 200.
    if (soql && t.kind === 'list' && isAssignable(elem!, t.elem))
      return this.forEachBatch(s, outer, iterable, t);
    const dynamicRow = soql && isGenericSObject(elem!) && t.kind === 'sobject';
    if (!dynamicRow && !isAssignable(elem!, t))
      fail(`Loop variable must be of type ${typeName(elem!)}`, s.loc);
    const conv = dynamicRow ? (v: unknown) => this.checkCast(v, t) : this.convert(elem!, t, s.loc);
    const v = scope.declare(s.name, t, s.loc);
    const slot = v.slot;
    const body = this.loopBody(s.body, scope);
    const rt = this.rt;
    return this.track(s.loc, outer.m, (f) => {
      const coll = iterable.ev(f);
      if (coll === null)
        rt.throwApex('NullPointerException', 'Attempt to de-reference a null object');
      const items = coll instanceof ApexList ? coll.items : (coll as ApexSet).values();
      const size = items.length;
      for (let i = 0; i < items.length; i++) {
        f.l[slot] = conv(items[i]);
        const c = body(f);
        // Like a Java iterator, the modification is detected when the loop asks for the next
        // element, so leaving the loop right after modifying the collection is allowed.
        if (c === BREAK) break;
        if (c === RETURN) return RETURN;
        if (
          coll instanceof ApexList ? coll.items.length !== size : (coll as ApexSet).size !== size
        ) {
          rt.throwApex('FinalException', 'Cannot modify a collection while it is being iterated.');
        }
      }
      return NORMAL;
    });
  }

  /** A SOQL for loop over lists: the platform hands the rows over 200 at a time. */
  private forEachBatch(s: A.ForEachStmt, outer: Scope, iterable: Value, t: TypeInfo): Ex {
    const scope = new Scope(outer, outer.m);
    const slot = scope.declare(s.name, t, s.loc).slot;
    const body = this.loopBody(s.body, scope);
    const elem = (t as { elem: TypeInfo }).elem;
    return this.track(s.loc, outer.m, (f) => {
      const rows = (iterable.ev(f) as ApexList).items;
      for (let i = 0; i < rows.length; i += 200) {
        f.l[slot] = new ApexList(elem, rows.slice(i, i + 200));
        const c = body(f);
        if (c === BREAK) break;
        if (c === RETURN) return RETURN;
      }
      return NORMAL;
    });
  }

  private switchStmt(s: A.SwitchStmt, scope: Scope): Ex {
    const subject = this.valueOf(s.subject, scope);
    const st = subject.t;
    const enumCls = st.kind === 'class' && st.cls.kind === 'enum' ? st.cls : null;
    const arms: { test: (v: unknown, f: Frame) => boolean; body: Ex }[] = [];
    let otherwise: Ex | null = null;
    const seen = new Set<string>();
    for (const when of s.whens) {
      const armScope = new Scope(scope, scope.m);
      if (when.kind === 'else') {
        if (otherwise) fail('Only one when else is allowed', when.loc);
        otherwise = this.block(when.body, armScope);
        continue;
      }
      if (when.kind === 'type') {
        const t = this.table.resolveType(when.type, scope.m.cls);
        const v = armScope.declare(when.name, t, when.loc);
        const body = this.block(when.body, armScope);
        arms.push({
          test: (value, f) => {
            if (!S.isInstance(value, t)) return false;
            f.l[v.slot] = value;
            return true;
          },
          body
        });
        continue;
      }
      const values: unknown[] = [];
      for (const lit of when.values) {
        let value: unknown;
        if (lit.kind === 'Name') {
          if (!enumCls) fail(`Invalid when value: ${lit.name}`, lit.loc);
          value = enumCls!.enumValues.find(
            (e) => (e as ApexEnumValue).name.toLowerCase() === lit.name.toLowerCase()
          );
          if (value === undefined) fail(`Invalid enum value: ${lit.name}`, lit.loc);
        } else {
          const c = this.literal(lit);
          if (lit.type !== 'Null' && !isAssignable(c.t, st))
            fail(
              `Incompatible when value ${String(lit.value)} for switch on ${typeName(st)}`,
              lit.loc
            );
          value = c.ev(undefined as unknown as Frame);
          if (isPrim(st, 'Long') && typeof value === 'number') value = BigInt(value);
        }
        const key =
          typeof value === 'object' && value !== null
            ? (value as ApexEnumValue).name
            : String(value);
        if (seen.has(key)) fail(`Duplicate when value: ${key}`, lit.loc);
        seen.add(key);
        values.push(value);
      }
      const body = this.block(when.body, armScope);
      arms.push({
        test: (value) =>
          values.some((w) =>
            w === null ? value === null : value !== null && S.valueEquals(w, value, this.caller)
          ),
        body
      });
    }
    const fallback = otherwise;
    return this.track(s.loc, scope.m, (f) => {
      const value = subject.ev(f);
      for (const arm of arms) {
        if (arm.test(value, f)) return arm.body(f);
      }
      return fallback ? fallback(f) : NORMAL;
    });
  }

  private returnStmt(s: A.ReturnStmt, scope: Scope): Ex {
    const expected = scope.m.returnType;
    if (!s.value) {
      if (expected.kind !== 'void') fail(`Missing return value: ${typeName(expected)}`, s.loc);
      return this.track(s.loc, scope.m, () => RETURN);
    }
    if (expected.kind === 'void') fail('Void method must not return a value', s.loc);
    const value = this.valueOf(s.value, scope);
    const conv = this.convert(value.t, expected, s.value.loc);
    return this.track(s.loc, scope.m, (f) => {
      f.ret = conv(value.ev(f));
      return RETURN;
    });
  }

  private tryStmt(s: A.TryStmt, scope: Scope): Ex {
    const body = this.block(s.body, scope);
    const catches = s.catches.map((c) => {
      const t = this.table.resolveType(c.type, scope.m.cls);
      if (!isAssignable(t, this.platform.exceptionRoot.type))
        fail(`Catch block variable must be of type exception: ${typeName(t)}`, c.loc);
      const catchScope = new Scope(scope, scope.m);
      const v = catchScope.declare(c.name, t, c.loc);
      return { t, slot: v.slot, body: this.block(c.body, catchScope) };
    });
    const fin = s.finally ? this.block(s.finally, scope) : null;
    // LimitException and assertion failures end the transaction: no catch block sees them.
    const limitException = this.platform.exceptionClass('LimitException');
    const assertException = this.platform.exceptionClass('AssertException');
    return (f) => {
      let completion = NORMAL;
      try {
        completion = body(f);
      } catch (error) {
        if (
          !(error instanceof ApexThrow) ||
          error.exception.cls === limitException ||
          error.exception.cls === assertException
        )
          throw error;
        const handler = catches.find((c) => S.isInstance(error.exception, c.t));
        if (!handler) throw error;
        f.l[handler.slot] = error.exception;
        completion = handler.body(f);
      } finally {
        if (fin) {
          const c = fin(f);
          if (c !== NORMAL) completion = c;
        }
      }
      return completion;
    };
  }

  /** A Boolean condition; a null value throws NullPointerException as the platform does. */
  private condition(e: A.Expr, scope: Scope): (f: Frame) => boolean {
    const v = this.valueOf(e, scope);
    if (!isPrim(v.t, 'Boolean')) fail(`Expression must be a Boolean: ${typeName(v.t)}`, e.loc);
    const rt = this.rt;
    return (f) => {
      const b = v.ev(f);
      if (b === null) rt.throwApex('NullPointerException', 'Attempt to de-reference a null object');
      return b as boolean;
    };
  }

  // --------------------------------------------------------------------------------- expressions

  readonly caller: S.MethodCaller = (self, name, args) => this.rt.callMethod(self, name, args);

  private valueOf(e: A.Expr, scope: Scope): Value {
    return this.expectValue(this.expr(e, scope), e.loc);
  }

  private expectValue(r: Resolved, loc: A.Loc): Value {
    if (r.what === 'value') return r;
    if (r.what === 'type') return fail(`Variable does not exist: ${typeName(r.t)}`, loc);
    return fail(`Variable does not exist: ${r.name}`, loc);
  }

  convert(from: TypeInfo, to: TypeInfo, loc: A.Loc): Conversion {
    // `Account a = [SELECT ...];` takes the single row of an inline query.
    if (
      from.kind === 'list' &&
      (from as { soql?: boolean }).soql &&
      to.kind === 'sobject' &&
      (isAssignable(from.elem, to) || isGenericSObject(from.elem))
    ) {
      return (v) => this.checkCast(singleRow(this.rt, v), to);
    }
    // `List<Account> rows = Database.query(...)`: the list's runtime type comes from the query.
    if (
      from.kind === 'list' &&
      (from as { soql?: boolean }).soql &&
      isGenericSObject(from.elem) &&
      to.kind === 'list' &&
      to.elem.kind === 'sobject'
    ) {
      return (v) => this.checkCast(v, to);
    }
    if (!isAssignable(from, to)) {
      fail(`Illegal assignment from ${typeName(from)} to ${typeName(to)}`, loc);
    }
    return conversion(from, to, this.rt);
  }

  expr(e: A.Expr, scope: Scope): Resolved {
    switch (e.kind) {
      case 'Literal':
        return this.literal(e);
      case 'Name':
        return this.name(e, scope);
      case 'Field':
      case 'Call':
      case 'Index':
        return this.chainLink(e, scope);
      case 'New':
        return this.newExpr(e, scope);
      case 'NewCollection':
        return this.newCollection(e, scope);
      case 'Unary':
        return this.unary(e, scope);
      case 'IncDec':
        return this.incDec(e, scope);
      case 'Binary':
        return this.binary(e, scope);
      case 'Assign':
        return this.assign(e, scope);
      case 'Conditional':
        return this.conditional(e, scope);
      case 'InstanceOf': {
        const operand = this.valueOf(e.operand, scope);
        const t = this.table.resolveType(e.type, scope.m.cls);
        return { what: 'value', t: T.Boolean, ev: (f) => S.isInstance(operand.ev(f), t) };
      }
      case 'Cast':
        return this.cast(e, scope);
      case 'This':
        if (scope.m.isStatic) fail('This cannot be referenced in a static context', e.loc);
        return { what: 'value', t: scope.m.cls.type, ev: (f) => f.self };
      case 'Super':
        return fail('super can only be used to call a method: super.method()', e.loc);
      case 'ClassLiteral': {
        const t = e.type ? this.table.resolveType(e.type, scope.m.cls) : T.Void;
        const type = new ApexType(t);
        return { what: 'value', t: this.typeType(), ev: () => type };
      }
      case 'Soql':
        return this.soql(e, scope);
      case 'Sosl':
        for (const b of e.binds) this.valueOf(b.expr, scope);
        return {
          what: 'value',
          t: listOf(listOf(sobjectType(null))),
          ev: () => {
            throw new UnsupportedError('SOSL queries');
          }
        };
    }
  }

  /**
   * An inline SOQL query: checked against the schema at compile time, its binds compiled as Apex
   * expressions. The result is a list of the queried object (a number for `SELECT COUNT()`).
   */
  private soql(e: A.QueryExpr, scope: Scope): Value {
    const data = this.rt.data;
    let query: SoqlQuery;
    let object: SObjectSchema;
    try {
      query = parseSoql(e.text);
      object = data.queries.validate(query);
    } catch (error) {
      if (error instanceof SoqlError) {
        const line = e.loc.line + error.line - 1;
        return fail(error.message, {
          line,
          column: error.line === 1 ? e.loc.column + error.column : error.column
        });
      }
      throw error;
    }
    const binds = new Map<string, Ev>();
    for (const b of e.binds) binds.set(b.text, this.valueOf(b.expr, scope).ev);
    const aggregate =
      query.select.some((item) => item.kind === 'aggregate') || query.groupBy.length > 0;
    const elem = sobjectType(aggregate ? (data.schema.get('AggregateResult') ?? null) : object);
    const t: TypeInfo = query.countOnly
      ? T.Integer
      : ({ kind: 'list', elem, soql: true } as TypeInfo);
    const rt = this.rt;
    return this.invokeValue(t, (f) =>
      runQuery(rt, query, elem, (text) => {
        const ev = binds.get(text);
        if (!ev) throw new UnsupportedError(`SOQL bind ${text}`);
        return ev(f);
      })
    );
  }

  private typeType(): TypeInfo {
    return this.platform.lookupType(['Type']) ?? T.Object;
  }

  private literal(e: A.LiteralExpr): Value {
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

  private name(e: A.NameExpr, scope: Scope): Resolved {
    const local = scope.lookup(e.name);
    if (local) {
      const slot = local.slot;
      return {
        what: 'value',
        t: local.t,
        ev: (f) => f.l[slot],
        set: (f, v) => {
          f.l[slot] = v;
        }
      };
    }
    const m = scope.m;
    if (m.property && m.property.name.toLowerCase() === e.name.toLowerCase()) {
      return this.rawField(m.property, null, e.loc);
    }
    const field = this.findField(m.cls, e.name, m.isStatic, e.loc);
    if (field) return this.fieldAccess(field, null, e.loc);
    return this.typeOrNamespace([e.name], m.cls, e.loc);
  }

  private typeOrNamespace(names: string[], from: ClassInfo, loc: A.Loc): Resolved {
    const lower = names.map((n) => n.toLowerCase());
    const user = this.table.findClass(lower, from);
    if (user) return { what: 'type', t: user.type };
    const ref: A.TypeRef = { names, typeArgs: [], arrayDims: 0, loc };
    try {
      return { what: 'type', t: this.table.resolveType(ref, from) };
    } catch (error) {
      if (!(error instanceof CompileError)) throw error;
    }
    if (names.length === 1 && this.platform.namespaces.has(lower[0]))
      return { what: 'namespace', name: names[0] };
    return fail(`Variable does not exist: ${names.join('.')}`, loc);
  }

  /** A field visible by simple name from inside `cls`: own, inherited, or an outer class's static. */
  private findField(
    cls: ClassInfo,
    name: string,
    isStatic: boolean,
    loc: A.Loc
  ): FieldInfo | undefined {
    const key = name.toLowerCase();
    for (let c: ClassInfo | null = cls; c; c = c.superclass) {
      const s = c.staticFields.get(key);
      if (s) return s;
    }
    const inst = cls.instanceFields.get(key);
    if (inst) {
      if (isStatic)
        fail(`Non static field cannot be referenced from a static context: ${name}`, loc);
      return inst;
    }
    for (let outer = cls.outer; outer; outer = outer.outer) {
      for (let c: ClassInfo | null = outer; c; c = c.superclass) {
        const s = c.staticFields.get(key);
        if (s) return s;
      }
    }
    return undefined;
  }

  /** Reads or writes a field, through its property accessors when it has them. */
  private fieldAccess(field: FieldInfo, target: Value | null, loc: A.Loc, safe = false): Value {
    const raw = this.rawField(field, target, loc, safe);
    const decl = field.decl;
    const readOnly = decl?.kind === 'Property' && decl.getter !== null && decl.setter === null;
    if (!field.getter && !field.setter && !readOnly) return raw;
    const getter = field.getter;
    const setter = field.setter;
    const value: Value = {
      what: 'value',
      t: field.type,
      ev: getter ? this.accessorGet(field, getter, target, safe) : raw.ev,
      set: setter ? this.accessorSet(field, setter, target) : raw.set
    };
    // A property with only a get accessor is read-only.
    if (readOnly)
      return { ...value, set: undefined, readOnly: `Property is read-only: ${field.name}` };
    return value;
  }

  private accessorGet(
    field: FieldInfo,
    getter: MethodInfo,
    target: Value | null,
    safe: boolean
  ): Ev {
    const call = this.accessorCall(field, getter, target, safe);
    return (f) => call(f, NO_ARGS);
  }

  private accessorSet(
    field: FieldInfo,
    setter: MethodInfo,
    target: Value | null
  ): (f: Frame, v: unknown) => void {
    const call = this.accessorCall(field, setter, target, false);
    return (f, v) => {
      call(f, [v]);
    };
  }

  /** Runs a property accessor on the target object (or the class, for static properties). */
  private accessorCall(
    field: FieldInfo,
    accessor: MethodInfo,
    target: Value | null,
    safe: boolean
  ): (f: Frame, args: unknown[]) => unknown {
    const rt = this.rt;
    if (field.isStatic) {
      const owner = field.owner;
      return (_f, args) => {
        rt.statics(owner);
        return accessor.invoke!(null, args);
      };
    }
    if (!target) return (f, args) => accessor.invoke!(f.self, args);
    return (f, args) => {
      const self = target.ev(f);
      if (self === null) {
        if (safe) return null;
        rt.throwApex('NullPointerException', 'Attempt to de-reference a null object');
      }
      return accessor.invoke!(self, args);
    };
  }

  private rawField(field: FieldInfo, target: Value | null, loc: A.Loc, safe = false): Value {
    const slot = field.slot;
    const rt = this.rt;
    if (field.isStatic) {
      const owner = field.owner;
      return {
        what: 'value',
        t: field.type,
        ev: () => rt.statics(owner)[slot],
        set: (_f, v) => {
          rt.statics(owner)[slot] = v;
        }
      };
    }
    if (!target) {
      return {
        what: 'value',
        t: field.type,
        ev: (f) => (f.self as ApexObject).fields[slot],
        set: (f, v) => {
          (f.self as ApexObject).fields[slot] = v;
        }
      };
    }
    void loc;
    const npe = () => rt.throwApex('NullPointerException', 'Attempt to de-reference a null object');
    return {
      what: 'value',
      t: field.type,
      ev: (f) => {
        const o = target.ev(f) as ApexObject | null;
        if (o === null) return safe ? null : npe();
        return o.fields[slot];
      },
      set: (f, v) => {
        const o = target.ev(f) as ApexObject | null;
        if (o === null) npe();
        o!.fields[slot] = v;
      }
    };
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
        ? this.field(e, scope)
        : e.kind === 'Call'
          ? this.call(e, scope)
          : this.index(e, scope);
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
  private chainTarget(e: A.FieldExpr | A.CallExpr | A.IndexExpr, scope: Scope): Resolved {
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

  private field(e: A.FieldExpr, scope: Scope): Resolved {
    const target = this.chainTarget(e, scope);
    if (target.what === 'namespace')
      return this.typeOrNamespace([target.name, e.name], scope.m.cls, e.loc);
    if (target.what === 'type') return this.staticMember(target.t, e, scope);
    const t = target.t;
    if (t.kind === 'class') {
      const field = t.cls.instanceFields.get(e.name.toLowerCase());
      if (field) {
        this.checkVisible(
          field.visibility,
          field.owner,
          scope.m.cls,
          field.testVisible,
          `Variable is not visible: ${field.name}`,
          e.loc
        );
        return this.fieldAccess(field, target, e.loc, e.safe);
      }
      const staticField = t.cls.staticFields.get(e.name.toLowerCase());
      if (staticField)
        return fail(
          `Static field cannot be referenced from a non static context: ${e.name}`,
          e.loc
        );
    }
    if (t.kind === 'sobject') return this.sobjectField(t.schema, target, e);
    if (t.kind === 'list' && (t as { soql?: boolean }).soql && t.elem.kind === 'sobject') {
      // `[SELECT Name FROM Account WHERE Id = :id].Name` reads the single row of the query.
      const rt = this.rt;
      const row: Value = { what: 'value', t: t.elem, ev: (f) => singleRow(rt, target.ev(f)) };
      return this.sobjectField(t.elem.schema, row, e);
    }
    const member = this.nativeOf(t)?.member?.(e.name, t);
    if (member) {
      const rt = this.rt;
      const safe = e.safe;
      const value = this.invokeValue(member.type, (f) => {
        const self = target.ev(f);
        if (self !== null) return member.get(self);
        return safe
          ? null
          : rt.throwApex('NullPointerException', 'Attempt to de-reference a null object');
      });
      const setter = member.set;
      if (!setter) return value;
      return {
        ...value,
        set: (f, v) => {
          const self = target.ev(f);
          if (self === null)
            rt.throwApex('NullPointerException', 'Attempt to de-reference a null object');
          setter(self, v);
        }
      };
    }
    return fail(`Variable does not exist: ${e.name}`, e.loc);
  }

  /** `new Account()`, `new Account(Name = 'Acme', Industry = 'Energy')`. */
  private newSObject(
    object: SObjectSchema | null,
    e: A.NewExpr,
    args: Value[],
    scope: Scope
  ): Value {
    if (!object) return fail('Type cannot be constructed: SObject', e.loc);
    if (args.length > 0)
      return fail(
        `Constructor not defined: [${object.name}].<Constructor>(${args.map((a) => typeName(a.t)).join(', ')})`,
        e.loc
      );
    const inits = (e.fieldInits ?? []).map((init) => {
      const member = sobjectMember(this.rt.data.schema, object, init.name);
      if (!member || member.kind === 'children')
        return fail(`Invalid field ${init.name} for ${object.name}`, init.loc);
      if (member.kind === 'field' && !writeable(member.field) && member.key !== 'id') {
        return fail(`Field is not writeable: ${object.name}.${member.field.name}`, init.loc);
      }
      const value = this.valueOf(init.value, scope);
      const conv = this.convert(value.t, member.type, init.value.loc);
      return { key: member.key, ev: value.ev, conv };
    });
    return this.invokeValue(sobjectType(object), (f) => {
      const record = new SObjectValue(object);
      for (const init of inits) record.set(init.key, init.conv(init.ev(f)));
      return record;
    });
  }

  /** `record.Field__c`, `record.Account` (a parent) or `record.Contacts` (a child list). */
  private sobjectField(object: SObjectSchema | null, target: Value, e: A.FieldExpr): Value {
    const data = this.rt.data;
    const member = object
      ? sobjectMember(data.schema, object, e.name)
      : e.name.toLowerCase() === 'id'
        ? ({ kind: 'field', key: 'id', type: T.Id } as const)
        : undefined;
    if (!member) return fail(`Variable does not exist: ${e.name}`, e.loc);
    const rt = this.rt;
    const key = member.key;
    const label = member.kind === 'field' && 'field' in member ? member.field.name : e.name;
    const safe = e.safe;
    const record = (f: Frame): SObjectValue | null => {
      const r = target.ev(f) as SObjectValue | null;
      if (r === null && !safe)
        rt.throwApex('NullPointerException', 'Attempt to de-reference a null object');
      return r;
    };
    const writable =
      member.kind !== 'children' &&
      !(member.kind === 'field' && 'field' in member && !writeable(member.field) && key !== 'id');
    return {
      what: 'value',
      t: member.type,
      ev: (f) => {
        const r = record(f);
        return r === null ? null : readMember(rt, r, key, label);
      },
      set: writable
        ? (f, v) => {
            const r = record(f)!;
            // Trigger.old, and Trigger.new in an after trigger, cannot be changed.
            if (r.readOnly) rt.throwApex('FinalException', 'Record is read-only');
            r.set(key, v);
          }
        : undefined,
      readOnly: writable
        ? undefined
        : `Field is not writeable: ${object?.name ?? 'SObject'}.${label}`
    };
  }

  private checkVisible(
    visibility: string,
    owner: ClassInfo,
    from: ClassInfo,
    testVisible: boolean,
    message: string,
    loc: A.Loc
  ): void {
    if (visibility !== 'private') return;
    const top = (c: ClassInfo): ClassInfo => (c.outer ? top(c.outer) : c);
    if (top(owner) === top(from)) return;
    if (testVisible && top(from).isTest) return;
    fail(message, loc);
  }

  private staticMember(t: TypeInfo, e: A.FieldExpr, scope: Scope): Resolved {
    if (t.kind === 'class') {
      const cls = t.cls;
      const key = e.name.toLowerCase();
      if (cls.kind === 'enum') {
        const value = cls.enumValues.find((v) => (v as ApexEnumValue).name.toLowerCase() === key);
        if (value) return { what: 'value', t: cls.type, ev: () => value };
      }
      for (let c: ClassInfo | null = cls; c; c = c.superclass) {
        const field = c.staticFields.get(key);
        if (field) {
          this.checkVisible(
            field.visibility,
            field.owner,
            scope.m.cls,
            field.testVisible,
            `Variable is not visible: ${cls.fullName}.${field.name}`,
            e.loc
          );
          return this.fieldAccess(field, null, e.loc);
        }
      }
      const inner = cls.inner.get(key);
      if (inner) return { what: 'type', t: inner.type };
      if (cls.instanceFields.has(key))
        fail(`Non static field cannot be referenced from a static context: ${e.name}`, e.loc);
      return fail(`Variable does not exist: ${cls.fullName}.${e.name}`, e.loc);
    }
    const native = this.nativeOf(t);
    const prop = native?.staticProps.get(e.name.toLowerCase());
    if (prop) {
      return {
        what: 'value',
        t: refineTriggerType(native!, e.name, prop.type, scope.m.cls),
        ev: () => prop.get()
      };
    }
    const dynamic = native?.staticMember?.(e.name, t);
    if (dynamic) return { what: 'value', t: dynamic.type, ev: () => dynamic.get(null) };
    if (t.kind === 'native' && this.platform.namespaces.has(t.native.name.toLowerCase())) {
      return this.typeOrNamespace([t.native.name, e.name], scope.m.cls, e.loc);
    }
    return fail(`Variable does not exist: ${typeName(t)}.${e.name}`, e.loc);
  }

  /** The native class that carries the methods of a type, if any. */
  private nativeOf(t: TypeInfo): NativeClass | undefined {
    switch (t.kind) {
      case 'prim':
        return this.platform.primitiveNatives.get(t.name);
      case 'list':
        return this.platform.natives.get('list');
      case 'set':
        return this.platform.natives.get('set');
      case 'map':
        return this.platform.natives.get('map');
      case 'native':
        return t.native;
      case 'sobject':
        return this.platform.natives.get('sobject');
      default:
        return undefined;
    }
  }

  // --------------------------------------------------------------------------------------- calls

  private call(e: A.CallExpr, scope: Scope): Resolved {
    const m = scope.m;
    const lowerName = e.name.toLowerCase();
    if (e.target === null && (lowerName === 'this' || lowerName === 'super')) {
      return fail(
        `Constructor call must be the first statement of a constructor: ${e.name}()`,
        e.loc
      );
    }
    const args = e.args.map((a) => this.valueOf(a, scope));
    if (e.target === null) {
      return this.unqualifiedCall(e, args, scope);
    }
    if (e.target.kind === 'Super') {
      const sup = m.cls.superclass;
      if (!sup || m.isStatic) return fail('super is not available here', e.loc);
      const method = this.choose(
        sup.findMethods(e.name).filter((x) => !x.isStatic),
        args,
        e.loc,
        `${sup.fullName}.${e.name}`
      );
      const conv = this.convertArgs(
        args,
        method.params.map((p) => p.type),
        e.loc
      );
      const target = sup.resolveVirtual(method);
      return this.invokeValue(method.returnType, (f) => {
        if (!target.invoke) throw new UnsupportedError(`abstract ${target.traceName}`);
        return target.invoke(
          f.self,
          conv.map((c) => c(f))
        );
      });
    }
    const target = this.chainTarget(e, scope);
    if (target.what === 'namespace') {
      const t = this.typeOrNamespace([target.name], m.cls, e.loc);
      if (t.what === 'type') return this.staticCall(t.t, e, args, scope);
      return fail(`Method does not exist or incorrect signature: ${target.name}.${e.name}`, e.loc);
    }
    if (target.what === 'type') return this.staticCall(target.t, e, args, scope);
    return this.instanceCall(target, e, args, scope);
  }

  private unqualifiedCall(e: A.CallExpr, args: Value[], scope: Scope): Value {
    const m = scope.m;
    for (let cls: ClassInfo | null = m.cls; cls; cls = cls.outer) {
      const candidates = cls.findMethods(e.name).filter((x) => (cls === m.cls ? true : x.isStatic));
      if (candidates.length === 0) continue;
      const method = this.choose(candidates, args, e.loc, `${cls.fullName}.${e.name}`);
      if (!method.isStatic && m.isStatic)
        fail(`Non static method cannot be referenced from a static context: ${e.name}`, e.loc);
      const conv = this.convertArgs(
        args,
        method.params.map((p) => p.type),
        e.loc
      );
      if (method.isStatic) {
        const call = this.staticEntry(method, e.loc);
        return this.invokeValue(method.returnType, (f) => call(conv.map((c) => c(f))));
      }
      return this.invokeValue(method.returnType, (f) => {
        const self = f.self as ApexObject;
        const impl = self.cls.resolveVirtual(method);
        if (!impl.invoke) throw new UnsupportedError(`abstract ${impl.traceName}`);
        return impl.invoke(
          self,
          conv.map((c) => c(f))
        );
      });
    }
    return fail(
      `Method does not exist or incorrect signature: void ${e.name}(${args.map((a) => typeName(a.t)).join(', ')}) from the type ${m.cls.fullName}`,
      e.loc
    );
  }

  /**
   * How a static method is entered: directly, or, for an `@future` method, by queueing a job that
   * runs it later (its own transaction, after the caller's).
   */
  private staticEntry(method: MethodInfo, loc: A.Loc): (args: unknown[]) => unknown {
    const owner = method.owner;
    const rt = this.rt;
    const future = method.annotations.some((a) => a.name.toLowerCase() === 'future');
    if (!future) {
      return (args) => {
        rt.statics(owner);
        return method.invoke!(null, args);
      };
    }
    if (method.returnType.kind !== 'void')
      fail('Future methods must be static and return void', loc);
    const signature = `${owner.fullName}.${method.name}(${method.params.map((p) => typeName(p.type)).join(', ')})`;
    return (args) => {
      rt.data.async.checkFutureCall(signature);
      rt.data.limits.charge('futureCalls');
      const job = rt.data.async.enqueue('Future', method.name, () => {
        rt.statics(owner);
        method.invoke!(null, args);
      });
      job.className = `${owner.fullName}.${method.name}`;
      return null;
    };
  }

  private staticCall(t: TypeInfo, e: A.CallExpr, args: Value[], scope: Scope): Value {
    if (t.kind === 'class') {
      const cls = t.cls;
      const candidates = cls.findMethods(e.name).filter((x) => x.isStatic);
      if (candidates.length === 0) {
        return fail(
          `Method does not exist or incorrect signature: void ${e.name}(${args.map((a) => typeName(a.t)).join(', ')}) from the type ${cls.fullName}`,
          e.loc
        );
      }
      const method = this.choose(candidates, args, e.loc, `${cls.fullName}.${e.name}`);
      this.checkVisible(
        method.visibility,
        method.owner,
        scope.m.cls,
        method.annotations.some((a) => a.name.toLowerCase() === 'testvisible'),
        `Method is not visible: ${cls.fullName}.${method.name}`,
        e.loc
      );
      const conv = this.convertArgs(
        args,
        method.params.map((p) => p.type),
        e.loc
      );
      const call = this.staticEntry(method, e.loc);
      return this.invokeValue(method.returnType, (f) => call(conv.map((c) => c(f))));
    }
    // Static methods of SObject types depend on the kind of object (custom settings, metadata).
    const native =
      t.kind === 'sobject' && t.schema
        ? this.platform.natives.get(sobjectStaticsKey(t.schema))
        : this.nativeOf(t);
    const candidates = native?.statics.get(e.name.toLowerCase()) ?? [];
    if (candidates.length === 0) {
      return fail(
        `Method does not exist or incorrect signature: void ${e.name}(${args.map((a) => typeName(a.t)).join(', ')}) from the type ${typeName(t)}`,
        e.loc
      );
    }
    return this.nativeCall(candidates, null, t, args, e, `${typeName(t)}.${e.name}`, scope);
  }

  private instanceCall(target: Value, e: A.CallExpr, args: Value[], scope: Scope): Value {
    const t = target.t;
    const rt = this.rt;
    const npe = () => rt.throwApex('NullPointerException', 'Attempt to de-reference a null object');
    if (t.kind === 'class') {
      const candidates = t.cls.findMethods(e.name).filter((x) => !x.isStatic);
      if (candidates.length === 0) {
        const inherited = this.objectMethod(target, e, args);
        if (inherited) return inherited;
        return fail(
          `Method does not exist or incorrect signature: void ${e.name}(${args.map((a) => typeName(a.t)).join(', ')}) from the type ${t.cls.fullName}`,
          e.loc
        );
      }
      const method = this.choose(candidates, args, e.loc, `${t.cls.fullName}.${e.name}`);
      this.checkVisible(
        method.visibility,
        method.owner,
        scope.m.cls,
        method.annotations.some((a) => a.name.toLowerCase() === 'testvisible'),
        `Method is not visible: ${t.cls.fullName}.${method.name}`,
        e.loc
      );
      const conv = this.convertArgs(
        args,
        method.params.map((p) => p.type),
        e.loc
      );
      const safe = e.safe;
      if (t.cls.kind === 'enum') {
        // Enum values are not objects of a class hierarchy: no virtual dispatch.
        return this.invokeValue(method.returnType, (f) => {
          const self = target.ev(f);
          if (self === null) return safe ? null : npe();
          return method.invoke!(
            self,
            conv.map((c) => c(f))
          );
        });
      }
      return this.invokeValue(method.returnType, (f) => {
        const self = target.ev(f) as ApexObject | null;
        if (self === null) return safe ? null : npe();
        const impl = self.cls.resolveVirtual(method);
        if (!impl.invoke) throw new UnsupportedError(`abstract ${impl.traceName}`);
        return impl.invoke(
          self,
          conv.map((c) => c(f))
        );
      });
    }
    const native = this.nativeOf(t);
    const candidates = native?.instance.get(e.name.toLowerCase()) ?? this.objectMethods(e.name);
    if (candidates.length === 0) {
      return fail(
        `Method does not exist or incorrect signature: void ${e.name}(${args.map((a) => typeName(a.t)).join(', ')}) from the type ${typeName(t)}`,
        e.loc
      );
    }
    return this.nativeCall(candidates, target, t, args, e, `${typeName(t)}.${e.name}`);
  }

  /**
   * `equals(Object)`, `hashCode()` and `toString()`, which every object has even when its class
   * does not declare them: reference equality, an identity hash and the default string form.
   */
  private objectMethod(target: Value, e: A.CallExpr, args: Value[]): Value | null {
    const name = e.name.toLowerCase();
    const rt = this.rt;
    const receiver = (f: Frame): unknown => {
      const self = target.ev(f);
      if (self === null && !e.safe)
        rt.throwApex('NullPointerException', 'Attempt to de-reference a null object');
      return self;
    };
    if (name === 'equals' && args.length === 1) {
      const other = args[0];
      return this.invokeValue(T.Boolean, (f) => {
        const self = receiver(f);
        return self === null ? null : S.valueEquals(self, other.ev(f), this.caller);
      });
    }
    if (name === 'hashcode' && args.length === 0)
      return this.invokeValue(T.Integer, (f) => {
        const self = receiver(f);
        return self === null ? null : identityHash(self as object);
      });
    if (name === 'tostring' && args.length === 0)
      return this.invokeValue(T.String, (f) => {
        const self = receiver(f);
        return self === null ? null : rt.toApexString(self);
      });
    return null;
  }

  /** Methods every value has (`equals`, `hashCode`, `toString`) where the type has no table. */
  private objectMethods(name: string): NativeMethod[] {
    return this.platform.natives.get('object')?.instance.get(name.toLowerCase()) ?? [];
  }

  private nativeCall(
    candidates: NativeMethod[],
    target: Value | null,
    receiverType: TypeInfo,
    args: Value[],
    e: A.CallExpr,
    label: string,
    scope?: Scope
  ): Value {
    const resolved = candidates.map((c) => ({
      c,
      params: c.params.map((p) => this.specType(p, receiverType, args))
    }));
    const pickable = resolved.map((r) => ({
      params: r.params.map((p) => ({ name: '', type: p })),
      r
    }));
    const chosen = this.chooseBy(pickable, args, e.loc, label);
    const native = chosen.r.c;
    const conv = this.convertArgs(args, chosen.r.params, e.loc);
    const returns = this.specType(native.returns, receiverType, args);
    const rt = this.rt;
    const ctx: NativeCallContext = {
      throwApex: (type: string, message: string): never => rt.throwApex(type, message),
      callMethod: (self: unknown, name: string, callArgs: unknown[]) =>
        rt.callMethod(self as ApexObject, name, callArgs),
      receiverType,
      runtime: rt
    };
    const impl = native.impl as (self: unknown, args: unknown[], call: typeof ctx) => unknown;
    if (!target && native.needsCallerScope && scope) {
      const resolve = this.callerVariables(scope, e.loc);
      return this.invokeValue(returns, (f) =>
        impl(
          undefined,
          conv.map((c) => c(f)),
          {
            ...ctx,
            resolveVariable: (name: string) => resolve(f, name)
          } satisfies NativeCallContext
        )
      );
    }
    if (!target) {
      return this.invokeValue(returns, (f) =>
        impl(
          undefined,
          conv.map((c) => c(f)),
          ctx
        )
      );
    }
    const safe = e.safe;
    return this.invokeValue(returns, (f) => {
      const self = target.ev(f);
      if (self === null)
        return safe
          ? null
          : rt.throwApex('NullPointerException', 'Attempt to de-reference a null object');
      return impl(
        self,
        conv.map((c) => c(f)),
        ctx
      );
    });
  }

  /**
   * The variables visible at a call site, for `Database.query` binds: the locals declared so far
   * (captured now, so later declarations stay invisible) and the fields of the class.
   */
  private callerVariables(scope: Scope, loc: A.Loc): (f: Frame, name: string) => unknown {
    const locals = new Map<string, number>();
    for (let s: Scope | null = scope; s; s = s.parent)
      for (const [name, v] of s.vars) if (!locals.has(name)) locals.set(name, v.slot);
    const m = scope.m;
    const fields = new Map<string, Ev | null>();
    return (f, name) => {
      const key = name.toLowerCase();
      const slot = locals.get(key);
      if (slot !== undefined) return f.l[slot];
      if (!fields.has(key)) {
        let field: FieldInfo | undefined;
        try {
          field = this.findField(m.cls, name, m.isStatic, loc);
        } catch (error) {
          if (!(error instanceof CompileError)) throw error;
        }
        fields.set(key, field ? this.fieldAccess(field, null, loc).ev : null);
      }
      const ev = fields.get(key);
      return ev ? ev(f) : undefined;
    };
  }

  /** Resolves a native signature's type variables against the receiver's type. */
  private specType(spec: NativeTypeSpec, receiver: TypeInfo, args: Value[]): TypeInfo {
    if (typeof spec === 'function') return spec(receiver);
    if (typeof spec !== 'string') return spec;
    const elem =
      receiver.kind === 'list' || receiver.kind === 'set'
        ? receiver.elem
        : receiver.kind === 'map'
          ? receiver.key
          : receiver.kind === 'native' && receiver.args.length > 0
            ? receiver.args[0]
            : T.Object;
    const value = receiver.kind === 'map' ? receiver.value : T.Object;
    switch (spec) {
      case 'E':
      case 'K':
        return elem;
      case 'V':
        return value;
      case 'List<E>':
        return listOf(elem);
      case 'Set<E>':
      case 'Set<K>':
        return setOf(elem);
      case 'List<V>':
        return listOf(value);
      case 'Map<K,V>':
        return mapOf(elem, value);
      case 'Iterator<E>': {
        const iterator = this.platform.natives.get('iterator');
        if (!iterator) throw new UnsupportedError('System.Iterator');
        return { kind: 'native', native: iterator, args: [elem] };
      }
      case 'Self':
        return receiver;
      case 'Any':
        return args.length > 0 ? T.Object : T.Object;
    }
  }

  private invokeValue(t: TypeInfo, ev: Ev): Value {
    return { what: 'value', t, ev };
  }

  /** Picks the best overload: exact parameter matches beat conversions; ties are ambiguous. */
  private choose(candidates: MethodInfo[], args: Value[], loc: A.Loc, label: string): MethodInfo {
    return this.chooseBy(
      candidates.map((c) => ({ params: c.params, r: c })),
      args,
      loc,
      label
    ).r;
  }

  private chooseBy<R>(
    candidates: { params: { type: TypeInfo }[]; r: R }[],
    args: Value[],
    loc: A.Loc,
    label: string
  ): { params: { type: TypeInfo }[]; r: R } {
    let best: { params: { type: TypeInfo }[]; r: R } | null = null;
    let bestScore = Infinity;
    for (const c of candidates) {
      if (c.params.length !== args.length) continue;
      let score = 0;
      let ok = true;
      for (let i = 0; i < args.length && ok; i++) {
        const p = c.params[i].type;
        if (sameType(args[i].t, p)) continue;
        if (!isAssignable(args[i].t, p)) ok = false;
        else score += p.kind === 'prim' && p.name === 'Object' ? 10 : 1;
      }
      if (ok && score < bestScore) {
        best = c;
        bestScore = score;
      }
    }
    if (!best) return fail(noMatchMessage(label, args), loc);
    return best;
  }

  private convertArgs(args: Value[], params: TypeInfo[], loc: A.Loc): Ev[] {
    return args.map((a, i) => {
      const conv = this.convert(a.t, params[i], loc);
      return conv === identity ? a.ev : (f: Frame) => conv(a.ev(f));
    });
  }

  // ----------------------------------------------------------------------------------- creation

  private newExpr(e: A.NewExpr, scope: Scope): Value {
    const t = this.table.resolveType(e.type, scope.m.cls);
    const args = e.args.map((a) => this.valueOf(a, scope));
    if (t.kind === 'sobject') return this.newSObject(t.schema, e, args, scope);
    if (e.fieldInits) return fail(`Field initialisers need an SObject type: ${typeName(t)}`, e.loc);
    if (t.kind === 'list' || t.kind === 'set' || t.kind === 'map')
      return this.copyCollection(t, args, e.loc);
    if (t.kind === 'class') {
      const cls = t.cls;
      if (cls.kind !== 'class') fail(`Type cannot be constructed: ${cls.fullName}`, e.loc);
      if (cls.isAbstract) fail(`Abstract classes cannot be constructed: ${cls.fullName}`, e.loc);
      const implicit = this.implicitExceptionConstructor(cls, args, e.loc);
      if (implicit) {
        return this.invokeValue(t, (f) => {
          const obj = this.instantiate(cls);
          implicit(obj, f);
          return obj;
        });
      }
      const target = this.pickConstructor(cls, args, e.loc);
      if (target.ctor)
        this.checkVisible(
          target.ctor.visibility,
          cls,
          scope.m.cls,
          target.ctor.annotations.some((a) => a.name.toLowerCase() === 'testvisible'),
          `Constructor is not visible: [${cls.fullName}].<Constructor>`,
          e.loc
        );
      return this.invokeValue(t, (f) => {
        const obj = this.instantiate(cls);
        this.runConstructor(
          cls,
          target.ctor,
          obj,
          target.args.map((a) => a(f))
        );
        return obj;
      });
    }
    const native = this.nativeOf(t);
    if (!native || native.constructors.length === 0)
      return fail(`Type cannot be constructed: ${typeName(t)}`, e.loc);
    const pick = this.chooseBy(
      native.constructors.map((c) => ({
        params: c.params.map((p) => ({ type: this.specType(p, t, args) })),
        r: c
      })),
      args,
      e.loc,
      `${typeName(t)}.<Constructor>`
    );
    const conv = this.convertArgs(
      args,
      pick.params.map((p) => p.type),
      e.loc
    );
    const rt = this.rt;
    const ctx = {
      throwApex: (type: string, message: string): never => rt.throwApex(type, message),
      callMethod: (self: unknown, name: string, callArgs: unknown[]) =>
        rt.callMethod(self as ApexObject, name, callArgs),
      receiverType: t,
      runtime: rt
    };
    const impl = pick.r.impl as (self: unknown, args: unknown[], call: typeof ctx) => unknown;
    return this.invokeValue(t, (f) =>
      impl(
        undefined,
        conv.map((c) => c(f)),
        ctx
      )
    );
  }

  readonly hasher = () => new S.ApexHasher(this.caller);

  private copyCollection(t: TypeInfo, args: Value[], loc: A.Loc): Value {
    if (args.length === 0) return this.invokeValue(t, () => this.emptyCollection(t));
    if (args.length !== 1)
      return fail(
        `Constructor not defined: ${typeName(t)}.<Constructor>(${args.map((a) => typeName(a.t)).join(', ')})`,
        loc
      );
    const source = args[0];
    if (t.kind === 'list' && isPrim(source.t, 'Integer')) {
      return this.invokeValue(t, (f) => {
        this.nonNull(source.ev(f));
        return new ApexList(t.elem, []);
      });
    }
    if (
      t.kind === 'map' &&
      (isPrim(t.key, 'Id') || isPrim(t.key, 'String')) &&
      t.value.kind === 'sobject' &&
      source.t.kind === 'list' &&
      isAssignable(source.t.elem, t.value)
    )
      return this.invokeValue(t, (f) => this.mapById(t, this.nonNull(source.ev(f)) as ApexList));
    const okSource =
      (t.kind === 'list' || t.kind === 'set') &&
      (source.t.kind === 'list' || source.t.kind === 'set')
        ? isAssignable(source.t.elem, t.elem)
        : t.kind === 'map' && source.t.kind === 'map' && isAssignable(source.t, t);
    if (!okSource)
      return fail(
        `Constructor not defined: ${typeName(t)}.<Constructor>(${typeName(source.t)})`,
        loc
      );
    return this.invokeValue(t, (f) => {
      const from = this.nonNull(source.ev(f));
      const out = this.emptyCollection(t);
      const items =
        from instanceof ApexList ? from.items : from instanceof ApexSet ? from.values() : null;
      if (out instanceof ApexList) out.items.push(...items!);
      else if (out instanceof ApexSet) items!.forEach((v) => out.add(v));
      else if (out instanceof ApexMap && from instanceof ApexMap)
        from.keys().forEach((k) => out.put(k, from.get(k)));
      return out;
    });
  }

  /** `new Map<Id, Account>(records)`: each record keyed by its id, as the platform builds it. */
  private mapById(t: TypeInfo, list: ApexList): ApexMap {
    const out = this.emptyCollection(t) as ApexMap;
    list.items.forEach((r, i) => {
      const id = r === null ? null : (r as SObjectValue).get('id');
      if (id === null) this.rt.throwApex('ListException', `Row with null Id at index: ${i}`);
      if (out.has(id)) this.rt.throwApex('ListException', `Duplicate id in list: ${String(id)}`);
      out.put(id, r);
    });
    return out;
  }

  nonNull<V>(v: V | null): V {
    if (v === null)
      this.rt.throwApex('NullPointerException', 'Attempt to de-reference a null object');
    return v as V;
  }

  emptyCollection(t: TypeInfo): ApexList | ApexSet | ApexMap {
    if (t.kind === 'list') return new ApexList(t.elem, []);
    if (t.kind === 'set') return new ApexSet(t.elem, this.hasher());
    if (t.kind === 'map') return new ApexMap(t.key, t.value, this.hasher());
    throw new Error(`not a collection: ${typeName(t)}`);
  }

  private newCollection(e: A.NewCollectionExpr, scope: Scope): Value {
    const t = this.table.resolveType(e.type, scope.m.cls);
    if (e.size) {
      const size = this.valueOf(e.size, scope);
      if (!isPrim(size.t, 'Integer')) fail('Array size must be an Integer', e.size.loc);
      const elem = (t as { elem: TypeInfo }).elem;
      return this.invokeValue(t, (f) => {
        const n = this.nonNull(size.ev(f)) as number;
        if (n < 0) this.rt.throwApex('ListException', `Invalid array size: ${n}`);
        return new ApexList(elem, new Array<unknown>(n).fill(null));
      });
    }
    if (e.pairs) {
      if (t.kind !== 'map') return fail(`Map initializer needs a Map type: ${typeName(t)}`, e.loc);
      const pairs = e.pairs.map((p) => {
        const k = this.valueOf(p.key, scope);
        const v = this.valueOf(p.value, scope);
        return {
          k: k.ev,
          kc: this.convert(k.t, t.key, p.key.loc),
          v: v.ev,
          vc: this.convert(v.t, t.value, p.value.loc)
        };
      });
      return this.invokeValue(t, (f) => {
        const map = this.emptyCollection(t) as ApexMap;
        for (const p of pairs) map.put(p.kc(p.k(f)), p.vc(p.v(f)));
        return map;
      });
    }
    if (t.kind !== 'list' && t.kind !== 'set') {
      if (t.kind === 'map' && (e.elements ?? []).length === 0)
        return this.invokeValue(t, () => this.emptyCollection(t));
      return fail(`Initializer needs a List or Set type: ${typeName(t)}`, e.loc);
    }
    const elems = (e.elements ?? []).map((x) => {
      const v = this.valueOf(x, scope);
      const c = this.convert(v.t, t.elem, x.loc);
      return (f: Frame) => c(v.ev(f));
    });
    return this.invokeValue(t, (f) => {
      const coll = this.emptyCollection(t);
      if (coll instanceof ApexList) for (const el of elems) coll.items.push(el(f));
      else for (const el of elems) (coll as ApexSet).add(el(f));
      return coll;
    });
  }

  private index(e: A.IndexExpr, scope: Scope): Value {
    const target = this.expectValue(this.chainTarget(e, scope), e.target.loc);
    const index = this.valueOf(e.index, scope);
    if (target.t.kind !== 'list')
      return fail(`Expression must be a list type: ${typeName(target.t)}`, e.loc);
    if (!isAssignable(index.t, T.Integer))
      fail(`Invalid index type: ${typeName(index.t)}`, e.index.loc);
    const rt = this.rt;
    const bounds = (list: ApexList, i: number): void => {
      if (i < 0 || i >= list.items.length)
        rt.throwApex('ListException', `List index out of bounds: ${i}`);
    };
    return {
      what: 'value',
      t: target.t.elem,
      ev: (f) => {
        const list = this.nonNull(target.ev(f)) as ApexList;
        const i = this.nonNull(index.ev(f)) as number;
        bounds(list, i);
        return list.items[i];
      },
      set: (f, v) => {
        const list = this.nonNull(target.ev(f)) as ApexList;
        const i = this.nonNull(index.ev(f)) as number;
        bounds(list, i);
        list.items[i] = v;
      }
    };
  }

  // ---------------------------------------------------------------------------------- operators

  private unary(e: A.UnaryExpr, scope: Scope): Value {
    const v = this.valueOf(e.operand, scope);
    const nn = (f: Frame) => this.nonNull(v.ev(f));
    switch (e.op) {
      case '!':
        if (!isPrim(v.t, 'Boolean')) fail(`Invalid type for !: ${typeName(v.t)}`, e.loc);
        return this.invokeValue(T.Boolean, (f) => !nn(f));
      case '-':
        if (!isNumeric(v.t)) fail(`Invalid type for unary -: ${typeName(v.t)}`, e.loc);
        return this.invokeValue(v.t, (f) => negate(nn(f)));
      case '+':
        if (!isNumeric(v.t)) fail(`Invalid type for unary +: ${typeName(v.t)}`, e.loc);
        return this.invokeValue(v.t, nn);
      case '~':
        if (isPrim(v.t, 'Integer')) return this.invokeValue(T.Integer, (f) => ~(nn(f) as number));
        if (isPrim(v.t, 'Long'))
          return this.invokeValue(T.Long, (f) => BigInt.asIntN(64, ~(nn(f) as bigint)));
        return fail(`Invalid type for ~: ${typeName(v.t)}`, e.loc);
    }
  }

  private incDec(e: A.IncDecExpr, scope: Scope): Value {
    const target = this.valueOf(e.target, scope);
    if (!target.set) fail(notAssignable(target), e.loc);
    if (!isNumeric(target.t)) fail(`Invalid type for ${e.op}: ${typeName(target.t)}`, e.loc);
    const one = S.convertNumber(1, (target.t as { name: string }).name);
    const op = this.arithmetic(e.op === '++' ? '+' : '-', target.t, target.t, e.loc);
    const set = target.set!;
    return this.invokeValue(target.t, (f) => {
      const old = this.nonNull(target.ev(f));
      const next = op(old, one);
      set(f, next);
      return e.prefix ? next : old;
    });
  }

  private conditional(e: A.ConditionalExpr, scope: Scope): Value {
    const test = this.condition(e.test, scope);
    const a = this.valueOf(e.then, scope);
    const b = this.valueOf(e.otherwise, scope);
    const t = isAssignable(b.t, a.t)
      ? a.t.kind === 'null'
        ? b.t
        : a.t
      : isAssignable(a.t, b.t)
        ? b.t
        : fail(`Incompatible types in ternary operator: ${typeName(a.t)}, ${typeName(b.t)}`, e.loc);
    const ca = conversion(a.t, t, this.rt);
    const cb = conversion(b.t, t, this.rt);
    return this.invokeValue(t, (f) => (test(f) ? ca(a.ev(f)) : cb(b.ev(f))));
  }

  /** A runtime type check where the compiler allowed a dynamic result (`Database.query`). */
  private checkCast(v: unknown, t: TypeInfo): unknown {
    if (v === null || S.isInstance(v, t)) return v;
    return this.rt.throwApex(
      'TypeException',
      `Invalid conversion from runtime type ${runtimeTypeName(v)} to ${typeName(t)}`
    );
  }

  private cast(e: A.CastExpr, scope: Scope): Value {
    const operand = this.valueOf(e.operand, scope);
    const t = this.table.resolveType(e.type, scope.m.cls);
    if (isNumeric(t) && isNumeric(operand.t)) {
      const name = (t as { name: string }).name;
      return this.invokeValue(t, (f) => S.convertNumber(operand.ev(f), name));
    }
    if (!isAssignable(t, operand.t) && !isAssignable(operand.t, t)) {
      fail(
        `Incompatible types since ${typeName(operand.t)} is not a subtype of ${typeName(t)}`,
        e.loc
      );
    }
    const rt = this.rt;
    if (isAssignable(operand.t, t))
      return this.invokeValue(t, (f) => conversion(operand.t, t, rt)(operand.ev(f)));
    return this.invokeValue(t, (f) => {
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

  private assign(e: A.AssignExpr, scope: Scope): Value {
    const target = this.valueOf(e.target, scope);
    if (!target.set) fail(notAssignable(target), e.loc);
    const set = target.set!;
    const value = this.valueOf(e.value, scope);
    if (e.op === '=') {
      const conv = this.convert(value.t, target.t, e.value.loc);
      return this.invokeValue(target.t, (f) => {
        const v = conv(value.ev(f));
        set(f, v);
        return v;
      });
    }
    const op = e.op.slice(0, -1) as A.BinaryOp;
    const combined = this.operate(op, target, value, e.loc);
    const conv = this.convert(combined.t, target.t, e.loc);
    return this.invokeValue(target.t, (f) => {
      const v = conv(combined.ev(f));
      set(f, v);
      return v;
    });
  }

  private binary(e: A.BinaryExpr, scope: Scope): Value {
    const a = this.valueOf(e.left, scope);
    const b = this.valueOf(e.right, scope);
    return this.operate(e.op, a, b, e.loc);
  }

  private operate(op: A.BinaryOp, a: Value, b: Value, loc: A.Loc): Value {
    const rt = this.rt;
    const call = this.caller;
    switch (op) {
      case '&&':
      case '||': {
        if (!isPrim(a.t, 'Boolean') || !isPrim(b.t, 'Boolean'))
          fail(`Invalid types for ${op}: ${typeName(a.t)}, ${typeName(b.t)}`, loc);
        return op === '&&'
          ? this.invokeValue(T.Boolean, (f) =>
              this.nonNull(a.ev(f)) ? this.nonNull(b.ev(f)) : false
            )
          : this.invokeValue(T.Boolean, (f) =>
              this.nonNull(a.ev(f)) ? true : this.nonNull(b.ev(f))
            );
      }
      case '==':
      case '!=': {
        this.checkComparable(a.t, b.t, op, loc);
        const ne = op === '!=';
        return this.invokeValue(T.Boolean, (f) => S.apexEquals(a.ev(f), b.ev(f), call) !== ne);
      }
      case '===':
      case '!==': {
        const ne = op === '!==';
        return this.invokeValue(T.Boolean, (f) => (a.ev(f) === b.ev(f)) !== ne);
      }
      case '<':
      case '>':
      case '<=':
      case '>=':
        return this.relational(op, a, b, loc);
      case '??': {
        const t = isAssignable(b.t, a.t)
          ? a.t
          : fail(`Incompatible types for ??: ${typeName(a.t)}, ${typeName(b.t)}`, loc);
        const cb = conversion(b.t, t, rt);
        return this.invokeValue(t, (f) => {
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
          return this.invokeValue(
            T.String,
            (f) => rt.toApexString(a.ev(f)) + rt.toApexString(b.ev(f))
          );
        }
        if ((isPrim(a.t, 'Date') || isPrim(a.t, 'Datetime')) && isNumeric(b.t)) {
          return this.dateArithmetic(a, b, 1);
        }
        break;
      case '-':
        if ((isPrim(a.t, 'Date') || isPrim(a.t, 'Datetime')) && isNumeric(b.t)) {
          return this.dateArithmetic(a, b, -1);
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
        return this.invokeValue(T.Boolean, (f) =>
          fn(this.nonNull(a.ev(f)) as boolean, this.nonNull(b.ev(f)) as boolean)
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
    const fn = this.arithmetic(op, t, b.t, loc);
    return this.invokeValue(t, (f) => fn(this.nonNull(a.ev(f)), this.nonNull(b.ev(f))));
  }

  private dateArithmetic(a: Value, b: Value, sign: number): Value {
    return this.invokeValue(a.t, (f) => {
      const d = this.nonNull(a.ev(f)) as { addDays(n: number): unknown };
      const n = this.nonNull(b.ev(f));
      return d.addDays(sign * (S.convertNumber(n, 'Integer') as number));
    });
  }

  private checkComparable(x: TypeInfo, y: TypeInfo, op: string, loc: A.Loc): void {
    if (isAssignable(x, y) || isAssignable(y, x)) return;
    if (isNumeric(x) && isNumeric(y)) return;
    fail(
      `Comparison arguments must be compatible types: ${typeName(x)}, ${typeName(y)} (${op})`,
      loc
    );
  }

  private relational(op: '<' | '>' | '<=' | '>=', a: Value, b: Value, loc: A.Loc): Value {
    const ok = (t: TypeInfo) =>
      isNumeric(t) ||
      ['String', 'Id', 'Date', 'Datetime', 'Time'].some((n) => isPrim(t, n as 'String'));
    if (!ok(a.t) || !ok(b.t))
      fail(`Inequality operator not allowed for this type: ${typeName(a.t)}`, loc);
    this.checkComparable(a.t, b.t, op, loc);
    const test =
      op === '<'
        ? (c: number) => c < 0
        : op === '>'
          ? (c: number) => c > 0
          : op === '<='
            ? (c: number) => c <= 0
            : (c: number) => c >= 0;
    const stringLike = isPrim(a.t, 'String') || isPrim(a.t, 'Id');
    return this.invokeValue(T.Boolean, (f) => {
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
  private arithmetic(
    op: A.BinaryOp,
    t: TypeInfo,
    other: TypeInfo,
    loc: A.Loc
  ): (x: unknown, y: unknown) => unknown {
    void other;
    const name = (t as { name: string }).name;
    const rt = this.rt;
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
          return (x, y) =>
            (y as number) === 0 ? divByZero() : ((x as number) / (y as number)) | 0;
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
}

/** Apex can set a field it may create or update (system, formula and roll-up fields: neither). */
function writeable(field: FieldSchema): boolean {
  return !field.system && (field.createable || field.updateable);
}

/**
 * The platform's message for a call no overload accepts; `label` is `Type.method` or
 * `[Type].<Constructor>`.
 */
/** The generic `SObject` type (what `Database.query` returns rows of). */
function isGenericSObject(t: TypeInfo): boolean {
  return t.kind === 'sobject' && t.schema === null;
}

function noMatchMessage(label: string, args: { t: TypeInfo }[]): string {
  const list = args.map((a) => typeName(a.t)).join(', ');
  if (label.endsWith('.<Constructor>')) return `Constructor not defined: ${label}(${list})`;
  const dot = label.lastIndexOf('.');
  return `Method does not exist or incorrect signature: void ${label.slice(dot + 1)}(${list}) from the type ${label.slice(0, dot)}`;
}

const identityHashes = new WeakMap<object, number>();
let nextIdentityHash = 1;

/** A stable hash for an object compared by reference. */
function identityHash(o: object): number {
  let h = identityHashes.get(o);
  if (h === undefined) {
    h = nextIdentityHash++;
    identityHashes.set(o, h);
  }
  return h;
}

function notAssignable(target: Value): string {
  return target.readOnly ?? 'Expression cannot be assigned';
}

/**
 * Inside a trigger `Trigger.new` is a `List<Account>` (for a trigger on Account), not a list of
 * generic SObjects as it is elsewhere.
 */
function refineTriggerType(
  native: NativeClass,
  name: string,
  t: TypeInfo,
  cls: ClassInfo
): TypeInfo {
  const object = cls.trigger?.object;
  if (!object || native.name !== 'Trigger') return t;
  const record = sobjectType(object);
  switch (name.toLowerCase()) {
    case 'new':
    case 'old':
      return listOf(record);
    case 'newmap':
    case 'oldmap':
      return mapOf(T.Id, record);
    default:
      return t;
  }
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

function allInterfaces(cls: ClassInfo): ClassInfo[] {
  const out = new Set<ClassInfo>();
  const visit = (c: ClassInfo | null): void => {
    if (!c) return;
    for (const i of c.interfaces) {
      out.add(i);
      visit(i);
    }
    visit(c.superclass);
  };
  visit(cls);
  return [...out];
}

/** Whether execution can fall off the end of a statement (for "missing return" errors). */
function canCompleteNormally(s: A.Stmt): boolean {
  switch (s.kind) {
    case 'Return':
    case 'Throw':
      return false;
    case 'Block':
      return s.body.every(canCompleteNormally);
    case 'If':
      return !s.otherwise || canCompleteNormally(s.then) || canCompleteNormally(s.otherwise);
    case 'Try':
      if (s.finally && !canCompleteNormally(s.finally)) return false;
      return canCompleteNormally(s.body) || s.catches.some((c) => canCompleteNormally(c.body));
    case 'While':
      return !(s.test.kind === 'Literal' && s.test.value === true) || containsBreak(s.body);
    case 'Switch':
      return (
        !s.whens.some((w) => w.kind === 'else') || s.whens.some((w) => canCompleteNormally(w.body))
      );
    default:
      return true;
  }
}

function containsBreak(s: A.Stmt): boolean {
  switch (s.kind) {
    case 'Break':
      return true;
    case 'Block':
      return s.body.some(containsBreak);
    case 'If':
      return containsBreak(s.then) || (s.otherwise !== null && containsBreak(s.otherwise));
    case 'Try':
      return containsBreak(s.body) || s.catches.some((c) => containsBreak(c.body));
    default:
      return false;
  }
}
