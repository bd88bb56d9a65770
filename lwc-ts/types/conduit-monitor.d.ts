// The shapes the monitoring controllers return (Apex DTO classes serialised by @AuraEnabled) and
// take. Each interface names the Apex class that produces it; the two must change together.
// Dates and datetimes arrive as ISO-8601 strings; Apex nulls arrive as null.

/** Circuit states as stored in `Conduit_Circuit__c.State__c`. */
export type CircuitState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

/** Which threshold an endpoint breaches, from its `Conduit_Alert_Rule__mdt` rules. */
export type Breach = 'Error_Rate' | 'P95_Latency' | 'Dead_Letter_Depth' | 'Circuit_Open';

/** One hour of one endpoint's traffic (`ConduitHealthController.HourPoint`). */
export interface HourPoint {
  /** Start of the hour, ISO-8601 UTC. */
  hour: string;
  calls: number;
  errors: number;
  /** p95 latency from the hour's duration buckets; null when the hour had no calls. */
  p95Ms: number | null;
}

/** One endpoint's card (`ConduitHealthController.EndpointHealth`). */
export interface EndpointHealth {
  /** `Conduit_Endpoint__mdt` DeveloperName. */
  endpoint: string;
  label: string;
  /** null when no circuit state has been recorded yet. */
  circuitState: CircuitState | null;
  forcedOpen: boolean;
  openedAt: string | null;
  /** Calls in the last 24 hours. */
  calls: number;
  errors: number;
  /** errors / calls over 24 hours, 0..1; 0 when there were no calls. */
  errorRate: number;
  /** Calls per hour averaged over 24 hours. */
  throughputPerHour: number;
  /** p95 latency over 24 hours; null without calls. */
  p95Ms: number | null;
  /** Messages waiting in the outbox (`Queued` or `Retrying`). */
  outboxDepth: number;
  /** Dead letters with status `Open`. */
  deadLetterDepth: number;
  lastSuccessAt: string | null;
  breaches: Breach[];
  /** 24 points, oldest first, hours without traffic included as zeros. */
  hours: HourPoint[];
}

/** Statuses of `Conduit_Sync_Run__c.Status__c` (see SyncRuns.cls). */
export type SyncRunStatus = 'Running' | 'Completed' | 'Completed_With_Failures' | 'Failed';

/** One batch sync run (`SyncRunSummary`), from `Conduit_Sync_Run__c`. */
export interface SyncRunSummary {
  /** The run record's id. */
  id: string;
  /** The run number, e.g. `SR-000042`. */
  name: string;
  syncName: string | null;
  /** `Sync`, `Reconcile` or `Repair`. */
  mode: string | null;
  status: SyncRunStatus | null;
  startedAt: string | null;
  /** null while the run is running. */
  finishedAt: string | null;
  scanned: number;
  sent: number;
  failed: number;
  /** Records of the run's dead-lettered chunks. */
  deadLettered: number;
  drifted: number;
  fixed: number;
  /** `Conduit_Endpoint__mdt` DeveloperName. */
  endpoint: string | null;
  /** The run's trace, for the Traces tab (`?c__traceId=`). */
  traceId: string | null;
}

/** Everything the Health tab shows, in one call (`ConduitHealthController.HealthSnapshot`). */
export interface HealthSnapshot {
  generatedAt: string;
  endpoints: EndpointHealth[];
  /** The 10 newest sync runs, newest first; empty before the first run. */
  syncRuns: SyncRunSummary[];
}

/** Filters, sort and page of the Dead Letters table (`ConduitDeadLetterController.Query`). */
export interface DeadLetterQuery {
  endpoint: string | null;
  /** `Outbound`, `Inbound` or `Event`. */
  source: string | null;
  /** `Open`, `Replayed` or `Discarded`. */
  status: string | null;
  /** Inclusive ISO dates (yyyy-mm-dd) on CreatedDate. */
  fromDate: string | null;
  toDate: string | null;
  sortBy: 'createdDate' | 'endpoint' | 'source' | 'status' | 'attempts' | 'lastStatusCode';
  sortDirection: 'asc' | 'desc';
  /** 1-based. */
  pageNumber: number;
  /** At most 50. */
  pageSize: number;
}

/** One table row (`ConduitDeadLetterController.Row`). */
export interface DeadLetterRow {
  id: string;
  name: string;
  endpoint: string | null;
  source: string;
  status: string;
  reason: string | null;
  attempts: number | null;
  lastStatusCode: number | null;
  /** First 255 characters of the last error. */
  lastError: string | null;
  idempotencyKey: string | null;
  traceId: string | null;
  createdDate: string;
}

/** One page of rows (`ConduitDeadLetterController.Page`). */
export interface DeadLetterPage {
  rows: DeadLetterRow[];
  totalCount: number;
  pageNumber: number;
  pageSize: number;
}

/** One delivery attempt, from the logs of the dead letter's key (`...Controller.Attempt`). */
export interface Attempt {
  at: string;
  attempt: number | null;
  outcome: string | null;
  statusCode: number | null;
  durationMs: number | null;
  message: string | null;
}

/** The detail panel (`ConduitDeadLetterController.Detail`). */
export interface DeadLetterDetail extends DeadLetterRow {
  method: string | null;
  path: string | null;
  subscriber: string | null;
  replayId: string | null;
  /** The payload as stored (masked by the framework before it was stored). */
  payload: string | null;
  headers: { name: string; value: string }[];
  /** The whole last error. */
  error: string | null;
  history: Attempt[];
}

/** What a replay or discard of many rows did (`ConduitDeadLetterController.ActionResult`). */
export interface ActionResult {
  requested: number;
  succeeded: number;
  failures: { id: string; message: string }[];
}

/** One span of a trace (`ConduitTraceController.Span`), from `Conduit_Log__c`. */
export interface TraceSpan {
  spanId: string | null;
  parentSpanId: string | null;
  /** `Conduit_Log__c.Source__c`: where the span was recorded (REST, outbox, event, ...). */
  source: string | null;
  name: string;
  endpoint: string | null;
  level: string | null;
  outcome: string | null;
  statusCode: number | null;
  startedAt: string;
  durationMs: number | null;
  recordId: string | null;
  idempotencyKey: string | null;
}

/** A trace found by a search (`ConduitTraceController.Summary`). */
export interface TraceSummary {
  traceId: string;
  startedAt: string;
  spanCount: number;
  /** Worst outcome among the spans. */
  outcome: string | null;
}

/** A whole trace (`ConduitTraceController.Trace`): spans oldest first. */
export interface TraceView {
  traceId: string;
  startedAt: string;
  durationMs: number;
  spans: TraceSpan[];
  /** True when the trace had more spans than the 500 returned. */
  truncated: boolean;
}

/** A `Conduit_Log_Event__e` message as `lightning/empApi` delivers it. */
export interface LogEventMessage {
  channel: string;
  data: {
    event: { replayId: number };
    payload: {
      CreatedDate: string;
      Level__c: string | null;
      Source__c: string | null;
      Endpoint__c: string | null;
      Message__c: string | null;
      Outcome__c: string | null;
      Status_Code__c: number | null;
      Duration_Ms__c: number | null;
      Trace_Id__c: string | null;
      Idempotency_Key__c: string | null;
      Record_Id__c: string | null;
    };
  };
}
