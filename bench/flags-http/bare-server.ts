import { readFileSync } from 'node:fs';
import http from 'node:http';

/**
 * The raw HTTP limit: a bare `node:http` server that reads each request body and answers with one
 * pre-serialised JSON body (a real Signpost `/flags` answer, so the same size), doing no other work.
 *
 *   BENCH_BODY_FILE=answer.json SIGNPOST_PORT=8080 node bench/flags-http/bare-server.ts
 */
const body = readFileSync(process.env.BENCH_BODY_FILE ?? '');
const headers = { 'content-type': 'application/json', 'content-length': String(body.length) };

const server = http.createServer((request, response) => {
  request.on('data', () => undefined);
  request.on('end', () => response.writeHead(200, headers).end(body));
});
server.listen(Number(process.env.SIGNPOST_PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
