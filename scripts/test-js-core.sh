#!/usr/bin/env bash
# Runs the core API's Node tests against the package as a user gets it:
# pkg/ packed into a tarball, installed into a fresh project, and imported
# by its name, `vue-backend-health/core`. Expects `make package` first.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

[ -f pkg/package.json ] || {
  echo "[test-js-core] error: no pkg/package.json: run make package" >&2
  exit 1
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

npm pack ./pkg --pack-destination "$work" --silent >/dev/null
tarball=$(echo "$work"/vue-backend-health-*.tgz)
[ -f "$tarball" ] || {
  echo "[test-js-core] error: npm pack wrote no tarball" >&2
  exit 1
}

# A project with nothing but the package; Vue, an optional peer, stays out.
app="$work/app"
mkdir -p "$app/test"
printf '{ "name": "core-tests", "private": true, "type": "module" }\n' \
  >"$app/package.json"
(cd "$app" && npm install "$tarball" --offline --no-audit --no-fund --silent)
[ ! -d "$app/node_modules/vue" ] || {
  echo "[test-js-core] error: vue was installed, but it is an optional peer" >&2
  exit 1
}

# The tests resolve the package from where they run, so they run from there.
cp js/test/core/*.mjs "$app/test/"
cd "$app"
BACKEND_HEALTH_BODIES="$root/tests/fixtures/bodies" \
  node --test --test-reporter=spec test/*.test.mjs
