/**
 * The local org: real callouts to a real server (a child process on 127.0.0.1), the virtual
 * clock running delayed and scheduled jobs, a failing job rolled back alone, named credentials
 * mapped to local URLs, and the org's REST and Apex-call endpoints over HTTP.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadProject } from '../src/loader/project.ts';
import { createLocalOrg, type LocalOrg, type OrgEvent } from '../src/local/org.ts';
import { serveRest, type RestServer } from '../src/local/serve.ts';
import { LOCAL_AUTHORIZATION, resolveEndpoint } from '../src/stdlib/http.ts';

const PROJECT = loadProject(join(import.meta.dirname, 'fixtures', 'local'));
const START = Date.UTC(2026, 0, 15, 18, 30, 0);

let echo: ChildProcess;
let echoUrl: string;

/** Starts the echo server in its own process and waits for the port it prints. */
function startEcho(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'support', 'echo-server.ts')],
    { cwd: join(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'] }
  );
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the echo server exited with ${code}`)));
    child.stdout!.once('data', (chunk: Buffer) =>
      resolve({ child, url: `http://127.0.0.1:${chunk.toString().trim()}` })
    );
  });
}

/** A port nothing listens on: one the OS gave a server that is closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function newOrg(speed = 0): { org: LocalOrg; events: OrgEvent[] } {
  const org = createLocalOrg(PROJECT, {
    start: START,
    speed,
    endpoints: { Local_API: echoUrl }
  });
  const events: OrgEvent[] = [];
  org.onEvent((e) => events.push(e));
  return { org, events };
}

/** Runs anonymous Apex that must not throw; returns its debug lines. */
function apex(org: LocalOrg, code: string): string[] {
  const result = org.runApex(code);
  assert.equal(result.exception, null, result.stackTrace.join('\n'));
  return result.debug;
}

before(async () => {
  const started = await startEcho();
  echo = started.child;
  echoUrl = started.url;
});

after(() => {
  echo.removeAllListeners('exit');
  echo.kill('SIGTERM');
});

describe('real callouts', () => {
  it('returns the real status, headers and body, and sends the request as built', () => {
    const { org } = newOrg();
    const debug = apex(
      org,
      `HttpRequest req = new HttpRequest();
       req.setEndpoint('${echoUrl}/echo?x=1');
       req.setMethod('PUT');
       req.setHeader('X-Custom', 'abc');
       req.setBody('payload');
       HttpResponse res = new Http().send(req);
       System.debug(res.getStatusCode());
       System.debug(res.getStatus());
       System.debug(res.getHeader('X-Echo'));
       System.debug(res.getBody());
       HttpRequest other = new HttpRequest();
       other.setEndpoint('${echoUrl}/status/503');
       other.setMethod('GET');
       HttpResponse failed = new Http().send(other);
       System.debug(failed.getStatusCode() + ' ' + failed.getStatus() + ' ' + failed.getHeader('Retry-After') + ' ' + failed.getBody());`
    );
    assert.equal(debug[0], '200');
    assert.equal(debug[1], 'OK');
    assert.equal(debug[2], 'yes');
    const seen = JSON.parse(debug[3]) as {
      method: string;
      path: string;
      headers: Record<string, string>;
      body: string;
    };
    assert.equal(seen.method, 'PUT');
    assert.equal(seen.path, '/echo?x=1');
    assert.equal(seen.headers['x-custom'], 'abc');
    assert.equal(seen.body, 'payload');
    assert.equal(debug[4], '503 Custom Reason 30 status body');
    org.close();
  });

  it("throws CalloutException 'Read timed out' when the response is later than the timeout", () => {
    const { org } = newOrg();
    const debug = apex(
      org,
      `HttpRequest req = new HttpRequest();
       req.setEndpoint('${echoUrl}/slow?ms=2000');
       req.setMethod('GET');
       req.setTimeout(200);
       try {
           new Http().send(req);
           System.debug('no exception');
       } catch (System.CalloutException e) {
           System.debug(e.getMessage());
       }`
    );
    assert.deepEqual(debug, ['Read timed out']);
    org.close();
  });

  it('throws CalloutException when the connection is refused or closed without an answer', async () => {
    const port = await closedPort();
    const { org } = newOrg();
    const debug = apex(
      org,
      `for (String url : new List<String>{ 'http://127.0.0.1:${port}/', '${echoUrl}/reset' }) {
           HttpRequest req = new HttpRequest();
           req.setEndpoint(url);
           req.setMethod('GET');
           try {
               new Http().send(req);
               System.debug('no exception');
           } catch (System.CalloutException e) {
               System.debug(e.getMessage());
           }
       }`
    );
    assert.deepEqual(debug, ['Connection refused', 'Unexpected end of file from server']);
    org.close();
  });

  it('still refuses a callout after uncommitted DML, and rolls the block back', () => {
    const { org } = newOrg();
    const result = org.runApex(
      `insert new Account(Name = 'pending');
       HttpRequest req = new HttpRequest();
       req.setEndpoint('${echoUrl}/echo');
       req.setMethod('GET');
       new Http().send(req);`
    );
    assert.equal(
      result.exception,
      'System.CalloutException: You have uncommitted work pending. Please commit or rollback before calling out'
    );
    assert.deepEqual(org.query("SELECT Id FROM Account WHERE Name = 'pending'"), []);
    org.close();
  });

  it('reports each callout to the listeners', () => {
    const { org, events } = newOrg();
    apex(
      org,
      `HttpRequest req = new HttpRequest();
       req.setEndpoint('${echoUrl}/status/429');
       req.setMethod('GET');
       new Http().send(req);`
    );
    const callouts = events.filter((e) => e.kind === 'callout');
    assert.equal(callouts.length, 1);
    assert.deepEqual(
      { method: callouts[0].method, url: callouts[0].url, status: callouts[0].status },
      { method: 'GET', url: `${echoUrl}/status/429`, status: 429 }
    );
    org.close();
  });
});

describe('named credentials', () => {
  it('maps a credential to the local URL and adds the placeholder Authorization header', async () => {
    const { org } = newOrg();
    apex(org, 'System.enqueueJob(new PingJob(1, 3));');
    const idle = await org.runUntilIdle();
    assert.deepEqual(idle, { jobs: 3, idle: true });
    const rows = org.query('SELECT Name, Description FROM Account ORDER BY Name');
    assert.deepEqual(
      rows.map((r) => r.Name),
      ['ping 1', 'ping 2', 'ping 3']
    );
    const [status, ...json] = String(rows[0].Description).split(' ');
    assert.equal(status, '200');
    const seen = JSON.parse(json.join(' ')) as { path: string; headers: Record<string, string> };
    assert.equal(seen.path, '/echo?n=1');
    assert.equal(seen.headers.authorization, LOCAL_AUTHORIZATION);
    org.close();
  });

  it('resolves callout: endpoints through the mapping, and refuses a mapping to no credential', () => {
    const { org } = newOrg();
    assert.equal(resolveEndpoint(org.engine, 'callout:local_api/a?b=1'), `${echoUrl}/a?b=1`);
    assert.throws(
      () => createLocalOrg(PROJECT, { endpoints: { Nope_API: 'http://127.0.0.1:1' } }),
      /no named credential .*Nope_API|Nope_API.*no named credential/
    );
    assert.throws(
      () => createLocalOrg(PROJECT, { endpoints: { Local_API: '127.0.0.1:8787' } }),
      /write an http:\/\/ or https:\/\/ URL/
    );
    org.close();
  });

  it('uses the metadata URL when the mapping does not name the credential', () => {
    const org = createLocalOrg(PROJECT, { start: START, speed: 0 });
    assert.equal(
      resolveEndpoint(org.engine, 'callout:Local_API/orders'),
      'https://api.example.invalid/v1/orders'
    );
    org.close();
  });
});

describe('virtual clock', () => {
  it('runs a job delayed 5 virtual minutes only once the clock has passed its delay', async () => {
    const { org } = newOrg(600);
    const enqueuedAt = org.clock.now();
    apex(org, "System.enqueueJob(new StampJob('delayed'), 5);");
    await org.runFor(4 * 60000);
    assert.deepEqual(org.query('SELECT Name FROM Account'), [], 'not due after 4 minutes');
    assert.ok(org.clock.now() >= enqueuedAt + 4 * 60000);
    await org.runFor(2 * 60000);
    const [row] = org.query("SELECT Description, CreatedDate FROM Account WHERE Name = 'delayed'");
    const ranAt = Number(row.Description);
    assert.ok(ranAt >= enqueuedAt + 5 * 60000, `ran at ${ranAt}, before its delay`);
    assert.ok(ranAt < enqueuedAt + 7 * 60000, `ran at ${ranAt}, long after its delay`);
    assert.equal(new Date(String(row.CreatedDate)).getTime() >= enqueuedAt + 5 * 60000, true);
    org.close();
  });

  it('jumps to each due time with advanceTo, and Datetime.now() shows the virtual time', () => {
    const { org } = newOrg(0);
    const debug = apex(
      org,
      "System.debug(System.now().getTime()); System.enqueueJob(new StampJob('later'), 10);"
    );
    assert.equal(Number(debug[0]), START);
    assert.equal(org.advanceTo(START + 9 * 60000), 0);
    assert.equal(org.advanceTo(START + 60 * 60000), 1);
    const [row] = org.query("SELECT Description FROM Account WHERE Name = 'later'");
    assert.equal(Number(row.Description), START + 10 * 60000, 'ran at its due time');
    assert.equal(org.clock.now(), START + 60 * 60000);
    org.close();
  });

  it(
    'lets a chain of undelayed jobs move time on, by the start latency',
    { timeout: 20000 },
    async () => {
      const { org } = newOrg(0);
      apex(org, `System.enqueueJob(new PollJob(${START + 3000}L));`);
      const result = await org.runUntilIdle({ maxVirtualMs: 60000 });
      assert.deepEqual(result, { jobs: 4, idle: true });
      assert.deepEqual(
        org
          .query("SELECT Description FROM Account WHERE Name = 'poll' ORDER BY Description")
          .map((r) => Number(r.Description) - START),
        [0, 1000, 2000, 3000]
      );
      org.close();
    }
  );

  it('fires a Schedulable by its cron expression until the time limit', async () => {
    const { org, events } = newOrg(0);
    apex(org, "System.schedule('ticker', '0 0 * * * ?', new Ticker());");
    const result = await org.runUntilIdle({ maxVirtualMs: 3 * 60 * 60000 });
    assert.deepEqual(result, { jobs: 3, idle: false });
    const times = org
      .query("SELECT Description FROM Account WHERE Name = 'tick' ORDER BY Description")
      .map((r) => new Date(Number(r.Description)).toISOString());
    assert.deepEqual(times, [
      '2026-01-15T19:00:00.000Z',
      '2026-01-15T20:00:00.000Z',
      '2026-01-15T21:00:00.000Z'
    ]);
    assert.deepEqual(
      events.filter((e) => e.kind === 'job').map((e) => e.kind === 'job' && e.className),
      ['ticker', 'ticker', 'ticker']
    );
    org.close();
  });
});

describe('asynchronous Apex outside tests', () => {
  it('delivers platform events to their triggers after the publishing transaction commits', () => {
    const { org } = newOrg(0);
    apex(
      org,
      `EventBus.publish(new List<Ping_Event__e>{
           new Ping_Event__e(Message__c = 'a'), new Ping_Event__e(Message__c = 'b') });`
    );
    assert.deepEqual(
      org.query('SELECT Name FROM Account ORDER BY Name').map((r) => r.Name),
      ['event a', 'event b']
    );
    org.close();
  });

  it('reports a platform event trigger that throws, and keeps none of its work', () => {
    const { org, events } = newOrg(0);
    apex(
      org,
      `EventBus.publish(new List<Ping_Event__e>{
           new Ping_Event__e(Message__c = 'fine'), new Ping_Event__e(Message__c = 'boom') });`
    );
    assert.deepEqual(org.query('SELECT Name FROM Account'), []);
    const reported = events.filter((e) => e.kind === 'exception');
    assert.deepEqual(
      reported.map((e) => e.kind === 'exception' && [e.source, e.message]),
      [['event', 'Ping_Event__e trigger: System.IllegalArgumentException: cannot handle boom']]
    );
    org.close();
  });

  it('hands each event trigger its own batches, sized and run as its subscriber config says', () => {
    const { org } = newOrg(0);
    apex(
      org,
      `insert new User(Alias = 'runner', Username = 'eventrunner@local.invalid', Email = 'runner@local.invalid',
          LastName = 'Runner', ProfileId = [SELECT Id FROM Profile WHERE Name = 'Standard User'].Id,
          TimeZoneSidKey = 'Europe/Paris', LocaleSidKey = 'en_US', EmailEncodingKey = 'UTF-8',
          LanguageLocaleKey = 'en_US');`
    );
    apex(
      org,
      `List<Batch_Event__e> events = new List<Batch_Event__e>();
      for (String m : new List<String>{ 'm1', 'm2', 'retry-once', 'm4', 'm5' }) {
          events.add(new Batch_Event__e(Message__c = m));
      }
      EventBus.publish(events);`
    );
    const rows = org.query(
      "SELECT Name, CreatedBy.Username FROM Account WHERE Name LIKE 'counter %' OR Name LIKE 'audit %' ORDER BY CreatedDate, Id"
    );
    assert.deepEqual(
      rows.map((r) => [r.Name, (r.CreatedBy as { Username: string }).Username]),
      [
        // BatchAuditTrigger: one batch of 2,000 at most, as the Automated Process user, and not
        // handed the counter's retried events again.
        ['audit m1,m2,retry-once,m4,m5', 'autoproc@local-org.invalid'],
        // BatchCounterTrigger: batches of 2 as eventrunner; its retried batch, then what waited
        // behind it, come in the next delivery.
        ['counter m1,m2', 'eventrunner@local.invalid'],
        ['counter retry-once,m4', 'eventrunner@local.invalid'],
        ['counter m5', 'eventrunner@local.invalid']
      ]
    );
    org.close();
  });

  it('refuses to deliver to a trigger whose configured running user does not exist', () => {
    const { org } = newOrg(0);
    const result = org.runApex("EventBus.publish(new Batch_Event__e(Message__c = 'm1'));");
    assert.match(
      String(result.exception),
      /BatchCounterTriggerConfig.*the user eventrunner@local\.invalid that runs trigger BatchCounterTrigger does not exist/
    );
    org.close();
  });

  it('runs the same Execute Anonymous text again as a new transaction', () => {
    const { org } = newOrg(0);
    const code = "insert new Account(Name = 'again'); System.debug([SELECT COUNT() FROM Account]);";
    assert.deepEqual(apex(org, code), ['1']);
    assert.deepEqual(apex(org, code), ['2'], 'the second run sees the first one committed');
    org.close();
  });

  it('drops the after-commit events of a transaction that rolls back', () => {
    const { org } = newOrg(0);
    const result = org.runApex(
      "EventBus.publish(new Ping_Event__e(Message__c = 'lost')); throw new IllegalStateException('no');"
    );
    assert.equal(result.exception, 'System.IllegalStateException: no');
    assert.deepEqual(org.query('SELECT Name FROM Account'), []);
    org.close();
  });

  it('runs @future calls and every chunk of a batch, each in its own transaction', async () => {
    const { org, events } = newOrg(0);
    apex(
      org,
      `List<Account> rows = new List<Account>();
       for (Integer i = 0; i < 5; i++) { rows.add(new Account(Name = 'row ' + i)); }
       insert rows;
       Background.mark('from future');`
    );
    apex(org, 'Database.executeBatch(new Background(), 2);');
    const result = await org.runUntilIdle();
    assert.deepEqual(result, { jobs: 2, idle: true });
    assert.deepEqual(
      org
        .query("SELECT Description FROM Account WHERE Name LIKE 'row %'")
        .map((r) => r.Description),
      ['batched', 'batched', 'batched', 'batched', 'batched'],
      'three chunks of at most two (a test could run only one)'
    );
    assert.equal(
      org.query("SELECT Id FROM Account WHERE Name IN ('from future', 'batch finished')").length,
      2
    );
    assert.deepEqual(
      events
        .filter((e) => e.kind === 'job')
        .map((e) => e.kind === 'job' && [e.jobType, e.className]),
      [
        ['Future', 'Background.mark'],
        ['BatchApex', 'Background']
      ]
    );
    org.close();
  });
});

describe('failures', () => {
  it('rolls back a batch chunk that throws alone and goes on with the next and finish()', async () => {
    const { org } = newOrg(0);
    apex(
      org,
      `insert new List<Account>{
         new Account(Name = 'row 0'), new Account(Name = 'row poison'), new Account(Name = 'row 2')
       };`
    );
    apex(org, 'Database.executeBatch(new Background(), 1);');
    await org.runUntilIdle();
    assert.deepEqual(
      org
        .query("SELECT Name, Description FROM Account WHERE Name LIKE 'row %' ORDER BY Name")
        .map((r) => [r.Name, r.Description]),
      [
        ['row 0', 'batched'],
        ['row 2', 'batched'],
        ['row poison', null]
      ],
      'the poisoned chunk was rolled back, the others committed'
    );
    assert.equal(org.query("SELECT Id FROM Account WHERE Name = 'batch finished'").length, 1);
    assert.equal(
      org.query("SELECT NumberOfErrors FROM AsyncApexJob WHERE JobType = 'BatchApex'")[0]
        ?.NumberOfErrors,
      1
    );
    org.close();
  });

  it('rolls back a failing job alone, reports it, and runs the others', async () => {
    const { org, events } = newOrg(0);
    apex(
      org,
      `System.enqueueJob(new FailingJob());
       System.enqueueJob(new StampJob('survivor'));`
    );
    const result = await org.runUntilIdle();
    assert.deepEqual(result, { jobs: 2, idle: true });
    assert.deepEqual(
      org.query('SELECT Name FROM Account').map((r) => r.Name),
      ['survivor']
    );
    const jobs = events.filter((e) => e.kind === 'job');
    assert.deepEqual(
      jobs.map((e) => e.kind === 'job' && [e.className, e.status, e.error]),
      [
        ['FailingJob', 'Failed', 'System.IllegalArgumentException: the job failed on purpose'],
        ['StampJob', 'Completed', null]
      ]
    );
    assert.deepEqual(
      org.query('SELECT Status FROM AsyncApexJob ORDER BY CreatedDate').map((r) => r.Status),
      ['Failed', 'Completed']
    );
    org.close();
  });

  it("drops a failed Queueable's after-commit events and delivers its finalizer's", async () => {
    const { org, events } = newOrg(0);
    apex(org, 'System.enqueueJob(new PublishingJob());');
    await org.runUntilIdle();
    assert.deepEqual(
      org.query('SELECT Name FROM Account').map((r) => r.Name),
      ['event from the finalizer'],
      'the finalizer committed in a transaction of its own; the failed job did not'
    );
    assert.deepEqual(
      events
        .filter((e) => e.kind === 'platformEvent')
        .map((e) => e.kind === 'platformEvent' && (e.payload as { Message__c: string }).Message__c),
      ['from the finalizer']
    );
    org.close();
  });

  it('drops the after-commit events of a batch chunk that throws, with its data', async () => {
    const { org, events } = newOrg(0);
    apex(
      org,
      `insert new List<Account>{
         new Account(Name = 'item 0'), new Account(Name = 'item poison'), new Account(Name = 'item 2')
       };`
    );
    apex(org, 'Database.executeBatch(new PublishingBatch(), 1);');
    await org.runUntilIdle();
    assert.deepEqual(
      org
        .query("SELECT Name FROM Account WHERE Name LIKE 'event %' ORDER BY Name")
        .map((r) => r.Name),
      ['event batch finished', 'event chunk item 0', 'event chunk item 2']
    );
    assert.deepEqual(
      events
        .filter((e) => e.kind === 'platformEvent')
        .map((e) => e.kind === 'platformEvent' && (e.payload as { Message__c: string }).Message__c)
        .sort(),
      ['batch finished', 'chunk item 0', 'chunk item 2']
    );
    assert.equal(
      org.query("SELECT Description FROM Account WHERE Name = 'item poison'")[0]?.Description,
      null
    );
    org.close();
  });

  it('rolls back Execute Anonymous that throws and reports it', () => {
    const { org, events } = newOrg(0);
    const result = org.runApex("insert new Account(Name = 'lost'); Integer i = null; i++;");
    assert.equal(
      result.exception,
      'System.NullPointerException: Attempt to de-reference a null object'
    );
    assert.deepEqual(org.query('SELECT Id FROM Account'), []);
    assert.equal(events.filter((e) => e.kind === 'exception').length, 1);
    org.close();
  });
});

describe('HTTP endpoints of the org, with sessions', () => {
  let org: LocalOrg;
  let server: RestServer;
  const users = new Map<string, string>();

  before(async () => {
    org = newOrg(0).org;
    apex(
      org,
      `Profile minimum = [SELECT Id FROM Profile WHERE Name = 'Minimum Access - Salesforce'];
      List<User> people = new List<User>();
      for (String alias : new List<String>{ 'viewer', 'nobody' }) {
          people.add(new User(Alias = alias, Username = alias + '@local.invalid', Email = alias + '@local.invalid',
              LastName = alias, ProfileId = minimum.Id, TimeZoneSidKey = 'Europe/Paris', LocaleSidKey = 'en_US',
              EmailEncodingKey = 'UTF-8', LanguageLocaleKey = 'en_US'));
      }
      insert people;
      insert new PermissionSetAssignment(AssigneeId = people[0].Id,
          PermissionSetId = [SELECT Id FROM PermissionSet WHERE Name = 'Dashboard_User'].Id);`
    );
    for (const row of org.query("SELECT Id, Alias FROM User WHERE Username LIKE '%@local.invalid'"))
      users.set(`Bearer ${String(row.Alias)}-token`, String(row.Id));
    server = await serveRest(org, {
      port: 0,
      host: '127.0.0.1',
      authenticate: (authorization) => (authorization && users.get(authorization)) ?? null
    });
  });

  after(async () => {
    await server.close();
    org.close();
  });

  const call = (path: string, token?: string) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      body: '{}'
    });

  it('refuses a request without a session, or with an unknown one, with 401', async () => {
    for (const token of [undefined, 'forged-token']) {
      for (const path of [
        '/__conduit/apex/AccountController/whoAmI',
        '/services/apexrest/status/1'
      ]) {
        const res = await call(path, token);
        assert.equal(res.status, 401, `${path} with ${token ?? 'no token'}`);
        assert.deepEqual(await res.json(), [
          { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }
        ]);
      }
    }
  });

  it('runs an Apex call as the session user when a permission set grants the class', async () => {
    const res = await call('/__conduit/apex/AccountController/whoAmI', 'viewer-token');
    assert.equal(res.status, 200);
    assert.equal(await res.json(), 'viewer@local.invalid');
  });

  it('refuses an Apex call and a REST request to classes the user has no access to', async () => {
    const aura = await call('/__conduit/apex/AccountController/whoAmI', 'nobody-token');
    assert.equal(aura.status, 403);
    assert.deepEqual(await aura.json(), {
      message: "You do not have access to the Apex class named 'AccountController'."
    });
    const rest = await call('/services/apexrest/status/1', 'viewer-token');
    assert.equal(rest.status, 403, 'Dashboard_User grants AccountController only');
  });
});

describe('HTTP endpoints of the org', () => {
  let org: LocalOrg;
  let server: RestServer;

  before(async () => {
    org = newOrg(0).org;
    server = await serveRest(org, { port: 0, host: '127.0.0.1' });
  });

  after(async () => {
    await server.close();
    org.close();
  });

  it('answers an Apex REST POST with the status, headers and body the resource set', async () => {
    const res = await fetch(`${server.url}/services/apexrest/status/42`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'SHIPPED' })
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('x-key'), '42');
    assert.equal(await res.text(), '"42:SHIPPED"');
    assert.deepEqual(
      org
        .query("SELECT Description FROM Account WHERE Name = 'status 42'")
        .map((r) => r.Description),
      ['SHIPPED']
    );
  });

  it('passes the query string to a GET', async () => {
    const res = await fetch(`${server.url}/services/apexrest/status/x?who=local`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '"hello local"');
  });

  it('rolls back a request whose resource throws and answers 500 APEX_ERROR', async () => {
    const res = await fetch(`${server.url}/services/apexrest/status/7`, {
      method: 'POST',
      body: JSON.stringify({ status: 'FAIL' })
    });
    assert.equal(res.status, 500);
    const [error] = (await res.json()) as { errorCode: string; message: string }[];
    assert.equal(error.errorCode, 'APEX_ERROR');
    assert.match(error.message, /^System\.IllegalStateException: refused status FAIL/);
    assert.deepEqual(org.query("SELECT Id FROM Account WHERE Name = 'status 7'"), []);
  });

  it("answers an unknown path with 404 and the platform's NOT_FOUND body", async () => {
    for (const path of ['/services/apexrest/nothing/here', '/elsewhere']) {
      const res = await fetch(`${server.url}${path}`);
      assert.equal(res.status, 404);
      assert.deepEqual(await res.json(), [
        { errorCode: 'NOT_FOUND', message: 'Could not find a match for URL' }
      ]);
    }
  });

  it('refuses a request body over 6 MB', async () => {
    const res = await fetch(`${server.url}/services/apexrest/status/big`, {
      method: 'POST',
      body: 'x'.repeat(6 * 1024 * 1024 + 1)
    });
    assert.equal(res.status, 413);
  });

  it('calls an @AuraEnabled method with named parameters and serializes the result', async () => {
    org.runApex(
      "insert new List<Account>{ new Account(Name = 'Acme 2'), new Account(Name = 'Acme 1'), new Account(Name = 'Other') };"
    );
    const res = await fetch(`${server.url}/__conduit/apex/AccountController/findByPrefix`, {
      method: 'POST',
      body: JSON.stringify({ prefix: 'Acme' })
    });
    assert.equal(res.status, 200);
    const rows = (await res.json()) as { Name: string; Id: string }[];
    assert.deepEqual(
      rows.map((r) => r.Name),
      ['Acme 1', 'Acme 2']
    );
    const renamed = await fetch(`${server.url}/__conduit/apex/AccountController/rename`, {
      method: 'POST',
      body: JSON.stringify({ accountId: rows[0].Id, name: 'Acme 0' })
    });
    assert.equal(renamed.status, 200);
    assert.equal(await renamed.text(), '1');
    assert.deepEqual(
      org.query(`SELECT Name FROM Account WHERE Id = '${rows[0].Id}'`).map((r) => r.Name),
      ['Acme 0']
    );
  });

  it('answers an Apex object with its @AuraEnabled members only', async () => {
    const res = await fetch(`${server.url}/__conduit/apex/AccountController/summary`, {
      method: 'POST'
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['asOf', 'count']);
    assert.equal(typeof body.count, 'number');
    assert.equal(body.asOf, new Date(START).toISOString());
  });

  it('answers an AuraHandledException with 400 and its message', async () => {
    const res = await fetch(`${server.url}/__conduit/apex/AccountController/rename`, {
      method: 'POST',
      body: JSON.stringify({ accountId: null, name: ' ' })
    });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), { message: 'A name is required' });
  });

  it('rolls back what the method wrote before its AuraHandledException', async () => {
    const [row] = org.query("SELECT Id FROM Account WHERE Name = 'Other'");
    const call = (note: string) =>
      fetch(`${server.url}/__conduit/apex/AccountController/saveNote`, {
        method: 'POST',
        body: JSON.stringify({ accountId: row.Id, note })
      });
    assert.equal((await call('fine')).status, 200);
    const refused = await call('bad note');
    assert.equal(refused.status, 400);
    assert.deepEqual(await refused.json(), { message: 'That note is not allowed' });
    assert.deepEqual(
      org
        .query(`SELECT Description FROM Account WHERE Id = '${String(row.Id)}'`)
        .map((r) => r.Description),
      ['fine']
    );
  });

  it('answers 404 for a method that is not @AuraEnabled, or a class that does not exist', async () => {
    for (const path of ['AccountController/notExposed', 'NoSuchClass/findByPrefix']) {
      const res = await fetch(`${server.url}/__conduit/apex/${path}`, {
        method: 'POST',
        body: '{}'
      });
      assert.equal(res.status, 404, path);
    }
  });

  it('streams committed platform events to an empApi client, and replays held ones', async () => {
    const channel = encodeURIComponent('/event/Ping_Event__e');
    apex(org, "EventBus.publish(new Ping_Event__e(Message__c = 'before'));");
    const controller = new AbortController();
    const res = await fetch(`${server.url}/__conduit/events/${channel}?replayId=-2`, {
      signal: controller.signal
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
    const reader = res.body!.getReader();
    const lines: string[] = [];
    const readMessages = async (n: number): Promise<void> => {
      let buffer = '';
      while (lines.length < n) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += new TextDecoder().decode(value);
        const parts = buffer.split('\n\n');
        buffer = parts.pop() ?? '';
        for (const part of parts) if (part.startsWith('data: ')) lines.push(part.slice(6));
      }
    };
    await readMessages(1);
    org.runApex(
      "EventBus.publish(new Ping_Event__e(Message__c = 'lost')); throw new IllegalStateException('no');"
    );
    apex(org, "EventBus.publish(new Ping_Event__e(Message__c = 'after'));");
    await readMessages(2);
    controller.abort();
    const messages = lines.map(
      (l) =>
        JSON.parse(l) as {
          channel: string;
          data: { event: { replayId: number }; payload: Record<string, unknown> };
        }
    );
    assert.deepEqual(
      messages.map((m) => [m.channel, m.data.payload.Message__c]),
      [
        ['/event/Ping_Event__e', 'before'],
        ['/event/Ping_Event__e', 'after']
      ],
      'the held event, then the next committed one; the rolled-back one never'
    );
    assert.ok(messages[1].data.event.replayId > messages[0].data.event.replayId);
    assert.equal(typeof messages[0].data.payload.CreatedDate, 'string');
  });

  it('refuses a malformed replayId', async () => {
    const res = await fetch(`${server.url}/__conduit/events/x?replayId=soon`);
    assert.equal(res.status, 400);
  });
});
