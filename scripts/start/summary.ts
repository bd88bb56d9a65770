/**
 * The end-of-run summary: numbers from the org's data and the ERP's counters, the invariants
 * they must satisfy, and the table printed for people and CI.
 */

export interface Summary {
  scenario: string;
  orders: number;
  /** Outbox messages (Conduit_Message__c): a customer upsert or an order create each. */
  enqueued: number;
  delivered: number;
  /** Retries counted by Conduit's metrics (Conduit_Metric__c.Retries__c, outbound). */
  retried: number;
  /** Outbound dead letters written (Conduit_Dead_Letter__c), replayed ones included. */
  deadLettered: number;
  /** Messages still dead at the end (Conduit_Message__c.Status__c = Dead). */
  stillDead: number;
  /** Dead letters replayed by the scenario. */
  replayed: number;
  /** Replayed dead letters whose message is delivered now. */
  replayedDelivered: number;
  /** Orders the ERP created twice for one Salesforce Order (must be 0). */
  duplicatesAtErp: number;
  /** Retries the ERP answered from its Idempotency-Key store instead of applying again. */
  duplicatesSuppressed: number;
  /** Messages neither delivered nor dead (must be 0). */
  lost: number;
  /**
   * ERP API latency in real ms, from the local ERP's histogram (null: no calls). Not from
   * Conduit_Metric__c: the local org's clock stands still inside a transaction, so the durations
   * Conduit measures there are 0.
   */
  p50Ms: number | null;
  p95Ms: number | null;
  /** Conduit_Log__c rows of source Circuit, oldest first. */
  circuitTransitions: string[];
  /** Virtual and real time the scenario took. */
  virtualMs: number;
  realMs: number;
  /** Order status reports the ERP posted back and Salesforce acknowledged. */
  statusCallbacks: number;
  /** Status reports the ERP gave up on (it retries 8 times, as its README says). */
  statusCallbacksGaveUp: number;
  /** Acknowledged reports the ERP sent once more with the same key (at-least-once delivery). */
  statusCallbacksRepeated: number;
  /** Of those, the ones Salesforce answered from its idempotency ledger (`Idempotent-Replayed`). */
  statusCallbacksReplayed: number;
  dashboardUrl: string | null;
  orgUrl: string;
}

/** The promises of the run; each broken one is a line saying which. */
export function brokenInvariants(s: Summary): string[] {
  const broken: string[] = [];
  if (s.enqueued === 0) broken.push('nothing was enqueued');
  if (s.delivered + s.stillDead !== s.enqueued)
    broken.push(`delivered (${s.delivered}) + dead (${s.stillDead}) != enqueued (${s.enqueued})`);
  if (s.lost !== 0) broken.push(`${s.lost} message(s) lost`);
  if (s.duplicatesAtErp !== 0) broken.push(`${s.duplicatesAtErp} duplicate(s) applied at the ERP`);
  if (s.replayedDelivered !== s.replayed)
    broken.push(`${s.replayed - s.replayedDelivered} replayed dead letter(s) not delivered`);
  if (s.statusCallbacksReplayed !== s.statusCallbacksRepeated)
    broken.push(
      `${s.statusCallbacksRepeated - s.statusCallbacksReplayed} repeated status report(s) not answered from Salesforce's idempotency ledger`
    );
  return broken;
}

/** Each distinct transition with how often it happened, in order of first appearance. */
function tally(items: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

const ms = (v: number | null): string => (v === null ? '-' : `${v.toFixed(1)} ms`);
const minutes = (v: number): string => `${(v / 60_000).toFixed(1)} min`;

export function formatSummary(s: Summary): string {
  const rows: [string, string][] = [
    ['scenario', `${s.scenario} (${s.orders} orders)`],
    ['enqueued', String(s.enqueued)],
    ['delivered', String(s.delivered)],
    ['retried', String(s.retried)],
    ['dead-lettered', String(s.deadLettered)],
    ['replayed', `${s.replayed} (${s.replayedDelivered} delivered)`],
    [
      'duplicates at ERP',
      `${s.duplicatesAtErp} (retries answered by key: ${s.duplicatesSuppressed})`
    ],
    ['lost', String(s.lost)],
    ['latency p50 / p95', `${ms(s.p50Ms)} / ${ms(s.p95Ms)} (real, the local ERP's histogram)`],
    ['circuit transitions', String(s.circuitTransitions.length)],
    [
      'status callbacks',
      `${s.statusCallbacks} acknowledged${s.statusCallbacksGaveUp > 0 ? `, ${s.statusCallbacksGaveUp} given up by the ERP` : ''}${s.statusCallbacksRepeated > 0 ? `; ${s.statusCallbacksRepeated} sent twice, ${s.statusCallbacksReplayed} answered from the idempotency ledger` : ''}`
    ],
    ['time', `${minutes(s.virtualMs)} virtual in ${(s.realMs / 1000).toFixed(1)} s real`]
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
  for (const [t, n] of tally(s.circuitTransitions))
    lines.push(`  ${''.padEnd(width)}  · ${t}${n > 1 ? ` ×${n}` : ''}`);
  const broken = brokenInvariants(s);
  lines.push(
    broken.length === 0
      ? '  invariants: hold (nothing lost, no duplicate applied either way, every replay delivered)'
      : `  invariants BROKEN: ${broken.join('; ')}`
  );
  lines.push(`  org (Apex REST): ${s.orgUrl}/services/apexrest/`);
  lines.push(`  dashboard: ${s.dashboardUrl ?? 'unavailable (see the startup lines above)'}`);
  return `Summary\n${lines.join('\n')}`;
}
