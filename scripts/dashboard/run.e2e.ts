/**
 * The dashboard on a real local run (the `browser` gate): the project in a local org, the local
 * ERP answering 503 until a few orders' messages are dead-lettered, then healthy again. Chromium
 * opens the dashboard that `npm start` serves, checks that the Health cards show the endpoints
 * and the org's own counts, replays a dead letter from the Dead Letters tab, and the test drives
 * the org's clock until that message is delivered, once, and streams the org's log events to the
 * Live tab. Saves reports/dashboard-run.png.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from '../lib/project.ts';
import { orderBatchApex, runOrThrow } from '../start/seed.ts';
import { startStack, unattendedStack } from '../start/stack.ts';
import type { Stack } from '../start/stack.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'];
const SCREENSHOT = join(repoRoot, 'reports', 'dashboard-run.png');
const ORDERS = 3;
const STEP_MS = 5_000;
const MAX_STEPS = 2_000;

let stack: Stack;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

function count(soql: string): number {
  return Number(stack.org.query(soql)[0].expr0);
}

const WAITING = "SELECT COUNT() FROM Conduit_Message__c WHERE Status__c IN ('Queued', 'Retrying')";

/** Moves the org's clock in steps (jobs run as they come due) until `done` or a bound. */
async function driveUntil(done: () => boolean): Promise<void> {
  for (let step = 0; step < MAX_STEPS && !done(); step++) {
    await stack.org.runFor(STEP_MS);
    stack.syncClock();
  }
  assert.ok(done(), 'the local run settled');
}

before(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: install chromium (.ci/run does) or set CHROMIUM_PATH.`
    );
  stack = await startStack(unattendedStack(repoRoot, { dashboard: 'build' }));
  assert.ok(stack.dashboard, 'the dashboard is served');
  // The ERP refuses everything until the orders' messages have used their attempts.
  await stack.erp.setFaults({ seed: 1, rules: [{ kind: 'unavailable', status: 503 }] });
  runOrThrow(stack.org, 'create and activate orders', orderBatchApex(ORDERS));
  await driveUntil(() => count(WAITING) === 0);
  await stack.erp.setFaults({ seed: 1, rules: [] });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

describe('the dashboard on a local run', () => {
  it("shows the run's endpoints and dead-letter counts on the Health tab", async () => {
    const open = count("SELECT COUNT() FROM Conduit_Dead_Letter__c WHERE Status__c = 'Open'");
    assert.ok(open > 0, 'the outage left dead letters');
    await page.goto(`${stack.dashboard!.url}#health`);
    const cards = page.locator('c-endpoint-health-card');
    await cards.first().waitFor();
    const text = await page.locator('c-conduit-health').innerText();
    assert.match(text, /ERP Customers/);
    assert.match(text, /ERP Orders/);
    for (const endpoint of ['ERP_Customers', 'ERP_Orders']) {
      const letters = count(
        `SELECT COUNT() FROM Conduit_Dead_Letter__c WHERE Status__c = 'Open' AND Endpoint__c = '${endpoint}'`
      );
      const card = cards.filter({
        hasText: endpoint === 'ERP_Customers' ? 'ERP Customers' : 'ERP Orders'
      });
      assert.match(
        await card.innerText(),
        new RegExp(`Dead letters\\s*${letters}(?!\\d)`),
        `${endpoint}: ${letters}`
      );
    }
  });

  it('replays a dead letter from the Dead Letters tab, and it is delivered once', async () => {
    const delivered = "SELECT COUNT() FROM Conduit_Message__c WHERE Status__c = 'Delivered'";
    const before = count(delivered);
    await page.getByRole('tab', { name: 'Dead Letters' }).click();
    const rows = page.locator('c-conduit-dead-letters tbody tr');
    await rows.first().waitFor();
    // A customer upsert: the ERP takes it on its own (an order needs its customer first).
    const customer = rows.filter({ hasText: 'ERP_Customers' }).first();
    await customer.locator('.slds-checkbox_faux').click();
    await page.getByRole('button', { name: 'Replay selected' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'OK' }).click();
    await page
      .locator('[data-id="summary-text"]')
      .filter({ hasText: /1 of 1/ })
      .waitFor();
    assert.equal(
      count("SELECT COUNT() FROM Conduit_Dead_Letter__c WHERE Status__c = 'Replayed'"),
      1,
      'the org marked it replayed'
    );
    await driveUntil(() => count(WAITING) === 0);
    assert.equal(count(delivered), before + 1, 'the replayed message was delivered');
    const stats = await stack.erp.stats();
    assert.equal(stats.idempotency.duplicatesApplied, 0, 'the ERP applied nothing twice');
    mkdirSync(join(repoRoot, 'reports'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it("streams the org's log events to the Live tab once switched on", async () => {
    await page.goto(`${stack.dashboard!.url}#live`);
    await page.getByText('Stream live log events').click();
    // The stream is open when the local org's server holds the dashboard's request.
    await page.waitForTimeout(500);
    runOrThrow(
      stack.org,
      'log an entry',
      "ConduitLog.warn('Outbox', 'live check from the local run'); ConduitLog.flush();"
    );
    await page.getByText('live check from the local run').waitFor();
  });

  it('raised no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
