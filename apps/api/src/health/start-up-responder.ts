import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { problem, PROBLEM_CONTENT_TYPE } from '../http/problem.js';
import { API_SECURITY_HEADERS } from '../security/security-headers.js';

/** Migrations and a first audit can take a while on a large store; probes need not ask more often. */
const RETRY_AFTER_SECONDS = 5;

export interface StartUpResponder {
  /** The port it holds (the configured one, or the one the system chose for PORT=0). */
  readonly port: number;
  /** Frees the port for the app. */
  close(): Promise<void>;
}

/**
 * Holds the port while the stores open and migrations run, before the app exists: /health/live
 * answers 200 (the process is up; an orchestrator must not restart it for a long migration),
 * everything else 503 `not-ready` with Retry-After, so readiness fails until the app takes over.
 */
export async function answerWhileStarting(port: number, host: string): Promise<StartUpResponder> {
  const server = createServer((request, response) => {
    response.setHeaders(new Map(Object.entries(API_SECURITY_HEADERS)));
    if (request.method === 'GET' && request.url === '/health/live') {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ status: 'ok' }));
      return;
    }
    const body = problem(503, 'not-ready', 'starting: opening the stores and applying migrations');
    response.writeHead(503, { 'content-type': PROBLEM_CONTENT_TYPE, 'retry-after': String(RETRY_AFTER_SECONDS) }).end(JSON.stringify(body));
  });
  server.listen(port, host);
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
