# Sourced by ./troupe and .ci/run: sets JAVA_HOME to a JDK >= 21, or fails with what to install.
# Looks at JAVA_HOME, then the java on PATH, then the usual install locations.

troupe_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

troupe_find_jdk() {
  local candidates=() dir major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for dir in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$dir" ] && candidates+=("$dir")
  done
  for dir in "${candidates[@]}"; do
    [ -x "$dir/bin/java" ] && [ -x "$dir/bin/javac" ] || continue
    major=$(troupe_java_major "$dir")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME="$dir"
      return 0
    fi
  done
  return 1
}

troupe_require_jdk() {
  if ! troupe_find_jdk; then
    echo "Troupe needs a JDK 21 or newer and found none (looked at JAVA_HOME, PATH, /usr/lib/jvm, /opt/java)." >&2
    echo "Install one (for example: apt-get install openjdk-21-jdk-headless, or Temurin 21/25) and set JAVA_HOME." >&2
    return 1
  fi
}
