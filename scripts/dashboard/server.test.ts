/** serveDashboard: static files with the right types, 404s, no listing, and forwarding. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PortInUseError, fileFor, serveDashboard } from './server.ts';
import type { DashboardServer } from './server.ts';

let root: string;
let server: DashboardServer;
const forwarded: string[] = [];

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'dashboard-server-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(root, 'app.js'), 'export {};');
  mkdirSync(join(root, 'assets', 'styles'), { recursive: true });
  writeFileSync(join(root, 'assets', 'styles', 'slds.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'icon.svg'), '<svg/>');
  server = await serveDashboard({
    root,
    port: 0,
    apexHandler: (request, response) => {
      forwarded.push(`${request.method} ${request.url}`);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    }
  });
});

after(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

const get = (path: string, init?: RequestInit): Promise<Response> =>
  fetch(new URL(path, server.url), init);

describe('serveDashboard', () => {
  it('listens on 127.0.0.1 on the port the OS picked', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.notEqual(server.port, 0);
  });

  for (const [path, type] of [
    ['/', 'text/html; charset=utf-8'],
    ['/index.html', 'text/html; charset=utf-8'],
    ['/app.js', 'text/javascript; charset=utf-8'],
    ['/assets/styles/slds.css', 'text/css; charset=utf-8'],
    ['/assets/icon.svg', 'image/svg+xml']
  ]) {
    it(`serves ${path} as ${type}`, async () => {
      const response = await get(path);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), type);
      assert.ok((await response.text()).length > 0);
    });
  }

  it('answers 404 for a missing file and for a folder (no listing)', async () => {
    assert.equal((await get('/missing.js')).status, 404);
    const folder = await get('/assets');
    assert.equal(folder.status, 404);
    assert.doesNotMatch(await folder.text(), /styles/);
    assert.equal((await get('/assets/')).status, 404);
  });

  it('never serves a file outside the root', async () => {
    assert.equal((await get('/..%2f..%2fetc%2fpasswd')).status, 404);
    assert.equal(fileFor(root, '/../secret'), null);
    assert.equal(fileFor(root, '/%2e%2e/secret'), null);
    assert.equal(fileFor(root, '/ok.js'), join(root, 'ok.js'));
  });

  it('refuses writes to static files with 405', async () => {
    const response = await get('/index.html', { method: 'POST', body: 'x' });
    assert.equal(response.status, 405);
  });

  it('forwards /__conduit/* to the handler with method and URL intact', async () => {
    const response = await get('/__conduit/apex/ConduitHealthController/getHealth', {
      method: 'POST',
      body: '{}'
    });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { ok: true });
    assert.deepEqual(forwarded, ['POST /__conduit/apex/ConduitHealthController/getHealth']);
  });

  it('answers 500 with a JSON message when the handler throws', async () => {
    const failing = await serveDashboard({
      root,
      port: 0,
      apexHandler: () => {
        throw new Error('boom');
      }
    });
    try {
      const response = await fetch(new URL('/__conduit/apex/A/b', failing.url), { method: 'POST' });
      assert.equal(response.status, 500);
      assert.match(((await response.json()) as { message: string }).message, /boom/);
    } finally {
      await failing.close();
    }
  });

  it('rejects with PortInUseError, saying what to do, when the port is taken', async () => {
    await assert.rejects(
      serveDashboard({ root, port: server.port, apexHandler: () => undefined }),
      (error: Error) => {
        assert.ok(error instanceof PortInUseError);
        assert.match(error.message, new RegExp(`Port ${server.port} .* already in use: stop`));
        return true;
      }
    );
  });
});
