/**
 * Decides, per request, which fault of the plan (if any) to inject. Rules are tried in plan
 * order and the first that applies wins, so one request gets at most one fault. Time windows
 * read the injected clock, so a scenario's virtual clock opens and closes them.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { FAULT_KINDS } from './fault-plan.ts';
import type { FaultKind, FaultPlan, FaultRule } from './fault-plan.ts';

/** A rule with its runtime state: the resolved window and the injections left. */
export interface ActiveRule {
  readonly rule: FaultRule;
  readonly activeFrom: number | null;
  readonly activeUntil: number | null;
  /** Injections left, or null when the rule has no count. */
  remaining: number | null;
  injected: number;
}

/** What the injector reports about itself. */
export interface FaultState {
  readonly seed: number;
  readonly rules: readonly ActiveRule[];
  readonly injected: Readonly<Record<FaultKind, number>>;
}

/** Counters of every kind at zero. */
function zeroCounts(): Record<FaultKind, number> {
  return Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
}

/** Holds the current plan and picks the fault of each request. */
export class FaultInjector {
  private rules: ActiveRule[] = [];
  private seed = 1;
  private random: RandomGenerator = xoroshiro128plus(1);
  private readonly injected = zeroCounts();

  constructor(private readonly now: () => number) {}

  /** Replaces the plan; counts of injected faults are kept, the PRNG restarts from the seed. */
  set(plan: FaultPlan): void {
    const setAt = this.now();
    this.seed = plan.seed;
    this.random = xoroshiro128plus(plan.seed);
    this.rules = plan.rules.map((rule) => ({
      rule,
      activeFrom: rule.activeFrom ?? null,
      activeUntil: rule.forMs !== undefined ? setAt + rule.forMs : (rule.activeUntil ?? null),
      remaining: rule.count ?? null,
      injected: 0
    }));
  }

  /** The fault to inject into this request, or undefined; counts it when there is one. */
  pick(method: string, path: string): FaultRule | undefined {
    const at = this.now();
    for (const active of this.rules) {
      if (!this.applies(active, method, path, at)) continue;
      // A flaky rule draws once per request it covers: same seed, same traffic, same faults.
      if (
        active.rule.kind === 'flaky' &&
        uniformInt(this.random, 0, 9999) >= active.rule.percent * 100
      ) {
        continue;
      }
      if (active.remaining !== null) active.remaining -= 1;
      active.injected += 1;
      this.injected[active.rule.kind] += 1;
      return active.rule;
    }
    return undefined;
  }

  /** The plan as it stands, for stats. */
  state(): FaultState {
    return {
      seed: this.seed,
      rules: this.rules.map((r) => ({ ...r })),
      injected: { ...this.injected }
    };
  }

  private applies(active: ActiveRule, method: string, path: string, at: number): boolean {
    const { rule } = active;
    if (active.remaining === 0) return false;
    if (active.activeFrom !== null && at < active.activeFrom) return false;
    if (active.activeUntil !== null && at >= active.activeUntil) return false;
    if (rule.pathPrefix !== undefined && !path.startsWith(rule.pathPrefix)) return false;
    if (rule.methods !== undefined && !rule.methods.some((m) => m === method)) return false;
    return true;
  }
}
