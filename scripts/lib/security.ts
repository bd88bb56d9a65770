/**
 * The security gate's rules, as pure functions of a file's name and text so that they can be unit
 * tested on small snippets. Apex is read through the lexer of @apexdevtools/apex-parser (the parser
 * the offline runtime uses) and TypeScript/JavaScript through the TypeScript scanner, so comments
 * and string literals are told apart by a real tokenizer, never by a regex.
 *
 * The rules (what PMD does not already enforce):
 * - sharing: every top-level class states `with`, `without` or `inherited sharing` (test classes,
 *   interfaces and enums excepted), and so does every inner class that runs SOQL, SOSL or DML:
 *   an inner class does not inherit its outer class's sharing, so without a keyword it runs in
 *   whatever mode its caller happens to be in. Every `without sharing` has a comment saying why.
 *   PMD's ApexSharingViolations only looks at classes with DML/SOQL and accepts `without sharing`
 *   unexplained.
 * - access mode: every SOQL/SOSL query (inline or through Database.query and friends) and every DML
 *   statement or Database DML method states its access mode. PMD's ApexCRUDViolation is also
 *   satisfied by a describe check (`isAccessible()` ...) and skips some forms, so it does not make
 *   the mode explicit. System mode needs a comment within the 3 lines above saying why. Test
 *   classes are exempt: they set up data as the test needs.
 * - secrets: no endpoint URL (other than `callout:` and documented placeholder hosts), no
 *   Salesforce record id, no credential anywhere in code, metadata or comments. URLs are only
 *   looked for outside comments: a comment that cites a specification is not an endpoint. Ids and
 *   credentials are looked for in comments too: a secret in a comment is still published.
 */
import { ApexParserFactory, type ApexToken } from '@apexdevtools/apex-parser';
import ts from 'typescript';

/** One finding: where, which rule, what to do. */
export interface SecurityFinding {
  file: string;
  line: number;
  rule: 'sharing' | 'access-mode' | 'secrets';
  message: string;
}

// Token types of the Apex lexer (ApexLexer.d.ts of @apexdevtools/apex-parser 5.2.0).
const T = {
  CLASS: 6,
  DELETE: 8,
  ELSE: 10,
  ENUM: 11,
  INHERITED: 20,
  INSERT: 21,
  INTERFACE: 23,
  MERGE: 24,
  SHARING: 35,
  UNDELETE: 45,
  UPDATE: 46,
  UPSERT: 47,
  WITH: 53,
  WITHOUT: 54,
  SYSTEM: 57,
  USER: 58,
  SELECT: 59,
  AS: 62,
  SECURITY_ENFORCED: 103,
  SYSTEM_MODE: 104,
  USER_MODE: 105,
  FIND: 180,
  StringLiteral: 203,
  LPAREN: 205,
  RPAREN: 206,
  LBRACE: 207,
  RBRACE: 208,
  LBRACK: 209,
  RBRACK: 210,
  SEMI: 211,
  DOT: 213,
  ATSIGN: 250,
  Identifier: 251,
  DOC_COMMENT: 253,
  COMMENT: 254,
  LINE_COMMENT: 255
} as const;

const DML_KEYWORDS: ReadonlySet<number> = new Set([
  T.INSERT,
  T.UPDATE,
  T.UPSERT,
  T.DELETE,
  T.UNDELETE,
  T.MERGE
]);
/** Tokens after which a declaration's modifiers begin. */
const DECLARATION_START: ReadonlySet<number> = new Set([T.SEMI, T.LBRACE, T.RBRACE]);
/** Tokens after which a DML keyword starts a statement (`if (x) insert y;`, `else delete z;`). */
const STATEMENT_START: ReadonlySet<number> = new Set([
  T.SEMI,
  T.LBRACE,
  T.RBRACE,
  T.RPAREN,
  T.ELSE
]);
const COMMENT_TYPES: ReadonlySet<number> = new Set([T.DOC_COMMENT, T.COMMENT, T.LINE_COMMENT]);
/** Database methods that read or write records and take an AccessLevel. */
const DATABASE_METHODS = new Set(
  [
    'insert',
    'update',
    'upsert',
    'delete',
    'undelete',
    'merge',
    'query',
    'queryWithBinds',
    'countQuery',
    'countQueryWithBinds',
    'getQueryLocator',
    'getQueryLocatorWithBinds',
    'getCursor',
    'getPaginationCursor'
  ].map((m) => m.toLowerCase())
);
/** Lines above a system-mode use (and its statement) where the reason comment may be. */
const REASON_WINDOW = 3;

interface Tok {
  type: number;
  text: string;
  line: number;
}

interface LexedApex {
  code: Tok[];
  comments: Tok[];
}

function lexApex(source: string): LexedApex {
  const stream = ApexParserFactory.createTokenStream(source);
  stream.fill();
  const code: Tok[] = [];
  const comments: Tok[] = [];
  for (const token of stream.tokens as ApexToken[]) {
    if (token.type === -1) continue;
    const tok = { type: token.type, text: token.text ?? '', line: token.line };
    if (COMMENT_TYPES.has(token.type)) comments.push(tok);
    else if (token.channel === 0) code.push(tok);
  }
  return { code, comments };
}

const lower = (tok: Tok | undefined): string => (tok ? tok.text.toLowerCase() : '');

/** Index of the token closing the bracket opened at `open`, or the last index. */
function closing(code: Tok[], open: number): number {
  const opener = code[open]?.type;
  const closer = opener === T.LBRACK ? T.RBRACK : opener === T.LPAREN ? T.RPAREN : T.RBRACE;
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const type = code[i]?.type;
    if (type === opener) depth++;
    else if (type === closer && --depth === 0) return i;
  }
  return code.length - 1;
}

// ---------------------------------------------------------------------------------------------
// Apex
// ---------------------------------------------------------------------------------------------

interface ClassDecl {
  name: string;
  line: number;
  kind: 'class' | 'interface' | 'enum';
  modifiers: Tok[];
  bodyStart: number;
  bodyEnd: number;
  topLevel: boolean;
}

/** Every class, interface and enum with its modifiers and body token range. */
function declarations(code: Tok[]): ClassDecl[] {
  const found: ClassDecl[] = [];
  let depth = 0;
  for (let i = 0; i < code.length; i++) {
    const tok = code[i] as Tok;
    if (tok.type === T.LBRACE) depth++;
    else if (tok.type === T.RBRACE) depth--;
    const kind =
      tok.type === T.CLASS
        ? 'class'
        : tok.type === T.INTERFACE
          ? 'interface'
          : tok.type === T.ENUM
            ? 'enum'
            : undefined;
    // `Foo.class` is a class literal, not a declaration.
    if (!kind || code[i - 1]?.type === T.DOT) continue;
    const modifiers: Tok[] = [];
    for (let j = i - 1; j >= 0; j--) {
      const before = code[j] as Tok;
      if (DECLARATION_START.has(before.type)) break;
      modifiers.unshift(before);
    }
    let bodyStart = i;
    while (bodyStart < code.length && code[bodyStart]?.type !== T.LBRACE) bodyStart++;
    found.push({
      name: code[i + 1]?.text ?? '?',
      line: tok.line,
      kind,
      modifiers,
      bodyStart,
      bodyEnd: closing(code, bodyStart),
      topLevel: depth === 0
    });
  }
  return found;
}

function isTest(decl: ClassDecl): boolean {
  return decl.modifiers.some(
    (m, i) => lower(m) === 'istest' && decl.modifiers[i - 1]?.type === T.ATSIGN
  );
}

function sharingOf(decl: ClassDecl): 'with' | 'without' | 'inherited' | undefined {
  for (let i = 0; i + 1 < decl.modifiers.length; i++) {
    if (decl.modifiers[i + 1]?.type !== T.SHARING) continue;
    const type = decl.modifiers[i]?.type;
    if (type === T.WITH) return 'with';
    if (type === T.WITHOUT) return 'without';
    if (type === T.INHERITED) return 'inherited';
  }
  return undefined;
}

/** True when some comment ends on a line in [from, to]. */
function commentNear(comments: Tok[], from: number, to: number): boolean {
  return comments.some((c) => {
    const end = c.line + (c.text.match(/\n/g)?.length ?? 0);
    return end >= from && c.line <= to && /\p{L}{2,}.*\p{L}{2,}/su.test(c.text);
  });
}

/** A record access: where it starts, its mode (if stated) and the line that states it. */
interface Access {
  what: string;
  line: number;
  mode?: 'user' | 'system';
  modeLine: number;
}

function accesses(code: Tok[], first: number, last: number): Access[] {
  const found: Access[] = [];
  for (let i = first; i <= last; i++) {
    const tok = code[i] as Tok;
    const next = code[i + 1];
    if (tok.type === T.LBRACK && (next?.type === T.SELECT || next?.type === T.FIND)) {
      const end = closing(code, i);
      found.push({
        what: `inline ${next.text.toUpperCase()}`,
        line: tok.line,
        ...soqlMode(code, i, end)
      });
      i = end;
    } else if (DML_KEYWORDS.has(tok.type) && startsStatement(code[i - 1])) {
      const as = next?.type === T.AS ? code[i + 2] : undefined;
      const mode = as?.type === T.USER ? 'user' : as?.type === T.SYSTEM ? 'system' : undefined;
      found.push({ what: `${tok.text} statement`, line: tok.line, mode, modeLine: tok.line });
    } else if (
      lower(tok) === 'database' &&
      next?.type === T.DOT &&
      DATABASE_METHODS.has(lower(code[i + 2])) &&
      code[i + 3]?.type === T.LPAREN
    ) {
      const end = closing(code, i + 3);
      found.push({
        what: `Database.${code[i + 2]?.text}()`,
        line: tok.line,
        ...argumentMode(code, i + 3, end)
      });
    }
  }
  return found;
}

function startsStatement(before: Tok | undefined): boolean {
  return (
    !before ||
    STATEMENT_START.has(before.type) ||
    // `try insert x;` is not Apex, but `do insert x; while (...)` is.
    lower(before) === 'do'
  );
}

function soqlMode(code: Tok[], open: number, close: number): Pick<Access, 'mode' | 'modeLine'> {
  for (let i = open; i < close; i++) {
    if (code[i]?.type !== T.WITH) continue;
    const mode = code[i + 1];
    if (mode?.type === T.USER_MODE || mode?.type === T.SECURITY_ENFORCED) {
      return { mode: 'user', modeLine: mode.line };
    }
    if (mode?.type === T.SYSTEM_MODE) return { mode: 'system', modeLine: mode.line };
  }
  return { modeLine: code[open]?.line ?? 0 };
}

/** `AccessLevel.USER_MODE` among the arguments, or a query string literal that states a mode. */
function argumentMode(code: Tok[], open: number, close: number): Pick<Access, 'mode' | 'modeLine'> {
  for (let i = open; i < close; i++) {
    const tok = code[i] as Tok;
    if (lower(tok) === 'accesslevel' && code[i + 1]?.type === T.DOT) {
      const level = code[i + 2];
      if (level?.type === T.USER_MODE) return { mode: 'user', modeLine: level.line };
      if (level?.type === T.SYSTEM_MODE) return { mode: 'system', modeLine: level.line };
    }
    if (tok.type === T.StringLiteral) {
      const upper = tok.text.toUpperCase().replace(/\s+/g, ' ');
      if (/\bWITH (USER_MODE|SECURITY_ENFORCED)\b/.test(upper)) {
        return { mode: 'user', modeLine: tok.line };
      }
      if (/\bWITH SYSTEM_MODE\b/.test(upper)) return { mode: 'system', modeLine: tok.line };
    }
  }
  return { modeLine: code[open]?.line ?? 0 };
}

/** Sharing and access-mode rules for one Apex class or trigger. */
export function checkApexSecurity(file: string, source: string): SecurityFinding[] {
  const { code, comments } = lexApex(source);
  const findings: SecurityFinding[] = [];
  const push = (line: number, rule: SecurityFinding['rule'], message: string): void => {
    findings.push({ file, line, rule, message });
  };
  const decls = declarations(code);
  const testFile = decls.some((d) => d.topLevel && isTest(d));

  for (const decl of decls) {
    if (decl.kind !== 'class' || isTest(decl)) continue;
    const sharing = sharingOf(decl);
    if (!sharing) {
      const touchesRecords = accesses(code, decl.bodyStart, decl.bodyEnd).length > 0;
      if (decl.topLevel || (touchesRecords && !testFile)) {
        push(
          decl.line,
          'sharing',
          `class ${decl.name} does not state its sharing: add \`with sharing\` (or \`inherited sharing\` for a utility, \`without sharing\` with a \`// reason\` comment)` +
            (decl.topLevel ? '' : "; an inner class does not inherit its outer class's sharing")
        );
      }
    } else if (sharing === 'without') {
      const first = decl.modifiers[0]?.line ?? decl.line;
      if (!commentNear(comments, first - REASON_WINDOW, decl.line)) {
        push(
          decl.line,
          'sharing',
          `class ${decl.name} is \`without sharing\` with no reason: add a comment on that line or right above saying why it must see every record`
        );
      }
    }
  }

  if (!testFile) {
    for (const access of accesses(code, 0, code.length - 1)) {
      if (!access.mode) {
        push(
          access.line,
          'access-mode',
          `${access.what} does not state its access mode: add WITH USER_MODE / \`as user\` / AccessLevel.USER_MODE (or the system form with a \`// reason\` comment above)`
        );
      } else if (
        access.mode === 'system' &&
        !commentNear(
          comments,
          Math.min(access.line, access.modeLine) - REASON_WINDOW,
          access.modeLine
        )
      ) {
        push(
          access.modeLine,
          'access-mode',
          `${access.what} runs in system mode with no reason: add a comment within the ${REASON_WINDOW} lines above saying why it must bypass the user's permissions`
        );
      }
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------------------------

/** A piece of a file's text: code (string literals, markup) or a comment. */
interface Piece {
  text: string;
  line: number;
  comment: boolean;
}

/** RFC 2606 / RFC 6761 names reserved for documentation and tests. */
const PLACEHOLDER_HOST =
  /(^|\.)(example\.(com|org|net)|[^.]+\.(invalid|example|test))$|^(example|invalid|test)$/i;
/** Namespace names: identifiers that are never fetched. */
const NAMESPACE_URIS = new Set([
  'http://soap.sforce.com/2006/04/metadata',
  'http://www.w3.org/2001/XMLSchema-instance',
  'http://www.w3.org/2001/XMLSchema',
  'http://www.w3.org/2000/svg',
  'http://www.w3.org/1999/xhtml',
  'http://www.w3.org/1999/xlink',
  'http://www.w3.org/XML/1998/namespace',
  // OData CSDL XML 4.0 (the local ERP's $metadata)
  'http://docs.oasis-open.org/odata/ns/edmx',
  'http://docs.oasis-open.org/odata/ns/edm'
]);
const URL = /\b(?:https?|wss?|ftp):\/\/[^\s'"`<>()\\]+/gi;
/**
 * A Salesforce id: a 3-character key prefix, 2 characters of pod, the reserved `0`, 9 characters
 * of record number, and for the 18-character form 3 case-checksum characters. Requiring 4+ digits
 * keeps words and camel-case names of the same length out.
 */
const RECORD_ID = /(?<![\w-])[a-zA-Z0-9]{3}[a-zA-Z0-9]{2}0[a-zA-Z0-9]{9}(?:[A-Z0-5]{3})?(?![\w-])/g;
/** Fabricated test ids: a run of six zeros, which no real record number in a test org needs. */
const FAKE_ID = /000000/;
const CREDENTIALS: { pattern: RegExp; what: string }[] = [
  { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: 'a private key block' },
  { pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, what: 'an AWS access key id' },
  { pattern: /\bBearer\s+[A-Za-z0-9._~+/-]{16,}=*/, what: 'a bearer token' },
  {
    pattern:
      /["']?\b(?:password|passwd|secret|client_?secret|consumer_?secret|api_?key|access_?token|private_?key)\b["']?\s*(?::|=|,)\s*["'`](?!\{!|\{\{|\$\{)(?=[^"'`\s]*[A-Za-z0-9])[^"'`\s]{4,}["'`]/i,
    what: 'a credential assigned a literal value'
  },
  {
    pattern: /<(password|clientSecret|consumerSecret|secret|privateKey)>(?!\{!)[^<]+<\/\1>/i,
    what: 'a credential in metadata'
  }
];

function lineOf(text: string, index: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Splits a file into code and comment pieces with a tokenizer that fits its language. */
function pieces(file: string, source: string): Piece[] {
  // An assignment such as `password = 'x'` spans several tokens, so ids and credentials are also
  // looked for in the whole text; it counts as a comment so that it is not searched for URLs.
  return [...codePieces(file, source), { text: source, line: 1, comment: true }];
}

function codePieces(file: string, source: string): Piece[] {
  if (/\.(cls|trigger|apex)$/i.test(file)) {
    const stream = ApexParserFactory.createTokenStream(source);
    stream.fill();
    return (stream.tokens as ApexToken[])
      .filter((t) => t.type !== -1)
      .map((t) => ({ text: t.text ?? '', line: t.line, comment: COMMENT_TYPES.has(t.type) }));
  }
  if (/\.(ts|js|mjs|cjs|tsx|jsx)$/i.test(file)) return scriptPieces(source);
  if (/\.(xml|html|svg)$/i.test(file)) return markupPieces(source);
  return [{ text: source, line: 1, comment: false }];
}

function scriptPieces(source: string): Piece[] {
  const scanner = ts.createScanner(
    ts.ScriptTarget.Latest,
    false,
    ts.LanguageVariant.Standard,
    source
  );
  const found: Piece[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    const comment =
      kind === ts.SyntaxKind.SingleLineCommentTrivia ||
      kind === ts.SyntaxKind.MultiLineCommentTrivia;
    if (
      comment ||
      kind === ts.SyntaxKind.StringLiteral ||
      kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral ||
      kind === ts.SyntaxKind.TemplateHead ||
      kind === ts.SyntaxKind.TemplateMiddle ||
      kind === ts.SyntaxKind.TemplateTail ||
      kind === ts.SyntaxKind.RegularExpressionLiteral ||
      kind === ts.SyntaxKind.Identifier
    ) {
      found.push({
        text: scanner.getTokenText(),
        line: lineOf(source, scanner.getTokenStart()) + 1,
        comment
      });
    }
  }
  return found;
}

/** Markup: comments apart, and `xmlns` attribute values dropped (they name, never locate). */
function markupPieces(source: string): Piece[] {
  const found: Piece[] = [];
  let code = source.replace(/<!--[\s\S]*?-->/g, (comment, at: number) => {
    found.push({ text: comment, line: lineOf(source, at) + 1, comment: true });
    return comment.replace(/[^\n]/g, ' ');
  });
  code = code.replace(/\bxmlns(?::[\w-]+)?\s*=\s*("[^"]*"|'[^']*')/g, (a) =>
    a.replace(/[^\n]/g, ' ')
  );
  found.push({ text: code, line: 1, comment: false });
  return found;
}

/**
 * A test may need a credential-shaped value (to prove that it gets masked, say). It is accepted
 * when a comment on its line or on one of the 3 lines above says it is fake, so every such value
 * is a deliberate, reviewed choice and a real one pasted into a test is still caught.
 */
function markedFake(source: string, line: number): boolean {
  const lines = source.split('\n').slice(Math.max(0, line - 1 - REASON_WINDOW), line);
  return lines.some((l) => /(\/\/|\/\*|\*|<!--).*\bfake\b/i.test(l));
}

function isTestFile(file: string, source: string): boolean {
  return (
    /\.(test|spec)\.[cm]?[jt]sx?$|__tests__|\/test\/|_Tests?\.cls$/i.test(file) ||
    (/\.cls$/i.test(file) && /@IsTest\b/i.test(source))
  );
}

/** Endpoint, record-id and credential findings for any text file. */
export function checkSecrets(file: string, source: string): SecurityFinding[] {
  const findings = new Map<string, SecurityFinding>();
  const push = (line: number, message: string): void => {
    findings.set(`${line}:${message}`, { file, line, rule: 'secrets', message });
  };
  const testFile = isTestFile(file, source);
  for (const piece of pieces(file, source)) {
    const at = (index: number): number => piece.line + lineOf(piece.text, index);
    if (!piece.comment) {
      for (const match of piece.text.matchAll(URL)) {
        const url = match[0].replace(/[.,;:]+$/, '');
        if (NAMESPACE_URIS.has(url)) continue;
        const host = /^[a-z]+:\/\/(?:[^@/]*@)?([^/:?#]+)/i.exec(url)?.[1] ?? '';
        if (PLACEHOLDER_HOST.test(host)) continue;
        push(
          at(match.index),
          `hard-coded endpoint ${url}: call through a Named Credential (\`callout:Name/path\`), or use a placeholder host such as example.com or *.invalid`
        );
      }
    }
    for (const match of piece.text.matchAll(RECORD_ID)) {
      const id = match[0];
      if ((id.match(/\d/g)?.length ?? 0) < 4) continue;
      if (testFile && FAKE_ID.test(id)) continue;
      push(
        at(match.index),
        `hard-coded record id ${id}: query the record by a stable key (DeveloperName, external id)` +
          (testFile ? ", or create it in the test; a fabricated id must contain '000000'" : '')
      );
    }
    for (const { pattern, what } of CREDENTIALS) {
      const match = new RegExp(pattern.source, `${pattern.flags}g`).exec(piece.text);
      if (match && !(testFile && markedFake(source, at(match.index)))) {
        push(
          at(match.index),
          `${what}: keep secrets in Named/External Credentials or protected custom metadata, never in the repository`
        );
      }
    }
  }
  return [...findings.values()];
}
