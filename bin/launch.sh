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
        if ! (cd "$root" && mvn -B -q -DskipTests -pl "$module" -am install >"$log" 2>&1); then
            cat "$log" >&2; rm -f "$log"
            echo "Build of $jar failed; the output above says why." >&2
            exit 1
        fi
        rm -f "$log"
    fi
    exec "$JAVA_HOME/bin/java" ${PIDEPLOY_JAVA_OPTS:-} -jar "$target" "$@"
}
