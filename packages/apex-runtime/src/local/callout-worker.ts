/**
 * The worker thread behind real callouts: it performs one HTTP request with node:http(s) and
 * hands back the status, headers and body, while the Apex thread waits for it (see callout.ts).
 * Redirects are not followed and bodies are not decompressed: Apex's Http.send does neither.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { runAsWorker } from 'synckit';
import type { WireRequest, WireResponse } from './callout-wire.ts';

function perform(req: WireRequest): Promise<WireResponse> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      resolve({ kind: 'error', code: 'EINVALIDURL', message: `invalid URL ${req.url}` });
      return;
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      resolve({
        kind: 'error',
        code: 'EPROTOCOL',
        message: `unsupported protocol ${url.protocol}`
      });
      return;
    }
    const body = req.bodyBase64 === null ? null : Buffer.from(req.bodyBase64, 'base64');
    let settled = false;
    const finish = (result: WireResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const outgoing = send(url, { method: req.method, headers: req.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        finish({
          kind: 'response',
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          headers: pairs(res.rawHeaders),
          bodyBase64: Buffer.concat(chunks).toString('base64')
        })
      );
      res.on('error', (error: NodeJS.ErrnoException) =>
        finish({ kind: 'error', code: error.code ?? 'ERESPONSE', message: error.message })
      );
    });
    // The timeout covers the whole exchange, as the callout's timeout does on the platform.
    const timer = setTimeout(() => {
      finish({ kind: 'error', code: 'ETIMEDOUT', message: 'timed out' });
      outgoing.destroy();
    }, req.timeoutMs);
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      finish({ kind: 'error', code: error.code ?? 'EREQUEST', message: error.message })
    );
    if (body !== null) outgoing.end(body);
    else outgoing.end();
  });
}

/** Node's raw header list (name, value, name, value, ...) as pairs, names as sent. */
function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

runAsWorker(perform);
