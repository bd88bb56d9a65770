/**
 * A fake local org for the dashboard's tests: answers the monitoring controllers' Apex methods
 * with the LWC Jest fixtures (lwc-ts/<component>/__tests__/data/*.json, the DTO shapes of
 * lwc-ts/types/conduit-monitor.d.ts) and records every call, so a test can assert what the UI
 * asked for. Unknown methods answer like an AuraHandledException: 400 with `{ message }`.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { repoRoot } from '../../lib/project.ts';
import type { ConduitHandler } from '../server.ts';

export interface RecordedCall {
  className: string;
  methodName: string;
  params: Record<string, unknown>;
}

export interface FakeOrg {
  handler: ConduitHandler;
  calls: RecordedCall[];
  /** Sends one empApi message to every open stream of `channel`; resolves how many got it. */
  publish(channel: string, message: unknown): number;
  /** Resolves once a stream of `channel` is open (at once when one already is). */
  subscribed(channel: string): Promise<void>;
  /** Replaces one method's answer (a value, or an error message for a 400). */
  answer(
    className: string,
    methodName: string,
    reply: (params: Record<string, unknown>) => unknown
  ): void;
}

/** Thrown by a reply to answer 400 `{ message }`, as an AuraHandledException does. */
export class FakeApexError extends Error {}

export function fixture(component: string, name: string): unknown {
  const file = join(repoRoot, 'lwc-ts', component, '__tests__', 'data', `${name}.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

const TRACE = JSON.parse(readFileSync(join(import.meta.dirname, 'trace.json'), 'utf8')) as {
  traceId: string;
  startedAt: string;
  spans: unknown[];
};

function actionResult(params: Record<string, unknown>): unknown {
  const ids = Array.isArray(params.deadLetterIds) ? params.deadLetterIds : [];
  return { requested: ids.length, succeeded: ids.length, failures: [] };
}

function defaultReplies(): Map<string, (params: Record<string, unknown>) => unknown> {
  return new Map<string, (params: Record<string, unknown>) => unknown>([
    ['ConduitHealthController.getHealth', () => fixture('conduitHealth', 'healthSnapshot')],
    ['ConduitHealthController.resetCircuit', () => null],
    ['ConduitHealthController.forceOpenCircuit', () => null],
    ['ConduitDeadLetterController.getPage', () => fixture('conduitDeadLetters', 'deadLetterPage')],
    [
      'ConduitDeadLetterController.getDetail',
      () => fixture('deadLetterDetail', 'deadLetterDetail')
    ],
    ['ConduitDeadLetterController.replay', actionResult],
    ['ConduitDeadLetterController.discard', actionResult],
    ['ConduitTraceController.getTrace', () => TRACE],
    [
      'ConduitTraceController.findTraces',
      () => [
        {
          traceId: TRACE.traceId,
          startedAt: TRACE.startedAt,
          spanCount: TRACE.spans.length,
          outcome: 'RETRYABLE'
        }
      ]
    ]
  ]);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

function json(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(value ?? null));
}

export function createFakeOrg(): FakeOrg {
  const calls: RecordedCall[] = [];
  const replies = defaultReplies();
  const streams = new Map<string, Set<ServerResponse>>();
  const waiting = new Map<string, (() => void)[]>();
  const openStream = (channel: string, response: ServerResponse): void => {
    const open = streams.get(channel) ?? new Set<ServerResponse>();
    streams.set(channel, open);
    open.add(response);
    response.on('close', () => open.delete(response));
    for (const resolve of waiting.get(channel) ?? []) {
      resolve();
    }
    waiting.delete(channel);
  };
  const handler: ConduitHandler = async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://dashboard.invalid').pathname;
    if (path.startsWith('/__conduit/events/')) {
      const channel = decodeURIComponent(path.slice('/__conduit/events/'.length));
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      response.write(': connected\n\n');
      openStream(channel, response);
      return;
    }
    const apex = /^\/__conduit\/apex\/([^/]+)\/([^/]+)$/.exec(path);
    if (!apex || request.method !== 'POST') {
      json(response, 404, { message: `No such local org route: ${request.method} ${path}` });
      return;
    }
    const [, className, methodName] = apex;
    const text = await readBody(request);
    const params = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    calls.push({ className, methodName, params });
    const reply = replies.get(`${className}.${methodName}`);
    if (!reply) {
      json(response, 400, { message: `The fake org has no ${className}.${methodName}.` });
      return;
    }
    try {
      json(response, 200, reply(params));
    } catch (error) {
      if (error instanceof FakeApexError) {
        json(response, 400, { message: error.message });
        return;
      }
      throw error;
    }
  };
  return {
    handler,
    calls,
    publish: (channel, message) => {
      const open = [...(streams.get(channel) ?? [])];
      for (const response of open) {
        response.write(`data: ${JSON.stringify(message)}\n\n`);
      }
      return open.length;
    },
    subscribed: (channel) =>
      (streams.get(channel)?.size ?? 0) > 0
        ? Promise.resolve()
        : new Promise((resolve) =>
            waiting.set(channel, [...(waiting.get(channel) ?? []), resolve])
          ),
    answer: (className, methodName, reply) => replies.set(`${className}.${methodName}`, reply)
  };
}
