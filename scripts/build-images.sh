#!/usr/bin/env bash
# Builds Troupe's container images on this machine, without an image registry:
#   troupe/debian-base:bookworm     debootstrap --variant=minbase bookworm, trimmed, docker import
#   troupe/jre:<tag>                + a JRE made by jlink from the JDK that builds Troupe
#   troupe/test-runner:<tag>        + python3 and pytest (Debian packages): sandboxed test runs
#   troupe/postgres:<tag>           + Debian's postgresql-15 (the stack's database in tests and compose)
#   troupe/kafka:<tag>              the JRE + troupe-broker's jar and target/lib (the same broker)
#   troupe/<service>:<tag>          the JRE + each service's target/quarkus-app (workspace: + pytest)
#
# Usage: scripts/build-images.sh [--no-maven | --base-only] [--rebuild-base] [--list]
#   --no-maven      never run Maven (inside a Maven build); fail if a module's build output is missing
#   --base-only     only the images that need no Maven build (base, JRE, test-runner, PostgreSQL)
#   --rebuild-base  debootstrap the Debian base again (otherwise it is made once per machine)
#   --list          print the images and their sizes, build nothing
# Environment: TROUPE_IMAGE_TAG (0.1.0), TROUPE_IMAGE_PREFIX (troupe/), TROUPE_DEBIAN_MIRROR.
#
# Cached: every image carries the label io.troupe.inputs, a hash of what it is built from (its
# Dockerfile, its build arguments, its parent image's id, and the sources behind its files); an
# image whose hash is unchanged is not rebuilt. Java images hash their modules' sources (pom.xml and
# src/main), not the jars, whose timestamps change with every Maven build.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"

tag="${TROUPE_IMAGE_TAG:-0.1.0}"
prefix="${TROUPE_IMAGE_PREFIX:-troupe/}"
mirror="${TROUPE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
work="$home/.troupe/images"
base_image="${prefix}debian-base:bookworm"
jre_image="${prefix}jre:$tag"
services=(coordinator-service workspace-service agent-service metrics-service)
declare -A port=([coordinator-service]=8081 [workspace-service]=8082 [agent-service]=8083 [metrics-service]=8084)
# Modules a JVM image needs; beyond these the JDK's own modules cover Quarkus, Kafka and JDBC.
jre_modules="java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.management.rmi,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,java.xml.crypto,jdk.charsets,jdk.crypto.ec,jdk.jfr,jdk.httpserver,jdk.management,jdk.naming.dns,jdk.net,jdk.security.auth,jdk.security.jgss,jdk.unsupported,jdk.zipfs"

no_maven=""
base_only=""
rebuild_base=""
for arg in "$@"; do
  case "$arg" in
    --no-maven) no_maven=1 ;;
    --base-only) base_only=1 ;;
    --rebuild-base) rebuild_base=1 ;;
    --list)
      docker image ls --filter "label=io.troupe.inputs" --format '{{.Repository}}:{{.Tag}}\t{{.Size}}'
      docker image ls "$base_image" --format '{{.Repository}}:{{.Tag}}\t{{.Size}}'
      exit 0 ;;
    -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-images: unknown argument $arg (see --help)" >&2; exit 2 ;;
  esac
done

log() { printf 'build-images: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

docker info >/dev/null 2>&1 || die "no Docker daemon answers (start one: dockerd --storage-driver=vfs &, or see .ci/run)"

# BuildKit: the legacy builder commits a layer per instruction, and on the vfs storage driver every
# layer is a full copy of the image (minutes per service image). A client with buildx, or a Docker
# client older than 23 (BuildKit built in, as Debian 12's docker.io), builds with BuildKit.
build_cmd=(docker build)
if docker buildx version >/dev/null 2>&1; then
  build_cmd=(docker buildx build --load)
else
  for client in $(type -a -p docker | awk '!seen[$0]++'); do
    major=$("$client" version --format '{{.Client.Version}}' 2>/dev/null | cut -d. -f1)
    if [ -n "$major" ] && [ "$major" -lt 23 ] 2>/dev/null; then
      build_cmd=(env DOCKER_BUILDKIT=1 "$client" build)
      break
    fi
  done
fi
[ "${build_cmd[0]}" = docker ] && [ "${build_cmd[1]}" = build ] \
  && log "no BuildKit client (docker buildx); the legacy builder is slow on the vfs storage driver"

image_id() { docker image inspect --format '{{.Id}}' "$1" 2>/dev/null || true; }
image_inputs() { docker image inspect --format '{{index .Config.Labels "io.troupe.inputs"}}' "$1" 2>/dev/null || true; }
hash_text() { sha256sum | cut -c1-32; }
# A hash of files' paths and contents (sorted, so that it does not depend on find's order).
hash_files() { find "$@" -type f -print0 2>/dev/null | LC_ALL=C sort -z | xargs -0 sha256sum | hash_text; }

# build <image> <dockerfile> <context> <inputs-hash> [docker build args...]
build() {
  local image="$1" dockerfile="$2" context="$3" inputs="$4"
  shift 4
  if [ "$(image_inputs "$image")" = "$inputs" ]; then
    log "$image is up to date"
    return
  fi
  log "building $image"
  local started=$SECONDS
  "${build_cmd[@]}" -q -f "$dockerfile" --label "io.troupe.inputs=$inputs" -t "$image" "$@" "$context" >/dev/null
  log "built $image in $((SECONDS - started)) s ($(docker image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1 / 1e6}'))"
}

# 1. The Debian base, made once per machine (debootstrap is not reproducible: hashing it is pointless).
if [ -n "$rebuild_base" ] || [ -z "$(image_id "$base_image")" ]; then
  command -v debootstrap >/dev/null || die "debootstrap is missing (apt-get install debootstrap)"
  [ "$(id -u)" = 0 ] || die "debootstrap needs root"
  log "debootstrap bookworm (minbase) from $mirror"
  started=$SECONDS
  rootfs="$work/rootfs-bookworm"
  rm -rf "$rootfs"
  mkdir -p "$work"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || die "debootstrap failed; see $work/debootstrap.log"
  # Small derived images: no documentation, no package lists or caches, no recommended packages.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/* "$rootfs"/usr/share/info/*
  printf 'path-exclude /usr/share/doc/*\npath-exclude /usr/share/man/*\npath-exclude /usr/share/locale/*\npath-exclude /usr/share/info/*\n' \
    > "$rootfs/etc/dpkg/dpkg.cfg.d/troupe-nodoc"
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' > "$rootfs/etc/apt/apt.conf.d/99troupe"
  tar -C "$rootfs" -c . | docker import -c 'CMD ["/bin/bash"]' -c 'ENV LANG=C.UTF-8' - "$base_image" >/dev/null
  rm -rf "$rootfs"
  log "imported $base_image in $((SECONDS - started)) s"
fi
base_id=$(image_id "$base_image")

# 2. The JRE: jlink from the JDK that builds Troupe.
# shellcheck source=scripts/find-jdk.sh
source "$home/scripts/find-jdk.sh"
troupe_require_jdk
jre_inputs=$( { cat docker/jre.Dockerfile "$JAVA_HOME/release"; echo "$jre_modules $base_id"; } | hash_text)
if [ "$(image_inputs "$jre_image")" != "$jre_inputs" ]; then
  rm -rf "$work/jre-context"
  mkdir -p "$work/jre-context"
  "$JAVA_HOME/bin/jlink" --add-modules "$jre_modules" --output "$work/jre-context/jre" \
    --strip-debug --no-man-pages --no-header-files --compress=zip-6 --generate-cds-archive
fi
mkdir -p "$work/jre-context"
build "$jre_image" docker/jre.Dockerfile "$work/jre-context" "$jre_inputs" --build-arg "BASE_IMAGE=$base_image"
jre_id=$(image_id "$jre_image")

# 3. Images from Debian packages only.
build "${prefix}test-runner:$tag" docker/test-runner.Dockerfile docker \
  "$( { cat docker/test-runner.Dockerfile; echo "$base_id"; } | hash_text)" --build-arg "BASE_IMAGE=$base_image"
build "${prefix}postgres:$tag" docker/postgres.Dockerfile docker \
  "$( { cat docker/postgres.Dockerfile docker/postgres-entrypoint.sh; echo "$base_id"; } | hash_text)" \
  --build-arg "BASE_IMAGE=$base_image"

if [ -n "$base_only" ]; then
  log "base images ready"
  exit 0
fi

# 4. Images from the Maven build. Each artifact is checked against its own sources: its module's
# and those of the modules it is built from (troupe-testkit is test-only), and the parent pom.
sources_of() {
  case "$1" in
    troupe-broker) echo pom.xml troupe-broker ;;
    *) echo pom.xml "$1" troupe-protocol troupe-service-support ;;
  esac
}
# The hash of a module's sources: its pom.xml and src/main files, and those of what it is built from.
hash_sources() {
  local paths=()
  for dir in $(sources_of "$1"); do
    if [ -f "$dir" ]; then paths+=("$dir"); else paths+=("$dir/pom.xml" "$dir/src/main"); fi
  done
  hash_files "${paths[@]}"
}
declare -A artifact=([troupe-broker]=troupe-broker/target/troupe-broker.jar)
for s in "${services[@]}"; do artifact[$s]="$s/target/quarkus-app/quarkus-run.jar"; done
stale=""
for module in troupe-broker "${services[@]}"; do
  a="${artifact[$module]}"
  if [ ! -f "$a" ]; then stale="$a is missing"; break; fi
  # Within a Maven build (--no-maven) its output is current by definition; Maven does not rewrite
  # an unchanged jar, so comparing times there would call it stale.
  [ -n "$no_maven" ] && continue
  for dir in $(sources_of "$module"); do
    if [ -f "$dir" ]; then
      [ "$dir" -nt "$a" ] && newer="$dir" || newer=""
    else
      newer=$(find "$dir/pom.xml" "$dir/src/main" -type f -newer "$a" -print -quit 2>/dev/null)
    fi
    if [ -n "$newer" ]; then stale="$newer is newer than $a"; break 2; fi
  done
done
if [ -n "$stale" ]; then
  [ -z "$no_maven" ] || die "$stale; build first: ./mvnw -B -T 1C -Dmaven.test.skip=true package"
  log "Maven build ($stale)"
  ./mvnw -q -B -T 1C -Dmaven.test.skip=true package -pl troupe-broker,"$(IFS=,; echo "${services[*]}")" -am >&2
fi

build "${prefix}kafka:$tag" docker/kafka.Dockerfile troupe-broker/target \
  "$( { cat docker/kafka.Dockerfile; echo "$(hash_sources troupe-broker) $jre_id"; } | hash_text)" \
  --build-arg "BASE_IMAGE=$jre_image"
for s in "${services[@]}"; do
  extra=""
  [ "$s" = workspace-service ] && extra="python3 python3-pytest"
  # A context with this module's output only (hard links: no copy), laid out like the repository,
  # so that the legacy builder does not send the four services' jars with every build.
  context="$work/context-$s"
  rm -rf "$context"
  mkdir -p "$context/$s/target" "$context/docker"
  cp -al "$s/target/quarkus-app" "$context/$s/target/" 2>/dev/null || cp -a "$s/target/quarkus-app" "$context/$s/target/"
  cp docker/http-health.sh "$context/docker/"
  build "${prefix}$s:$tag" docker/service.Dockerfile "$context" \
    "$( { cat docker/service.Dockerfile docker/http-health.sh; echo "$s $extra $(hash_sources "$s") $jre_id"; } | hash_text)" \
    --build-arg "BASE_IMAGE=$jre_image" --build-arg "MODULE=$s" --build-arg "PORT=${port[$s]}" \
    --build-arg "EXTRA_PACKAGES=$extra"
done
log "images ready (${prefix}*:$tag); sizes: scripts/build-images.sh --list"
