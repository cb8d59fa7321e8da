# Node 24 (the current LTS) on Debian slim. Two stages: the first installs every dependency and
# compiles; the second keeps the compiled code, production dependencies and the PDF fonts.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-slim
# tini as PID 1 forwards SIGTERM to Node (which then finishes its requests or batch and frees the
# projection lease) and reaps zombies; Node as PID 1 would ignore signals it installs no handler for.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/libs/certificates/fonts ./libs/certificates/fonts
# The passport schemas (JSON, read at start) are not compiled into dist/.
COPY --from=build --chown=node:node /app/libs/passport/schemas ./libs/passport/schemas
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# The slim image has no curl: Node's own fetch asks /health/live (the process answers). Liveness,
# not readiness, because orchestrators that act on this check (Swarm) replace unhealthy containers,
# and a restart cures no database outage; docker-compose.yml asks /health/ready instead, and
# Kubernetes should probe both (docs/reliability.md). The projector, serving no HTTP, overrides it.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/health/live`, { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/apps/api/src/main.js"]
