/**
 * Browser smoke test of the local dashboard (the `browser` gate; too slow for scripts-tests
 * because it bundles lightning-base-components). Builds the dashboard, serves it with the fake
 * org, drives Debian's Chromium with playwright-core, and saves reports/dashboard.png.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from '../lib/project.ts';
import { buildDashboard } from './bundle.ts';
import { STAGE_DIR } from './paths.ts';
import { serveDashboard } from './server.ts';
import type { DashboardServer } from './server.ts';
import { createFakeOrg, fixture } from './test-support/fake-org.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
];
const SCREENSHOT = join(repoRoot, 'reports', 'dashboard.png');
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
/** The first row of the dead-letter page fixture: the one the test selects and replays. */
const FIRST_ROW_ID = (fixture('conduitDeadLetters', 'deadLetterPage') as { rows: { id: string }[] })
  .rows[0].id;

const org = createFakeOrg();
let work: string;
let server: DashboardServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
/** Icons a component asked for that the bundle's trimmed icon libraries left out. */
const missingIcons: string[] = [];

before(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: run \`apt-get install -y --no-install-recommends chromium\` (.ci/run does), or set CHROMIUM_PATH.`
    );
  }
  const lwcBuild = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'scripts', 'build-lwc.ts')],
    {
      cwd: repoRoot,
      encoding: 'utf8'
    }
  );
  assert.equal(lwcBuild.status, 0, `npm run build failed:\n${lwcBuild.stdout}${lwcBuild.stderr}`);
  work = mkdtempSync(join(tmpdir(), 'dashboard-browser-'));
  const outDir = join(work, 'dist');
  const built = await buildDashboard({ outDir, stageDir: STAGE_DIR, force: true });
  console.log(
    `# dashboard built in ${built.ms} ms: app.js ${built.jsBytes} B, CSS ${built.cssBytes} B`
  );
  server = await serveDashboard({ root: outDir, port: 0, apexHandler: org.handler });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.text().includes('is not in the bundle')) missingIcons.push(message.text());
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (work) {
    rmSync(work, { recursive: true, force: true });
  }
});

describe('local dashboard in Chromium', () => {
  it('shows every endpoint of the health snapshot with its numbers', async () => {
    await page.goto(`${server.url}#health`);
    const cards = page.locator('c-endpoint-health-card');
    await cards.first().waitFor();
    assert.equal(await cards.count(), 3);
    const text = await page.locator('c-conduit-health').innerText();
    for (const label of ['ERP orders', 'Shipping rates', 'Tax service']) {
      assert.match(text, new RegExp(label));
    }
    for (const number of ['1,260', '670', '240', '57']) {
      assert.ok(text.includes(number), `the Health tab shows ${number}`);
    }
    assert.ok(org.calls.some((c) => c.methodName === 'getHealth'));
    // The circuit badges draw their icons from the trimmed icon libraries (icon-templates.ts).
    await page.locator('c-circuit-badge lightning-primitive-icon svg path').first().waitFor();
  });

  it('lists dead letters and replays the selected one through the local org', async () => {
    await page.getByRole('tab', { name: 'Dead Letters' }).click();
    assert.match(page.url(), /#dead-letters$/);
    const rows = page.locator('c-conduit-dead-letters tbody tr');
    await rows.first().waitFor();
    assert.ok((await rows.count()) >= 2);
    await rows.first().locator('.slds-checkbox_faux').click();
    await page.getByRole('button', { name: 'Replay selected' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'OK' }).click();
    const summary = page.locator('[data-id="summary-text"]');
    await summary.waitFor();
    assert.match(await summary.innerText(), /1 of 1 .*replayed/);
    // The component's ShowToastEvent reached the shell, which shows it as an SLDS toast.
    await page
      .locator('.slds-notify_toast')
      .filter({ hasText: /replayed/ })
      .waitFor();
    const replay = org.calls.find((c) => c.methodName === 'replay');
    assert.deepEqual(replay?.params, { deadLetterIds: [FIRST_ROW_ID] });
  });

  it('opens a trace from ?c__traceId= and draws its waterfall', async () => {
    await page.goto(`${server.url}?c__traceId=${TRACE_ID}#traces`);
    const waterfall = page.locator('c-trace-waterfall');
    await waterfall.waitFor();
    await page.getByText('POST callout:Example_ERP/orders').first().waitFor();
    const getTrace = org.calls.find((c) => c.methodName === 'getTrace');
    assert.deepEqual(getTrace?.params, { traceId: TRACE_ID });
    mkdirSync(join(repoRoot, 'reports'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('moves between tabs with the arrow keys', async () => {
    await page.getByRole('tab', { name: 'Traces' }).focus();
    await page.keyboard.press('ArrowRight');
    assert.match(page.url(), /#live$/);
    const selected = page.getByRole('tab', { selected: true });
    assert.equal(await selected.innerText(), 'Live');
    // Focus followed the selection: the next key press acts on the Live tab and wraps to Health.
    await page.keyboard.press('ArrowRight');
    assert.match(page.url(), /#health$/);
    await page.getByRole('tab', { name: 'Health' }).waitFor();
    assert.equal(await page.getByRole('tab', { selected: true }).innerText(), 'Health');
  });

  it('streams log events to the Live tab over the events route', async () => {
    const channel = '/event/Conduit_Log_Event__e';
    await page.goto(`${server.url}#live`);
    await page.getByText('Stream live log events').click();
    await org.subscribed(channel);
    const delivered = org.publish(channel, {
      channel,
      data: {
        event: { replayId: 1 },
        payload: {
          CreatedDate: '2026-11-27T09:15:00.000Z',
          Level__c: 'WARN',
          Source__c: 'Outbox',
          Endpoint__c: 'ERP_Orders',
          Message__c: 'ERP answered 503; retry scheduled',
          Outcome__c: 'RETRYABLE',
          Status_Code__c: 503,
          Duration_Ms__c: 260,
          Trace_Id__c: TRACE_ID,
          Idempotency_Key__c: 'order-0001',
          Record_Id__c: null
        }
      }
    });
    assert.equal(delivered, 1);
    await page.getByText('ERP answered 503; retry scheduled').waitFor();
  });

  it('raised no page errors and missed no icon', () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(missingIcons, []);
  });
});
