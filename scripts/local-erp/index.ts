/**
 * The local ERP: a real HTTP server implementing the reference integration's ERP API, with
 * Idempotency-Key, scriptable faults, status callbacks and stats. See README.md.
 */
export { startLocalErp } from './server.ts';
export { startLocalErpInWorker } from './in-worker.ts';
export type { WorkerErp, WorkerErpOptions } from './in-worker.ts';
export { SharedClock } from './shared-clock.ts';
export type { LocalErp, LocalErpOptions, LocalErpStats } from './server.ts';
export { LocalErpPortInUseError, LocalErpStartError } from './errors.ts';
export { InvalidFaultPlanError, parseFaultPlan, FAULT_KINDS } from './fault-plan.ts';
export type {
  FaultKind,
  FaultPlan,
  FaultPlanInput,
  FaultRule,
  FaultRuleInput
} from './fault-plan.ts';
export type { FaultState } from './fault-injector.ts';
export type { CallbackCounts, CallbackPolicy, CallbackStats } from './callbacks.ts';
export type { Customer, Order, OrderLine, OrderStatus } from './erp-store.ts';
export type { LatencyHistogram, PathStats } from './stats.ts';
export { BASE_PATH } from './erp-routes.ts';
