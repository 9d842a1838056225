# syntax=docker/dockerfile:1
# Multi-stage build: compile with dev dependencies, ship only production ones, run as non-root.

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
COPY question-bank ./question-bank
# the browser app (web/): built by Vite into web/dist, served by the API under /app/
COPY web ./web
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production
# AsyncLocalStorage (request context, transactions, the logger's request binding) on
# AsyncContextFrame, the default from Node 24: without it any store in use installs a promise
# hook that runs on every await in the process (README, bench/answer-save, issue 16)
ENV NODE_OPTIONS=--experimental-async-context-frame
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/web/dist ./web/dist
COPY --from=build --chown=node:node /app/question-bank ./question-bank
# the uploads volume (training certificates) and the audit anchor volume take these folders'
# owner when first created
RUN mkdir -p /data/uploads /data/audit && chown node:node /data/uploads /data/audit
USER node
EXPOSE 3000
# Workers have no HTTP port: docker-compose.yml turns this check off for them.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
