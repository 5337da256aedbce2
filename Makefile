# The project's commands. A new user needs two: `make demo` and `make test`;
# both install what they need first (scripts/setup.sh, idempotent).
.PHONY: demo test setup setup-browser fleet check-rust test-browser

CARGO ?= cargo

setup:
	bash scripts/setup.sh

setup-browser:
	bash scripts/setup.sh browser

# The main job: the admin console against a backend that plays a rolling
# update; `make demo DEMO_ARGS=--scripted` plays it headlessly.
demo: setup-browser
	bash scripts/demo.sh $(DEMO_ARGS)

# The fleet simulation of 10 000 pages through four kinds of trouble.
fleet:
	$(CARGO) run --release --example fleet

# Every test: Rust checks and tests, the fleet's targets, the wasm engine in
# Chromium, the core API from the packed tarball, the Vue layer, the tabs,
# and the admin console end to end.
test: setup-browser check-rust test-browser test-js-core test-vue test-tabs \
    test-leak test-e2e
	$(CARGO) run --release --example fleet -- --clients 2000 --check

check-rust:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) clippy --target wasm32-unknown-unknown --lib --test browser -- -D warnings
	$(CARGO) test --workspace
	$(CARGO) build --target wasm32-unknown-unknown
	$(CARGO) clippy --profile release --target wasm32-unknown-unknown \
	    -p backend-health-wasm -- -D warnings
	$(CARGO) clippy --profile wasm-dev --target wasm32-unknown-unknown \
	    -p backend-health-wasm -- -D warnings

# The wasm engine in headless Chromium against a real fixture server.
test-browser:
	bash scripts/test-browser.sh

.PHONY: package size test-js-core herd

# The npm package in pkg/: wasm, glue, compiled TypeScript, package.json;
# prints its size.
package: setup-browser
	bash scripts/build-package.sh

# The package's size against its budget; fails when the engine is over it.
size: package
	node scripts/size-report.mjs pkg --check

# The core API's Node tests, run against the package installed from its
# packed tarball, as a user would get it.
test-js-core: package
	bash scripts/test-js-core.sh

# Thousands of monitors of the built package on a virtual clock, through
# four kinds of backend trouble; e.g. make herd HERD_ARGS="--clients 500 --json".
herd: package
	node js/bench/herd.mjs $(HERD_ARGS)

.PHONY: test-vue typecheck-vue

# The Vue layer's tests, on the built package with its real engine (happy-dom
# against a local HTTP server), then its type tests.
test-vue: package
	cd js && node_modules/.bin/vitest run
	$(MAKE) typecheck-vue

# The Vue layer's type tests: typed usage that must compile, and marked lines
# that must not.
typecheck-vue:
	js/node_modules/.bin/vue-tsc --noEmit -p js/test/types

.PHONY: test-tabs bench-tabs

# Tabs of one origin sharing one request stream: pages of one headless
# Chromium context against a local server, with a leader that closes,
# hides and goes silent, a tab that opts out, and messages that must be
# ignored.
test-tabs: package
	node --test --test-concurrency=1 --test-reporter=spec js/test/tabs/*.test.mjs

# Requests per interval with 1, 5 and 10 tabs open, sharing across tabs and
# not; e.g. make bench-tabs BENCH_ARGS="--interval 2000 --json".
bench-tabs: package
	node js/bench/tabs.mjs $(BENCH_ARGS)

.PHONY: demo-console test-e2e

# The admin console in examples/admin-console/dist, built against the
# package as a user installs it: pkg/ packed into
# pkg-tarball/vue-backend-health.tgz. Naming the tarball to npm install
# makes a rebuilt package replace the installed one even when its version
# has not changed; --no-save keeps the committed lock file as it is.
demo-console: package
	rm -rf pkg-tarball
	mkdir -p pkg-tarball
	npm pack ./pkg --pack-destination pkg-tarball --silent >/dev/null
	mv pkg-tarball/vue-backend-health-*.tgz pkg-tarball/vue-backend-health.tgz
	cd examples/admin-console && \
	  npm install --no-audit --no-fund --no-save ../../pkg-tarball/vue-backend-health.tgz
	cd examples/admin-console && npm run build

# The console in headless Chromium against the real backend, through every
# phase, offline and under a strict Content Security Policy; writes
# screenshots to target/screenshots/, or with UPDATE_SCREENSHOTS=1 to the
# README's docs/screenshots/.
test-e2e:
	bash scripts/demo.sh --build-only
	@if [ ! -d tests/e2e/node_modules ] || \
	  [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then \
	  cd tests/e2e && npm ci --no-audit --no-fund; \
	fi
	node --test --test-concurrency=1 --test-reporter=spec tests/e2e/*.test.mjs

.PHONY: test-leak

# 1 000 create/start/stop/dispose cycles and 10 000 probes in headless
# Chromium; the wasm memory and the page's listeners must not grow.
test-leak: package
	node --test --test-reporter=spec js/test/leak/leak.test.mjs
