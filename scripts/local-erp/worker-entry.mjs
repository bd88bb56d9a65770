// The local ERP worker's entry. Node 20 does not carry the parent's `--import tsx` hooks into
// worker threads, so the worker registers tsx itself before loading the TypeScript module.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
