/** `steady`: a healthy ERP; every message is delivered on its first attempt. */
import type { Scenario } from './types.ts';

export const steady: Scenario = {
  name: 'steady',
  description: 'a healthy ERP: every message delivered on its first attempt',
  faults: (_start, seed) => ({ seed, rules: [] }),
  timeline: [],
  ordersSpanMs: 0,
  replayDeadLetters: false
};
