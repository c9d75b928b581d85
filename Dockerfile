# Build stage: dev dependencies (esbuild, tsx) bundle the TypeScript into dist/ (`npm run build`).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Runtime stage: production dependencies and the built JavaScript; nothing is transpiled at start.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
# The demo zone and budget, seeded when the sandbox runs (no FEISHU_*), and the formats' examples.
COPY org ./org
ENV NODE_ENV=production
EXPOSE 3000
# Other processes: `node dist/main.js --role bot|worker`; migrations alone: `node dist/cli/migrate.js`.
CMD ["node", "dist/main.js"]
