/**
 * Lowers apex-parser's ANTLR tree into the runtime's own AST (ast.ts). Anything the lowering does
 * not understand becomes a LoweringError with its position, never a silent gap.
 */
import * as P from '@apexdevtools/apex-parser';
import type * as A from './ast.ts';

type Ctx = P.ApexParserRuleContext;

/** The method holding the statements of an anonymous block. */
export const ANONYMOUS_ENTRY = '__anonymous';

/** A construct the lowering cannot represent; reported as a compile error at `loc`. */
export class LoweringError extends Error {
  constructor(
    message: string,
    readonly loc: A.Loc
  ) {
    super(message);
  }
}

/** Lowers one parsed file. `source` is the file text, used to slice original query text. */
export function lowerUnit(tree: Ctx, source: string): A.CompilationUnit {
  const lowerer = new Lowerer(source);
  if (tree instanceof P.CompilationUnitContext) {
    return lowerer.typeDeclaration(tree.typeDeclaration());
  }
  if (tree instanceof P.TriggerUnitContext) {
    return lowerer.trigger(tree);
  }
  if (tree instanceof P.AnonymousUnitContext) {
    return lowerer.anonymous(tree);
  }
  throw new LoweringError('expected a class, interface, enum or trigger', { line: 1, column: 1 });
}

function loc(ctx: Ctx): A.Loc {
  return { line: ctx.start.line, column: ctx.start.column + 1 };
}

function ids(list: P.IdContext[]): string[] {
  return list.map((id) => id.getText());
}

const ESCAPES: Record<string, string> = {
  b: '\b',
  t: '\t',
  n: '\n',
  f: '\f',
  r: '\r',
  '"': '"',
  "'": "'",
  '\\': '\\'
};

/** Decodes the body of an Apex string literal (`\n`, `\uXXXX`, `\'` ...). */
export function unescapeApex(body: string, at: A.Loc): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = body[++i];
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 1, i + 5))) {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (next !== undefined && ESCAPES[next] !== undefined) {
      out += ESCAPES[next];
    } else {
      throw new LoweringError(`Invalid string literal escape \\${next ?? ''}`, at);
    }
  }
  return out;
}

class Lowerer {
  constructor(private readonly source: string) {}

  // ------------------------------------------------------------------------------ declarations

  typeDeclaration(ctx: P.TypeDeclarationContext, inherited?: A.Modifiers): A.TypeDecl {
    const modifiers = inherited ?? this.modifiers(ctx.modifier_list());
    if (ctx.classDeclaration()) {
      return this.classDecl(ctx.classDeclaration(), modifiers);
    }
    if (ctx.interfaceDeclaration()) {
      return this.interfaceDecl(ctx.interfaceDeclaration(), modifiers);
    }
    return this.enumDecl(ctx.enumDeclaration(), modifiers);
  }

  modifiers(list: P.ModifierContext[]): A.Modifiers {
    const keywords = new Set<string>();
    const annotations: A.Annotation[] = [];
    for (const m of list) {
      const annotation = m.annotation();
      if (annotation) {
        annotations.push(this.annotation(annotation));
        continue;
      }
      // `with sharing`, `without sharing` and `inherited sharing` are two tokens in one modifier.
      keywords.add(m.children!.map((c) => c.getText().toLowerCase()).join(' '));
    }
    return { keywords, annotations };
  }

  annotation(ctx: P.AnnotationContext): A.Annotation {
    const params: Record<string, string> = {};
    const pairs = ctx.elementValuePairs();
    if (pairs) {
      for (const pair of pairs.elementValuePair_list()) {
        params[pair.id().getText().toLowerCase()] = this.annotationValue(pair.elementValue());
      }
    } else if (ctx.elementValue()) {
      params.value = this.annotationValue(ctx.elementValue());
    }
    return { name: ctx.id().getText(), params };
  }

  annotationValue(ctx: P.ElementValueContext): string {
    const text = ctx.getText();
    return text.startsWith("'") ? text.slice(1, -1) : text;
  }

  classDecl(ctx: P.ClassDeclarationContext, modifiers: A.Modifiers): A.ClassDecl {
    const members: A.Member[] = [];
    for (const decl of ctx.classBody().classBodyDeclaration_list()) {
      const member = this.classBodyDeclaration(decl);
      if (member) {
        members.push(member);
      }
    }
    return {
      kind: 'Class',
      name: ctx.id().getText(),
      modifiers,
      extends: ctx.typeRef() ? this.typeRef(ctx.typeRef()) : null,
      implements: ctx.typeList()
        ? ctx
            .typeList()
            .typeRef_list()
            .map((t) => this.typeRef(t))
        : [],
      members,
      loc: loc(ctx)
    };
  }

  classBodyDeclaration(ctx: P.ClassBodyDeclarationContext): A.Member | null {
    if (ctx.block()) {
      return {
        kind: 'Initializer',
        isStatic: !!ctx.STATIC(),
        body: this.block(ctx.block()),
        loc: loc(ctx)
      };
    }
    const member = ctx.memberDeclaration();
    if (!member) {
      return null; // a stray `;`
    }
    const modifiers = this.modifiers(ctx.modifier_list());
    if (member.methodDeclaration()) {
      return this.method(member.methodDeclaration(), modifiers);
    }
    if (member.constructorDeclaration()) {
      const c = member.constructorDeclaration();
      return {
        kind: 'Constructor',
        modifiers,
        params: this.params(c.formalParameters()),
        body: this.block(c.block()),
        loc: loc(c)
      };
    }
    if (member.fieldDeclaration()) {
      const f = member.fieldDeclaration();
      return {
        kind: 'Field',
        modifiers,
        type: this.typeRef(f.typeRef()),
        declarators: this.declarators(f.variableDeclarators()),
        loc: loc(f)
      };
    }
    if (member.propertyDeclaration()) {
      return this.property(member.propertyDeclaration(), modifiers);
    }
    if (member.classDeclaration()) {
      return this.classDecl(member.classDeclaration(), modifiers);
    }
    if (member.interfaceDeclaration()) {
      return this.interfaceDecl(member.interfaceDeclaration(), modifiers);
    }
    return this.enumDecl(member.enumDeclaration(), modifiers);
  }

  method(ctx: P.MethodDeclarationContext, modifiers: A.Modifiers): A.MethodDecl {
    return {
      kind: 'Method',
      modifiers,
      returnType: ctx.typeRef() ? this.typeRef(ctx.typeRef()) : null,
      name: ctx.id().getText(),
      params: this.params(ctx.formalParameters()),
      body: ctx.block() ? this.block(ctx.block()) : null,
      loc: loc(ctx)
    };
  }

  property(ctx: P.PropertyDeclarationContext, modifiers: A.Modifiers): A.PropertyDecl {
    let getter: A.PropertyAccessor | null = null;
    let setter: A.PropertyAccessor | null = null;
    for (const blockCtx of ctx.propertyBlock_list()) {
      const accessorModifiers = this.modifiers(blockCtx.modifier_list());
      if (blockCtx.getter()) {
        const g = blockCtx.getter();
        getter = {
          modifiers: accessorModifiers,
          body: g.block() ? this.block(g.block()) : null,
          loc: loc(g)
        };
      } else {
        const s = blockCtx.setter();
        setter = {
          modifiers: accessorModifiers,
          body: s.block() ? this.block(s.block()) : null,
          loc: loc(s)
        };
      }
    }
    return {
      kind: 'Property',
      modifiers,
      type: this.typeRef(ctx.typeRef()),
      name: ctx.id().getText(),
      getter,
      setter,
      loc: loc(ctx)
    };
  }

  interfaceDecl(ctx: P.InterfaceDeclarationContext, modifiers: A.Modifiers): A.InterfaceDecl {
    return {
      kind: 'Interface',
      name: ctx.id().getText(),
      modifiers,
      extends: ctx.typeList()
        ? ctx
            .typeList()
            .typeRef_list()
            .map((t) => this.typeRef(t))
        : [],
      methods: ctx
        .interfaceBody()
        .interfaceMethodDeclaration_list()
        .map((m) => ({
          kind: 'Method' as const,
          modifiers: this.modifiers(m.modifier_list()),
          returnType: m.typeRef() ? this.typeRef(m.typeRef()) : null,
          name: m.id().getText(),
          params: this.params(m.formalParameters()),
          body: null,
          loc: loc(m)
        })),
      loc: loc(ctx)
    };
  }

  enumDecl(ctx: P.EnumDeclarationContext, modifiers: A.Modifiers): A.EnumDecl {
    const constants = ctx.enumConstants();
    return {
      kind: 'Enum',
      name: ctx.id().getText(),
      modifiers,
      values: constants
        ? constants.id_list().map((id) => ({ name: id.getText(), loc: loc(id) }))
        : [],
      loc: loc(ctx)
    };
  }

  trigger(ctx: P.TriggerUnitContext): A.TriggerDecl {
    const [name, sobject] = ids(ctx.id_list());
    const events = ctx.triggerCase_list().map(
      (c) =>
        c
          .getText()
          .replace(/^(before|after)/i, '$1 ')
          .toLowerCase() as A.TriggerEvent
    );
    const body: A.Stmt[] = [];
    for (const member of ctx.triggerBlock().triggerBlockMember_list()) {
      if (member.statement()) {
        body.push(this.statement(member.statement()));
      } else if (member.triggerMemberDeclaration()?.fieldDeclaration()) {
        // `Integer n = 0;` at the top of a trigger body declares a local variable.
        const f = member.triggerMemberDeclaration().fieldDeclaration();
        const modifiers = this.modifiers(member.modifier_list());
        body.push({
          kind: 'LocalVar',
          type: this.typeRef(f.typeRef()),
          declarators: this.declarators(f.variableDeclarators()),
          isFinal: modifiers.keywords.has('final'),
          loc: loc(member)
        });
      } else {
        throw new LoweringError(
          'Unsupported: methods, properties and types declared inside a trigger body',
          loc(member)
        );
      }
    }
    return {
      kind: 'Trigger',
      name,
      sobject,
      events,
      body: { kind: 'Block', body, loc: loc(ctx.triggerBlock()) },
      loc: loc(ctx)
    };
  }

  /**
   * Execute Anonymous code becomes a class `AnonymousBlock` whose declarations are static members
   * and whose statements form the body of its `ANONYMOUS_ENTRY` method.
   */
  anonymous(ctx: P.AnonymousUnitContext): A.ClassDecl {
    const members: A.Member[] = [];
    const statements: A.Stmt[] = [];
    for (const member of ctx.anonymousBlock().anonymousBlockMember_list()) {
      if (member.statement()) {
        statements.push(this.statement(member.statement()));
        continue;
      }
      const modifiers = this.modifiers(member.modifier_list());
      const decl = member.anonymousMemberDeclaration();
      if (decl.classDeclaration()) members.push(this.classDecl(decl.classDeclaration(), modifiers));
      else if (decl.interfaceDeclaration())
        members.push(this.interfaceDecl(decl.interfaceDeclaration(), modifiers));
      else if (decl.enumDeclaration())
        members.push(this.enumDecl(decl.enumDeclaration(), modifiers));
      else if (decl.methodDeclaration()) {
        modifiers.keywords.add('static');
        members.push(this.method(decl.methodDeclaration(), modifiers));
      } else if (decl.fieldDeclaration()) {
        // `Integer i = 1;` at the top level of anonymous code declares a local variable.
        const f = decl.fieldDeclaration();
        statements.push({
          kind: 'LocalVar',
          type: this.typeRef(f.typeRef()),
          declarators: this.declarators(f.variableDeclarators()),
          isFinal: modifiers.keywords.has('final'),
          loc: loc(member)
        });
      } else {
        throw new LoweringError(
          'Unsupported: properties at the top level of anonymous Apex',
          loc(member)
        );
      }
    }
    const start = loc(ctx);
    const none = (): A.Modifiers => ({ keywords: new Set(['public', 'static']), annotations: [] });
    members.push({
      kind: 'Method',
      modifiers: none(),
      returnType: null,
      name: ANONYMOUS_ENTRY,
      params: [],
      body: { kind: 'Block', body: statements, loc: start },
      loc: start
    });
    return {
      kind: 'Class',
      name: 'AnonymousBlock',
      modifiers: { keywords: new Set(['public']), annotations: [] },
      extends: null,
      implements: [],
      members,
      loc: start
    };
  }

  params(ctx: P.FormalParametersContext): A.Param[] {
    const list = ctx.formalParameterList();
    if (!list) {
      return [];
    }
    return list
      .formalParameter_list()
      .map((p) => ({ type: this.typeRef(p.typeRef()), name: p.id().getText(), loc: loc(p) }));
  }

  declarators(ctx: P.VariableDeclaratorsContext): A.VarDeclarator[] {
    return ctx.variableDeclarator_list().map((d) => ({
      name: d.id().getText(),
      init: d.expression() ? this.expr(d.expression()) : null,
      loc: loc(d)
    }));
  }

  typeRef(ctx: P.TypeRefContext): A.TypeRef {
    const names: string[] = [];
    let typeArgs: A.TypeRef[] = [];
    for (const part of ctx.typeName_list()) {
      if (part.LIST()) {
        names.push('List');
      } else if (part.SET()) {
        names.push('Set');
      } else if (part.MAP()) {
        names.push('Map');
      } else {
        names.push(part.id().getText());
      }
      if (part.typeArguments()) {
        typeArgs = part
          .typeArguments()
          .typeList()
          .typeRef_list()
          .map((t) => this.typeRef(t));
      }
    }
    const subscripts = ctx.arraySubscripts();
    const arrayDims = subscripts ? subscripts.LBRACK_list().length : 0;
    return { names, typeArgs, arrayDims, loc: loc(ctx) };
  }

  // -------------------------------------------------------------------------------- statements

  block(ctx: P.BlockContext): A.BlockStmt {
    return {
      kind: 'Block',
      body: ctx.statement_list().map((s) => this.statement(s)),
      loc: loc(ctx)
    };
  }

  statement(ctx: P.StatementContext): A.Stmt {
    const at = loc(ctx);
    if (ctx.block()) return this.block(ctx.block());
    if (ctx.localVariableDeclarationStatement()) {
      return this.localVar(ctx.localVariableDeclarationStatement().localVariableDeclaration());
    }
    if (ctx.expressionStatement()) {
      return { kind: 'Expr', expr: this.expr(ctx.expressionStatement().expression()), loc: at };
    }
    if (ctx.ifStatement()) {
      const s = ctx.ifStatement();
      const [then, otherwise] = s.statement_list();
      return {
        kind: 'If',
        test: this.expr(s.parExpression().expression()),
        then: this.statement(then),
        otherwise: otherwise ? this.statement(otherwise) : null,
        loc: at
      };
    }
    if (ctx.forStatement()) return this.forStatement(ctx.forStatement());
    if (ctx.whileStatement()) {
      const s = ctx.whileStatement();
      return {
        kind: 'While',
        test: this.expr(s.parExpression().expression()),
        body: this.statement(s.statement()),
        loc: at
      };
    }
    if (ctx.doWhileStatement()) {
      const s = ctx.doWhileStatement();
      return {
        kind: 'DoWhile',
        body: this.block(s.block()),
        test: this.expr(s.parExpression().expression()),
        loc: at
      };
    }
    if (ctx.switchStatement()) return this.switchStatement(ctx.switchStatement());
    if (ctx.tryStatement()) return this.tryStatement(ctx.tryStatement());
    if (ctx.returnStatement()) {
      const e = ctx.returnStatement().expression();
      return { kind: 'Return', value: e ? this.expr(e) : null, loc: at };
    }
    if (ctx.throwStatement())
      return { kind: 'Throw', value: this.expr(ctx.throwStatement().expression()), loc: at };
    if (ctx.breakStatement()) return { kind: 'Break', loc: at };
    if (ctx.continueStatement()) return { kind: 'Continue', loc: at };
    if (ctx.runAsStatement()) {
      const s = ctx.runAsStatement();
      const args = s.expressionList()
        ? s
            .expressionList()
            .expression_list()
            .map((e) => this.expr(e))
        : [];
      return { kind: 'RunAs', args, body: this.block(s.block()), loc: at };
    }
    return this.dml(ctx, at);
  }

  dml(ctx: P.StatementContext, at: A.Loc): A.DmlStmt {
    const level = (c: P.AccessLevelContext | null): 'user' | 'system' | null =>
      c ? (c.USER() ? 'user' : 'system') : null;
    const simple = (
      op: A.DmlOp,
      s: { expression(): P.ExpressionContext; accessLevel(): P.AccessLevelContext }
    ): A.DmlStmt => ({
      kind: 'Dml',
      op,
      values: [this.expr(s.expression())],
      externalId: null,
      accessLevel: level(s.accessLevel()),
      loc: at
    });
    if (ctx.insertStatement()) return simple('insert', ctx.insertStatement());
    if (ctx.updateStatement()) return simple('update', ctx.updateStatement());
    if (ctx.deleteStatement()) return simple('delete', ctx.deleteStatement());
    if (ctx.undeleteStatement()) return simple('undelete', ctx.undeleteStatement());
    if (ctx.upsertStatement()) {
      const s = ctx.upsertStatement();
      return {
        ...simple('upsert', s),
        externalId: s.qualifiedName() ? ids(s.qualifiedName().id_list()) : null
      };
    }
    if (ctx.mergeStatement()) {
      const s = ctx.mergeStatement();
      return {
        kind: 'Dml',
        op: 'merge',
        values: s.expression_list().map((e) => this.expr(e)),
        externalId: null,
        accessLevel: level(s.accessLevel()),
        loc: at
      };
    }
    throw new LoweringError(`Unsupported statement: ${ctx.getText().slice(0, 40)}`, at);
  }

  localVar(ctx: P.LocalVariableDeclarationContext): A.LocalVarStmt {
    const modifiers = this.modifiers(ctx.modifier_list());
    return {
      kind: 'LocalVar',
      type: this.typeRef(ctx.typeRef()),
      declarators: this.declarators(ctx.variableDeclarators()),
      isFinal: modifiers.keywords.has('final'),
      loc: loc(ctx)
    };
  }

  forStatement(ctx: P.ForStatementContext): A.Stmt {
    const control = ctx.forControl();
    const body = this.statement(ctx.statement());
    const enhanced = control.enhancedForControl();
    if (enhanced) {
      return {
        kind: 'ForEach',
        type: this.typeRef(enhanced.typeRef()),
        name: enhanced.id().getText(),
        iterable: this.expr(enhanced.expression()),
        body,
        loc: loc(ctx)
      };
    }
    const init = control.forInit();
    return {
      kind: 'For',
      init: init
        ? init.localVariableDeclaration()
          ? this.localVar(init.localVariableDeclaration())
          : init
              .expressionList()
              .expression_list()
              .map((e) => this.expr(e))
        : null,
      test: control.expression() ? this.expr(control.expression()) : null,
      update: control.forUpdate()
        ? control
            .forUpdate()
            .expressionList()
            .expression_list()
            .map((e) => this.expr(e))
        : [],
      body,
      loc: loc(ctx)
    };
  }

  switchStatement(ctx: P.SwitchStatementContext): A.SwitchStmt {
    const whens: A.WhenClause[] = ctx.whenControl_list().map((w) => {
      const value = w.whenValue();
      const body = this.block(w.block());
      const at = loc(w);
      if (value.ELSE()) {
        return { kind: 'else', body, loc: at };
      }
      if (value.typeRef()) {
        return {
          kind: 'type',
          type: this.typeRef(value.typeRef()),
          name: value.id().getText(),
          body,
          loc: at
        };
      }
      return {
        kind: 'values',
        values: value.whenLiteral_list().map((l) => this.whenLiteral(l)),
        body,
        loc: at
      };
    });
    return { kind: 'Switch', subject: this.expr(ctx.expression()), whens, loc: loc(ctx) };
  }

  whenLiteral(ctx: P.WhenLiteralContext): A.LiteralExpr | A.NameExpr {
    if (ctx.whenLiteral()) {
      return this.whenLiteral(ctx.whenLiteral());
    }
    if (ctx.qualifiedName()) {
      const names = ids(ctx.qualifiedName().id_list());
      return { kind: 'Name', name: names[names.length - 1], loc: loc(ctx) };
    }
    const text = ctx.getText();
    const negative = text.startsWith('-');
    const body = negative ? text.slice(1) : text;
    if (ctx.NULL()) return { kind: 'Literal', type: 'Null', value: null, loc: loc(ctx) };
    if (ctx.StringLiteral() || ctx.MultilineStringLiteral())
      return this.stringLiteral(ctx.getText(), loc(ctx));
    return this.numberLiteral(
      negative ? `-${body}` : body,
      ctx.LongLiteral() ? 'Long' : 'Integer',
      loc(ctx)
    );
  }

  tryStatement(ctx: P.TryStatementContext): A.TryStmt {
    return {
      kind: 'Try',
      body: this.block(ctx.block()),
      catches: ctx.catchClause_list().map((c) => ({
        type: {
          names: ids(c.qualifiedName().id_list()),
          typeArgs: [],
          arrayDims: 0,
          loc: loc(c.qualifiedName())
        },
        name: c.id().getText(),
        body: this.block(c.block()),
        loc: loc(c)
      })),
      finally: ctx.finallyBlock() ? this.block(ctx.finallyBlock().block()) : null,
      loc: loc(ctx)
    };
  }

  // ------------------------------------------------------------------------------- expressions

  exprList(ctx: P.ExpressionListContext | null): A.Expr[] {
    return ctx ? ctx.expression_list().map((e) => this.expr(e)) : [];
  }

  expr(ctx: P.ExpressionContext): A.Expr {
    const at = loc(ctx);
    if (ctx instanceof P.PrimaryExpressionContext) return this.primary(ctx.primary());
    if (ctx instanceof P.SubExpressionContext) return this.expr(ctx.expression());
    if (ctx instanceof P.DotExpressionContext) {
      const target = this.expr(ctx.expression());
      const safe = !!ctx.QUESTIONDOT();
      const call = ctx.dotMethodCall();
      if (call) {
        return {
          kind: 'Call',
          target,
          name: call.anyId().getText(),
          args: this.exprList(call.expressionList()),
          safe,
          loc: loc(call)
        };
      }
      return { kind: 'Field', target, name: ctx.anyId().getText(), safe, loc: loc(ctx.anyId()) };
    }
    if (ctx instanceof P.MethodCallExpressionContext) {
      const call = ctx.methodCall();
      const name = call.THIS() ? 'this' : call.SUPER() ? 'super' : call.id().getText();
      return {
        kind: 'Call',
        target: null,
        name,
        args: this.exprList(call.expressionList()),
        safe: false,
        loc: loc(call)
      };
    }
    if (ctx instanceof P.ArrayExpressionContext) {
      const [target, index] = ctx.expression_list();
      return { kind: 'Index', target: this.expr(target), index: this.expr(index), loc: at };
    }
    if (ctx instanceof P.NewExpressionContext) return this.creator(ctx.creator(), at);
    if (ctx instanceof P.CastExpressionContext) {
      return {
        kind: 'Cast',
        type: this.typeRef(ctx.typeRef()),
        operand: this.expr(ctx.expression()),
        loc: at
      };
    }
    if (ctx instanceof P.InstanceOfExpressionContext) {
      return {
        kind: 'InstanceOf',
        operand: this.expr(ctx.expression()),
        type: this.typeRef(ctx.typeRef()),
        loc: at
      };
    }
    if (ctx instanceof P.PostOpExpressionContext) {
      return {
        kind: 'IncDec',
        op: ctx.INC() ? '++' : '--',
        prefix: false,
        target: this.expr(ctx.expression()),
        loc: at
      };
    }
    if (ctx instanceof P.PreOpExpressionContext) {
      if (ctx.INC() || ctx.DEC()) {
        return {
          kind: 'IncDec',
          op: ctx.INC() ? '++' : '--',
          prefix: true,
          target: this.expr(ctx.expression()),
          loc: at
        };
      }
      return this.negate(ctx.SUB() ? '-' : '+', ctx.expression(), at);
    }
    if (ctx instanceof P.NegExpressionContext) {
      return {
        kind: 'Unary',
        op: ctx.BANG() ? '!' : '~',
        operand: this.expr(ctx.expression()),
        loc: at
      };
    }
    if (ctx instanceof P.CondExpressionContext) {
      const [test, then, otherwise] = ctx.expression_list().map((e) => this.expr(e));
      return { kind: 'Conditional', test, then, otherwise, loc: at };
    }
    if (ctx instanceof P.AssignExpressionContext) {
      const [target, value] = ctx.expression_list().map((e) => this.expr(e));
      return {
        kind: 'Assign',
        op: this.operatorText(ctx, target, value) as A.AssignOp,
        target,
        value,
        loc: at
      };
    }
    return this.binary(ctx, at);
  }

  /** The operator token(s) between two operands, joined (`>` `>` `=` → `>>=`). */
  operatorText(ctx: Ctx, left: A.Expr, right: A.Expr): string {
    void left;
    void right;
    const [first, second] = (ctx.children ?? []).filter(
      (c) => c instanceof P.ExpressionContext
    ) as Ctx[];
    const tokens = this.source.slice(first.stop!.stop + 1, second.start.start);
    return tokens.replace(/\s+/g, '').replace(/\/\*.*?\*\//g, '');
  }

  binary(ctx: P.ExpressionContext, at: A.Loc): A.Expr {
    const operands = (
      ctx as unknown as { expression_list?: () => P.ExpressionContext[] }
    ).expression_list?.();
    if (!operands || operands.length !== 2) {
      throw new LoweringError(`Unsupported expression: ${ctx.getText().slice(0, 40)}`, at);
    }
    const left = this.expr(operands[0]);
    const right = this.expr(operands[1]);
    let op = this.operatorText(ctx, left, right);
    if (op === '<>') op = '!=';
    const known = [
      '+',
      '-',
      '*',
      '/',
      '%',
      '==',
      '!=',
      '===',
      '!==',
      '<',
      '>',
      '<=',
      '>=',
      '&&',
      '||',
      '&',
      '|',
      '^',
      '<<',
      '>>',
      '>>>',
      '??'
    ];
    if (!known.includes(op)) {
      throw new LoweringError(`Unsupported operator ${op}`, at);
    }
    return { kind: 'Binary', op: op as A.BinaryOp, left, right, loc: at };
  }

  /** `-2147483648` must be read as one Integer literal, not the negation of an overflow. */
  negate(op: '-' | '+', operandCtx: P.ExpressionContext, at: A.Loc): A.Expr {
    if (op === '-' && operandCtx instanceof P.PrimaryExpressionContext) {
      const primary = operandCtx.primary();
      if (primary instanceof P.LiteralPrimaryContext) {
        const lit = primary.literal();
        if (lit.IntegerLiteral()) return this.numberLiteral(`-${lit.getText()}`, 'Integer', at);
        if (lit.LongLiteral()) return this.numberLiteral(`-${lit.getText()}`, 'Long', at);
      }
    }
    return { kind: 'Unary', op, operand: this.expr(operandCtx), loc: at };
  }

  primary(ctx: P.PrimaryContext): A.Expr {
    const at = loc(ctx);
    if (ctx instanceof P.ThisPrimaryContext) return { kind: 'This', loc: at };
    if (ctx instanceof P.SuperPrimaryContext) return { kind: 'Super', loc: at };
    if (ctx instanceof P.IdPrimaryContext)
      return { kind: 'Name', name: ctx.id().getText(), loc: at };
    if (ctx instanceof P.LiteralPrimaryContext) return this.literal(ctx.literal());
    if (ctx instanceof P.TypeRefPrimaryContext)
      return { kind: 'ClassLiteral', type: this.typeRef(ctx.typeRef()), loc: at };
    if (ctx instanceof P.VoidPrimaryContext) return { kind: 'ClassLiteral', type: null, loc: at };
    if (ctx instanceof P.SoqlPrimaryContext) return this.query('Soql', ctx.soqlLiteral(), at);
    if (ctx instanceof P.SoslPrimaryContext) return this.query('Sosl', ctx.soslLiteral(), at);
    throw new LoweringError(`Unsupported expression: ${ctx.getText().slice(0, 40)}`, at);
  }

  query(kind: 'Soql' | 'Sosl', ctx: Ctx, at: A.Loc): A.QueryExpr {
    // The query text keeps its original spacing; the brackets are not part of it.
    const text = this.source.slice(ctx.start.start + 1, ctx.stop!.stop);
    const binds: { text: string; expr: A.Expr }[] = [];
    const visit = (node: unknown): void => {
      if (node instanceof P.BoundExpressionContext) {
        const e = node.expression();
        // Keyed as the SOQL parser keys it: the expression's tokens without whitespace.
        binds.push({ text: e.getText(), expr: this.expr(e) });
        return;
      }
      const children = (node as { children?: unknown[] }).children;
      children?.forEach(visit);
    };
    visit(ctx);
    return { kind, text, binds, loc: at };
  }

  literal(ctx: P.LiteralContext): A.LiteralExpr {
    const at = loc(ctx);
    const text = ctx.getText();
    if (ctx.NULL()) return { kind: 'Literal', type: 'Null', value: null, loc: at };
    if (ctx.BooleanLiteral())
      return { kind: 'Literal', type: 'Boolean', value: text.toLowerCase() === 'true', loc: at };
    if (ctx.StringLiteral() || ctx.MultilineStringLiteral()) return this.stringLiteral(text, at);
    if (ctx.IntegerLiteral()) return this.numberLiteral(text, 'Integer', at);
    if (ctx.LongLiteral()) return this.numberLiteral(text, 'Long', at);
    if (/[dD]$/.test(text))
      return { kind: 'Literal', type: 'Double', value: text.slice(0, -1), loc: at };
    return { kind: 'Literal', type: 'Decimal', value: text, loc: at };
  }

  stringLiteral(text: string, at: A.Loc): A.LiteralExpr {
    const body = text.startsWith("'''")
      ? text.slice(3, -3).replace(/^\r?\n/, '')
      : text.slice(1, -1);
    return { kind: 'Literal', type: 'String', value: unescapeApex(body, at), loc: at };
  }

  numberLiteral(text: string, type: 'Integer' | 'Long', at: A.Loc): A.LiteralExpr {
    const digits = text.replace(/[lL]$/, '');
    const value = BigInt(digits);
    if (type === 'Integer') {
      if (value > 2147483647n || value < -2147483648n) {
        throw new LoweringError(
          `Integer literal out of range: ${text} (use a Long literal: ${digits}L)`,
          at
        );
      }
      return { kind: 'Literal', type, value: Number(value), loc: at };
    }
    if (value > 9223372036854775807n || value < -9223372036854775808n) {
      throw new LoweringError(`Long literal out of range: ${text}`, at);
    }
    return { kind: 'Literal', type, value, loc: at };
  }

  creator(ctx: P.CreatorContext, at: A.Loc): A.Expr {
    const pairs = ctx.createdName().idCreatedNamePair_list();
    const names = pairs.map((p) => p.anyId().getText());
    const last = pairs[pairs.length - 1];
    const typeArgs = last.typeList()
      ? last
          .typeList()
          .typeRef_list()
          .map((t) => this.typeRef(t))
      : [];
    const type: A.TypeRef = { names, typeArgs, arrayDims: 0, loc: loc(ctx.createdName()) };
    if (ctx.classCreatorRest()) {
      const args = ctx.classCreatorRest().arguments().expressionList();
      const exprs = args ? args.expression_list() : [];
      // `new Account(Name = 'x')`: every argument is an assignment to a plain field name.
      if (
        exprs.length > 0 &&
        exprs.every(
          (e) =>
            e instanceof P.AssignExpressionContext &&
            e.ASSIGN() &&
            e.expression(0) instanceof P.PrimaryExpressionContext
        )
      ) {
        const fieldInits = exprs.map((e) => {
          const assign = e as P.AssignExpressionContext;
          return {
            name: assign.expression(0).getText(),
            value: this.expr(assign.expression(1)),
            loc: loc(assign)
          };
        });
        return { kind: 'New', type, args: [], fieldInits, loc: at };
      }
      return { kind: 'New', type, args: exprs.map((e) => this.expr(e)), fieldInits: null, loc: at };
    }
    if (ctx.noRest()) {
      return { kind: 'NewCollection', type, size: null, elements: [], pairs: null, loc: at };
    }
    if (ctx.setCreatorRest()) {
      return {
        kind: 'NewCollection',
        type,
        size: null,
        elements: ctx
          .setCreatorRest()
          .expression_list()
          .map((e) => this.expr(e)),
        pairs: null,
        loc: at
      };
    }
    if (ctx.mapCreatorRest()) {
      const mapPairs = ctx
        .mapCreatorRest()
        .mapCreatorRestPair_list()
        .map((p) => ({ key: this.expr(p.expression(0)), value: this.expr(p.expression(1)) }));
      return { kind: 'NewCollection', type, size: null, elements: null, pairs: mapPairs, loc: at };
    }
    const array = ctx.arrayCreatorRest();
    const arrayType: A.TypeRef = { ...type, arrayDims: 1 };
    if (array.arrayInitializer()) {
      return {
        kind: 'NewCollection',
        type: arrayType,
        size: null,
        elements: array
          .arrayInitializer()
          .expression_list()
          .map((e) => this.expr(e)),
        pairs: null,
        loc: at
      };
    }
    return {
      kind: 'NewCollection',
      type: arrayType,
      size: this.expr(array.expression()),
      elements: null,
      pairs: null,
      loc: at
    };
  }
}
