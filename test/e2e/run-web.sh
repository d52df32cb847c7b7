#!/usr/bin/env bash
# The web suites (called by run.sh, after the desktop suites): the browser-only build of the
# extension (test/e2e/web/build.mjs: the same bundles, a manifest without `main`) in
# code-server's web worker extension host. Runs the extension-host suite, checks that a failing
# web suite fails, then the UI suite on a copy of the checkout and, when the build has the
# built-in release history (DISARM_RELEASES_DIR), on a reports folder without a checkout, cold and
# with a project file.
# Screenshots go to test-results/web-*.png. Fails loudly when the editor cannot be installed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

: "${DISARM_FRAMEWORKS_DIR:?set DISARM_FRAMEWORKS_DIR to a DISARMframeworks checkout}"
log() { printf '[e2e-web %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

bash test/e2e/setup.sh
node esbuild.mjs --production >/dev/null
vsix=$(node test/e2e/web/build.mjs)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
checkout() {
  mkdir -p "$work/$1/DISARMframeworks"
  cp -r "$DISARM_FRAMEWORKS_DIR/generated_pages" "$work/$1/DISARMframeworks/"
  chmod -R u+w "$work/$1"
  echo "$work/$1/DISARMframeworks"
}

log "web extension-host suite (run() in the web worker extension host)"
bash test/e2e/start-code-server.sh --test-driver -- \
  node test/e2e/run-extension-tests.mjs --dev out/web-ext --tests out/web-ext/dist/web/test/suite.js \
  --folder "$(checkout suite)" --screenshot test-results/web-extension-tests.png

log "a deliberately failing web suite must fail the run"
if bash test/e2e/start-code-server.sh --test-driver -- \
  node test/e2e/run-extension-tests.mjs --dev out/web-ext --tests out/web-ext/dist/web/test/failing.js \
  --folder "$(checkout failing)" --screenshot "$work/failing.png" >"$work/failing.log" 2>&1; then
  cat "$work/failing.log" >&2
  log "FAIL: the failing web suite passed, so a broken suite would go unnoticed"
  exit 1
fi
log "ok: the failing web suite failed"

log "web UI suite on a copy of the checkout"
bash test/e2e/start-code-server.sh --install-extension "$vsix" -- node test/e2e/ui-web.mjs --folder "$(checkout ui)" --mode checkout

if [ -f dist/disarm-data.json ]; then
  log "web UI suite on a reports folder without a checkout (the built-in data)"
  mkdir -p "$work/reports/team-reports"
  bash test/e2e/start-code-server.sh --install-extension "$vsix" -- node test/e2e/ui-web.mjs --folder "$work/reports/team-reports" --mode reports
  log "web UI suite on a reports folder with a project file (the extension starts with the workspace)"
  mkdir -p "$work/project/team-reports"
  bash test/e2e/start-code-server.sh --install-extension "$vsix" -- node test/e2e/ui-web.mjs --folder "$work/project/team-reports" --mode project
else
  log "NOTE: no dist/disarm-data.json (DISARM_RELEASES_DIR was not set for the build): the reports-folder run, which needs the built-in data, is not run"
fi
