# Sourced by ./pideploy, ./pi-installer and .ci/run: sets JAVA_HOME to a JDK 21+ or exits with a clear message.
# Order: JAVA_HOME when it is 21+, else the newest JDK under /usr/lib/jvm.

pideploy_java_major() { # prints the major version of the java binary $1, or nothing
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}

pideploy_find_jdk() {
    local candidates=() found=() best="" best_major=0 dir major
    if [ -n "${JAVA_HOME:-}" ]; then candidates+=("$JAVA_HOME"); fi
    for dir in /usr/lib/jvm/*; do [ -d "$dir" ] && candidates+=("$dir"); done
    for dir in "${candidates[@]}"; do
        [ -x "$dir/bin/java" ] && [ -x "$dir/bin/javac" ] || continue
        major=$(pideploy_java_major "$dir/bin/java")
        [ -n "$major" ] || continue
        found+=("$dir (Java $major)")
        if [ "$dir" = "${JAVA_HOME:-}" ] && [ "$major" -ge 21 ]; then best="$dir"; best_major=$major; break; fi
        if [ "$major" -gt "$best_major" ]; then best="$dir"; best_major=$major; fi
    done
    if [ -z "$best" ] || [ "$best_major" -lt 21 ]; then
        echo "PiDeploy needs a JDK 21 or newer and found none." >&2
        if [ ${#found[@]} -gt 0 ]; then printf '  found: %s\n' "${found[@]}" >&2; else echo "  found: no JDK in JAVA_HOME or /usr/lib/jvm" >&2; fi
        echo "  Install one (e.g. apt-get install openjdk-21-jdk-headless) or set JAVA_HOME to it." >&2
        exit 1
    fi
    export JAVA_HOME="$best"
    export PIDEPLOY_JAVA_MAJOR="$best_major"
    export PATH="$JAVA_HOME/bin:$PATH"
}
