/**
 * What the local org's data says about the run: outbox messages by status, dead letters, retries
 * and latency from the hourly metrics, circuit states and transitions from Conduit's own records.
 * The progress line and the summary read only this, so they show what the dashboard shows.
 */
import type { LocalOrg } from '../../packages/apex-runtime/src/index.ts';

export interface MessageCounts {
  enqueued: number;
  queued: number;
  retrying: number;
  delivered: number;
  dead: number;
}

export interface CircuitState {
  endpoint: string;
  state: string;
}

/** Rows by status from one grouped query (`SELECT Status__c status, COUNT(Id) n ...`), and their total. */
function countByStatus(
  org: LocalOrg,
  soql: string
): { total: number; of: (status: string) => number } {
  const byStatus = new Map<string, number>();
  let total = 0;
  for (const row of org.query(soql)) {
    const n = Number(row.n);
    total += n;
    const status = String(row.status);
    byStatus.set(status, (byStatus.get(status) ?? 0) + n);
  }
  return { total, of: (status) => byStatus.get(status) ?? 0 };
}

/** Outbox messages by status (one query, grouped). */
export function messageCounts(org: LocalOrg): MessageCounts {
  const { total, of } = countByStatus(
    org,
    'SELECT Status__c status, COUNT(Id) n FROM Conduit_Message__c GROUP BY Status__c'
  );
  return {
    enqueued: total,
    queued: of('Queued'),
    retrying: of('Retrying'),
    delivered: of('Delivered'),
    dead: of('Dead')
  };
}

/** Each endpoint's circuit as Conduit_Circuit__c holds it (no row: never tripped, CLOSED). */
export function circuitStates(org: LocalOrg): CircuitState[] {
  return org
    .query('SELECT Name, State__c FROM Conduit_Circuit__c ORDER BY Name')
    .map((row) => ({ endpoint: String(row.Name), state: String(row.State__c ?? 'CLOSED') }));
}

/** Circuit transitions logged by Conduit (`Conduit_Log__c`, source Circuit), oldest first. */
export function circuitTransitions(org: LocalOrg): string[] {
  return org
    .query(
      "SELECT Message__c FROM Conduit_Log__c WHERE Source__c = 'Circuit' ORDER BY CreatedDate, Id"
    )
    .map((row) => String(row.Message__c));
}

export interface DeadLetterCounts {
  total: number;
  open: number;
  replayed: number;
}

/** Outbound dead letters by status (one query, grouped). */
export function deadLetterCounts(org: LocalOrg): DeadLetterCounts {
  const { total, of } = countByStatus(
    org,
    "SELECT Status__c status, COUNT(Id) n FROM Conduit_Dead_Letter__c WHERE Source__c = 'Outbound' GROUP BY Status__c"
  );
  return { total, open: of('Open'), replayed: of('Replayed') };
}

/** Ids of the open outbound dead letters. */
export function openDeadLetterIds(org: LocalOrg): string[] {
  return org
    .query(
      "SELECT Id FROM Conduit_Dead_Letter__c WHERE Source__c = 'Outbound' AND Status__c = 'Open' ORDER BY Id"
    )
    .map((row) => String(row.Id));
}

/** Messages that were dead-lettered, replayed, and are delivered now. */
export function replayedAndDelivered(org: LocalOrg): number {
  const rows = org.query(
    "SELECT Message__c FROM Conduit_Dead_Letter__c WHERE Source__c = 'Outbound' AND Status__c = 'Replayed'"
  );
  const ids = new Set(rows.map((row) => String(row.Message__c)));
  if (ids.size === 0) return 0;
  const delivered = org.query("SELECT Id FROM Conduit_Message__c WHERE Status__c = 'Delivered'");
  return delivered.filter((row) => ids.has(String(row.Id))).length;
}

/** Retries of outbound calls, as Conduit's hourly metrics count them (Conduit_Metric__c). */
export function outboundRetries(org: LocalOrg): number {
  const rows = org.query(
    "SELECT SUM(Retries__c) retries FROM Conduit_Metric__c WHERE Direction__c = 'Outbound'"
  );
  return Number(rows[0]?.retries ?? 0);
}
