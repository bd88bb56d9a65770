#!/usr/bin/env node
// The runtime is written in TypeScript and run through tsx, which compiles each module once and
// caches the result, so there is no separate build step to forget.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
