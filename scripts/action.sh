#!/usr/bin/env bash
# The step of action.yml: disarm-lint from npm with GitHub annotations (workflow commands), then,
# when asked, the same check as SARIF for code scanning. The step fails as disarm-lint does
# (1 errors, 2 usage, data or configuration problems); its summary also goes to the job summary.
set -uo pipefail
cd "${GITHUB_WORKSPACE:-.}" || exit 2
read -r -a paths <<< "${INPUT_PATHS:-.}"
read -r -a extra <<< "${INPUT_ARGS:-}"
lint=(npx --yes "disarm-lint@${INPUT_VERSION:-latest}")

log="$(mktemp "${RUNNER_TEMP:-/tmp}/disarm-lint.XXXXXX")"
"${lint[@]}" --format github --root . "${extra[@]}" "${paths[@]}" 2> >(tee "$log" >&2)
status=$?
wait # for tee

if [ -n "${INPUT_SARIF_FILE:-}" ]; then
  # Findings are not a failure of this run: its status is the first one's.
  "${lint[@]}" --format sarif --root . -o "$INPUT_SARIF_FILE" "${extra[@]}" "${paths[@]}" 2>/dev/null
  sarif_status=$?
  if [ "$sarif_status" -gt 1 ]; then echo "::warning title=disarm-lint::the SARIF report was not written (exit status $sarif_status)"; fi
fi

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  summary="$(grep -E '^[0-9]+ files? checked: ' "$log" | tail -n 1)"
  [ -n "$summary" ] && printf '### disarm-lint\n\n%s\n' "$summary" >> "$GITHUB_STEP_SUMMARY"
fi
rm -f "$log"
exit "$status"
