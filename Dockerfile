# One image for every process of the graph; docker-compose.yml picks the
# process with `command`. Build: docker build -t community-graph .
# Every process runs with the V8 flags of NODE_FLAGS (libs/config):
# `--heap-growing-percent=50 --max-semi-space-size=8` (the first is not
# allowed in NODE_OPTIONS).
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY apps/ apps/
COPY libs/ libs/
COPY nx.json tsconfig.base.json jest.preset.js eslint.config.js ./
COPY tools/ tools/
COPY schema/ schema/
RUN npm ci --no-audit --no-fund && npx nx run-many -t build --output-style=static && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app /app
USER node
CMD ["node", "--heap-growing-percent=50", "--max-semi-space-size=8", "apps/gateway/dist/main.js"]
