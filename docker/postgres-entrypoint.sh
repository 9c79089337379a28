#!/bin/bash
# Starts PostgreSQL for docker/postgres.Dockerfile: initialises PGDATA on first start (password
# auth over TCP when POSTGRES_PASSWORD is set, trust otherwise), creates POSTGRES_DB and the
# databases in TROUPE_DATABASES, then runs the server in the foreground with any extra arguments.
set -euo pipefail
bin=$(dirname "$(command -v postgres 2>/dev/null || ls /usr/lib/postgresql/*/bin/postgres | tail -n 1)")
export PATH="$bin:$PATH"
rm -f /var/lib/troupe-pg/ready
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  auth=trust
  pwfile=""
  if [ -n "${POSTGRES_PASSWORD:-}" ]; then
    auth=scram-sha-256
    pwfile=$(mktemp)
    printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  fi
  initdb -D "$PGDATA" -U "$POSTGRES_USER" --auth-local=trust --auth-host="$auth" \
    ${pwfile:+--pwfile="$pwfile"} --encoding=UTF8 --locale=C >/dev/null
  [ -n "$pwfile" ] && rm -f "$pwfile"
  printf "host all all 0.0.0.0/0 %s\nhost all all ::/0 %s\n" "$auth" "$auth" >> "$PGDATA/pg_hba.conf"
  # Create the databases on a socket-only server, then restart it listening on the network.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  for db in $(echo "${POSTGRES_DB},${TROUPE_DATABASES:-}" | tr ',' ' '); do
    if [ "$db" != postgres ] && ! psql -U "$POSTGRES_USER" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
      psql -q -U "$POSTGRES_USER" -d postgres -c "CREATE DATABASE \"$db\""
    fi
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
fi
# The ready marker is written once the server accepts connections (for the health check).
( for _ in $(seq 1 120); do
    if pg_isready -q -h 127.0.0.1 -U "$POSTGRES_USER" -d postgres; then touch /var/lib/troupe-pg/ready; exit 0; fi
    sleep 0.5
  done ) &
# jit=off: the image built on Debian's package has no LLVM (see docker/postgres.Dockerfile).
exec postgres -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories=/run/postgresql -c jit=off "$@"
