import type { FastifyInstance } from 'fastify';
import type { CellpathMetrics } from '#libs/metrics';
import { unavailableCause } from '../http/problem.filter.js';

/** Requests no route matched share one label, so scanners cannot grow the label set without bound. */
const UNMATCHED = 'unmatched';

/**
 * Times every response under its route template (`/api/v1/batteries/:id`, never the raw URL) and
 * counts each 503 under its cause. `onResponse` runs once the response is sent, errors included.
 */
export function installHttpMetrics(fastify: FastifyInstance, metrics: CellpathMetrics): void {
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? UNMATCHED;
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    if (reply.statusCode === 503) metrics.countUnavailable(unavailableCause(reply) ?? 'other');
  });
}
