/** Shows an argument array as a POSIX shell command line, for `--dry-run` and progress. */

const SAFE = /^[\w@%+=:,./-]+$/;

/** One argument, quoted only when the shell would otherwise split or expand it. */
export function quote(arg: string): string {
  if (arg !== '' && SAFE.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A whole command, each argument quoted as needed. */
export function commandLine(command: readonly string[]): string {
  return command.map(quote).join(' ');
}
