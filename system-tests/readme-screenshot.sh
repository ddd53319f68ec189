#!/bin/sh
# Makes docs/images/reports.png, the README's picture of the Reports page: ReportsScreenshotIT seeds a week of
# deployments, starts the real server and saves what headless Chromium shows. Run from the repository root after
# `mvn -DskipTests install` (needs /usr/bin/chromium and /usr/bin/chromedriver).
set -eu
cd "$(dirname "$0")/.."
mvn -B -q -pl system-tests verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=ReportsScreenshotIT -Dreadme.screenshot="$PWD/docs/images/reports.png" "$@"
echo "wrote docs/images/reports.png"
