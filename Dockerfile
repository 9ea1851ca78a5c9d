# syntax=docker/dockerfile:1
# ajar container image: compiled JavaScript on Node 24, production dependencies only, non-root.
#   docker build -t ajar .
#   docker run --rm --init -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY -e AWS_SESSION_TOKEN ajar scan aws
# More recipes (Azure, GCP, volumes, Kubernetes): docs/recipes.md.
FROM node:24-bookworm-slim AS build
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY rules ./rules
# Source maps and type declarations are half the production dependencies' size and never run:
# Node does not load .ts/.mts/.cts files from node_modules (type stripping stops there).
RUN node node_modules/typescript/bin/tsc -p tsconfig.build.json \
 && npm prune --omit=dev --no-audit --no-fund \
 && find node_modules -type f \( -name '*.map' -o -name '*.ts' -o -name '*.mts' -o -name '*.cts' \) -delete

FROM node:24-bookworm-slim
LABEL org.opencontainers.image.title="ajar" \
      org.opencontainers.image.description="Finds cloud storage and databases left open to the internet" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV NODE_ENV=production
WORKDIR /opt/ajar
COPY --from=build /build/node_modules ./node_modules
COPY --from=build /build/dist ./dist
COPY package.json LICENSE ./
COPY bin ./bin
# The working directory belongs to the unprivileged user, so `-o report.json` works without a volume.
RUN mkdir /work && chown 1000:1000 /work
# The image's own unprivileged "node" user (uid 1000): ajar writes only its --output files.
USER 1000:1000
WORKDIR /work
ENTRYPOINT ["node", "/opt/ajar/bin/ajar.js"]
CMD ["--help"]
