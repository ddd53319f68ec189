#!/usr/bin/env bash
# Transfer benchmark of issue 7 (docs/benchmarks/transfer.md): a 4 GiB Pi-like image written to file targets by the
# installer (raw path and default block-map + zstd path), bmaptool copy --bmap, and curl | dd, all in one run.
# Usage: bench/transfer.sh [WORKDIR (default /var/tmp/pideploy-transfer-bench)] [ROUNDS (default 2)]
# Needs ~12 GB free under WORKDIR, bmaptool, curl, sfdisk, mkfs.vfat, mtools, mkfs.ext4, /usr/bin/time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
work="${1:-/var/tmp/pideploy-transfer-bench}"
rounds="${2:-2}"
mvn -B -q -pl installer-cli install -DskipTests
mvn -B -q -pl system-tests test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/transfer-bench.classpath
# A private copy of the classpath: jars other builds replace in ~/.m2 during the run cannot break it.
cp_dir="$(mktemp -d /var/tmp/pideploy-bench-cp.XXXXXX)"
trap 'rm -rf "$cp_dir"' EXIT
tr ':' '\n' < system-tests/target/transfer-bench.classpath | while read -r jar; do
    [ -n "$jar" ] && cp "$jar" "$cp_dir/"
done
cp -r system-tests/target/test-classes "$cp_dir/test-classes"
cp installer-cli/target/pi-installer.jar "$cp_dir/pi-installer.jar"
mkdir -p "$cp_dir/pi-installer-libs" && cp installer-cli/target/libs/*.jar "$cp_dir/pi-installer-libs/"
# The pi-installer jar's manifest names libs/ beside it.
mkdir -p "$cp_dir/installer" && cp "$cp_dir/pi-installer.jar" "$cp_dir/installer/" \
    && cp -r "$cp_dir/pi-installer-libs" "$cp_dir/installer/libs"
# The installer runs as ./pi-installer runs it: with the start-up cache its launcher records by `self-test` (ADR-0036).
. bin/find-jdk.sh && pideploy_find_jdk && . bin/launch.sh
pideploy_aot_option "$cp_dir/installer/pi-installer.jar"
"$JAVA_HOME/bin/java" -Dpideploy.bench.installerJavaOpts="${PIDEPLOY_AOT_OPTS[*]+${PIDEPLOY_AOT_OPTS[*]}}" \
    ${BENCH_JAVA_OPTS:-} \
    -Dpideploy.bench.installerJar="$cp_dir/installer/pi-installer.jar" \
    -cp "$cp_dir/test-classes:$cp_dir/*" pideploy.system.transfer.TransferBenchmark "$work" "$rounds"
