/** What a scenario is: a timeline on the virtual clock that the driver (run.ts) plays. */
import type { FaultPlanInput } from '../../local-erp/index.ts';

/** Something that happens to the local ERP at a virtual time after the orders start. */
export interface TimelineStep {
  /** Virtual milliseconds after the first order batch. */
  at: number;
  /** `down`: the ERP stops listening (connections refused); `up`: it listens again. */
  action: 'down' | 'up';
}

export interface Scenario {
  name: string;
  /** One line for the start banner. */
  description: string;
  /** The ERP's fault plan; windows are absolute virtual times, from `start` (the first batch). */
  faults(start: number, seed: number): FaultPlanInput;
  timeline: readonly TimelineStep[];
  /**
   * Virtual ms after the first batch by which the last order batch should arrive, so that even a
   * small run has orders arriving while the scenario's trouble happens; 0 for no spreading.
   */
  ordersSpanMs: number;
  /** After the first run settles: replay every open dead letter as an admin would, then settle again. */
  replayDeadLetters: boolean;
}
