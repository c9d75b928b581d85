# The base of both stages. An internal registry's mirror: `docker build --build-arg
# NODE_IMAGE=registry.example.internal/library/node:24-bookworm-slim .` (or `NODE_IMAGE` in compose's
# build args). It must be a Debian Node 24 image (useradd, the official image's layout).
ARG NODE_IMAGE=node:24-bookworm-slim

# Build stage: dev dependencies (esbuild, tsx) bundle the TypeScript into dist/ (`npm run build`).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Runtime stage: production dependencies and the built JavaScript; nothing is transpiled at start.
FROM ${NODE_IMAGE}
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The demo zone and budget, seeded when the sandbox runs (no FEISHU_*), and the formats' examples.
COPY org ./org
# The app runs as its own user, which owns nothing but /app/data (the audit anchor file); the code
# and node_modules stay root's and read-only to it. A new named volume on /app/data takes this
# ownership; one written by an older image (as root) needs `chown -R 10001:10001` once (README).
RUN groupadd --system --gid 10001 gps \
  && useradd --system --uid 10001 --gid gps --home-dir /app/data --no-create-home --shell /usr/sbin/nologin gps \
  && mkdir -p /app/data \
  && chown gps:gps /app/data \
  && chmod 0750 /app/data
ENV NODE_ENV=production
ENV PORT=3000
ENV AUDIT_ANCHOR_FILE=/app/data/audit-anchors.jsonl
# Node 24's V8 lets the young generation grow larger than Node 20's did: the export's peak RSS went
# from 175 to 279 MB (over its 250 MB target) and the idle bot from 149 to 254 MB; with semi-spaces
# capped at 16 MB they were 170 and 179 MB (BENCHMARKS.md, "Node 24 against Node 20").
ENV NODE_OPTIONS=--max-semi-space-size=16
USER gps:gps
EXPOSE 3000
# Liveness: the process serves /healthz on PORT (a load balancer in front of replicas uses /readyz).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Other processes: `node dist/main.js --role bot|worker`; migrations alone: `node dist/cli/migrate.js`.
CMD ["node", "dist/main.js"]
