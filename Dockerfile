# x12-gateway — the same build steps CI runs (npm ci, npm run build), then a slim runtime as a non-root user.

# --- build: compilers for better-sqlite3 (it compiles from source; no prebuilt download) ---
FROM node:20-bookworm AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY bench ./bench
# bench/instances.ts starts its PostgreSQL cluster and simulator with the tests' helpers: `npm run build` compiles them too.
COPY test/helpers ./test/helpers
COPY scripts ./scripts
COPY mappings ./mappings
RUN npx tsx scripts/check-maps.ts && npm run build && npm prune --omit=dev

# --- runtime ---
FROM node:20-bookworm-slim
ENV NODE_ENV=production
# glibc malloc: two arenas and freed memory handed back above 1 MiB (instead of one arena per thread and a
# trim threshold that grows): ~11-13 MB less peak RSS for the gateway posting a large 835, same CPU
# (docs/performance.md, "Issue 12, round 7"; docs/operator-guide.md, "Memory").
ENV MALLOC_ARENA_MAX=2 MALLOC_TRIM_THRESHOLD_=1048576
WORKDIR /app
RUN groupadd --system x12 && useradd --system --gid x12 --home-dir /app x12
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY mappings ./mappings
COPY samples ./samples
COPY config ./config
RUN mkdir -p inbox outbox data reports && chown -R x12:x12 inbox outbox data reports
USER x12
# Claim batches in, responses and results out, the ledger and spool: keep them outside the container.
VOLUME ["/app/inbox", "/app/outbox", "/app/data", "/app/reports"]
EXPOSE 8080
ENTRYPOINT ["node", "dist/src/cli/main.js"]
# Demo mode by default; run against real partners with: serve --config /app/config/gateway.json
# Several instances on one PostgreSQL ledger (docs/operator-guide.md, "Production layout"): serve with
# X12GW_DATABASE_URL=postgres://user@host:5432/db and the password in PGPASSWORD or a PGPASSFILE (0600),
# never in the URL; docs/compose.example.yaml runs PostgreSQL and two instances this way.
CMD ["demo"]
