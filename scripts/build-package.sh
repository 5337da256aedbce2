#!/usr/bin/env bash
# Builds the npm package `vue-backend-health` into pkg/, from scratch each
# time, and prints its size:
#
#   1. the wasm module (the crate in wasm/, release profile: size-optimised,
#      LTO, no standard library)
#   2. the JavaScript glue, with wasm-bindgen --target web
#   3. wasm-opt -Oz on the wasm, in place
#   4. the TypeScript in js/src, compiled to pkg/ with declarations, then
#      the shipped JavaScript minified, the core's modules bundled into
#      core.js (scripts/minify.mjs); the declarations keep their docs
#   5. pkg/package.json from pkg-template/, versioned like Cargo.toml
#   6. the size report
#
# With --debug the module comes from the wasm-dev profile instead: debug
# assertions, and panics reported in the console; no wasm-opt.
#
# Any failing step stops the build with its error.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[package] %s\n' "$*"; }
fail() {
  printf '[package] error: %s\n' "$*" >&2
  exit 1
}

CARGO=${CARGO:-cargo}
out=pkg
profile=release
if [ "${1:-}" = "--debug" ]; then profile=wasm-dev; fi
target_wasm=target/wasm32-unknown-unknown/$profile/backend_health_wasm.wasm
tsc=js/node_modules/.bin/tsc
NPM_HINT="run bash scripts/setup.sh browser, which runs npm ci in js/"

# Every tool first, so that a missing one fails before any work is done.
command -v wasm-bindgen >/dev/null ||
  fail "wasm-bindgen is missing: run bash scripts/setup.sh"
locked='/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }'
want=$(awk "$locked" Cargo.lock)
have=$(wasm-bindgen --version | awk '{ print $2 }')
[ "$have" = "$want" ] ||
  fail "wasm-bindgen $have is not the crate's $want: run bash scripts/setup.sh"
[ -x "$tsc" ] || fail "TypeScript is missing: $NPM_HINT"

# wasm-opt from binaryen 110 or later: up to 108, binaryen rewrites the
# export of wasm-bindgen's externref table to point at the function table,
# and the module fails to start. js/ pins a recent binaryen for this reason;
# a system wasm-opt is used only when it is recent enough.
wasm_opt=js/node_modules/.bin/wasm-opt
if [ ! -x "$wasm_opt" ]; then
  wasm_opt=$(command -v wasm-opt || true)
  release=$("${wasm_opt:-false}" --version 2>/dev/null | awk '{ print $3 }' ||
    true)
  [ -n "$wasm_opt" ] && [ "${release:-0}" -ge 110 ] 2>/dev/null ||
    fail "no wasm-opt from binaryen 110 or later: $NPM_HINT"
fi

# A fresh directory, so nothing from an earlier build can ship.
rm -rf "$out"
mkdir -p "$out/wasm"

say "1/6 cargo build --profile $profile --target wasm32-unknown-unknown"
"$CARGO" build --profile "$profile" --target wasm32-unknown-unknown \
  -p backend-health-wasm

say "2/6 wasm-bindgen --target web"
wasm-bindgen --target web --no-typescript \
  --out-dir "$out/wasm" --out-name backend_health "$target_wasm"

if [ "$profile" = release ]; then
  say "3/6 wasm-opt -Oz ($("$wasm_opt" --version))"
  "$wasm_opt" -Oz \
    --enable-bulk-memory --enable-reference-types --enable-multivalue \
    --enable-nontrapping-float-to-int --enable-sign-ext \
    "$out/wasm/backend_health_bg.wasm" -o "$out/wasm/backend_health_bg.wasm"
else
  say "3/6 wasm-opt skipped for a debug build"
fi

say "4/6 tsc -p js/tsconfig.json, then minify"
"$tsc" -p js/tsconfig.json
# The glue's typed contract, which the compiled declarations refer to.
cp js/src/wasm/backend_health.d.ts "$out/wasm/backend_health.d.ts"
[ -f "$out/core.js" ] || fail "tsc wrote no $out/core.js"
node scripts/minify.mjs "$out"
# What bundlers of apps rely on, as the minified core.js must still say it:
# the glue beside it, the wasm's URL written as they look for it, and the
# name of Node's file module held in a variable, never a literal import()
# that bundlers building for browsers would try to resolve (grep -z reads
# the file as one line: the minified import() spans several).
grep -Eq "from ?[\"']\./wasm/backend_health\.js[\"']" "$out/core.js" ||
  fail "$out/core.js does not import the glue as ./wasm/backend_health.js"
wasm_url="new URL\([\"']\./wasm/backend_health_bg\.wasm[\"'], ?import\.meta\.url\)"
grep -Eq "$wasm_url" "$out/core.js" ||
  fail "$out/core.js lost the wasm's new URL(..., import.meta.url)"
! grep -zEq "import\([^)]*[\"'\`]node:" "$out/core.js" ||
  fail "$out/core.js imports a Node module by a literal name"

say "5/6 $out/package.json"
version=$("$CARGO" metadata --no-deps --format-version 1 | node -p '
  const meta = JSON.parse(require("node:fs").readFileSync(0, "utf8"))
  meta.packages.find((p) => p.name === "backend-health").version')
[ -n "$version" ] || fail "could not read the crate version from Cargo.toml"
node - "$version" "$out" <<'EOF'
const fs = require('node:fs')
const [version, out] = process.argv.slice(2)
const template = fs.readFileSync('pkg-template/package.json', 'utf8')
const manifest = JSON.parse(template)
manifest.version = version
// Until the Vue layer exists, the package offers only its core.
if (!fs.existsSync(`${out}/index.js`)) {
  delete manifest.exports['.']
  manifest.types = './core.d.ts'
  process.stderr.write('[package] note: no js/src/index.ts, so no "." export\n')
}
const text = JSON.stringify(manifest, null, 2) + '\n'
fs.writeFileSync(`${out}/package.json`, text)
EOF
cp pkg-template/README.md "$out/README.md"

# The engine must start: this is where a broken wasm or glue shows.
node --input-type=module -e "
  const core = await import('./$out/core.js')
  await core.loadEngine()
  if (core.engineStats().liveEngines !== 0) throw new Error('engines leaked')
" || fail "the built engine does not load in Node"
say "built vue-backend-health@$version in $out/"

say "6/6 size"
node scripts/size-report.mjs "$out"
