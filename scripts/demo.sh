#!/usr/bin/env bash
# The admin console (examples/admin-console) against the rolling backend:
# what a Vue app using vue-backend-health shows while its backend goes
# through a rolling update.
#
#   scripts/demo.sh               build, then serve the console on
#                                 http://127.0.0.1:8081/ until Ctrl-C
#   scripts/demo.sh --scripted    build, play a rolling update in headless
#                                 Chromium and print the statuses the page
#                                 showed, next to the backend's phase
#   scripts/demo.sh --build-only  build everything and stop
#
# Ports: DEMO_API_PORT (default 8080) and DEMO_CONTROL_PORT (default 8081);
# the scripted run takes free ports unless these are set.
#
# Every install step is skipped when what it installs is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[demo] %s\n' "$*"; }
fail() {
  printf '[demo] error: %s\n' "$*" >&2
  exit 1
}

mode=serve
case "${1:-}" in
  '') ;;
  --scripted) mode=scripted ;;
  --build-only) mode=build ;;
  -h | --help)
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *) fail "unknown option '$1' (see --help)" ;;
esac

console=examples/admin-console
dist=$console/dist
backend=target/release/rolling-backend

# The rolling update the scripted run plays, as phase:seconds; the last
# phase lasts until the backend exits.
rollout=healthy:6,draining:6,stopped:8,starting:8,degraded:6,upgraded:6,healthy:4

build() {
  say "installing what the demo needs"
  bash scripts/setup.sh browser
  say "building the package and the console"
  make --no-print-directory demo-console
  say "building the backend"
  cargo build --release -p rolling-backend
  [ -f "$dist/index.html" ] || fail "the console build has no $dist/index.html"
  compgen -G "$dist/assets/*.wasm" >/dev/null ||
    fail "the console build has no .wasm file in $dist/assets"
}

backend_pid=
backend_log=
stop_backend() {
  if [ -n "$backend_pid" ]; then
    kill "$backend_pid" 2>/dev/null || true
    wait "$backend_pid" 2>/dev/null || true
    backend_pid=
  fi
  [ -z "$backend_log" ] || rm -f "$backend_log"
}
trap stop_backend EXIT
trap 'exit 130' INT TERM

# Starts the backend with the given options and waits for the line naming
# its ports; sets api_port and control_port.
start_backend() {
  backend_log=$(mktemp)
  "$backend" "$@" >"$backend_log" 2>&1 &
  backend_pid=$!
  local ready
  for _ in $(seq 100); do
    ready=$(grep -m1 '^rolling-backend api on' "$backend_log" || true)
    if [ -n "$ready" ]; then
      api_port=$(sed -E 's/.*api on [^ ]*:([0-9]+),.*/\1/' <<<"$ready")
      control_port=$(sed -E 's/.*control on [^ ]*:([0-9]+).*/\1/' <<<"$ready")
      return
    fi
    if ! kill -0 "$backend_pid" 2>/dev/null; then
      cat "$backend_log" >&2
      backend_pid=
      fail "the backend did not start; if a port is taken," \
        "set DEMO_API_PORT and DEMO_CONTROL_PORT"
    fi
    sleep 0.1
  done
  fail "the backend did not report its ports within 10 s"
}

serve() {
  start_backend --port "${DEMO_API_PORT:-8080}" \
    --control-port "${DEMO_CONTROL_PORT:-8081}" --static "$dist"

  # The console reads where the API is from here when the page loads.
  printf '{ "api": "http://127.0.0.1:%s" }\n' "$api_port" >"$dist/config.json"

  say "console: http://127.0.0.1:$control_port/"
  say "its backend's API is on http://127.0.0.1:$api_port; switch phases"
  say "with the buttons on the page. Ctrl-C stops."
  # The backend's own lines: its ports, then every phase change.
  tail -n +1 -f --pid="$backend_pid" "$backend_log"
}

scripted() {
  start_backend --port "${DEMO_API_PORT:-0}" \
    --control-port "${DEMO_CONTROL_PORT:-0}" --static "$dist" \
    --script "$rollout" --exit-after 60

  say "playing a rolling update: $rollout"
  say "the console polls every 2 s, times out after 1 s, backs off 0.5-4 s"
  echo
  node "$console/scripts/play-rolling-update.mjs" --until 48 \
    --api "http://127.0.0.1:$api_port" \
    --control "http://127.0.0.1:$control_port"
}

build
case "$mode" in
  build) say "built: $dist and $backend" ;;
  serve) serve ;;
  scripted) scripted ;;
esac
