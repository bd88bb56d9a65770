/**
 * Writes JSON text the way Apex does (JSON.serialize and System.JSONGenerator sit on Jackson):
 * compact output, or Jackson's default pretty printer — objects one entry per line indented by
 * two spaces with " : " between name and value, arrays inline as `[ 1, 2 ]`, empty containers as
 * `{ }` and `[ ]`. State errors use Jackson's wording.
 */

interface Level {
  type: 'root' | 'object' | 'array';
  count: number;
  /** In an object: a field name was written and its value is due. */
  named: boolean;
}

/** Misuse of the writer (a value where a field name is due, ...); becomes a JSONException. */
export class JsonStateError extends Error {}

export class JsonWriter {
  private readonly out: string[] = [];
  private readonly levels: Level[] = [{ type: 'root', count: 0, named: false }];
  private nesting = 0;
  closed = false;

  constructor(private readonly pretty: boolean) {}

  startObject(): void {
    this.beforeValue('start an object');
    this.out.push('{');
    this.levels.push({ type: 'object', count: 0, named: false });
    this.nesting++;
  }

  endObject(): void {
    const level = this.top();
    if (level.type !== 'object') {
      throw new JsonStateError(`Current context not Object but ${this.contextName(level)}`);
    }
    this.levels.pop();
    this.nesting--;
    if (this.pretty) this.out.push(level.count > 0 ? this.indent() : ' ');
    this.out.push('}');
  }

  startArray(): void {
    this.beforeValue('start an array');
    this.out.push('[');
    this.levels.push({ type: 'array', count: 0, named: false });
  }

  endArray(): void {
    const level = this.top();
    if (level.type !== 'array') {
      throw new JsonStateError(`Current context not Array but ${this.contextName(level)}`);
    }
    this.levels.pop();
    if (this.pretty) this.out.push(' ');
    this.out.push(']');
  }

  fieldName(name: string): void {
    this.checkOpen();
    const level = this.top();
    if (level.type !== 'object' || level.named) {
      throw new JsonStateError('Can not write a field name, expecting a value');
    }
    if (level.count > 0) this.out.push(',');
    if (this.pretty) this.out.push(this.indent());
    this.out.push(quote(name), this.pretty ? ' : ' : ':');
    level.named = true;
    level.count++;
  }

  /** Writes an already-encoded scalar (a number, true, "quoted", null). */
  scalar(text: string, what = 'write a value'): void {
    this.beforeValue(what);
    this.out.push(text);
  }

  string(value: string): void {
    this.scalar(quote(value), 'write a string');
  }

  /** Closes every open container, as Jackson's close() does, and stops further writes. */
  close(): void {
    while (!this.closed && this.levels.length > 1) {
      if (this.top().type === 'object') {
        if (this.top().named) this.scalar('null');
        this.endObject();
      } else {
        this.endArray();
      }
    }
    this.closed = true;
  }

  /** Whether the output is one complete value (no container left open). */
  get complete(): boolean {
    return this.levels.length === 1;
  }

  toString(): string {
    return this.out.join('');
  }

  private beforeValue(what: string): void {
    this.checkOpen();
    const level = this.top();
    if (level.type === 'object') {
      if (!level.named) throw new JsonStateError(`Can not ${what}, expecting field name`);
      level.named = false;
      return;
    }
    if (level.type === 'array') {
      if (level.count > 0) this.out.push(',');
      if (this.pretty) this.out.push(' ');
    } else if (level.count > 0) {
      // Jackson separates root-level values with a space.
      this.out.push(' ');
    }
    level.count++;
  }

  private checkOpen(): void {
    if (this.closed) throw new JsonStateError('Generator closed');
  }

  private top(): Level {
    return this.levels[this.levels.length - 1];
  }

  private contextName(level: Level): string {
    return level.type === 'root' ? 'ROOT' : level.type === 'object' ? 'Object' : 'Array';
  }

  private indent(): string {
    return `\n${'  '.repeat(this.nesting)}`;
  }
}

/**
 * A JSON string literal as Jackson escapes it: quote, backslash and control characters (with the
 * short forms \b \t \n \f \r); everything else, including '/' and non-ASCII text, is kept as is.
 */
export function quote(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    const code = value.charCodeAt(i);
    if (c === '"' || c === '\\') out += `\\${c}`;
    else if (code >= 0x20) out += c;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (c === '\b') out += '\\b';
    else if (c === '\f') out += '\\f';
    else out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `${out}"`;
}
