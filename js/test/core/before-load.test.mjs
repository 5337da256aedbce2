// What the core does before its engine is loaded, and how a failed load
// reads. Runs in its own process, so that nothing has loaded the engine yet.

import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { after, before, test } from 'node:test'

import {
  BackendHealthError,
  HealthMonitor,
  classifyResponse,
  engineStats,
  isEngineLoaded,
  loadEngine,
} from 'vue-backend-health/core'

/** Asserts an `engine` error whose message matches every pattern. */
function engineError(...patterns) {
  return (error) => {
    assert.ok(error instanceof BackendHealthError, `${error}`)
    assert.equal(error.kind, 'engine')
    for (const pattern of patterns) assert.match(error.message, pattern)
    return true
  }
}

let server
let base

before(async () => {
  server = createServer((request, response) => {
    if (request.url === '/index.html') {
      response.writeHead(200, { 'content-type': 'text/html' })
      return response.end('<!doctype html><html><body>app</body></html>')
    }
    response.writeHead(404).end()
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${server.address().port}`
})

after(() => new Promise((resolve) => server.close(resolve)))

test('creating a monitor before loadEngine() throws an engine error saying to await it', () => {
  assert.equal(isEngineLoaded(), false)
  assert.throws(
    () => new HealthMonitor(`${base}/readyz`),
    engineError(/await loadEngine\(\) before creating a HealthMonitor/),
  )
})

test('classifying before loadEngine() throws an engine error too', () => {
  assert.throws(
    () => classifyResponse({ status: 200 }),
    engineError(/await loadEngine\(\)/),
  )
})

test('engine stats report nothing loaded and no engines', () => {
  assert.deepEqual(engineStats(), {
    loaded: false,
    liveEngines: 0,
    memoryBytes: 0,
    heapBytes: 0,
    tableSlots: 0,
  })
})

test('a wasm file missing from disk rejects with an engine error naming it', async () => {
  const missing = new URL('file:///nonexistent/backend_health_bg.wasm')
  await assert.rejects(
    loadEngine(missing),
    engineError(
      /could not be read at file:\/\/\/nonexistent/,
      /loadEngine\(\)/,
    ),
  )
  assert.equal(isEngineLoaded(), false)
})

test('a URL made in another realm is read as a URL, not as bytes', async () => {
  // What a window's URL looks like to code from another realm (a test
  // environment, an iframe): not an instance of this realm's URL.
  const foreign = Object.create(null)
  foreign.href = 'file:///nonexistent/from-another-realm.wasm'
  foreign.protocol = 'file:'
  foreign.toString = () => foreign.href
  assert.equal(foreign instanceof URL, false)
  await assert.rejects(
    loadEngine(foreign),
    engineError(/could not be read at file:\/\/\/nonexistent\/from-another/),
  )
  assert.equal(isEngineLoaded(), false)
})

test('a wasm URL that answers 404 rejects with an engine error saying to serve it', async () => {
  await assert.rejects(
    loadEngine(`${base}/assets/backend_health_bg.wasm`),
    engineError(/not found at .*\(HTTP 404\)/, /served with the app/),
  )
})

test('an HTML page served in place of the wasm is named as such', async () => {
  await assert.rejects(
    loadEngine(`${base}/index.html`),
    engineError(/is not a wasm module but an HTML page/),
  )
})

test('bytes that are not wasm are refused before compiling', async () => {
  await assert.rejects(
    loadEngine(new TextEncoder().encode('not wasm at all')),
    engineError(/the bytes given is not a wasm module/),
  )
})

test('after failed loads, loadEngine() without arguments still succeeds', async () => {
  await loadEngine()
  assert.equal(isEngineLoaded(), true)
  const monitor = new HealthMonitor(`${base}/readyz`)
  assert.equal(monitor.snapshot.status, 'unknown')
  monitor.dispose()
})
