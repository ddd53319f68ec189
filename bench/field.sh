#!/usr/bin/env bash
# The field loop of issue 11 (docs/benchmarks/field.md), timed per phase: builds the netboot kit with the real
# `pideploy netboot build`, netboots it in qemu-system-aarch64, installs the master image from the real server,
# boots the written card in qemu-system-x86_64 (first-boot hook, then the boot that phones home) and runs the
# failing case. It is FieldLoopIT; the phases come from the console lines' arrival times.
# Usage: bench/field.sh [CACHE_DIR (default system-tests/target/field-cache; kept between runs)]
# Needs root (mmdebstrap), the packages .ci/run installs and the Debian mirror for the first run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. bin/find-jdk.sh
pideploy_find_jdk
cache="${1:-$PWD/system-tests/target/field-cache}"
bin/fetch-netboot-debs system-tests/target/netboot-debs "$PIDEPLOY_JAVA_MAJOR" --kernel
mvn -B -q install -DskipTests
started=$(date +%s)
mvn -B -q -pl system-tests verify -Dit.test=FieldLoopIT -Dtest=NoSuch -Dsurefire.failIfNoSpecifiedTests=false \
    -Dfailsafe.failIfNoSpecifiedTests=false -Dpideploy.field.cache="$cache"
echo "field loop on $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -n 1)), QEMU TCG, no KVM:"
cat system-tests/target/field-run/phases.txt
echo "whole run (Maven, three tests): $(( $(date +%s) - started )) s"
