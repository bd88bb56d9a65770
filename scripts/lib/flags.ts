/**
 * The flag reading `npm run org:*` and `npm run data:load` share: a table of flags (long name
 * first, then any short one, a value placeholder and the help line), one pass over the command
 * line that refuses unknown flags and flags missing their value, whole-number checks, and the
 * help lines. Each command maps what was read to its own options and turns the messages into its
 * own error type, so its users see one kind of failure.
 */

export interface FlagSpec {
  /** `--long` first, then short forms (`-a`). */
  readonly names: readonly string[];
  /** The placeholder of a flag that takes a value (`alias`); absent for a switch. */
  readonly value?: string;
  readonly help: string;
}

/** One flag as given: the flag's table entry and its value ('' for a switch). */
export interface FlagUse<F extends FlagSpec> {
  flag: F;
  value: string;
}

/** Raises the command's own error with a message that says what is wrong. */
export type Fail = (message: string) => never;

/**
 * Reads `argv` against `flags`. An argument that is not a flag of the table (or that `accepts`
 * refuses), or a value flag followed by nothing or by another flag, is passed to `fail`.
 */
export function readFlags<F extends FlagSpec>(
  argv: readonly string[],
  flags: readonly F[],
  fail: Fail,
  options: { accepts?: (flag: F) => boolean; context?: string } = {}
): FlagUse<F>[] {
  const uses: FlagUse<F>[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const flag = flags.find((f) => f.names.includes(arg));
    if (!flag || (options.accepts && !options.accepts(flag)))
      fail(`Unknown flag '${arg}'${options.context ?? ''}.`);
    let value = '';
    if (flag.value) {
      const next = argv[++i];
      if (next === undefined || next.startsWith('-'))
        fail(`${arg} needs a value (<${flag.value}>).`);
      value = next;
    }
    uses.push({ flag, value });
  }
  return uses;
}

/** A whole number from `min` to `max` (underscores allowed, as in `10_000`), or `fail`. */
export function wholeNumber(
  flag: string,
  raw: string,
  min: number,
  max: number,
  fail: Fail
): number {
  const n = Number(raw.replace(/_/g, ''));
  if (raw.trim() === '' || !Number.isInteger(n) || n < min || n > max)
    fail(
      `${flag} must be a whole number from ${min} to ${max.toLocaleString('en-US')}, not '${raw}'.`
    );
  return n;
}

/** The help line of each flag: `  --alias, -a <alias>    what it does`. */
export function flagHelp(flags: readonly FlagSpec[], width: number): string[] {
  return flags.map((f) => {
    const name = `${f.names.join(', ')}${f.value ? ` <${f.value}>` : ''}`;
    return `  ${name.padEnd(width)} ${f.help}`;
  });
}
