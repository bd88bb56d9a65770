/**
 * System.Pattern and System.Matcher (Apex Reference: Pattern Class, Matcher Class). Apex hands
 * these to java.util.regex, so the state machine here follows java.util.regex.Matcher: find()
 * resumes after the previous match (one character further after an empty one), a region limits
 * matching with anchoring, opaque bounds, reset() clears the region, and replacement strings use
 * Java's `$n` / `${name}` / backslash-escape rules.
 */
import { UnsupportedError } from '../interpreter/errors.ts';
import { NativeClass, T, listOf } from '../interpreter/types.ts';
import type { Lib } from './lib.ts';
import { apexRegex, javaRegex } from './regex.ts';

/** A compiled pattern and the JavaScript variants each Matcher operation needs. */
export class PatternValue {
  readonly apexTypeName = 'System.Pattern';
  private readonly base: RegExp;
  readonly search: RegExp;
  readonly whole: RegExp;
  readonly prefix: RegExp;
  readonly groupCount: number;

  constructor(readonly source: string) {
    this.base = javaRegex(expandQuotes(source), '');
    const { source: js, flags } = this.base;
    this.search = new RegExp(js, `${flags}gd`);
    // Anchored at both ends of the region, whatever the `m` flag says about `$`.
    this.whole = new RegExp(`(?:${js})(?![\\s\\S])`, `${flags}yd`);
    this.prefix = new RegExp(js, `${flags}yd`);
    this.groupCount = new RegExp(`${js}|`, flags).exec('')!.length - 1;
  }
}

/** Java's `\Q...\E` quoting, which JavaScript lacks: the quoted text becomes escaped literals. */
function expandQuotes(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c !== '\\' || i + 1 >= source.length) {
      out += c;
      continue;
    }
    if (source[i + 1] !== 'Q') {
      out += c + source[i + 1];
      i++;
      continue;
    }
    const end = source.indexOf('\\E', i + 2);
    const literal = source.slice(i + 2, end === -1 ? source.length : end);
    out += literal.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    i = end === -1 ? source.length : end + 1;
  }
  return out;
}

/** java.util.regex.Pattern.quote. */
function quote(s: string): string {
  if (!s.includes('\\E')) return `\\Q${s}\\E`;
  let out = '\\Q';
  let current = 0;
  for (let at = s.indexOf('\\E'); at !== -1; at = s.indexOf('\\E', current)) {
    out += `${s.slice(current, at)}\\E\\\\E\\Q`;
    current = at + 2;
  }
  return `${out}${s.slice(current)}\\E`;
}

export class MatcherValue {
  readonly apexTypeName = 'System.Matcher';
  /** The region [from, to) of the input that matching sees. */
  from = 0;
  to: number;
  /** Bounds of the last match (first is -1 when there is none), as Java's Matcher keeps them. */
  first = -1;
  last = 0;
  match: RegExpExecArray | null = null;

  constructor(
    public pattern: PatternValue,
    public input: string
  ) {
    this.to = input.length;
  }

  reset(input = this.input): void {
    this.input = input;
    this.from = 0;
    this.to = input.length;
    this.first = -1;
    this.last = 0;
    this.match = null;
  }

  /** Runs one of the pattern's regexes over the region from `at`; indices stay input-based. */
  run(re: RegExp, at: number): boolean {
    re.lastIndex = at - this.from;
    const m = re.exec(this.input.slice(this.from, this.to));
    this.match = m;
    if (!m) {
      this.first = -1;
      return false;
    }
    this.first = m.index + this.from;
    this.last = this.first + m[0].length;
    return true;
  }

  find(): boolean {
    let next = this.last;
    if (next === this.first) next++;
    if (next < this.from) next = this.from;
    if (next > this.to) {
      this.match = null;
      this.first = -1;
      return false;
    }
    return this.run(this.pattern.search, next);
  }

  /** Start and end of a group in the input, or [-1, -1] when it did not take part. */
  bounds(group: number): [number, number] {
    const span = this.match!.indices![group];
    return span ? [span[0] + this.from, span[1] + this.from] : [-1, -1];
  }
}

export function installPattern(lib: Lib): void {
  const pattern = lib.platform.addNative(
    new NativeClass('Pattern', (v) => v instanceof PatternValue),
    'System'
  );
  const matcher = lib.platform.addNative(
    new NativeClass('Matcher', (v) => v instanceof MatcherValue),
    'System'
  );
  const S = T.String;
  const text = (v: unknown) => lib.need(v as string | null);
  const P = (self: unknown) => self as PatternValue;
  pattern.addStatic('compile', [S], pattern.type, (_s, [re]) =>
    apexRegex(lib, () => new PatternValue(text(re)))
  );
  pattern.addStatic('matches', [S, S], T.Boolean, (_s, [re, input]) => {
    const p = apexRegex(lib, () => new PatternValue(text(re)));
    return new MatcherValue(p, text(input)).run(p.whole, 0);
  });
  pattern.addStatic('quote', [S], S, (_s, [v]) => quote(text(v)));
  pattern.addMethod(
    'matcher',
    [S],
    matcher.type,
    (self, [input]) => new MatcherValue(P(self), text(input))
  );
  pattern.addMethod('pattern', [], S, (self) => P(self).source);
  pattern.addMethod('split', [S], listOf(S), (self, [input]) =>
    lib.list(S, split(P(self), text(input), 0))
  );
  pattern.addMethod('split', [S, T.Integer], listOf(S), (self, [input, limit]) =>
    lib.list(S, split(P(self), text(input), lib.need(limit as number | null)))
  );
  installMatcher(lib, matcher, pattern);
}

/** java.util.regex.Pattern.split. */
function split(p: PatternValue, input: string, limit: number): string[] {
  const m = new MatcherValue(p, input);
  const parts: string[] = [];
  let index = 0;
  while (m.find()) {
    if (limit > 0 && parts.length >= limit - 1) break;
    // A zero-width match at the very start never yields a leading empty string.
    if (index === 0 && m.first === 0 && m.last === 0) continue;
    parts.push(input.slice(index, m.first));
    index = m.last;
  }
  if (index === 0) return [input];
  parts.push(input.slice(index));
  if (limit === 0) while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

function installMatcher(lib: Lib, matcher: NativeClass, pattern: NativeClass): void {
  const S = T.String;
  const I = T.Integer;
  const B = T.Boolean;
  const M = (self: unknown) => self as MatcherValue;
  const text = (v: unknown) => lib.need(v as string | null);
  const int = (v: unknown) => lib.need(v as number | null);
  const matched = (m: MatcherValue): RegExpExecArray =>
    m.match ?? lib.throwApex('StringException', 'No match found');
  const group = (m: MatcherValue, g: unknown): number => {
    const n = int(g);
    matched(m);
    if (n < 0 || n > m.pattern.groupCount)
      throw new UnsupportedError(`Matcher group ${n} of a pattern with ${m.pattern.groupCount}`);
    return n;
  };
  matcher.addStatic('quoteReplacement', [S], S, (_s, [v]) =>
    lib.need(v as string | null).replace(/[\\$]/g, '\\$&')
  );
  matcher.addMethod('matches', [], B, (self) => M(self).run(M(self).pattern.whole, M(self).from));
  matcher.addMethod('lookingAt', [], B, (self) =>
    M(self).run(M(self).pattern.prefix, M(self).from)
  );
  matcher.addMethod('find', [], B, (self) => M(self).find());
  matcher.addMethod('find', [I], B, (self, [start]) => {
    const m = M(self);
    const at = int(start);
    if (at < 0 || at > m.input.length)
      throw new UnsupportedError(`Matcher.find(${at}) outside the input`);
    m.reset();
    return m.run(m.pattern.search, at);
  });
  matcher.addMethod('group', [], S, (self) => matched(M(self))[0]);
  matcher.addMethod('group', [I], S, (self, [g]) => matched(M(self))[group(M(self), g)] ?? null);
  matcher.addMethod('groupCount', [], I, (self) => M(self).pattern.groupCount);
  matcher.addMethod('start', [], I, (self) => (matched(M(self)), M(self).first));
  matcher.addMethod('end', [], I, (self) => (matched(M(self)), M(self).last));
  matcher.addMethod('start', [I], I, (self, [g]) => M(self).bounds(group(M(self), g))[0]);
  matcher.addMethod('end', [I], I, (self, [g]) => M(self).bounds(group(M(self), g))[1]);
  matcher.addMethod('pattern', [], pattern.type, (self) => M(self).pattern);
  matcher.addMethod('usePattern', [pattern.type], matcher.type, (self, [p]) => {
    // Java keeps the position and forgets the groups of the last match.
    M(self).pattern = lib.need(p as PatternValue | null);
    M(self).match = null;
    return self;
  });
  matcher.addMethod('reset', [], matcher.type, (self) => (M(self).reset(), self));
  matcher.addMethod('reset', [S], matcher.type, (self, [input]) => {
    M(self).reset(lib.need(input as string | null));
    return self;
  });
  matcher.addMethod('region', [I, I], matcher.type, (self, [start, end]) => {
    const m = M(self);
    const [from, to] = [int(start), int(end)];
    if (from < 0 || to < from || to > m.input.length)
      throw new UnsupportedError(`Matcher.region(${from}, ${to}) outside the input`);
    m.reset();
    m.from = from;
    m.to = to;
    return self;
  });
  matcher.addMethod('regionStart', [], I, (self) => M(self).from);
  matcher.addMethod('regionEnd', [], I, (self) => M(self).to);
  matcher.addMethod('replaceAll', [S], S, (self, [r]) => replace(M(self), text(r), true));
  matcher.addMethod('replaceFirst', [S], S, (self, [r]) => replace(M(self), text(r), false));
  installBounds(matcher);
}

/** The default bounds (anchoring, opaque) are the only ones supported. */
function installBounds(matcher: NativeClass): void {
  const B = T.Boolean;
  matcher.addMethod('hasAnchoringBounds', [], B, () => true);
  matcher.addMethod('hasTransparentBounds', [], B, () => false);
  matcher.addMethod('useAnchoringBounds', [B], matcher.type, (self, [b]) => {
    if (b !== true) throw new UnsupportedError('Matcher.useAnchoringBounds(false)');
    return self;
  });
  matcher.addMethod('useTransparentBounds', [B], matcher.type, (self, [b]) => {
    if (b !== false) throw new UnsupportedError('Matcher.useTransparentBounds(true)');
    return self;
  });
  for (const name of ['hitEnd', 'requireEnd']) {
    matcher.addMethod(name, [], B, () => {
      throw new UnsupportedError(`Matcher.${name}()`);
    });
  }
}

/** Matcher.replaceAll / replaceFirst: reset, then replace each match found over the whole input. */
function replace(m: MatcherValue, replacement: string, all: boolean): string {
  m.reset();
  let out = '';
  let tail = 0;
  while (m.find()) {
    out += m.input.slice(tail, m.first) + expandReplacement(m, replacement);
    tail = m.last;
    if (!all) break;
  }
  return out + m.input.slice(tail);
}

/** Java's Matcher.appendReplacement rules for `$n`, `${name}` and `\x`. */
function expandReplacement(m: MatcherValue, replacement: string): string {
  const match = m.match!;
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i];
    if (c === '\\') {
      if (++i >= replacement.length)
        throw new UnsupportedError('a replacement ending in a lone backslash');
      out += replacement[i];
    } else if (c === '$') {
      const named = /^\{([a-zA-Z][a-zA-Z0-9]*)\}/.exec(replacement.slice(i + 1));
      if (named) {
        const value = match.groups?.[named[1]];
        if (value === undefined && !(named[1] in (match.groups ?? {})))
          throw new UnsupportedError(`replacement reference to unknown group ${named[1]}`);
        out += value ?? '';
        i += named[0].length;
        continue;
      }
      let ref = Number.NaN;
      // Java reads as many digits as still name an existing group.
      while (i + 1 < replacement.length && /\d/.test(replacement[i + 1])) {
        const next = (Number.isNaN(ref) ? 0 : ref * 10) + Number(replacement[i + 1]);
        if (!Number.isNaN(ref) && next > m.pattern.groupCount) break;
        ref = next;
        i++;
      }
      if (Number.isNaN(ref) || ref > m.pattern.groupCount)
        throw new UnsupportedError(`illegal group reference in replacement "${replacement}"`);
      out += match[ref] ?? '';
    } else {
      out += c;
    }
  }
  return out;
}
