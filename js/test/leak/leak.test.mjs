// No leak in a real page: after a warm-up, rounds of 1 000
// create/start/stop/dispose cycles and 10 000 probes leave the engine's wasm
// memory, the bytes live on its heap, the JavaScript values it holds, the
// page's listener count and the number of live engines where they were.
//
// Headless Chromium (Debian's) loads the built package from pkg/ through a
// local server; the page's fetch answers at once, so the probes cost only
// the engine's own work.

import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { CHROMIUM_LAUNCH } from '../../../scripts/chromium.mjs'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const pkg = join(root, 'pkg')

const PAGE = `<!doctype html><meta charset="utf-8"><title>leak</title>
<script type="module" src="/page.js"></script>`

// Runs in the page. Counts the listeners the engine adds for page signals,
// answers every probe's fetch at once, and exposes one round of the workload.
const PAGE_SCRIPT = `
const counted = new Set(['online', 'offline', 'focus', 'visibilitychange'])
let listeners = 0
const add = EventTarget.prototype.addEventListener
const remove = EventTarget.prototype.removeEventListener
EventTarget.prototype.addEventListener = function (type, fn, opts) {
  if (counted.has(type)) listeners++
  return add.call(this, type, fn, opts)
}
EventTarget.prototype.removeEventListener = function (type, fn, opts) {
  if (counted.has(type)) listeners--
  return remove.call(this, type, fn, opts)
}

const core = await import('/pkg/core.js')
await core.loadEngine()
// Only after the engine has loaded: the engine looks fetch up per call.
// Answers take turns: a health document, a body that claims to be JSON and
// is not, a proxy's error page and a refused connection, so that the paths
// of failure are exercised as often as the path of success.
const ANSWERS = [
  ['{"status":"pass","checks":{"db:responseTime":[{"status":"pass","observedValue":3}]}}', 200, 'application/health+json'],
  ['{"status": "pass", "checks": {', 200, 'application/json'],
  ['<html><body>502 Bad Gateway</body></html>', 502, 'text/html'],
  null,
]
let answered = 0
globalThis.fetch = async () => {
  const answer = ANSWERS[answered++ % ANSWERS.length]
  if (!answer) throw new TypeError('Failed to fetch')
  const [body, status, type] = answer
  return new Response(body, { status, headers: { 'content-type': type } })
}
const options = { interval: 100, timeout: 50, backoff: { base: 100, max: 400 } }

async function cycles(n) {
  for (let i = 0; i < n; i++) {
    const m = new core.HealthMonitor('/readyz?cycle=' + i, options)
    m.subscribe(() => {})
    m.start()
    await m.check()
    m.stop()
    m.dispose()
  }
}

async function probes(monitors, each) {
  const all = Array.from({ length: monitors }, (_, i) =>
    new core.HealthMonitor('/readyz?probe=' + i, options))
  await Promise.all(all.map(async (m) => {
    for (let k = 0; k < each; k++) await m.check()
  }))
  for (const m of all) m.dispose()
}

globalThis.round = async (cycleCount, monitors, each) => {
  await cycles(cycleCount)
  await probes(monitors, each)
  const stats = core.engineStats()
  return { memory: stats.memoryBytes, heap: stats.heapBytes, slots: stats.tableSlots, engines: stats.liveEngines, listeners }
}
globalThis.ready = true
`

let server
let browser
let base

before(async () => {
  server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname
    if (path === '/') return send(res, 'text/html', PAGE)
    if (path === '/page.js') return send(res, 'text/javascript', PAGE_SCRIPT)
    if (path.startsWith('/pkg/')) {
      const file = normalize(join(pkg, path.slice(5)))
      if (!file.startsWith(pkg)) return send(res, 'text/plain', 'no', 404)
      try {
        const types = { '.js': 'text/javascript', '.wasm': 'application/wasm' }
        return send(res, types[extname(file)] ?? 'application/octet-stream', await readFile(file))
      } catch {
        return send(res, 'text/plain', 'not found', 404)
      }
    }
    send(res, 'text/plain', 'not found', 404)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${server.address().port}`
  browser = await chromium.launch(CHROMIUM_LAUNCH)
})

after(async () => {
  await browser?.close()
  server?.close()
})

function send(res, type, body, status = 200) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' })
  res.end(body)
}

test('cycles and probes leave memory, listeners and engines where they were', { timeout: 300_000 }, async () => {
  const page = await browser.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(base + '/')
  await page.waitForFunction(() => globalThis.ready === true)

  // Warm-up: two full rounds, in which the allocator, the engine registry's
  // table and the task queue reach their working capacity.
  const round = () => page.evaluate(() => globalThis.round(1000, 100, 100))
  await round()
  const warm = await round()
  const rounds = [await round(), await round(), await round()]
  const show = (key) => rounds.map((r) => r[key]).join(', ')
  console.info(
    `after warm-up: wasm memory ${warm.memory} B, heap in use ${warm.heap} B, ` +
      `value table ${warm.slots} slots; after each further round of 1 000 ` +
      `cycles + 10 000 probes: memory ${show('memory')} B, heap ` +
      `${show('heap')} B, table ${show('slots')} slots`,
  )

  assert.deepEqual(errors, [])
  for (const r of rounds) {
    assert.equal(r.memory, warm.memory, 'the wasm memory grew')
    assert.equal(r.heap, warm.heap, 'bytes were left allocated')
    assert.equal(r.slots, warm.slots, 'JavaScript values were left held')
  }
  for (const r of [warm, ...rounds]) {
    assert.equal(r.listeners, 0, 'a page-signal listener was left behind')
    assert.equal(r.engines, 0, 'an engine outlived its monitors')
  }
  await page.close()
})
