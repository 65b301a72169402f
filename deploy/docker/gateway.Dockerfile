# The gateway image: nginx with the shared configuration (deploy/gateway/nginx.conf.template) and the web
# console built from web-console/. Build from the repository's root:
#   docker build -f deploy/docker/gateway.Dockerfile -t clouddiagnoze/gateway:0.1.0 .
# It runs as nginx's unprivileged user and writes only under /tmp, so the root filesystem may be read-only.
FROM node:20-bookworm-slim AS console
WORKDIR /console
COPY web-console/package.json web-console/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web-console/ ./
RUN npm run build

FROM nginx:1.27
COPY --from=console /console/dist /usr/share/clouddiagnoze/console
COPY deploy/gateway/nginx.conf.template /etc/nginx/templates/nginx.conf.template
ENV CONSOLE_ROOT=/usr/share/clouddiagnoze/console \
    GATEWAY_PORT=8080 \
    GATEWAY_TLS_PORT=8443 \
    RUN_DIR=/tmp \
    NGINX_ENVSUBST_OUTPUT_DIR=/tmp
USER 101
EXPOSE 8080 8443
CMD ["nginx", "-c", "/tmp/nginx.conf", "-e", "stderr", "-g", "daemon off;"]
