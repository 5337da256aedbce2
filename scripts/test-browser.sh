#!/usr/bin/env bash
# Runs the wasm engine's tests in headless Chromium against a real local
# fixture server, which this script starts and always stops.
set -euo pipefail
cd "$(dirname "$0")/.."

port=18787
closed=18788
cargo build -q -p rolling-backend --bin fixture-server
log=$(mktemp)
./target/debug/fixture-server --port "$port" --fixtures tests/fixtures/bodies --exit-after 900 >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT

for _ in $(seq 1 50); do
  grep -q "fixture-server on" "$log" && break
  sleep 0.1
done
grep -q "fixture-server on" "$log" || { cat "$log"; echo "fixture-server did not start" >&2; exit 1; }
if (exec 3<>"/dev/tcp/127.0.0.1/$closed") 2>/dev/null; then
  echo "port $closed must be closed for the refused-connection test" >&2
  exit 1
fi

export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_TIMEOUT=120
export BACKEND_HEALTH_FIXTURES="http://127.0.0.1:$port"
export BACKEND_HEALTH_CLOSED="http://127.0.0.1:$closed"
cargo test --target wasm32-unknown-unknown --test browser "$@"
