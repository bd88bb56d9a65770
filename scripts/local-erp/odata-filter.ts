/**
 * A small `$filter` parser and evaluator (OData 4.0 URL Conventions, 5.1.1): comparisons
 * (eq, ne, gt, ge, lt, le) of properties and literals, `and`, `or`, `not`, parentheses, and
 * `contains`/`startswith`/`endswith` on strings. Literals: 'text' (a quote doubled inside),
 * numbers, dates (2026-01-15), true, false, null. Anything else is refused with an
 * ODataQueryError that names the position and what to write instead.
 */
import { propertyOf } from './odata-model.ts';
import type { PropertyDef } from './odata-model.ts';

/** A query option the feed cannot serve; the message says what to fix (answered as 400). */
export class ODataQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ODataQueryError';
  }
}

type LiteralType = 'string' | 'number' | 'date' | 'boolean' | 'null';
type Value = string | number | boolean | null;

/** A property or a literal. */
export type Operand =
  | { readonly kind: 'property'; readonly property: PropertyDef }
  | { readonly kind: 'literal'; readonly type: LiteralType; readonly value: Value };

export type Comparison = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
type StringFunction = 'contains' | 'startswith' | 'endswith';

/** A parsed `$filter`. */
export type FilterExpr =
  | { readonly kind: 'and' | 'or'; readonly left: FilterExpr; readonly right: FilterExpr }
  | { readonly kind: 'not'; readonly operand: FilterExpr }
  | {
      readonly kind: 'compare';
      readonly op: Comparison;
      readonly left: Operand;
      readonly right: Operand;
    }
  | {
      readonly kind: 'call';
      readonly name: StringFunction;
      readonly property: PropertyDef;
      readonly text: string;
    };

interface Token {
  readonly kind: 'word' | 'string' | 'number' | 'date' | 'open' | 'close' | 'comma' | 'end';
  readonly text: string;
  readonly at: number;
}

const COMPARISONS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS = new Set<string>(['contains', 'startswith', 'endswith']);
const TOKEN =
  /\s*(?:(\()|(\))|(,)|'((?:[^']|'')*)'|(\d{4}-\d{2}-\d{2})(?![\d:T])|(-?\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*))/y;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const start = TOKEN.lastIndex;
    if (/^\s*$/.test(source.slice(start))) break;
    const m = TOKEN.exec(source);
    if (m === null) {
      throw new ODataQueryError(
        `$filter: cannot read "${source.slice(start).trim().slice(0, 20)}" at position ${start + 1}` +
          ": quote text as 'text', write dates as 2026-01-15 and numbers as 12.5."
      );
    }
    const at = start + (m[0].length - m[0].trimStart().length);
    if (m[1] !== undefined) tokens.push({ kind: 'open', text: '(', at });
    else if (m[2] !== undefined) tokens.push({ kind: 'close', text: ')', at });
    else if (m[3] !== undefined) tokens.push({ kind: 'comma', text: ',', at });
    else if (m[4] !== undefined)
      tokens.push({ kind: 'string', text: m[4].replace(/''/g, "'"), at });
    else if (m[5] !== undefined) tokens.push({ kind: 'date', text: m[5], at });
    else if (m[6] !== undefined) tokens.push({ kind: 'number', text: m[6], at });
    else tokens.push({ kind: 'word', text: m[7] ?? '', at });
  }
  tokens.push({ kind: 'end', text: '(end)', at: source.length });
  return tokens;
}

const LITERAL_OF: Record<string, LiteralType> = {
  'Edm.String': 'string',
  'Edm.Date': 'date',
  'Edm.Decimal': 'number'
};

const EXAMPLE: Record<LiteralType, string> = {
  string: "'text'",
  date: '2026-01-15 (no quotes)',
  number: '12.5',
  boolean: 'true',
  null: 'null'
};

/** Recursive descent over the tokens: or → and → not → comparison → primary. */
class Parser {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parse(): FilterExpr {
    const expr = this.or();
    const rest = this.peek();
    if (rest.kind !== 'end') this.fail(rest, 'and, or, or the end of the filter');
    return expr;
  }

  private peek(): Token {
    return this.tokens[this.index] ?? { kind: 'end', text: '(end)', at: 0 };
  }

  private take(): Token {
    const token = this.peek();
    this.index += 1;
    return token;
  }

  private isWord(text: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text === text;
  }

  private fail(token: Token, expected: string): never {
    throw new ODataQueryError(
      `$filter: expected ${expected} at position ${token.at + 1}, found ${token.text}.`
    );
  }

  private expect(kind: Token['kind'], expected: string): Token {
    const token = this.take();
    if (token.kind !== kind) this.fail(token, expected);
    return token;
  }

  private or(): FilterExpr {
    let left = this.and();
    while (this.isWord('or')) {
      this.take();
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): FilterExpr {
    let left = this.not();
    while (this.isWord('and')) {
      this.take();
      left = { kind: 'and', left, right: this.not() };
    }
    return left;
  }

  private not(): FilterExpr {
    if (this.isWord('not')) {
      this.take();
      return { kind: 'not', operand: this.not() };
    }
    return this.comparison();
  }

  private comparison(): FilterExpr {
    const token = this.peek();
    if (token.kind === 'open') {
      this.take();
      const inner = this.or();
      this.expect('close', ')');
      return inner;
    }
    if (token.kind === 'word' && FUNCTIONS.has(token.text)) return this.call();
    const left = this.operand();
    const op = this.take();
    if (op.kind !== 'word' || !COMPARISONS.has(op.text)) {
      this.fail(op, 'a comparison (eq, ne, gt, ge, lt, le)');
    }
    const right = this.operand();
    return checked(op.text as Comparison, left, right);
  }

  private call(): FilterExpr {
    const name = this.take().text as StringFunction;
    this.expect('open', `( after ${name}`);
    const property = this.property(this.take());
    this.expect('comma', ',');
    const text = this.expect('string', "a quoted text like 'abc'");
    this.expect('close', ')');
    if (property.type !== 'Edm.String') {
      throw new ODataQueryError(
        `$filter: ${name} needs a text property; ${property.name} is ${property.type}.`
      );
    }
    return { kind: 'call', name, property, text: text.text };
  }

  private property(token: Token): PropertyDef {
    if (token.kind !== 'word') this.fail(token, 'a property name');
    const property = propertyOf(token.text);
    if (property === undefined) {
      throw new ODataQueryError(
        `$filter: Invoice has no property ${token.text} (position ${token.at + 1}); ` +
          'see $metadata for the names, which are case-sensitive.'
      );
    }
    return property;
  }

  private operand(): Operand {
    const token = this.take();
    switch (token.kind) {
      case 'string':
        return { kind: 'literal', type: 'string', value: token.text };
      case 'date':
        return { kind: 'literal', type: 'date', value: token.text };
      case 'number':
        return { kind: 'literal', type: 'number', value: Number(token.text) };
      case 'word':
        if (token.text === 'true' || token.text === 'false') {
          return { kind: 'literal', type: 'boolean', value: token.text === 'true' };
        }
        if (token.text === 'null') return { kind: 'literal', type: 'null', value: null };
        return { kind: 'property', property: this.property(token) };
      default:
        return this.fail(token, 'a property or a literal');
    }
  }
}

function typeOf(operand: Operand): LiteralType {
  return operand.kind === 'literal'
    ? operand.type
    : (LITERAL_OF[operand.property.type] ?? 'string');
}

/** A comparison whose two sides have compatible types. */
function checked(op: Comparison, left: Operand, right: Operand): FilterExpr {
  const a = typeOf(left);
  const b = typeOf(right);
  if (a === 'null' || b === 'null') {
    if (op !== 'eq' && op !== 'ne') {
      throw new ODataQueryError(`$filter: null can only be compared with eq or ne, not ${op}.`);
    }
  } else if (a !== b) {
    const named = left.kind === 'property' ? left : right.kind === 'property' ? right : null;
    const hint =
      named === null
        ? `${a} and ${b} cannot be compared`
        : `${named.property.name} is ${named.property.type}: compare it with ${EXAMPLE[typeOf(named)]}`;
    throw new ODataQueryError(`$filter: ${hint}.`);
  }
  return { kind: 'compare', op, left, right };
}

/** Parses a `$filter` value; throws ODataQueryError when it cannot be served. */
export function parseFilter(source: string): FilterExpr {
  if (source.trim() === '')
    throw new ODataQueryError('$filter is empty: leave it out or write a condition.');
  return new Parser(tokenize(source)).parse();
}

type Row = Readonly<Record<string, unknown>>;

function valueOf(operand: Operand, row: Row): Value {
  if (operand.kind === 'literal') return operand.value;
  const value = row[operand.property.name];
  return value === undefined ? null : (value as Value);
}

function compare(op: Comparison, a: Value, b: Value): boolean {
  if (a === null || b === null) {
    const same = a === b;
    return op === 'eq' ? same : op === 'ne' ? !same : false;
  }
  const order = a < b ? -1 : a > b ? 1 : 0;
  switch (op) {
    case 'eq':
      return order === 0;
    case 'ne':
      return order !== 0;
    case 'gt':
      return order > 0;
    case 'ge':
      return order >= 0;
    case 'lt':
      return order < 0;
    case 'le':
      return order <= 0;
  }
}

/** Whether a row satisfies a parsed filter. */
export function matches(expr: FilterExpr, row: Row): boolean {
  switch (expr.kind) {
    case 'and':
      return matches(expr.left, row) && matches(expr.right, row);
    case 'or':
      return matches(expr.left, row) || matches(expr.right, row);
    case 'not':
      return !matches(expr.operand, row);
    case 'compare':
      return compare(expr.op, valueOf(expr.left, row), valueOf(expr.right, row));
    case 'call': {
      const value = row[expr.property.name];
      if (typeof value !== 'string') return false;
      if (expr.name === 'contains') return value.includes(expr.text);
      return expr.name === 'startswith' ? value.startsWith(expr.text) : value.endsWith(expr.text);
    }
  }
}
