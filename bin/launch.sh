# Sourced by the launchers: builds a runnable jar when it is missing or older than the sources, then runs it.
# Usage: pideploy_launch MODULE JAR_NAME ARGS...

pideploy_launch() {
    local module=$1 jar=$2; shift 2
    local root; root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    # shellcheck source=find-jdk.sh
    . "$root/bin/find-jdk.sh"
    pideploy_find_jdk
    local target="$root/$module/target/$jar.jar"
    if [ ! -f "$target" ] || [ -n "$(find "$root" -path "$root/var" -prune -o \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$target" -print -quit 2>/dev/null)" ]; then
        echo "Building $jar (first use or sources changed; takes a minute)..." >&2
        local log; log=$(mktemp)
        if ! (cd "$root" && mvn -B -q -DskipTests -pl "$module" -am package >"$log" 2>&1); then
            cat "$log" >&2; rm -f "$log"
            echo "Build of $jar failed; the output above says why." >&2
            exit 1
        fi
        rm -f "$log"
        # Maven leaves an unchanged jar as it is; mark it current so a change elsewhere does not rebuild every run.
        touch "$target"
    fi
    PIDEPLOY_AOT_OPTS=()
    if [ "$module" = installer-cli ]; then pideploy_aot_option "$target"; fi
    exec "$JAVA_HOME/bin/java" ${PIDEPLOY_AOT_OPTS[@]+"${PIDEPLOY_AOT_OPTS[@]}"} ${PIDEPLOY_JAVA_OPTS:-} -jar "$target" "$@"
}

# Sets PIDEPLOY_AOT_OPTS to the JVM options that start the installer from its AOT cache (JDK 25+, JEP 514/515:
# classes loaded and linked, method profiles; ADR-0036), recording the cache first with `self-test` when it is
# missing, older than the jar or made by another JDK (path and release file). Empty on older JDKs, with
# PIDEPLOY_AOT=off, or when recording fails. A cache the JVM cannot use is skipped without a word on stdout.
pideploy_aot_option() {
    local jar=$1 aot="${1%.jar}.aot" stamp
    PIDEPLOY_AOT_OPTS=()
    [ "${PIDEPLOY_JAVA_MAJOR:-0}" -ge 25 ] && [ "${PIDEPLOY_AOT:-on}" != off ] || return 0
    stamp="$JAVA_HOME $(tr '\n' ' ' < "$JAVA_HOME/release" 2>/dev/null || true)"
    if [ ! -f "$aot" ] || [ "$jar" -nt "$aot" ] || [ "$(cat "$aot.jdk" 2>/dev/null)" != "$stamp" ]; then
        echo "Recording pi-installer's start-up cache (once per build and JDK; a few seconds)..." >&2
        # Recorded under a private name and renamed over the old one: an installer starting meanwhile keeps a
        # whole cache, old or new, never a half-written one.
        local tmp="$aot.$$"
        if ! "$JAVA_HOME/bin/java" -XX:AOTCacheOutput="$tmp" -jar "$jar" self-test --size 64 >/dev/null 2>&1 \
                || [ ! -f "$tmp" ]; then
            rm -f "$tmp"
            echo "  (could not record it; starting without it)" >&2
            return 0
        fi
        printf '%s' "$stamp" > "$aot.jdk.$$" && mv -f "$tmp" "$aot" && mv -f "$aot.jdk.$$" "$aot.jdk"
    fi
    PIDEPLOY_AOT_OPTS=("-XX:AOTCache=$aot" "-Xlog:aot=off" "-Xlog:cds=off")
}
