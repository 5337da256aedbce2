// Loading the engine from the installed package, with no arguments.

import assert from 'node:assert/strict'
import { test } from 'node:test'

import {
  engineStats,
  isEngineLoaded,
  loadEngine,
} from 'vue-backend-health/core'

test('loadEngine() without arguments reads the wasm shipped beside the package, once', async () => {
  assert.equal(isEngineLoaded(), false)
  const first = loadEngine()
  const second = loadEngine()
  assert.equal(second, first, 'a call while loading shares the promise')
  assert.equal(await first, undefined)
  assert.equal(isEngineLoaded(), true)
  const stats = engineStats()
  assert.equal(stats.loaded, true)
  assert.equal(stats.liveEngines, 0)
  assert.ok(stats.memoryBytes > 0, 'the wasm memory is there')
  assert.ok(stats.tableSlots > 0, 'the value table is there')
})

test('once loaded, loadEngine() returns the same promise and ignores its source', async (t) => {
  const warnings = []
  t.mock.method(console, 'warn', (message) => warnings.push(message))

  const loaded = loadEngine()
  const elsewhere = 'http://127.0.0.1:9/never-fetched.wasm'
  assert.equal(loadEngine(elsewhere), loaded)
  assert.equal(loadEngine(new URL(elsewhere)), loaded)
  await loaded
  assert.equal(isEngineLoaded(), true)

  // A developer is told, once, that the source went unused.
  assert.equal(warnings.length, 1)
  assert.match(warnings[0], /^\[vue-backend-health\] loadEngine\(\) was called/)
})
