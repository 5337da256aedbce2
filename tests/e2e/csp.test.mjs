// The console served under a strict Content Security Policy: no inline
// script, no eval, only 'wasm-unsafe-eval' for the engine. It must work
// without a single violation; and without 'wasm-unsafe-eval' it must say
// why its health checks cannot run instead of going blank.
//
// Here the console finds its API through config.json, the way the demo
// serves it, in a copy of the build so the demo's own file stays as it is.

import assert from 'node:assert/strict'
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'

import { startBackend } from './support/backend.mjs'
import {
  launchBrowser,
  openConsole,
  readStatus,
  waitForStatus,
} from './support/browser.mjs'
import { DIST, requireBuilt } from './support/paths.mjs'

const STRICT = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "connect-src 'self' http://127.0.0.1:*",
  "style-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ')

// The same, without the one thing the engine needs.
const NO_WASM = STRICT.replace(" 'wasm-unsafe-eval'", '')

let site
let browser
const backends = []

before(async () => {
  requireBuilt()
  site = mkdtempSync(join(tmpdir(), 'admin-console-'))
  cpSync(DIST, site, { recursive: true })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await Promise.all(backends.map((backend) => backend.stop()))
  if (site) rmSync(site, { recursive: true, force: true })
})

/** A backend serving the copied console under `csp`, and the page on it. */
async function serve(csp) {
  const backend = await startBackend({ staticDir: site, csp })
  backends.push(backend)
  // Read per request, so writing it once the port is known is enough.
  writeFileSync(join(site, 'config.json'), JSON.stringify({ api: backend.api }))
  const opened = await openConsole(browser, `${backend.control}/`)
  return { backend, ...opened }
}

function violations(problems) {
  return problems.filter(
    ({ kind, text }) =>
      kind === 'csp' || /content security policy|refused to/i.test(text),
  )
}

test('under a strict policy the console runs without a single violation', async () => {
  const { backend, page, problems, response } = await serve(STRICT)
  assert.equal(response.headers()['content-security-policy'], STRICT)

  // A healthy status needs the engine, so the wasm compiled and ran.
  await waitForStatus(page, 'healthy')
  assert.equal(await page.getByTestId('dependency-row').count(), 3)
  await page.getByTestId('user-row').first().waitFor()

  await backend.phase('degraded')
  await waitForStatus(page, 'degraded')
  await page.getByTestId('degraded-banner').waitFor()
  await backend.phase('healthy')
  await waitForStatus(page, 'healthy')

  assert.deepEqual(violations(problems), [])
  assert.deepEqual(problems, [], 'no errors at all while the backend serves')
  await page.context().close()
})

test("without 'wasm-unsafe-eval' the page says so instead of going blank", async () => {
  const { page, problems } = await serve(NO_WASM)

  const error = page.getByTestId('health-error')
  await error.waitFor()
  assert.match(await error.innerText(), /wasm-unsafe-eval/)
  assert.equal((await readStatus(page)).status, 'unknown')
  const text = await page.getByTestId('app-root').innerText()
  assert.ok(text.trim().length > 0)
  // The policy is really in force: this is the violation the first test
  // must not have.
  assert.ok(violations(problems).length > 0, 'the policy blocked nothing')
  await page.context().close()
})
