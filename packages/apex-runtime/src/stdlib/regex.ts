/**
 * Java regular expressions (what Apex's Pattern and String.split use) mapped onto JavaScript's.
 * The common syntax is shared; constructs JavaScript lacks are refused loudly.
 */
import { UnsupportedError } from '../interpreter/errors.ts';

export function javaRegex(source: string, flags: string): RegExp {
  let pattern = source;
  let extra = '';
  const inline = /^\(\?([imsx]+)\)/.exec(pattern);
  if (inline) {
    for (const flag of inline[1]) {
      if (flag === 'x') throw new UnsupportedError('regex comments mode (?x)');
      if (!extra.includes(flag)) extra += flag;
    }
    pattern = pattern.slice(inline[0].length);
  }
  if (/\(\?[imsx-]+[:)]/.test(pattern))
    throw new UnsupportedError(`inline regex flags inside a pattern: ${source}`);
  if (/[*+?}]\+/.test(pattern.replace(/\\./g, '')))
    throw new UnsupportedError(`possessive quantifiers in regex: ${source}`);
  pattern = pattern.replace(/\\A/g, '^').replace(/\\[Zz]/g, '$');
  try {
    return new RegExp(pattern, flags + extra + 'u'.repeat(0));
  } catch (error) {
    throw new UnsupportedError(`regex ${source}: ${(error as Error).message}`);
  }
}
