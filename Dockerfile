# syntax=docker/dockerfile:1
# One image pattern for every service:   docker build --build-arg SERVICE=order -t dapr-shop/order .
# Stages: `manifests` keeps only the package files, so `npm ci` (once, for the whole workspace) is cached until a
# package.json or the lock changes; `build` compiles every workspace with tsc -b (the same layers for all 11 images,
# so building them all compiles once); `dev` is what Tilt runs and live-updates; `runtime` is the small production
# image: production dependencies, the compiled service, service-kit and the event contracts, run as a non-root user.
ARG NODE_IMAGE=node:20.19.5-bookworm-slim

FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY package.json package-lock.json ./
COPY packages ./packages
COPY services ./services
RUN find packages services -type f ! -name package.json -delete && find packages services -type d -empty -delete

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY --from=manifests /src ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund --loglevel=error
COPY tsconfig.base.json tsconfig.json ./
COPY contracts ./contracts
COPY packages ./packages
COPY services ./services
RUN npx tsc -b

# Tilt's target: the workspace as built, run by `node --watch-path`, which restarts the app when a live update syncs
# new compiled files (the app's and service-kit's dist/, compiled on the host) or event contracts, which service-kit
# reads once at start. The live update writes as the container's user (uid 1000, `node`): those folders are node's,
# and everything else stays root's. Running the dev container as root instead would take it away from the pods'
# runAsNonRoot and hide, in development, a file the app could not read in production. Never deployed outside a dev
# cluster.
FROM build AS dev
ARG SERVICE
RUN test -n "${SERVICE}" && test -f "services/${SERVICE}/package.json" \
  && chown -R node:node "services/${SERVICE}/dist" packages/service-kit/dist contracts/events
ENV NODE_ENV=development
WORKDIR /app/services/${SERVICE}
USER node
CMD ["node", "--watch-path=dist", "--watch-path=/app/packages/service-kit/dist", "--watch-path=/app/contracts/events", "--enable-source-maps", "dist/src/main.js"]

FROM build AS prune
RUN npm prune --omit=dev --no-audit --no-fund --loglevel=error

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
RUN test -n "${SERVICE}"
ENV NODE_ENV=production
WORKDIR /app
COPY --from=prune /app/package.json ./
COPY --from=prune /app/node_modules ./node_modules
COPY --from=prune /app/contracts/events ./contracts/events
COPY --from=prune /app/packages/service-kit/package.json ./packages/service-kit/
COPY --from=prune /app/packages/service-kit/dist ./packages/service-kit/dist
COPY --from=prune /app/services/${SERVICE}/package.json ./services/${SERVICE}/
COPY --from=prune /app/services/${SERVICE}/dist ./services/${SERVICE}/dist
WORKDIR /app/services/${SERVICE}
# The image's `node` user (uid 1000), which the manifests' runAsUser names; the files above stay root's, read-only.
USER node
# For `docker run`; on Kubernetes the probes on /healthz and /readyz do this job.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.APP_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/src/main.js"]
