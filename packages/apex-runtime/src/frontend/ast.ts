/**
 * The runtime's own syntax tree for Apex, lowered from apex-parser's ANTLR tree. It keeps only
 * what execution and checking need, each node with its source position.
 */

/** A position in a source file: 1-based line and column. */
export interface Loc {
  line: number;
  column: number;
}

/** A written type: `String`, `List<Account>`, `Map<Id, List<String>>`, `Outer.Inner`, `String[]`. */
export interface TypeRef {
  /** Dotted name parts as written, e.g. ['Schema', 'SObjectField'] or ['List']. */
  names: string[];
  typeArgs: TypeRef[];
  /** Number of `[]` suffixes; `String[]` is a `List<String>`. */
  arrayDims: number;
  loc: Loc;
}

export interface Annotation {
  name: string;
  /** `@IsTest(SeeAllData=true)` → { seealldata: 'true' }; keys are lowercased. */
  params: Record<string, string>;
}

export interface Modifiers {
  /** Lowercased keywords: public, private, static, virtual, with sharing → 'with sharing', ... */
  keywords: Set<string>;
  annotations: Annotation[];
}

// ---------------------------------------------------------------------------------- expressions

export type LiteralType = 'Integer' | 'Long' | 'Decimal' | 'Double' | 'String' | 'Boolean' | 'Null';

export interface LiteralExpr {
  kind: 'Literal';
  type: LiteralType;
  /** Integer: number; Long: bigint; Decimal/Double: the source text; String: the unescaped text. */
  value: number | bigint | string | boolean | null;
  loc: Loc;
}

/** A bare identifier: a local, a field, a type or a namespace, resolved by the compiler. */
export interface NameExpr {
  kind: 'Name';
  name: string;
  loc: Loc;
}

/** `target.name` or `target?.name`. */
export interface FieldExpr {
  kind: 'Field';
  target: Expr;
  name: string;
  safe: boolean;
  loc: Loc;
}

/** `name(args)`, `target.name(args)`, `target?.name(args)`, `this(args)`, `super(args)`. */
export interface CallExpr {
  kind: 'Call';
  target: Expr | null;
  name: string;
  args: Expr[];
  safe: boolean;
  loc: Loc;
}

export interface IndexExpr {
  kind: 'Index';
  target: Expr;
  index: Expr;
  loc: Loc;
}

/** `new T(args)`, or an SObject with field initialisers `new Account(Name = 'x')`. */
export interface NewExpr {
  kind: 'New';
  type: TypeRef;
  args: Expr[];
  /** Set for `new Account(Name = 'x', ...)`: the name = value pairs. */
  fieldInits: { name: string; value: Expr; loc: Loc }[] | null;
  loc: Loc;
}

/** `new List<T>{...}`, `new Set<T>{...}`, `new T[n]`, `new T[]{...}`, `new Map<K,V>{k => v}`. */
export interface NewCollectionExpr {
  kind: 'NewCollection';
  type: TypeRef;
  /** `new String[5]`. */
  size: Expr | null;
  /** List/set initialiser elements. */
  elements: Expr[] | null;
  /** Map initialiser pairs. */
  pairs: { key: Expr; value: Expr }[] | null;
  loc: Loc;
}

export interface UnaryExpr {
  kind: 'Unary';
  op: '-' | '+' | '!' | '~';
  operand: Expr;
  loc: Loc;
}

export interface IncDecExpr {
  kind: 'IncDec';
  op: '++' | '--';
  prefix: boolean;
  target: Expr;
  loc: Loc;
}

export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '=='
  | '!='
  | '==='
  | '!=='
  | '<'
  | '>'
  | '<='
  | '>='
  | '&&'
  | '||'
  | '&'
  | '|'
  | '^'
  | '<<'
  | '>>'
  | '>>>'
  | '??';

export interface BinaryExpr {
  kind: 'Binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
  loc: Loc;
}

export type AssignOp =
  '=' | '+=' | '-=' | '*=' | '/=' | '&=' | '|=' | '^=' | '<<=' | '>>=' | '>>>=';

export interface AssignExpr {
  kind: 'Assign';
  op: AssignOp;
  target: Expr;
  value: Expr;
  loc: Loc;
}

export interface ConditionalExpr {
  kind: 'Conditional';
  test: Expr;
  then: Expr;
  otherwise: Expr;
  loc: Loc;
}

export interface InstanceOfExpr {
  kind: 'InstanceOf';
  operand: Expr;
  type: TypeRef;
  loc: Loc;
}

export interface CastExpr {
  kind: 'Cast';
  type: TypeRef;
  operand: Expr;
  loc: Loc;
}

export interface ThisExpr {
  kind: 'This';
  loc: Loc;
}

export interface SuperExpr {
  kind: 'Super';
  loc: Loc;
}

/** `String.class`, `List<Account>.class`, `void.class`. */
export interface ClassLiteralExpr {
  kind: 'ClassLiteral';
  type: TypeRef | null;
  loc: Loc;
}

/** An inline SOQL `[SELECT ...]` or SOSL `[FIND ...]` query; `text` is the source between brackets. */
export interface QueryExpr {
  kind: 'Soql' | 'Sosl';
  text: string;
  /** Bind expressions `:expr` in source order, keyed by their text. */
  binds: { text: string; expr: Expr }[];
  loc: Loc;
}

export type Expr =
  | LiteralExpr
  | NameExpr
  | FieldExpr
  | CallExpr
  | IndexExpr
  | NewExpr
  | NewCollectionExpr
  | UnaryExpr
  | IncDecExpr
  | BinaryExpr
  | AssignExpr
  | ConditionalExpr
  | InstanceOfExpr
  | CastExpr
  | ThisExpr
  | SuperExpr
  | ClassLiteralExpr
  | QueryExpr;

// ----------------------------------------------------------------------------------- statements

export interface BlockStmt {
  kind: 'Block';
  body: Stmt[];
  loc: Loc;
}

export interface VarDeclarator {
  name: string;
  init: Expr | null;
  loc: Loc;
}

export interface LocalVarStmt {
  kind: 'LocalVar';
  type: TypeRef;
  declarators: VarDeclarator[];
  isFinal: boolean;
  loc: Loc;
}

export interface ExprStmt {
  kind: 'Expr';
  expr: Expr;
  loc: Loc;
}

export interface IfStmt {
  kind: 'If';
  test: Expr;
  then: Stmt;
  otherwise: Stmt | null;
  loc: Loc;
}

export interface ForStmt {
  kind: 'For';
  init: LocalVarStmt | Expr[] | null;
  test: Expr | null;
  update: Expr[];
  body: Stmt;
  loc: Loc;
}

export interface ForEachStmt {
  kind: 'ForEach';
  type: TypeRef;
  name: string;
  iterable: Expr;
  body: Stmt;
  loc: Loc;
}

export interface WhileStmt {
  kind: 'While';
  test: Expr;
  body: Stmt;
  loc: Loc;
}

export interface DoWhileStmt {
  kind: 'DoWhile';
  body: Stmt;
  test: Expr;
  loc: Loc;
}

/** One `when` arm of `switch on`. */
export type WhenClause =
  | { kind: 'values'; values: (LiteralExpr | NameExpr)[]; body: BlockStmt; loc: Loc }
  | { kind: 'type'; type: TypeRef; name: string; body: BlockStmt; loc: Loc }
  | { kind: 'else'; body: BlockStmt; loc: Loc };

export interface SwitchStmt {
  kind: 'Switch';
  subject: Expr;
  whens: WhenClause[];
  loc: Loc;
}

export interface ReturnStmt {
  kind: 'Return';
  value: Expr | null;
  loc: Loc;
}

export interface ThrowStmt {
  kind: 'Throw';
  value: Expr;
  loc: Loc;
}

export interface BreakStmt {
  kind: 'Break';
  loc: Loc;
}

export interface ContinueStmt {
  kind: 'Continue';
  loc: Loc;
}

export interface CatchClause {
  type: TypeRef;
  name: string;
  body: BlockStmt;
  loc: Loc;
}

export interface TryStmt {
  kind: 'Try';
  body: BlockStmt;
  catches: CatchClause[];
  finally: BlockStmt | null;
  loc: Loc;
}

export type DmlOp = 'insert' | 'update' | 'upsert' | 'delete' | 'undelete' | 'merge';

export interface DmlStmt {
  kind: 'Dml';
  op: DmlOp;
  /** The record(s); for merge, the master record first and the merged records second. */
  values: Expr[];
  /** `upsert records Account.External_Id__c`: the external id field path. */
  externalId: string[] | null;
  /** `insert as user` / `as system`, or null when not stated. */
  accessLevel: 'user' | 'system' | null;
  loc: Loc;
}

export interface RunAsStmt {
  kind: 'RunAs';
  args: Expr[];
  body: BlockStmt;
  loc: Loc;
}

export type Stmt =
  | BlockStmt
  | LocalVarStmt
  | ExprStmt
  | IfStmt
  | ForStmt
  | ForEachStmt
  | WhileStmt
  | DoWhileStmt
  | SwitchStmt
  | ReturnStmt
  | ThrowStmt
  | BreakStmt
  | ContinueStmt
  | TryStmt
  | DmlStmt
  | RunAsStmt;

// --------------------------------------------------------------------------------- declarations

export interface Param {
  type: TypeRef;
  name: string;
  loc: Loc;
}

export interface FieldDecl {
  kind: 'Field';
  modifiers: Modifiers;
  type: TypeRef;
  declarators: VarDeclarator[];
  loc: Loc;
}

export interface PropertyAccessor {
  modifiers: Modifiers;
  /** null for an automatic accessor (`get;`). */
  body: BlockStmt | null;
  loc: Loc;
}

export interface PropertyDecl {
  kind: 'Property';
  modifiers: Modifiers;
  type: TypeRef;
  name: string;
  getter: PropertyAccessor | null;
  setter: PropertyAccessor | null;
  loc: Loc;
}

export interface MethodDecl {
  kind: 'Method';
  modifiers: Modifiers;
  /** null for `void`. */
  returnType: TypeRef | null;
  name: string;
  params: Param[];
  /** null for abstract and interface methods. */
  body: BlockStmt | null;
  loc: Loc;
}

export interface ConstructorDecl {
  kind: 'Constructor';
  modifiers: Modifiers;
  params: Param[];
  body: BlockStmt;
  loc: Loc;
}

export interface InitializerDecl {
  kind: 'Initializer';
  isStatic: boolean;
  body: BlockStmt;
  loc: Loc;
}

export type Member =
  FieldDecl | PropertyDecl | MethodDecl | ConstructorDecl | InitializerDecl | TypeDecl;

export interface ClassDecl {
  kind: 'Class';
  name: string;
  modifiers: Modifiers;
  extends: TypeRef | null;
  implements: TypeRef[];
  members: Member[];
  loc: Loc;
}

export interface InterfaceDecl {
  kind: 'Interface';
  name: string;
  modifiers: Modifiers;
  extends: TypeRef[];
  methods: MethodDecl[];
  loc: Loc;
}

export interface EnumDecl {
  kind: 'Enum';
  name: string;
  modifiers: Modifiers;
  values: { name: string; loc: Loc }[];
  loc: Loc;
}

export type TypeDecl = ClassDecl | InterfaceDecl | EnumDecl;

export type TriggerEvent =
  | 'before insert'
  | 'before update'
  | 'before delete'
  | 'after insert'
  | 'after update'
  | 'after delete'
  | 'after undelete';

export interface TriggerDecl {
  kind: 'Trigger';
  name: string;
  sobject: string;
  events: TriggerEvent[];
  body: BlockStmt;
  loc: Loc;
}

/** A lowered source file: one top-level type or trigger. */
export type CompilationUnit = TypeDecl | TriggerDecl;
