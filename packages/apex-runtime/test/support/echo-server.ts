/**
 * A small HTTP server for the local org's callout tests, run as a child process: real callouts
 * block the Apex thread, so the server they reach must not share it. It prints its port, then:
 *   /echo      answers 200 with the request it got (method, path, headers, body) as JSON;
 *   /status/N  answers status N with a header and a text body;
 *   /slow?ms=N answers after N milliseconds;
 *   /reset     closes the connection without answering.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = Buffer.concat(chunks).toString('utf8');
    if (url.pathname.endsWith('/echo')) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Echo': 'yes' });
      res.end(JSON.stringify({ method: req.method, path: req.url, headers: req.headers, body }));
    } else if (url.pathname.startsWith('/status/')) {
      res.writeHead(Number(url.pathname.slice('/status/'.length)), 'Custom Reason', {
        'Content-Type': 'text/plain',
        'Retry-After': '30'
      });
      res.end('status body');
    } else if (url.pathname === '/slow') {
      setTimeout(
        () => {
          res.writeHead(200);
          res.end('late');
        },
        Number(url.searchParams.get('ms') ?? '1000')
      );
    } else if (url.pathname === '/reset') {
      req.socket.destroy();
    } else {
      res.writeHead(404);
      res.end();
    }
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
