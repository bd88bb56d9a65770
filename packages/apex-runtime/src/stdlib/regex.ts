/**
 * Java regular expressions (what Apex's Pattern, String.split, replaceAll and replaceFirst use)
 * translated into JavaScript's, in Unicode mode. Where the two dialects differ the translation
 * follows Java: `\s` and `.` keep Java's character sets, `$` also matches before a final line
 * terminator, `\Q...\E` quotes, `\p{Alpha}`-style POSIX classes are ASCII. Constructs JavaScript
 * cannot express (possessive quantifiers, atomic groups, class intersections, inline flags after
 * the start, comments mode) are refused loudly.
 */
import { UnsupportedError } from '../interpreter/errors.ts';
import type { Lib } from './lib.ts';

/** Java's `\s` (without UNICODE_CHARACTER_CLASS). */
const JAVA_SPACE = ' \\t\\n\\x0B\\f\\r';
const LINE_TERMINATORS = '\\n\\r\\u0085\\u2028\\u2029';
/** Java's `$` without MULTILINE: the end, or just before a final line terminator. */
const END_OF_INPUT_BEFORE_TERMINATOR = `(?=(?:\\r\\n|[${LINE_TERMINATORS}])?(?![\\s\\S]))`;

/** Java's POSIX character classes, which are ASCII-only. */
const POSIX: Record<string, string> = {
  lower: 'a-z',
  upper: 'A-Z',
  ascii: '\\x00-\\x7F',
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  punct: '!-\\/:-@\\[-`{-~',
  graph: '!-~',
  print: ' -~',
  blank: ' \\t',
  cntrl: '\\x00-\\x1F\\x7F',
  xdigit: '0-9a-fA-F',
  space: JAVA_SPACE
};

/** java.lang.Character-based classes and `Is` binary properties, as JavaScript properties. */
const PROPERTIES: Record<string, string> = {
  javalowercase: '\\p{Lowercase}',
  javauppercase: '\\p{Uppercase}',
  javaletter: '\\p{L}',
  javadigit: '\\p{Nd}',
  javaletterordigit: '\\p{L}\\p{Nd}',
  javaalphabetic: '\\p{Alphabetic}',
  isalphabetic: '\\p{Alphabetic}',
  isletter: '\\p{L}',
  islowercase: '\\p{Lowercase}',
  isuppercase: '\\p{Uppercase}',
  isdigit: '\\p{Nd}',
  ispunctuation: '\\p{P}',
  iscontrol: '\\p{Cc}',
  iswhite_space: '\\p{White_Space}',
  iswhitespace: '\\p{White_Space}',
  ishex_digit: '\\p{Hex_Digit}',
  isideographic: '\\p{Ideographic}'
};

const SYNTAX = new Set('^$\\.*+?()[]{}|/');

/**
 * A syntax error java.util.regex.Pattern reports (PatternSyntaxException), with Java's message:
 * the description, ` near index N` when there is an index, the pattern, and a caret line under
 * the index when it falls inside the pattern. Apex surfaces it as `System.StringException:
 * Invalid regex: <message>`; the Pattern and String natives translate it.
 */
export class RegexSyntaxError extends Error {
  constructor(description: string, pattern: string, index: number) {
    let message = index >= 0 ? `${description} near index ${index}` : description;
    message += `\n${pattern}`;
    if (index >= 0 && index < pattern.length) message += `\n${' '.repeat(index)}^`;
    super(message);
  }
}

/** Runs `build`, reporting a Java syntax error as Apex does: `System.StringException: Invalid regex: ...`. */
export function apexRegex<R>(lib: Lib, build: () => R): R {
  try {
    return build();
  } catch (error) {
    if (error instanceof RegexSyntaxError) {
      lib.throwApex('StringException', `Invalid regex: ${error.message}`);
    }
    throw error;
  }
}

/**
 * A regex of the translated source; RegexSyntaxError for a pattern Java rejects, UnsupportedError
 * naming a construct Java accepts but the translation cannot express.
 */
export function javaRegex(source: string, flags: string): RegExp {
  const translated = translate(source);
  try {
    return new RegExp(translated.pattern, flags + translated.flags + 'u');
  } catch (error) {
    throw new UnsupportedError(`regex ${source}: ${(error as Error).message}`);
  }
}

interface Translation {
  pattern: string;
  flags: string;
}

const cache = new Map<string, Translation>();

function translate(source: string): Translation {
  let found = cache.get(source);
  if (!found) {
    found = new Translator(source).run();
    cache.set(source, found);
  }
  return found;
}

/** A character matched literally; Unicode mode rejects needless escapes, so spell it in hex. */
const literal = (c: string): string =>
  SYNTAX.has(c) ? `\\${c}` : `\\u{${c.codePointAt(0)!.toString(16)}}`;

class Translator {
  private i = 0;
  private out = '';
  private flags = '';
  private inClass = false;
  /** Whether the last token can take a quantifier suffix that would make it possessive. */
  private afterQuantifier = false;
  /** Whether the next token starts a sequence (the pattern, a group or an alternative). */
  private sequenceStart = true;
  /** Groups opened and not yet closed. */
  private depth = 0;

  constructor(private readonly src: string) {}

  run(): Translation {
    this.leadingFlags();
    while (this.i < this.src.length) this.token();
    // Java's indexes: an unclosed class is reported at the last character, an unclosed group
    // just past the end (where it looked for the `)`).
    if (this.inClass) this.invalid('Unclosed character class', this.src.length - 1);
    if (this.depth > 0) this.invalid('Unclosed group', this.src.length);
    return { pattern: this.out, flags: this.flags };
  }

  private invalid(description: string, index: number): never {
    throw new RegexSyntaxError(description, this.src, index);
  }

  private fail(what: string): never {
    throw new UnsupportedError(`${what} in regex: ${this.src}`);
  }

  /** `(?i)`, `(?s)`, `(?m)` at the very start become JavaScript flags. */
  private leadingFlags(): void {
    const m = /^\(\?([a-zA-Z]+)\)/.exec(this.src);
    if (!m) return;
    for (const f of m[1]) {
      if (f === 'i' || f === 's' || f === 'm') {
        if (!this.flags.includes(f)) this.flags += f;
      } else if (f !== 'u') this.fail(`the inline flag (?${f})`);
    }
    this.i = m[0].length;
    this.sequenceStart = true;
  }

  private token(): void {
    const c = this.src[this.i];
    const quantified = this.afterQuantifier;
    const atSequenceStart = this.sequenceStart;
    this.afterQuantifier = false;
    this.sequenceStart = false;
    if (c === '\\') return this.escape();
    this.i++;
    if (this.inClass) return this.classChar(c);
    switch (c) {
      case '[':
        this.inClass = true;
        this.out += '[';
        if (this.src[this.i] === '^') {
          this.out += '^';
          this.i++;
        }
        // A `]` first in a Java class is a literal.
        if (this.src[this.i] === ']') {
          this.out += '\\]';
          this.i++;
        }
        return;
      case ']':
      case '}':
        this.out += `\\${c}`;
        return;
      case '(':
        this.depth++;
        this.sequenceStart = true;
        return this.group();
      case ')':
        // Java reports the index before the `)` (-1, so no index, for a leading one).
        if (this.depth === 0) this.invalid("Unmatched closing ')'", this.i - 2);
        this.depth--;
        this.out += ')';
        return;
      case '|':
        this.sequenceStart = true;
        this.out += '|';
        return;
      case '.':
        this.out += this.flags.includes('s') ? '.' : `[^${LINE_TERMINATORS}]`;
        return;
      case '$':
        this.out += this.flags.includes('m') ? '$' : END_OF_INPUT_BEFORE_TERMINATOR;
        return;
      case '*':
      case '?':
      case '+':
        if (atSequenceStart) this.invalid(`Dangling meta character '${c}'`, this.i - 1);
        if (quantified && c === '+') this.fail('a possessive quantifier');
        this.out += c;
        // `*?` is lazy; a following `+` after a plain quantifier would be possessive.
        this.afterQuantifier = !(quantified && c === '?');
        return;
      case '{': {
        const m = /^\d+(,\d*)?\}/.exec(this.src.slice(this.i));
        if (!m) this.fail('a dangling {');
        this.out += `{${m[0]}`;
        this.i += m[0].length;
        this.afterQuantifier = true;
        return;
      }
      default:
        this.out += c;
    }
  }

  private classChar(c: string): void {
    if (c === ']') {
      this.inClass = false;
      this.out += ']';
    } else if (c === '[') this.fail('a nested character class');
    else if (c === '&' && this.src[this.i] === '&') this.fail('a class intersection (&&)');
    else this.out += c;
  }

  private group(): void {
    const rest = this.src.slice(this.i);
    if (!rest.startsWith('?')) {
      this.out += '(';
      return;
    }
    const known = /^\?(?::|=|!|<=|<!|<[a-zA-Z][a-zA-Z0-9]*>)/.exec(rest);
    if (known) {
      this.out += `(${known[0]}`;
      this.i += known[0].length;
      return;
    }
    if (rest.startsWith('?>')) this.fail('an atomic group (?>...)');
    this.fail('an inline flag group');
  }

  private escape(): void {
    const next = this.src[this.i + 1];
    if (next === undefined) this.fail('a trailing backslash');
    this.i += 2;
    if (!/[a-zA-Z0-9]/.test(next)) {
      this.out += literal(next);
      return;
    }
    this.out += this.escapeLetter(next);
  }

  /** An escape such as `\d`, `\s`, `\p{Alpha}`, `\Q`, `\x{263A}`, `\0101`. */
  private escapeLetter(c: string): string {
    const inClass = this.inClass;
    switch (c) {
      case 'd':
      case 'D':
      case 'w':
      case 'W':
      case 't':
      case 'n':
      case 'r':
      case 'f':
        return `\\${c}`;
      case 'b':
      case 'B':
        if (inClass) this.fail('\\b inside a character class');
        return `\\${c}`;
      case 's':
        return inClass ? JAVA_SPACE : `[${JAVA_SPACE}]`;
      case 'S':
        return inClass ? this.fail('\\S inside a character class') : `[^${JAVA_SPACE}]`;
      case 'h':
        return this.set(' \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000', false);
      case 'v':
        return this.set('\\n\\x0B\\f\\r\\x85\\u2028\\u2029', false);
      case 'R':
        if (inClass) this.fail('\\R inside a character class');
        return '(?:\\r\\n|[\\n\\x0B\\f\\r\\x85\\u2028\\u2029])';
      case 'a':
        return '\\x07';
      case 'e':
        return '\\x1B';
      case 'A':
        return '(?<![\\s\\S])';
      case 'z':
        return '(?![\\s\\S])';
      case 'Z':
        return END_OF_INPUT_BEFORE_TERMINATOR;
      case 'Q':
        return this.quoted();
      case 'x':
        return this.hexEscape();
      case 'u':
        return this.fixed(/^[0-9a-fA-F]{4}/, (h) => `\\u${h}`, '\\u');
      case 'c':
        return this.fixed(/^[A-Za-z]/, (l) => `\\c${l}`, '\\c');
      case '0':
        return this.fixed(/^[0-3]?[0-7]{1,2}/, (o) => `\\u{${parseInt(o, 8).toString(16)}}`, '\\0');
      case 'k':
        return this.fixed(/^<[a-zA-Z][a-zA-Z0-9]*>/, (n) => `\\k${n}`, '\\k');
      case 'p':
      case 'P':
        return this.property(c === 'P');
      default:
        if (/[1-9]/.test(c) && !inClass) return `\\${c}`;
        return this.fail(`the escape \\${c}`);
    }
  }

  /** A class body, bracketed unless already inside a class. */
  private set(body: string, negated: boolean): string {
    if (this.inClass) return negated ? this.fail('a negated class inside a class') : body;
    return `[${negated ? '^' : ''}${body}]`;
  }

  private fixed(re: RegExp, emit: (text: string) => string, what: string): string {
    const m = re.exec(this.src.slice(this.i));
    if (!m) this.fail(`a malformed ${what} escape`);
    this.i += m[0].length;
    return emit(m[0]);
  }

  private hexEscape(): string {
    if (this.src[this.i] === '{') {
      return this.fixed(/^\{([0-9a-fA-F]+)\}/, (t) => `\\u{${t.slice(1, -1)}}`, '\\x{}');
    }
    return this.fixed(/^[0-9a-fA-F]{2}/, (h) => `\\x${h}`, '\\x');
  }

  /** `\Q...\E`: everything between is literal. */
  private quoted(): string {
    const end = this.src.indexOf('\\E', this.i);
    const text = this.src.slice(this.i, end === -1 ? undefined : end);
    this.i = end === -1 ? this.src.length : end + 2;
    return [...text].map(literal).join('');
  }

  /** `\p{Name}` or `\pL`, Java's names mapped onto JavaScript's. */
  private property(negated: boolean): string {
    let name: string;
    if (this.src[this.i] === '{') {
      const end = this.src.indexOf('}', this.i);
      if (end === -1) this.fail('an unclosed \\p{');
      name = this.src.slice(this.i + 1, end);
      this.i = end + 1;
    } else {
      name = this.src[this.i++] ?? this.fail('a bare \\p');
    }
    const key = name.toLowerCase();
    const posix = POSIX[key];
    if (posix) return this.set(posix, negated);
    const body = PROPERTIES[key] ?? this.unicodeProperty(name);
    const single = body.indexOf('\\p', 1) === -1;
    if (single) return negated ? body.replace('\\p', '\\P') : body;
    return this.set(body, negated);
  }

  /** General categories (`L`, `IsLu`, `gc=Lu`) and scripts (`IsLatin`, `script=Latin`). */
  private unicodeProperty(name: string): string {
    const category = /^(?:Is|gc=|general_category=)?([A-Z][a-z&]?)$/.exec(name);
    if (category) return `\\p{${category[1].replace('&', '')}}`;
    if (/^In/.test(name)) this.fail(`the Unicode block ${name}`);
    const script = /^(?:Is|sc=|script=)([A-Za-z_]+)$/i.exec(name);
    if (!script) this.fail(`the property \\p{${name}}`);
    const candidate = `\\p{Script=${script[1][0].toUpperCase()}${script[1].slice(1).toLowerCase()}}`;
    try {
      new RegExp(candidate, 'u');
    } catch {
      this.fail(`the property \\p{${name}}`);
    }
    return candidate;
  }
}
