// Where the built pieces the tests use are, and a check that they exist.

import { existsSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = (path) =>
  fileURLToPath(new URL(`../../../${path}`, import.meta.url))

/** The built console, as `make demo-console` leaves it. */
export const DIST = root('examples/admin-console/dist')

/** The backend, as `cargo build --release -p rolling-backend` leaves it. */
export const BACKEND = root('target/release/rolling-backend')

/**
 * Where the screenshots of each state go: beside the build, so that a test
 * run leaves the repository as it was, or into the README's
 * `docs/screenshots` when `UPDATE_SCREENSHOTS=1` asks for new ones (they
 * show clock times, so every run makes them differ).
 */
export const SCREENSHOTS = root(
  process.env.UPDATE_SCREENSHOTS === '1'
    ? 'docs/screenshots'
    : 'target/screenshots',
)

/**
 * Throws unless the console and the backend are built, saying how to build
 * them: the tests test what the demo runs, and do not build it themselves.
 */
export function requireBuilt() {
  const hint = 'run make test-e2e, or bash scripts/demo.sh --build-only'
  if (!existsSync(BACKEND)) throw new Error(`no ${BACKEND}: ${hint}`)
  if (!existsSync(`${DIST}/index.html`)) {
    throw new Error(`no ${DIST}/index.html: ${hint}`)
  }
  const assets = readdirSync(`${DIST}/assets`)
  if (!assets.some((name) => name.endsWith('.wasm'))) {
    throw new Error(`the console build in ${DIST} has no .wasm file: ${hint}`)
  }
}
