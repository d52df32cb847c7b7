#!/usr/bin/env bash
# The real-editor tests: installs the editor (test/e2e/setup.sh), packages the extension, then in
# code-server (VS Code 1.139) runs the extension-host suite, checks that a failing suite fails,
# and runs the UI suite on the installed .vsix. Screenshots go to test-results/.
#
#   DISARM_FRAMEWORKS_DIR=path/to/DISARMframeworks [DISARM_RELEASES_DIR=path/to/disarm-releases] bash test/e2e/run.sh
#
# Where the editor cannot be installed this fails loudly; it never skips.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

: "${DISARM_FRAMEWORKS_DIR:?set DISARM_FRAMEWORKS_DIR to a DISARMframeworks checkout}"
# The package holds the built-in release history (the UI suite's last step runs on it alone).
export DISARM_RELEASES_DIR="${DISARM_RELEASES_DIR:-$DISARM_FRAMEWORKS_DIR/../disarm-releases}"
if [ ! -d "$DISARM_RELEASES_DIR" ]; then
  echo "set DISARM_RELEASES_DIR to a folder of DISARM releases (no $DISARM_RELEASES_DIR)" >&2
  exit 1
fi
log() { printf '[e2e %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

bash test/e2e/setup.sh
npm run --silent package >/dev/null
vsix="$PWD/disarm-language-tools-$(node -p "require('./package.json').version").vsix"
node test/e2e/build-suite.mjs

# A writable copy of the checkout's pages is the workspace: the tests write incident files into it.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
workspace="$work/DISARMframeworks"
mkdir -p "$workspace"
cp -r "$DISARM_FRAMEWORKS_DIR/generated_pages" "$workspace/"
# Its own bundle dates the checkout, so it is named by its release (`1.6 (checkout)`) as a real one is.
if [ -f "$DISARM_FRAMEWORKS_DIR/generated_files/DISARM_STIX/DISARM.json" ]; then
  mkdir -p "$workspace/generated_files/DISARM_STIX"
  cp "$DISARM_FRAMEWORKS_DIR/generated_files/DISARM_STIX/DISARM.json" "$workspace/generated_files/DISARM_STIX/"
fi
chmod -R u+w "$workspace"

log "extension-host suite (the extensionTestsPath run() inside code-server)"
bash test/e2e/start-code-server.sh --test-driver -- \
  node test/e2e/run-extension-tests.mjs --tests out/e2e/suite/index.js --folder "$workspace"

log "a deliberately failing suite must fail the run"
if bash test/e2e/start-code-server.sh --test-driver -- \
  node test/e2e/run-extension-tests.mjs --tests out/e2e/suite/failing.js --folder "$workspace" \
  --screenshot "$work/failing.png" >"$work/failing.log" 2>&1; then
  cat "$work/failing.log" >&2
  log "FAIL: the failing suite passed, so a broken suite would go unnoticed"
  exit 1
fi
log "ok: the failing suite failed"

log "UI suite on the installed .vsix"
bash test/e2e/start-code-server.sh --install-extension "$vsix" -- node test/e2e/ui.mjs --folder "$workspace"

log "web suites (the browser-only build in the web worker extension host)"
bash test/e2e/run-web.sh
