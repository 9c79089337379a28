#!/usr/bin/env bash
# ./troupe up --containers: Troupe's stack from its images (scripts/build-images.sh) on one machine,
# through the docker CLI alone (no compose plugin needed): the same containers, settings and
# limits as docker/compose.yaml, which mirrors this file. Runs until Ctrl-C, then removes them.
#   ./troupe up --containers [--agents N] [--keep]
#   --agents N   agent containers, one agent each (default 3)
#   --keep       leave the stack running and return once it is ready (stop: ./troupe down --containers)
# Ports: TROUPE_COORDINATOR_PORT (8081), TROUPE_WORKSPACE_PORT (8082), TROUPE_METRICS_PORT (8084).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
images="${TROUPE_IMAGES:-troupe/}"
tag="${TROUPE_TAG:-0.1.0}"
network=troupe
label=io.troupe.stack=containers
pg_password="${TROUPE_PG_PASSWORD:-troupe}"

down() {
  local ids
  ids=$(docker ps -aq --filter "label=$label")
  [ -n "$ids" ] && docker rm -f $ids >/dev/null
  docker network rm "$network" >/dev/null 2>&1 || true
  docker volume rm troupe-pg-data troupe-kafka-data >/dev/null 2>&1 || true
}

if [ "${1:-}" = down ]; then
  down
  echo "stopped"
  exit 0
fi

agents=3
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --agents) agents="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "troupe up --containers: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ "$agents" =~ ^[0-9]+$ ]] && [ "$agents" -ge 1 ] && [ "$agents" -le 16 ] \
  || { echo "--agents takes 1 to 16" >&2; exit 2; }

docker info >/dev/null 2>&1 || { echo "no Docker daemon answers (see README, Containers)" >&2; exit 1; }
for image in postgres kafka coordinator-service workspace-service metrics-service agent-service; do
  docker image inspect "$images$image:$tag" >/dev/null 2>&1 \
    || { echo "image $images$image:$tag is missing: run scripts/build-images.sh" >&2; exit 1; }
done
if [ -n "$(docker ps -aq --filter "label=$label")" ]; then
  echo "a container stack is up already (./troupe down --containers removes it)" >&2
  exit 1
fi

# The API credentials, generated once into a 0600 file (README, Threat model); ./troupe sweep --token-file takes it.
credentials="${TROUPE_HOME:-.}/.troupe/containers-credentials.properties"
if [ ! -f "$credentials" ]; then
  mkdir -p "$(dirname "$credentials")"
  (umask 077; for key in operator-token viewer-token service-token agent-key; do
     echo "troupe.auth.$key=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"; done > "$credentials")
fi
auth=()
while IFS='=' read -r key value; do
  name=$(echo "${key#troupe.auth.}" | tr 'a-z-' 'A-Z_')
  auth+=(--env "TROUPE_AUTH_$name=$value")
done < "$credentials"
echo "credentials: $credentials" >&2

# What every service gets (the chart's ConfigMap and commonEnv); add settings here and in docker/compose.yaml.
common=(--env KAFKA_BOOTSTRAP_SERVERS=kafka:9092 --env JAVA_OPTS_APPEND=-XX:MaxRAMPercentage=70
        --env QUARKUS_OTEL_SDK_DISABLED=true
        --env TROUPE_COORDINATOR_URL=http://troupe-coordinator:8081
        --env TROUPE_WORKSPACE_URL=http://troupe-workspace:8082 "${auth[@]}")
database=(--env QUARKUS_DATASOURCE_H2_ACTIVE=false --env QUARKUS_DATASOURCE_PG_ACTIVE=true
          --env QUARKUS_DATASOURCE_PG_USERNAME=troupe --env "QUARKUS_DATASOURCE_PG_PASSWORD=$pg_password")
# The chart's pod security and default limits.
confined=(--read-only --tmpfs /tmp:size=256m,exec --cap-drop ALL --security-opt no-new-privileges
          --memory 512m --cpus 1 --restart unless-stopped)

run() {
  local name="$1"
  shift
  docker run -d --name "$name" --hostname "$name" --network "$network" --network-alias "$name" \
    --label "$label" "$@" >/dev/null
}

trap 'echo; echo "stopping..."; down; exit 130' INT TERM
docker network create --label "$label" "$network" >/dev/null
run postgres --env POSTGRES_USER=troupe --env "POSTGRES_PASSWORD=$pg_password" --env POSTGRES_DB=troupe \
  --env TROUPE_DATABASES=troupe,troupe_workspace -v troupe-pg-data:/var/lib/troupe-pg "${images}postgres:$tag"
run kafka --env KAFKA_ADVERTISED=kafka:9092 -v troupe-kafka-data:/var/lib/kafka "${images}kafka:$tag"

wait_healthy() {
  local deadline=$((SECONDS + $2))
  until [ "$(docker inspect --format '{{.State.Health.Status}}' "$1" 2>/dev/null)" = healthy ]; do
    if [ $SECONDS -ge $deadline ]; then
      echo "$1 is not healthy after $2 s; its log:" >&2
      docker logs --tail 40 "$1" >&2 || true
      down
      exit 1
    fi
    sleep 1
  done
}
wait_healthy postgres 120
wait_healthy kafka 120

run troupe-coordinator "${confined[@]}" "${common[@]}" "${database[@]}" --env QUARKUS_HTTP_PORT=8081 \
  --env QUARKUS_DATASOURCE_PG_JDBC_URL=jdbc:postgresql://postgres:5432/troupe \
  -p "${TROUPE_COORDINATOR_PORT:-8081}:8081" "${images}coordinator-service:$tag"
run troupe-workspace "${confined[@]}" "${common[@]}" "${database[@]}" --env QUARKUS_HTTP_PORT=8082 \
  --env QUARKUS_DATASOURCE_PG_JDBC_URL=jdbc:postgresql://postgres:5432/troupe_workspace \
  --env TROUPE_WORKSPACE_SANDBOX=trusted \
  -p "${TROUPE_WORKSPACE_PORT:-8082}:8082" "${images}workspace-service:$tag"
run troupe-metrics "${confined[@]}" "${common[@]}" --env QUARKUS_HTTP_PORT=8084 \
  -p "${TROUPE_METRICS_PORT:-8084}:8084" "${images}metrics-service:$tag"
for ((i = 0; i < agents; i++)); do
  run "troupe-agent-$i" "${confined[@]}" "${common[@]}" --env QUARKUS_HTTP_PORT=8083 \
    --env TROUPE_AGENT_WORKERS=1 --env "TROUPE_AGENT_POD_NAME=troupe-agent-$i" \
    --env "MP_MESSAGING_INCOMING_AGENT_INBOX_GROUP_ID=troupe-agent-$i" "${images}agent-service:$tag"
done
for name in troupe-coordinator troupe-workspace troupe-metrics; do wait_healthy "$name" 240; done
for ((i = 0; i < agents; i++)); do wait_healthy "troupe-agent-$i" 240; done

cat <<EOF
Troupe is up (containers; network $network)
coordinator  http://localhost:${TROUPE_COORDINATOR_PORT:-8081}
workspace    http://localhost:${TROUPE_WORKSPACE_PORT:-8082}
metrics      http://localhost:${TROUPE_METRICS_PORT:-8084}
agents       $agents containers (troupe-agent-0..$((agents - 1)))
EOF
if [ -n "$keep" ]; then
  echo "left running: ./troupe down --containers stops it"
  trap - INT TERM
  exit 0
fi
echo "Ctrl-C stops and removes it."
while :; do sleep 3600 & wait $!; done
