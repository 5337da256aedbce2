#!/usr/bin/env bash
# Installs what building and testing this project needs, and nothing twice:
# every step checks first and does nothing when its tool is already there.
#   scripts/setup.sh          Rust tools only (native build, wasm build)
#   scripts/setup.sh browser  also Chromium, ChromeDriver and the npm packages
#                             (js/ pins binaryen: Debian's wasm-opt 108
#                             breaks wasm-bindgen's externref table)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*"; }

# The wasm target, for `cargo build --target wasm32-unknown-unknown`.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# rustfmt and clippy, which the checks run.
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    rustup component add "$component"
  fi
done

# wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate in
# Cargo.lock, or the generated glue does not match the compiled module.
if [ ! -f Cargo.lock ]; then
  cargo generate-lockfile
fi
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (found '${have:-none}'); this takes a few minutes"
  cargo install wasm-bindgen-cli --version "$want" --force
fi

[ "${1:-}" = browser ] || exit 0

# Debian's Chromium and its driver for the browser tests.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}"
fi

# The JavaScript toolchain (TypeScript, test runners), pinned by js/package-lock.json.
if [ -f js/package.json ]; then
  if [ ! -d js/node_modules ] || [ js/package-lock.json -nt js/node_modules/.package-lock.json ]; then
    say "installing npm packages for js/"
    (cd js && npm ci --no-audit --no-fund)
  fi
fi
