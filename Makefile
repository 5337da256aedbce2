# The project's commands. A new user needs two: `make demo` and `make test`;
# both install what they need first (scripts/setup.sh, idempotent).
.PHONY: demo test setup fleet check-rust

CARGO ?= cargo

setup:
	bash scripts/setup.sh

# The main job: the fleet simulation of 10 000 pages through four outages.
demo: setup
	$(CARGO) run --release --example fleet

fleet:
	$(CARGO) run --release --example fleet

# Every test, from formatting to the fleet's targets.
test: setup check-rust
	$(CARGO) run --release --example fleet -- --clients 2000 --check

check-rust:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) test --workspace
	$(CARGO) build --target wasm32-unknown-unknown
