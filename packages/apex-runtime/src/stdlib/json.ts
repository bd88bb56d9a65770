/** JSON: serialize, deserialize (typed and untyped), JSONGenerator and JSONParser. */
import type { Lib } from './lib.ts';

export function installJson(lib: Lib): void {
  void lib;
}
