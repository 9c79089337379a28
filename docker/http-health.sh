#!/bin/bash
# HEALTHCHECK of a Troupe service: GET a health path on the service's own port and accept only
# HTTP 200. bash's /dev/tcp instead of curl: neither the Debian base nor every JRE image has curl.
path="${1:-/q/health/live}"
port="${QUARKUS_HTTP_PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$path" >&3
read -r -t 3 _ status _ <&3 || exit 1
[ "$status" = "200" ]
