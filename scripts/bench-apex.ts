/**
 * `npm run bench:apex`: governor-limit cost of Conduit's outbound path, measured offline in the
 * Apex runtime. For 1, 200 and 2,000 messages it reports SOQL queries, DML statements, CPU time
 for one `Conduit.enqueue` call and for each dispatcher transaction that delivers them
 * (batches of 200). The receiver is an in-memory transport, so only Conduit's own cost is counted.
 * It then reports the logging path: publishing 1, 200 and 2,000 log entries with one
 * `ConduitLog.flush`, and the subscriber (`LogEventHandler`) writing one delivered batch of that
 * size as logs, hourly metrics and circuit state (2,000 is the largest batch a platform event
 * trigger receives).
 * Last, the Health tab's one server call (`ConduitHealthController.getHealth`) for 1 and 20
 * endpoints, each with 24 hours of metrics: its query count must not grow with the endpoints.
 * Heap is not reported: the offline runtime's heap figure is JavaScript's, which garbage
 * collection makes meaningless for deltas this small.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { runAnonymous } from '../packages/apex-runtime/src/engine.ts';
import { loadProject } from '../packages/apex-runtime/src/loader/project.ts';
import { projectCopy } from './lib/project.ts';

const SIZES = [1, 200, 2000];

/** A Conduit_Endpoint__mdt record file whose Named Credential is `Bench`. */
function endpointXml(label: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<CustomMetadata xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
    <label>${label}</label>
    <protected>false</protected>
    <values><field>Named_Credential__c</field><value xsi:type="xsd:string">Bench</value></values>
</CustomMetadata>
`;
}

/** A copy of the project with one endpoint record for the benchmark. */
function benchProject(): string {
  const root = projectCopy('conduit-bench-');
  const dir = join(root, 'force-app', 'main', 'default', 'customMetadata');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'Conduit_Endpoint.Bench.md-meta.xml'), endpointXml('Bench'));
  const credentials = join(root, 'force-app', 'main', 'default', 'namedCredentials');
  mkdirSync(credentials, { recursive: true });
  writeFileSync(
    join(credentials, 'Bench.namedCredential-meta.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>
<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <endpoint>https://bench.invalid</endpoint>
    <label>Bench</label>
    <principalType>Anonymous</principalType>
    <protocol>NoAuthentication</protocol>
</NamedCredential>
`
  );
  writeFileSync(
    join(dir, 'Conduit_Endpoint.Shipments_ERP.md-meta.xml'),
    readFileSync(join(dir, 'Conduit_Endpoint.Bench.md-meta.xml'), 'utf8').replace(
      '<label>Bench</label>',
      '<label>Shipments ERP</label>'
    )
  );
  return root;
}

function apex(size: number): string {
  return `
public class Accept extends ConduitHttp {
    public override HttpResponse send(HttpRequest request) {
        HttpResponse response = new HttpResponse();
        response.setStatusCode(200);
        return response;
    }
}
ConduitHttp.current = new Accept();
List<ConduitRequest> requests = new List<ConduitRequest>();
for (Integer i = 0; i < ${size}; i++) {
    requests.add(ConduitRequest.to('Bench').post('/items').body(new Map<String, Object>{ 'i' => i }).idempotencyKey('bench-' + i));
}
Integer q = Limits.getQueries();
Integer d = Limits.getDmlStatements();
Integer c = Limits.getCpuTime();
Conduit.enqueue(requests);
System.debug('enqueue|' + (Limits.getQueries() - q) + '|' + (Limits.getDmlStatements() - d) + '|' + (Limits.getCpuTime() - c));
for (Integer run = 0; run < 20; run++) {
    q = Limits.getQueries();
    d = Limits.getDmlStatements();
    c = Limits.getCpuTime();
    Integer attempts = new DispatchRun().deliverDue();
    if (attempts == 0) {
        break;
    }
    System.debug('dispatch|' + (Limits.getQueries() - q) + '|' + (Limits.getDmlStatements() - d) + '|' + (Limits.getCpuTime() - c));
}
`;
}

function logApex(size: number): string {
  return `
List<Conduit_Log_Event__e> events = new List<Conduit_Log_Event__e>();
for (Integer i = 0; i < ${size}; i++) {
    Conduit_Log_Event__e event = ConduitLog.entry('INFO', 'Outbound', 'POST /items');
    event.Endpoint__c = 'Bench';
    event.Outcome__c = Math.mod(i, 10) == 0 ? 'RETRYABLE' : 'SUCCESS';
    event.Status_Code__c = Math.mod(i, 10) == 0 ? 503 : 200;
    event.Duration_Ms__c = Math.mod(i * 37, 900);
    events.add(event);
    ConduitLog.add(event.clone());
}
Integer q = Limits.getQueries();
Integer d = Limits.getDmlStatements();
Integer c = Limits.getCpuTime();
ConduitLog.flush();
System.debug('publish|' + (Limits.getQueries() - q) + '|' + (Limits.getDmlStatements() - d) + '|' + (Limits.getCpuTime() - c));
q = Limits.getQueries();
d = Limits.getDmlStatements();
c = Limits.getCpuTime();
LogEventHandler.handle(events);
System.debug('subscriber|' + (Limits.getQueries() - q) + '|' + (Limits.getDmlStatements() - d) + '|' + (Limits.getCpuTime() - c));
`;
}

const INBOUND = `
List<Conduit_Test_Event__e> events = new List<Conduit_Test_Event__e>();
for (Integer i = 0; i < 2000; i++) {
    events.add(new Conduit_Test_Event__e(Key__c = 'event-' + i, Payload__c = 'payload ' + i));
}
Integer q = Limits.getQueries();
Integer d = Limits.getDmlStatements();
Integer c = Limits.getCpuTime();
new TestEventSubscriber().run(events);
System.debug('subscriber x2000|' + (Limits.getQueries() - q) + '|' + (Limits.getDmlStatements() - d) + '|' + (Limits.getCpuTime() - c));
for (String step : new List<String>{ 'REST new key', 'REST replay' }) {
    RestRequest request = new RestRequest();
    request.httpMethod = 'POST';
    request.requestURI = '/conduit/v1/test-shipments';
    request.headers.put('Content-Type', 'application/json');
    request.headers.put('Idempotency-Key', 'bench-key-1');
    request.requestBody = Blob.valueOf('{"orderNumber":"SO-1","status":"SHIPPED","quantity":3,"shippedAt":"2026-01-15T09:30:00Z","lines":[{"sku":"SKU-1","quantity":3}]}');
    RestContext.request = request;
    RestContext.response = new RestResponse();
    q = Limits.getQueries();
    d = Limits.getDmlStatements();
    c = Limits.getCpuTime();
    TestShipmentsResource.post();
    System.debug(step + ' ' + RestContext.response.statusCode + '|' + (Limits.getQueries() - q) + '|' + (Limits.getDmlStatements() - d) + '|' + (Limits.getCpuTime() - c));
}
`;

const HEALTH = `
List<Conduit_Metric__c> rows = new List<Conduit_Metric__c>();
Datetime now = Datetime.now();
for (Conduit_Endpoint__mdt endpoint : EndpointPolicy.activeRecords()) {
    for (Integer hour = 0; hour < 24; hour++) {
        Datetime at = now.addHours(-hour);
        rows.add(new Conduit_Metric__c(Key__c = MetricRollup.keyOf(endpoint.DeveloperName, 'Outbound', at), Endpoint__c = endpoint.DeveloperName, Direction__c = 'Outbound', Hour__c = MetricRollup.hourOf(at), Count__c = 100, Errors__c = 3, Le_100ms__c = 90, Le_1s__c = 10, Duration_Max_Ms__c = 900));
    }
}
insert as system rows;
Integer q = Limits.getQueries();
Integer c = Limits.getCpuTime();
ConduitHealthController.HealthSnapshot snapshot = ConduitHealthController.getHealth();
System.debug('getHealth|' + snapshot.endpoints.size() + '|' + (Limits.getQueries() - q) + '|' + (Limits.getCpuTime() - c));
`;

/** A copy of the project whose only endpoint records are `count` made-up ones. */
function healthProject(count: number): string {
  const root = projectCopy(
    'conduit-bench-health-',
    (source) => !basename(source).startsWith('Conduit_Endpoint.')
  );
  const dir = join(root, 'force-app', 'main', 'default', 'customMetadata');
  for (let i = 1; i <= count; i++)
    writeFileSync(
      join(dir, `Conduit_Endpoint.Health_${i}.md-meta.xml`),
      endpointXml(`Health ${i}`)
    );
  return root;
}

function run(project: ReturnType<typeof loadProject>, source: string): string[][] {
  const result = runAnonymous(project, source, 'bench.apex');
  if (result.compileErrors.length > 0 || result.exception || result.unsupported) {
    throw new Error(
      result.compileErrors.map((e) => e.message).join('\n') ||
        result.exception ||
        result.unsupported ||
        ''
    );
  }
  return result.debug.map((line) => line.split('|'));
}

function row(size: number, step: string, soql: string, dml: string, cpu: string, note = ''): void {
  console.log(
    `${String(size).padStart(8)}  ${step.padEnd(17)}  ${soql.padStart(4)}  ${dml.padStart(3)}  ${cpu.padStart(4)}${note}`
  );
}

function main(): void {
  const root = benchProject();
  try {
    const project = loadProject(root);
    console.log('Conduit outbound cost per transaction (offline runtime; CPU in ms)');
    console.log('messages  step               SOQL  DML   CPU');
    for (const size of SIZES) {
      const rows = run(project, apex(size));
      const dispatches = rows.filter((r) => r[0] === 'dispatch');
      for (const [step, soql, dml, cpu] of rows.filter((r) => r[0] === 'enqueue')) {
        row(size, step, soql, dml, cpu);
      }
      const max = (i: number) => String(Math.max(...dispatches.map((r) => Number(r[i]))));
      row(size, `dispatch x${dispatches.length}`, max(1), max(2), max(3), '   (worst transaction)');
    }
    console.log('');
    console.log('Conduit logging cost per transaction (offline runtime; CPU in ms)');
    console.log(' entries  step               SOQL  DML   CPU');
    for (const size of SIZES) {
      for (const [step, soql, dml, cpu] of run(project, logApex(size))) {
        row(size, step, soql, dml, cpu);
      }
    }
    console.log('');
    console.log('Conduit inbound cost per transaction (offline runtime; CPU in ms)');
    console.log('   items  step               SOQL  DML   CPU');
    for (const [step, soql, dml, cpu] of run(project, INBOUND)) {
      row(step.startsWith('subscriber') ? 2000 : 1, step, soql, dml, cpu);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  console.log('');
  console.log('Conduit Health tab cost per getHealth call (offline runtime; CPU in ms)');
  console.log('endpoints  step               SOQL  DML   CPU');
  for (const count of [1, 20]) {
    const health = healthProject(count);
    try {
      for (const [step, endpoints, soql, cpu] of run(loadProject(health), HEALTH)) {
        row(Number(endpoints), step, soql, '0', cpu);
      }
    } finally {
      rmSync(health, { recursive: true, force: true });
    }
  }
}

main();
