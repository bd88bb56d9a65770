/**
 * Reserved keywords: words the org refuses as the name of anything Apex code declares, even
 * where apex-parser's grammar accepts them as identifiers (`Integer number;`, `enum E { ARRAY }`).
 */
import type { Loc } from '../frontend/ast.ts';
import { CompileError } from './errors.ts';

/**
 * Apex Developer Guide, Reserved Keywords (apex_reserved_words.htm): "These words can be used only
 * as keywords." Many are grammar keywords apex-parser already refuses as
 * names; the whole documented list is kept so the rule reads as the page does. The page's special
 * keywords that may be used as identifiers (after, before, count, excludes, first, includes,
 * last, order, sharing, with) are deliberately absent.
 */
const RESERVED = new Set(
  `abstract activate and any array as asc autonomous begin bigdecimal blob boolean break bulk by
  byte case cast catch char class collect commit const continue currency date datetime decimal
  default delete desc do double else end enum exception exit export extends false final finally
  float for from global goto group having hint if implements import in inner insert instanceof int
  integer interface into join like limit list long loop map merge new not null nulls number object
  of on or outer override package parallel pragma private protected public retrieve return rollback
  select set short sobject sort static string super switch synchronized system testmethod then
  this throw time transaction trigger true try undelete update upsert using virtual void
  webservice when where while`.split(/\s+/)
);

/**
 * Reserved words the org still accepts as method names, found by compiling against an org
 * (apex-dev-tools/apex-ls, pull request #276, Identifier.methodNotReservedIdentifiers). Only
 * method names get this leniency; as any other name these words are refused.
 */
const ALLOWED_AS_METHOD_NAME = new Set(
  `activate any array autonomous begin bigdecimal blob boolean byte case cast char collect const
  currency date datetime decimal default double end exception exit export float goto group hint
  import inner integer int into join long loop number object of outer package parallel pragma
  retrieve rollback set short sobject sort string switch synchronized system then time
  transaction void when`.split(/\s+/)
);

/**
 * The error for declaring `name`, or null when the name is legal. Worded as the org's compiler
 * reports it ("Identifier name is reserved: when", quoted from deploy failures in public projects
 * such as beyond-the-cloud-dev/soql-lib's documentation).
 */
export function reservedNameError(name: string, loc: Loc, isMethod = false): CompileError | null {
  const key = name.toLowerCase();
  if (!RESERVED.has(key) || (isMethod && ALLOWED_AS_METHOD_NAME.has(key))) return null;
  return new CompileError(`Identifier name is reserved: ${name}`, loc);
}
