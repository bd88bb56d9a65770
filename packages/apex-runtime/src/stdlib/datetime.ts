/** Date, Datetime and Time methods, over the value classes in values/datetime.ts. */
import type { Lib } from './lib.ts';

export function installDatetime(lib: Lib): void {
  void lib;
}
