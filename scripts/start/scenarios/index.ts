/** The scenarios `npm start -- --scenario <name>` knows. */
import { flaky } from './flaky.ts';
import { outage } from './outage.ts';
import { replay } from './replay.ts';
import { steady } from './steady.ts';
import type { Scenario } from './types.ts';

export type { Scenario, TimelineStep } from './types.ts';

export const SCENARIO_NAMES = ['steady', 'outage', 'flaky', 'replay'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export const SCENARIOS: Record<ScenarioName, Scenario> = { steady, outage, flaky, replay };
