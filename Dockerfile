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
COPY scripts ./scripts
COPY mappings ./mappings
RUN npx tsx scripts/check-maps.ts && npm run build && npm prune --omit=dev

# --- runtime ---
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
RUN groupadd --system x12 && useradd --system --gid x12 --home-dir /app x12
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY mappings ./mappings
COPY samples ./samples
COPY config ./config
RUN mkdir -p inbox outbox data && chown -R x12:x12 inbox outbox data
USER x12
# Claim batches in, responses and results out, the ledger and spool: keep them outside the container.
VOLUME ["/app/inbox", "/app/outbox", "/app/data"]
EXPOSE 8080
ENTRYPOINT ["node", "dist/src/cli/main.js"]
# Demo mode by default; run against real partners with: serve --config /app/config/gateway.json
CMD ["demo"]
