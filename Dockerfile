# syntax=docker/dockerfile:1
# The nestjs-janus app. Janus runs in its own container: point JANUS_URL (and optionally JANUS_ADMIN_URL) at it.
#   docker build -t nestjs-janus .
#   docker run -p 3000:3000 -e JANUS_URL=ws://janus:8188 -e JANUS_API_SECRET=... nestjs-janus

ARG NODE_IMAGE=node:22-bookworm-slim

# ---- build: all dependencies, compile the library (libs/janus/dist) and the app (dist/apps/app) ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY libs/janus/package.json libs/janus/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# ---- runtime: production dependencies only, plus the two builds ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
# npm links the workspace: node_modules/nestjs-janus -> ../libs/janus, which needs its package.json and dist/.
COPY package.json package-lock.json ./
COPY libs/janus/package.json libs/janus/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/libs/janus/dist libs/janus/dist
COPY --from=build /app/dist/apps/app dist/apps/app

USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/app/main.js"]
