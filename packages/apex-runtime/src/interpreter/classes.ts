/**
 * Builds the class table from lowered sources in two passes: first every type is declared (so
 * classes can refer to each other in any order), then supertypes, fields, properties, methods and
 * constructors are resolved to their types.
 */
import type * as A from '../frontend/ast.ts';
import { ANONYMOUS_ENTRY } from '../frontend/lower.ts';

/** The method holding a trigger's body. */
export const TRIGGER_ENTRY = '__trigger';
import type { Schema } from '../schema/schema.ts';
import type { SourceFile } from '../loader/project.ts';
import { CompileError, UnsupportedError } from './errors.ts';
import { reservedNameError } from './reserved.ts';
import type { Platform } from './platform.ts';
import {
  ClassInfo,
  type FieldInfo,
  type MethodInfo,
  PRIMITIVE_NAMES,
  T,
  type TypeInfo,
  listOf,
  mapOf,
  setOf,
  prim,
  sameType,
  sobjectType
} from './types.ts';
import { ApexEnumValue, ApexList } from './values.ts';

export interface LoadedUnit {
  source: SourceFile;
  unit: A.CompilationUnit;
}

export class ClassTable {
  /** Top-level classes by lowercased name. */
  readonly topLevel = new Map<string, ClassInfo>();
  readonly all: ClassInfo[] = [];
  readonly errors: { source: SourceFile; error: CompileError }[] = [];
  /** The project's triggers, each compiled as a class with one static entry method. */
  readonly triggers: ClassInfo[] = [];
  /** The org's objects; set by the engine before classes are declared. */
  schema: Schema | null = null;

  constructor(readonly platform: Platform) {}

  declareAll(units: LoadedUnit[]): void {
    for (const { source, unit } of units) {
      if (unit.kind === 'Trigger') {
        this.triggers.push(this.declareTrigger(unit, source));
        continue;
      }
      if (this.topLevel.has(unit.name.toLowerCase())) {
        this.errors.push({
          source,
          error: new CompileError(`Duplicate type name: ${unit.name}`, unit.loc)
        });
        continue;
      }
      this.topLevel.set(unit.name.toLowerCase(), this.declare(unit, null, source));
    }
    for (const cls of this.all) this.checkDeclaredNames(cls);
    for (const cls of this.all) {
      this.guard(cls, () => this.resolveSupertypes(cls));
    }
    for (const cls of this.ordered()) {
      this.guard(cls, () => this.resolveMembers(cls));
    }
  }

  /**
   * Declares more units into a table already declared, for Execute Anonymous in a running local
   * org: only the new types are resolved. Returns them; their errors join `errors`.
   */
  declareMore(units: LoadedUnit[]): ClassInfo[] {
    const from = this.all.length;
    for (const { source, unit } of units) {
      if (unit.kind === 'Trigger' || this.topLevel.has(unit.name.toLowerCase())) {
        this.errors.push({
          source,
          error: new CompileError(`Unsupported: declaring ${unit.name} in a running org`, unit.loc)
        });
        continue;
      }
      this.topLevel.set(unit.name.toLowerCase(), this.declare(unit, null, source));
    }
    const added = this.all.slice(from);
    const isNew = new Set(added);
    for (const cls of added) this.checkDeclaredNames(cls);
    for (const cls of added) this.guard(cls, () => this.resolveSupertypes(cls));
    for (const cls of this.ordered().filter((c) => isNew.has(c)))
      this.guard(cls, () => this.resolveMembers(cls));
    return added;
  }

  private guard(cls: ClassInfo, work: () => void): void {
    try {
      work();
    } catch (error) {
      if (error instanceof CompileError && cls.source) {
        this.errors.push({ source: cls.source, error });
        return;
      }
      throw error;
    }
  }

  /**
   * Refuses reserved keywords as the names a type declares: its own, its enum values, fields,
   * properties, methods and parameters. Locals are checked where the compiler declares them.
   * Every offending name is reported, so one run shows them all.
   */
  private checkDeclaredNames(cls: ClassInfo): void {
    const decl = cls.decl;
    const source = cls.source;
    if (!decl || !source) return;
    const check = (name: string, loc: A.Loc, isMethod = false): void => {
      const error = reservedNameError(name, loc, isMethod);
      if (error) this.errors.push({ source, error });
    };
    check(decl.name, decl.loc);
    if (decl.kind === 'Enum') {
      for (const v of decl.values) check(v.name, v.loc);
      return;
    }
    const members = decl.kind === 'Class' ? decl.members : decl.methods;
    for (const member of members) {
      if (member.kind === 'Field') for (const d of member.declarators) check(d.name, d.loc);
      if (member.kind === 'Property') check(member.name, member.loc);
      if (member.kind === 'Method') check(member.name, member.loc, true);
      if (member.kind === 'Method' || member.kind === 'Constructor') {
        for (const p of member.params) check(p.name, p.loc);
      }
    }
  }

  private declare(decl: A.TypeDecl, outer: ClassInfo | null, source: SourceFile): ClassInfo {
    const kind = decl.kind === 'Class' ? 'class' : decl.kind === 'Interface' ? 'interface' : 'enum';
    const cls = new ClassInfo(decl.name, kind, outer, decl, source);
    const keywords = decl.modifiers.keywords;
    cls.isAbstract = keywords.has('abstract');
    // Classes and interfaces declared in anonymous Apex are virtual by default (Apex Developer
    // Guide, Anonymous Blocks).
    cls.isVirtual = keywords.has('virtual') || cls.isAbstract || source.kind === 'anonymous';
    cls.isTest = decl.modifiers.annotations.some((a) => a.name.toLowerCase() === 'istest');
    this.all.push(cls);
    if (decl.kind === 'Class') {
      for (const member of decl.members) {
        if (member.kind === 'Class' || member.kind === 'Interface' || member.kind === 'Enum') {
          if (cls.inner.has(member.name.toLowerCase())) {
            throw new CompileError(`Duplicate type name: ${member.name}`, member.loc);
          }
          cls.inner.set(member.name.toLowerCase(), this.declare(member, cls, source));
        }
      }
    }
    if (decl.kind === 'Enum') {
      cls.enumValues = decl.values.map(
        (v, i) => new ApexEnumValue(cls, v.name.toUpperCase() === v.name ? v.name : v.name, i)
      );
    }
    return cls;
  }

  /** Superclasses before subclasses, so inherited fields get their slots first. */
  private ordered(): ClassInfo[] {
    const done = new Set<ClassInfo>();
    const out: ClassInfo[] = [];
    const visit = (cls: ClassInfo, path: Set<ClassInfo>): void => {
      if (done.has(cls)) return;
      if (path.has(cls)) {
        throw new CompileError(`Cyclic inheritance involving ${cls.fullName}`, cls.decl!.loc);
      }
      path.add(cls);
      if (cls.superclass && cls.superclass.source) visit(cls.superclass, path);
      done.add(cls);
      out.push(cls);
    };
    for (const cls of this.all) visit(cls, new Set());
    return out;
  }

  private resolveSupertypes(cls: ClassInfo): void {
    const decl = cls.decl!;
    if (decl.kind === 'Class') {
      if (decl.extends) {
        const sup = this.resolveType(decl.extends, cls);
        if (sup.kind !== 'class' || sup.cls.kind !== 'class') {
          throw new CompileError(
            `Class ${cls.fullName} must extend a class, not ${decl.extends.names.join('.')}`,
            decl.extends.loc
          );
        }
        if (!sup.cls.isVirtual && !sup.cls.isException) {
          throw new CompileError(
            `Non-virtual and non-abstract type cannot be extended: ${sup.cls.fullName}`,
            decl.extends.loc
          );
        }
        cls.superclass = sup.cls;
        cls.isException = sup.cls.isException;
        if (cls.isException && !/exception$/i.test(cls.name)) {
          throw new CompileError(
            `Classes extending Exception must have names ending in Exception: ${cls.fullName}`,
            decl.loc
          );
        }
      } else if (/exception$/i.test(cls.name) && cls.kind === 'class') {
        // An exception class must extend Exception; the platform rejects one that does not.
        throw new CompileError(
          `Classes whose names end with "Exception" must extend Exception: ${cls.fullName}`,
          decl.loc
        );
      }
      cls.interfaces = decl.implements.map((ref) => this.interfaceOf(ref, cls));
    } else if (decl.kind === 'Interface') {
      cls.interfaces = decl.extends.map((ref) => this.interfaceOf(ref, cls));
    }
  }

  private interfaceOf(ref: A.TypeRef, from: ClassInfo): ClassInfo {
    const t = this.resolveType(ref, from);
    if (t.kind !== 'class' || t.cls.kind !== 'interface') {
      throw new CompileError(`${ref.names.join('.')} is not an interface`, ref.loc);
    }
    return t.cls;
  }

  private resolveMembers(cls: ClassInfo): void {
    const decl = cls.decl!;
    if (cls.superclass) {
      for (const [k, f] of cls.superclass.instanceFields) cls.instanceFields.set(k, f);
      cls.instanceSlotCount = cls.superclass.instanceSlotCount;
    }
    if (decl.kind === 'Interface') {
      for (const m of decl.methods) this.addMethod(cls, m, true);
      return;
    }
    if (decl.kind === 'Enum') {
      addEnumMethods(cls);
      return;
    }
    for (const member of decl.members) {
      switch (member.kind) {
        case 'Field':
          for (const d of member.declarators) this.addField(cls, member, d);
          break;
        case 'Property':
          this.addField(cls, member, null);
          break;
        case 'Method':
          this.addMethod(cls, member, false);
          break;
        case 'Constructor':
          cls.constructors.push(this.methodInfo(cls, '<init>', member, null));
          break;
      }
    }
  }

  private addField(
    cls: ClassInfo,
    decl: A.FieldDecl | A.PropertyDecl,
    declarator: A.VarDeclarator | null
  ): void {
    const name = declarator ? declarator.name : (decl as A.PropertyDecl).name;
    const key = name.toLowerCase();
    const isStatic = decl.modifiers.keywords.has('static');
    const loc = declarator?.loc ?? decl.loc;
    if (
      cls.staticFields.has(key) ||
      (cls.instanceFields.has(key) && cls.instanceFields.get(key)!.owner === cls)
    ) {
      throw new CompileError(`Duplicate field: ${name}`, loc);
    }
    const field: FieldInfo = {
      name,
      type: this.resolveType(decl.type, cls),
      isStatic,
      isFinal: decl.modifiers.keywords.has('final'),
      slot: isStatic ? cls.staticSlotCount++ : cls.instanceSlotCount++,
      owner: cls,
      visibility: visibilityOf(decl.modifiers),
      getter: null,
      setter: null,
      isProperty: decl.kind === 'Property',
      testVisible: decl.modifiers.annotations.some((a) => a.name.toLowerCase() === 'testvisible'),
      decl,
      declarator
    };
    (isStatic ? cls.staticFields : cls.instanceFields).set(key, field);
    if (decl.kind === 'Property') {
      if (decl.getter?.body) field.getter = this.accessor(cls, field, 'get', decl.getter);
      if (decl.setter?.body) field.setter = this.accessor(cls, field, 'set', decl.setter);
    }
  }

  private accessor(
    cls: ClassInfo,
    field: FieldInfo,
    kind: 'get' | 'set',
    accessor: A.PropertyAccessor
  ): MethodInfo {
    const info: MethodInfo = {
      name: `${kind}${field.name}`,
      params: kind === 'set' ? [{ name: 'value', type: field.type }] : [],
      returnType: kind === 'get' ? field.type : T.Void,
      isStatic: field.isStatic,
      isAbstract: false,
      isVirtual: false,
      isOverride: false,
      visibility: field.visibility,
      owner: cls,
      decl: {
        kind: 'Method',
        modifiers: accessor.modifiers,
        returnType: null,
        name: `__${kind}_${field.name}`,
        params: [],
        body: accessor.body,
        loc: accessor.loc
      },
      annotations: [],
      invoke: null,
      traceName: `Class.${cls.fullName}.${field.name}.${kind}`
    };
    return info;
  }

  private addMethod(cls: ClassInfo, decl: A.MethodDecl, inInterface: boolean): void {
    const info = this.methodInfo(cls, decl.name, decl, decl.returnType);
    if (inInterface) {
      // Interface methods are abstract and as visible as the interface itself.
      info.isAbstract = true;
      info.isVirtual = true;
      info.visibility = 'public';
    }
    const key = decl.name.toLowerCase();
    const sig = info.params.map((p) => p.type);
    const existing = cls.methods.get(key) ?? [];
    if (
      existing.some(
        (m) => m.params.length === sig.length && m.params.every((p, i) => sameType(p.type, sig[i]))
      )
    ) {
      throw new CompileError(`Method already defined: ${decl.name}`, decl.loc);
    }
    cls.methods.set(key, [...existing, info]);
  }

  private methodInfo(
    cls: ClassInfo,
    name: string,
    decl: A.MethodDecl | A.ConstructorDecl,
    returnType: A.TypeRef | null
  ): MethodInfo {
    const keywords = decl.modifiers.keywords;
    const params = decl.params.map((p) => ({ name: p.name, type: this.resolveType(p.type, cls) }));
    const seen = new Set<string>();
    for (const p of decl.params) {
      if (seen.has(p.name.toLowerCase()))
        throw new CompileError(`Duplicate parameter: ${p.name}`, p.loc);
      seen.add(p.name.toLowerCase());
    }
    return {
      name,
      params,
      returnType: returnType ? this.resolveType(returnType, cls) : T.Void,
      isStatic: keywords.has('static'),
      isAbstract: keywords.has('abstract'),
      isVirtual: keywords.has('virtual') || keywords.has('abstract') || keywords.has('override'),
      isOverride: keywords.has('override'),
      visibility: visibilityOf(decl.modifiers),
      owner: cls,
      decl,
      annotations: decl.modifiers.annotations,
      invoke: null,
      // Salesforce prints statements of Execute Anonymous code as `AnonymousBlock: line N`.
      traceName:
        name === ANONYMOUS_ENTRY
          ? 'AnonymousBlock'
          : name === TRIGGER_ENTRY
            ? `Trigger.${cls.name}`
            : `Class.${cls.fullName}.${name}`
    };
  }

  /** Resolves a written type as seen from inside `from` (its inner types, outer types, top level, platform). */
  resolveType(ref: A.TypeRef, from: ClassInfo | null): TypeInfo {
    const base = this.resolveBase(ref, from);
    let t = base;
    for (let i = 0; i < ref.arrayDims; i++) t = listOf(t);
    return t;
  }

  private resolveBase(ref: A.TypeRef, from: ClassInfo | null): TypeInfo {
    const names = ref.names;
    const lower = names.map((n) => n.toLowerCase());
    const args = ref.typeArgs.map((a) => this.resolveType(a, from));
    const head = lower[0] === 'system' && names.length === 2 ? lower[1] : lower.join('.');
    if (head === 'list' || head === 'set') {
      if (args.length !== 1)
        throw new CompileError(`${names.join('.')} needs one type argument`, ref.loc);
      return head === 'list' ? listOf(args[0]) : setOf(args[0]);
    }
    if (head === 'map') {
      if (args.length !== 2) throw new CompileError('Map needs two type arguments', ref.loc);
      return mapOf(args[0], args[1]);
    }
    if (PRIMITIVE_NAMES[head]) {
      return prim(PRIMITIVE_NAMES[head]);
    }
    const user = this.findClass(lower, from);
    if (user) return user.type;
    const sobject = this.sobjectType(lower);
    if (sobject) return sobject;
    const platform = this.platform.lookupType(names);
    if (platform) {
      if (platform.kind === 'native' && args.length > 0) return { ...platform, args };
      return platform;
    }
    throw new CompileError(`Invalid type: ${names.join('.')}`, ref.loc);
  }

  /**
   * A trigger becomes a class of its own (not reachable by name from Apex) whose one static
   * method is the trigger body; its object decides the types of Trigger.new and Trigger.old.
   */
  private declareTrigger(decl: A.TriggerDecl, source: SourceFile): ClassInfo {
    const body: A.MethodDecl = {
      kind: 'Method',
      modifiers: { keywords: new Set(['private', 'static']), annotations: [] },
      returnType: null,
      name: TRIGGER_ENTRY,
      params: [],
      body: decl.body,
      loc: decl.body.loc
    };
    const classDecl: A.ClassDecl = {
      kind: 'Class',
      name: decl.name,
      modifiers: { keywords: new Set(['private']), annotations: [] },
      extends: null,
      implements: [],
      members: [body],
      loc: decl.loc
    };
    const cls = this.declare(classDecl, null, source);
    const object = this.schema?.get(decl.sobject) ?? null;
    if (!object) {
      this.errors.push({
        source,
        error: new CompileError(`Invalid SObject type name: ${decl.sobject}`, decl.loc)
      });
    }
    cls.trigger = { name: decl.name, object, events: decl.events };
    return cls;
  }

  /** `SObject`, `Account`, `Schema.Account`, `My_Object__c` as a type, if the schema has it. */
  sobjectType(lower: string[]): TypeInfo | undefined {
    const name =
      lower[0] === 'schema' && lower.length === 2 ? lower[1] : lower.length === 1 ? lower[0] : null;
    if (name === null) return undefined;
    if (name === 'sobject') return sobjectType(null);
    const object = this.schema?.get(name);
    return object ? sobjectType(object) : undefined;
  }

  /** Finds a project class by (dotted, lowercased) name from inside `from`. */
  findClass(lower: string[], from: ClassInfo | null): ClassInfo | undefined {
    const [first, ...rest] = lower;
    let start: ClassInfo | undefined;
    for (let scope: ClassInfo | null = from; scope && !start; scope = scope.outer) {
      for (let c: ClassInfo | null = scope; c && !start; c = c.superclass) {
        if (c.name.toLowerCase() === first && c.outer === scope.outer && c === scope) start = c;
        start = start ?? c.inner.get(first);
      }
    }
    start = start ?? this.topLevel.get(first);
    let cls = start;
    for (const part of rest) {
      cls = cls?.inner.get(part);
    }
    return cls;
  }
}

/**
 * The built-in methods of every enum, project or platform (Apex Reference, Enum Methods: "All Apex
 * enums, whether user-defined enums or built-in enums"): values(), valueOf(String), name(),
 * ordinal() and Object's.
 */
export function addEnumMethods(cls: ClassInfo): void {
  const add = (
    name: string,
    isStatic: boolean,
    params: TypeInfo[],
    returnType: TypeInfo,
    invoke: (self: ApexEnumValue, args: unknown[]) => unknown
  ): void => {
    const info: MethodInfo = {
      name,
      params: params.map((type, i) => ({ name: `p${i}`, type })),
      returnType,
      isStatic,
      isAbstract: false,
      isVirtual: false,
      isOverride: false,
      visibility: 'public',
      owner: cls,
      decl: null,
      annotations: [],
      invoke: (self, args) => invoke(self as ApexEnumValue, args),
      traceName: `System.${name}`
    };
    cls.methods.set(name.toLowerCase(), [...(cls.methods.get(name.toLowerCase()) ?? []), info]);
  };
  const values = cls.enumValues as ApexEnumValue[];
  add('values', true, [], listOf(cls.type), () => new ApexList(cls.type, [...values]));
  add('valueOf', true, [T.String], cls.type, (_self, [name]) => {
    if (name === null) return null;
    // Case-insensitive, as the reference's own example shows: StatusCode.valueOf('delete_failed').
    const key = (name as string).toLowerCase();
    const found = values.find((v) => v.name.toLowerCase() === key);
    // What the platform does for a name that is not a value is not documented: refuse loudly.
    if (!found)
      throw new UnsupportedError(
        `${cls.fullName}.valueOf('${String(name)}') of a name that is not a value`
      );
    return found;
  });
  add('name', false, [], T.String, (self) => self.name);
  add('ordinal', false, [], T.Integer, (self) => self.ordinal);
  add('toString', false, [], T.String, (self) => self.name);
  add('equals', false, [T.Object], T.Boolean, (self, [other]) => self === other);
  add('hashCode', false, [], T.Integer, (self) => stringHash(self.name));
}

/** Java's String.hashCode, a stable 32-bit hash of a name. */
function stringHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
  return h;
}

function visibilityOf(modifiers: A.Modifiers): string {
  for (const v of ['global', 'public', 'protected', 'private']) {
    if (modifiers.keywords.has(v)) return v;
  }
  return 'private';
}
