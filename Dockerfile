# syntax=docker/dockerfile:1
# The KubeVision gateway: `docker build -t REGISTRY/kubevision/gateway:TAG .` (README, "Deploy to a cluster").

# Build stage: the full dev install, then the gateway bundled to plain JavaScript with its two
# native addons (npm run build:gateway, the same script the tests run).
FROM node:20-bookworm AS build
# better-sqlite3 and node-pty compile from source when no prebuilt binary fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
# Install scripts run only for the packages the build needs: the native addons and esbuild.
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3 node-pty esbuild
COPY tsconfig.json ./
COPY server ./server
COPY src/core ./src/core
RUN npm run build:gateway

# Runtime stage: Node and the built gateway, nothing else (no npm install, no compiler, no sources).
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and not writable by the gateway's user: the code cannot be changed at run time.
COPY --from=build /src/dist-server/ /app/
# The default recordings directory; in Kubernetes a volume is mounted here (the root filesystem is read-only).
RUN mkdir -p /var/lib/kubevision/recordings && chown 10001:10001 /var/lib/kubevision/recordings
# A numeric user, so that runAsNonRoot can verify it without a passwd entry.
USER 10001:10001
EXPOSE 8080
# For plain `docker run`; Kubernetes ignores it and uses the Deployment's probes.
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "--enable-source-maps", "/app/main.js"]
CMD ["--host=0.0.0.0", "--port=8080", "--kubeconfig=default", "--production", "--recordings=/var/lib/kubevision/recordings"]
