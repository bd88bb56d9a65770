/**
 * Parses SOQL text (inline `[SELECT ...]` or dynamic `Database.query(...)`) with apex-parser's
 * `query` rule and lowers it into ast.ts. Syntax errors and constructs the runtime does not
 * evaluate are reported as SoqlError with the query text's line and column.
 */
import * as P from '@apexdevtools/apex-parser';
import type {
  Aggregate,
  AggregateFn,
  CompareOp,
  Condition,
  OrderItem,
  Path,
  SelectItem,
  SoqlQuery,
  SoqlValue
} from './ast.ts';

export class SoqlError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number
  ) {
    super(message);
  }
}

class Listener extends P.ApexErrorListener {
  first: SoqlError | null = null;
  apexSyntaxError(line: number, column: number, msg: string): void {
    this.first ??= new SoqlError(
      `unexpected token in SOQL: ${msg.replace(/expecting \{[^}]*\}/, 'expecting a SOQL clause')}`,
      line,
      column + 1
    );
  }
}

const cache = new Map<string, SoqlQuery>();

/** Parses a SOQL query; identical text is parsed once. */
export function parseSoql(text: string): SoqlQuery {
  const cached = cache.get(text);
  if (cached) return cached;
  const listener = new Listener();
  const { parser } = P.ApexParserFactory.createLexerAndParser(text.trim(), listener);
  const tree = parser.query();
  if (listener.first) throw listener.first;
  // The query rule stops at the first token it cannot use; the rest of the text must be empty.
  const next = parser.getCurrentToken();
  if (next.type !== P.ApexLexer.EOF) {
    throw new SoqlError(`unexpected token: '${next.text}'`, next.line, next.column + 1);
  }
  const query = lowerQuery(tree);
  cache.set(text, query);
  return query;
}

function fail(ctx: P.ApexParserRuleContext, message: string): never {
  throw new SoqlError(message, ctx.start.line, ctx.start.column + 1);
}

function path(ctx: P.FieldNameContext): Path {
  return ctx.soqlId_list().map((id) => id.getText());
}

function lowerQuery(ctx: P.QueryContext | P.SubQueryContext): SoqlQuery {
  const isSub = ctx instanceof P.SubQueryContext;
  const entries = isSub
    ? ctx.subFieldList().subFieldEntry_list()
    : ctx.selectList().selectEntry_list();
  const from = ctx.fromNameList();
  const names = from.fieldName_list();
  if (names.length !== 1) fail(from, 'Unsupported: SOQL with more than one object in FROM');
  const fromPath = path(names[0]);
  const select: SelectItem[] = entries.map((e) => selectItem(e));
  const countOnly =
    select.length === 1 &&
    select[0].kind === 'aggregate' &&
    select[0].aggregate.fn === 'count' &&
    select[0].aggregate.path === null &&
    select[0].alias === null &&
    !/count\s*\(\s*\)\s+\w/i.test(entries[0].getText());
  const q: SoqlQuery = {
    select,
    from: fromPath.join('.'),
    alias: from.soqlId_list()[0]?.getText() ?? null,
    where: ctx.whereClause() ? logical(ctx.whereClause().whereLogicalExpression()) : null,
    groupBy: [],
    having: null,
    orderBy: ctx.orderByClause()
      ? ctx.orderByClause().fieldOrderList().fieldOrder_list().map(orderItem)
      : [],
    limit: ctx.limitClause() ? limitValue(ctx.limitClause()) : null,
    offset: null,
    forUpdate: ctx.forClauses() ? /update/i.test(ctx.forClauses().getText()) : false,
    allRows: false,
    accessMode: null,
    countOnly
  };
  if (!isSub) {
    const top = ctx as P.QueryContext;
    if (top.usingScope()) fail(top.usingScope(), 'Unsupported: SOQL USING SCOPE');
    const group = top.groupByClause();
    if (group) {
      if (group.ROLLUP() || group.CUBE()) fail(group, 'Unsupported: GROUP BY ROLLUP/CUBE');
      q.groupBy = group
        .fieldGroupByList()
        .fieldGroupBy_list()
        .map((g) =>
          g.fieldName() ? path(g.fieldName()) : fail(g, 'Unsupported: GROUP BY a function')
        );
      q.having = group.logicalExpression() ? logicalPlain(group.logicalExpression()) : null;
    }
    q.offset = top.offsetClause() ? limitValue(top.offsetClause()) : null;
    q.allRows = !!top.allRowsClause();
    const w = top.withClause();
    if (w) {
      if (w.USER_MODE()) q.accessMode = 'user';
      else if (w.SYSTEM_MODE()) q.accessMode = 'system';
      else if (w.SECURITY_ENFORCED()) q.accessMode = 'security_enforced';
      else fail(w, 'Unsupported: this WITH clause');
    }
    if (top.UPDATE()) fail(top, 'Unsupported: UPDATE TRACKING/VIEWSTAT');
  }
  return q;
}

function selectItem(e: P.SelectEntryContext | P.SubFieldEntryContext): SelectItem {
  const alias = e.soqlId()?.getText() ?? null;
  if (e.typeOf()) fail(e, 'Unsupported: TYPEOF in SOQL');
  if (e.subQuery()) return { kind: 'subquery', query: lowerQuery(e.subQuery()) };
  if (e.soqlFunction()) {
    const fn = e.soqlFunction();
    return { kind: 'aggregate', aggregate: aggregate(fn), alias };
  }
  return { kind: 'field', path: path(e.fieldName()), alias };
}

function aggregate(fn: P.SoqlFunctionContext): Aggregate {
  const name: AggregateFn | null = fn.COUNT()
    ? 'count'
    : fn.COUNT_DISTINCT()
      ? 'count_distinct'
      : fn.SUM()
        ? 'sum'
        : fn.AVG()
          ? 'avg'
          : fn.MIN()
            ? 'min'
            : fn.MAX()
              ? 'max'
              : null;
  if (!name) fail(fn, `Unsupported: SOQL function ${fn.getText()}`);
  return { fn: name, path: fn.fieldName() ? path(fn.fieldName()) : null };
}

function orderItem(o: P.FieldOrderContext): OrderItem {
  const descending = !!o.DESC();
  const target = o.fieldName() ? path(o.fieldName()) : aggregate(o.soqlFunction());
  const nullsFirst = o.NULLS() ? !!o.FIRST() : !descending;
  return { target, descending, nullsFirst };
}

function limitValue(c: P.LimitClauseContext | P.OffsetClauseContext): SoqlValue {
  if (c.boundExpression())
    return { kind: 'bind', text: c.boundExpression().expression().getText() };
  return { kind: 'number', text: c.IntegerLiteral().getText() };
}

/** `a AND b AND c` or `a OR b`; SOQL forbids mixing them without parentheses. */
function combine(ctx: P.ApexParserRuleContext, items: Condition[], negate: boolean): Condition {
  const ops = new Set(
    (ctx.children ?? [])
      .map((c) => c.getText().toLowerCase())
      .filter((t) => t === 'and' || t === 'or')
  );
  if (ops.size > 1) fail(ctx, 'unexpected token: mixing AND and OR needs parentheses');
  const joined: Condition =
    items.length === 1 ? items[0] : ops.has('or') ? { kind: 'or', items } : { kind: 'and', items };
  return negate ? { kind: 'not', item: joined } : joined;
}

function logical(ctx: P.WhereLogicalExpressionContext): Condition {
  const items = ctx.whereConditionalExpression_list().map((c) => {
    if (c.whereLogicalExpression()) return logical(c.whereLogicalExpression());
    const fe = c.whereFieldExpression();
    if (fe.FORMULA()) fail(fe, 'Unsupported: SOQL FORMULA filters');
    return fieldExpression(fe.fieldExpression());
  });
  return combine(ctx, items, !!ctx.NOT());
}

function logicalPlain(ctx: P.LogicalExpressionContext): Condition {
  const items = ctx
    .conditionalExpression_list()
    .map((c) =>
      c.logicalExpression()
        ? logicalPlain(c.logicalExpression())
        : fieldExpression(c.fieldExpression())
    );
  return combine(ctx, items, !!ctx.NOT());
}

function fieldExpression(ctx: P.FieldExpressionContext): Condition {
  const target = ctx.fieldName() ? path(ctx.fieldName()) : aggregate(ctx.soqlFunction());
  return {
    kind: 'compare',
    target,
    op: operator(ctx.comparisonOperator()),
    value: value(ctx.value())
  };
}

function operator(ctx: P.ComparisonOperatorContext): CompareOp {
  const text = ctx.getText().toLowerCase();
  const known: Record<string, CompareOp> = {
    '=': '=',
    '!=': '!=',
    '<>': '!=',
    '<': '<',
    '<=': '<=',
    '>': '>',
    '>=': '>=',
    like: 'like',
    in: 'in',
    notin: 'not in',
    includes: 'includes',
    excludes: 'excludes'
  };
  return known[text] ?? fail(ctx, `Unsupported: SOQL operator ${text}`);
}

function value(ctx: P.ValueContext): SoqlValue {
  if (ctx.NULL()) return { kind: 'null' };
  if (ctx.BooleanLiteral())
    return { kind: 'boolean', value: ctx.getText().toLowerCase() === 'true' };
  if (ctx.signedNumber()) return { kind: 'number', text: ctx.getText() };
  if (ctx.IntegerLiteral()) return { kind: 'number', text: ctx.getText() };
  if (ctx.StringLiteral()) return { kind: 'string', value: unquote(ctx.getText()) };
  if (ctx.DateLiteral()) return { kind: 'date', text: ctx.getText() };
  if (ctx.DateTimeLiteral()) return { kind: 'datetime', text: ctx.getText() };
  if (ctx.dateFormula()) {
    const text = ctx.dateFormula().getText();
    const [name, n] = text.split(':');
    return { kind: 'dateLiteral', name: name.toUpperCase(), n: n === undefined ? null : Number(n) };
  }
  if (ctx.boundExpression())
    return { kind: 'bind', text: ctx.boundExpression().expression().getText() };
  if (ctx.subQuery()) return { kind: 'subquery', query: lowerQuery(ctx.subQuery()) };
  if (ctx.valueList()) return { kind: 'list', values: ctx.valueList().value_list().map(value) };
  return fail(ctx, `Unsupported: SOQL value ${ctx.getText()}`);
}

/** SOQL string literals use Apex's escapes. */
function unquote(text: string): string {
  return text
    .slice(1, -1)
    .replace(
      /\\(.)/g,
      (_m, c: string) => ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' })[c] ?? c
    );
}
