/**
 * A streaming JSON tokenizer with the token model of System.JSONParser (which follows Jackson):
 * START_OBJECT, FIELD_NAME, VALUE_STRING, ... Tokens are produced one at a time so a syntax error
 * surfaces only when the parser reaches it, as on the platform. Errors carry Jackson's wording
 * with Apex's `[line:L, column:C]` position suffix.
 */

export type TokenKind =
  | 'START_OBJECT'
  | 'END_OBJECT'
  | 'START_ARRAY'
  | 'END_ARRAY'
  | 'FIELD_NAME'
  | 'VALUE_STRING'
  | 'VALUE_NUMBER_INT'
  | 'VALUE_NUMBER_FLOAT'
  | 'VALUE_TRUE'
  | 'VALUE_FALSE'
  | 'VALUE_NULL';

export interface Token {
  kind: TokenKind;
  /** The string's value, the field name, the number's literal text, or the punctuation. */
  text: string;
  /** getCurrentName(): the field this token belongs to, or null in arrays and at the root. */
  name: string | null;
  line: number;
  column: number;
}

/** Malformed JSON text; the natives turn it into a System.JSONException. */
export class JsonSyntaxError extends Error {}

interface Context {
  type: 'root' | 'object' | 'array';
  name: string | null;
}

/** What the grammar allows next. */
type Expect = 'value' | 'valueOrEndArray' | 'name' | 'nameOrEndObject' | 'separator' | 'eof';

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t'
};

export class JsonLexer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private expect: Expect = 'value';
  private readonly stack: Context[] = [{ type: 'root', name: null }];

  constructor(private readonly text: string) {}

  /** The next token, or null at the end of the content. */
  next(): Token | null {
    this.skipSpace();
    if (this.expect === 'separator') {
      if (!this.separator()) return this.next();
      return this.closeToken();
    }
    if (this.pos >= this.text.length) {
      // Empty content has no tokens at all (Jackson: "No content to map due to end-of-input").
      if (this.expect === 'eof' || this.top().type === 'root') return null;
      return this.fail(
        `Unexpected end-of-input: expected close marker for ${this.top().type.toUpperCase()}`
      );
    }
    if (this.expect === 'eof') return this.fail(this.unexpected('expected end of input'));
    const c = this.text[this.pos];
    if (this.expect === 'name' || this.expect === 'nameOrEndObject') {
      if (c === '}' && this.expect === 'nameOrEndObject') return this.closeToken();
      if (c !== '"')
        return this.fail(this.unexpected('was expecting double-quote to start field name'));
      return this.fieldName();
    }
    if (c === ']' && this.expect === 'valueOrEndArray') return this.closeToken();
    return this.value();
  }

  /** Consumes `,` (returns false: continue) or leaves a closing bracket to close (returns true). */
  private separator(): boolean {
    const ctx = this.top();
    if (ctx.type === 'root') {
      this.expect = 'eof';
      return false;
    }
    const c = this.text[this.pos];
    const close = ctx.type === 'object' ? '}' : ']';
    if (c === close) return true;
    if (c === ',') {
      this.pos++;
      this.expect = ctx.type === 'object' ? 'name' : 'value';
      return false;
    }
    if (c === undefined) {
      return this.fail(
        `Unexpected end-of-input: expected close marker for ${ctx.type.toUpperCase()}`
      );
    }
    return this.fail(
      this.unexpected(
        `was expecting comma to separate ${ctx.type === 'object' ? 'Object entries' : 'Array entries'}`
      )
    );
  }

  private closeToken(): Token {
    const ctx = this.stack.pop()!;
    const column = this.column();
    this.pos++;
    this.expect = 'separator';
    const kind = ctx.type === 'object' ? 'END_OBJECT' : 'END_ARRAY';
    return this.token(kind, kind === 'END_OBJECT' ? '}' : ']', this.top().name, column);
  }

  private fieldName(): Token {
    const column = this.column();
    const name = this.string();
    this.skipSpace();
    if (this.text[this.pos] !== ':') {
      return this.fail(this.unexpected('was expecting a colon to separate field name and value'));
    }
    this.pos++;
    this.top().name = name;
    this.expect = 'value';
    return this.token('FIELD_NAME', name, name, column);
  }

  private value(): Token {
    const c = this.text[this.pos];
    const column = this.column();
    const ctx = this.top();
    const name = ctx.type === 'object' ? ctx.name : null;
    if (c === '{' || c === '[') {
      this.pos++;
      const type = c === '{' ? 'object' : 'array';
      this.stack.push({ type, name: null });
      this.expect = type === 'object' ? 'nameOrEndObject' : 'valueOrEndArray';
      return this.token(type === 'object' ? 'START_OBJECT' : 'START_ARRAY', c, name, column);
    }
    this.expect = 'separator';
    if (c === '"') return this.token('VALUE_STRING', this.string(), name, column);
    if (c === '-' || (c >= '0' && c <= '9')) return this.number(name, column);
    for (const [word, kind] of [
      ['true', 'VALUE_TRUE'],
      ['false', 'VALUE_FALSE'],
      ['null', 'VALUE_NULL']
    ] as const) {
      if (
        this.text.startsWith(word, this.pos) &&
        !/[\w]/.test(this.text[this.pos + word.length] ?? '')
      ) {
        this.pos += word.length;
        return this.token(kind, word, name, column);
      }
    }
    if (/[A-Za-z]/.test(c)) {
      const word = /[\w]+/y;
      word.lastIndex = this.pos;
      return this.fail(
        `Unrecognized token '${word.exec(this.text)![0]}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`
      );
    }
    return this.fail(this.unexpected('expected a value'));
  }

  private number(name: string | null, column: number): Token {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (!m || m[0] === '-') return this.fail(this.unexpected('expected digit'));
    this.pos += m[0].length;
    const isFloat = m[1] !== undefined || m[2] !== undefined;
    return this.token(isFloat ? 'VALUE_NUMBER_FLOAT' : 'VALUE_NUMBER_INT', m[0], name, column);
  }

  /** Reads a quoted string at pos and returns its value. */
  private string(): string {
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined)
        return this.fail('Unexpected end-of-input: was expecting closing quote for a string value');
      this.pos++;
      if (c === '"') return out;
      if (c === '\\') {
        out += this.escape();
        continue;
      }
      if (c < ' ') {
        return this.fail(
          `Illegal unquoted character ((CTRL-CHAR, code ${c.charCodeAt(0)})): has to be escaped using backslash to be included in string value`
        );
      }
      out += c;
    }
  }

  private escape(): string {
    const e = this.text[this.pos++];
    if (e === 'u') {
      const hex = this.text.slice(this.pos, this.pos + 4);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        return this.fail('Unexpected character in a \\u escape: expected a hex-digit');
      }
      this.pos += 4;
      return String.fromCharCode(parseInt(hex, 16));
    }
    const decoded = e === undefined ? undefined : ESCAPES[e];
    if (decoded === undefined) {
      return this.fail(`Unrecognized character escape '${e}' (code ${e?.charCodeAt(0) ?? -1})`);
    }
    return decoded;
  }

  private skipSpace(): void {
    for (;;) {
      const c = this.text[this.pos];
      if (c === '\n') {
        this.pos++;
        this.line++;
        this.lineStart = this.pos;
      } else if (c === ' ' || c === '\t' || c === '\r') {
        this.pos++;
      } else {
        return;
      }
    }
  }

  private top(): Context {
    return this.stack[this.stack.length - 1];
  }

  private column(): number {
    return this.pos - this.lineStart + 1;
  }

  private token(kind: TokenKind, text: string, name: string | null, column: number): Token {
    return { kind, text, name, line: this.line, column };
  }

  private unexpected(what: string): string {
    const c = this.text[this.pos];
    return `Unexpected character ('${c}' (code ${c.charCodeAt(0)})): ${what}`;
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(`${message} at [line:${this.line}, column:${this.column()}]`);
  }
}
