// Options are checked by the engine: every broken rule is an
// `invalid-option` error that names the option.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import {
  BackendHealthError,
  HealthMonitor,
  engineStats,
  loadEngine,
} from 'vue-backend-health/core'

const ENDPOINT = 'http://127.0.0.1:9/readyz'

before(() => loadEngine())

after(() => {
  assert.equal(engineStats().liveEngines, 0, 'no monitor outlives its test')
})

/** Asserts that creating a monitor with `options` fails on `field`. */
function rejects(options, field, rule = /./) {
  assert.throws(
    () => new HealthMonitor(ENDPOINT, options),
    (error) => {
      assert.ok(error instanceof BackendHealthError, `${error}`)
      assert.ok(error instanceof Error)
      assert.equal(error.name, 'BackendHealthError')
      assert.equal(error.kind, 'invalid-option')
      assert.equal(error.httpStatus, null)
      assert.ok(error.message.includes(field), error.message)
      assert.match(error.message, rule)
      return true
    },
  )
}

test('an interval of 0 is refused, naming interval', () => {
  rejects({ interval: 0 }, 'interval', /at least 100/)
})

test('an interval of NaN is refused as not finite', () => {
  rejects({ interval: Number.NaN }, 'interval', /finite/)
})

test('a timeout not below the interval is refused, naming both', () => {
  rejects({ interval: 1000, timeout: 1000 }, 'timeout', /interval/)
  rejects({ interval: 1000, timeout: 5000 }, 'timeout', /interval/)
})

test('an unknown jitter is refused, listing the accepted ones', () => {
  rejects({ backoff: { jitter: 'random' } }, 'backoff.jitter', /full/)
})

test('an unknown key is refused, naming it', () => {
  rejects({ intervall: 5000 }, 'intervall', /unknown option/)
})

test('a backoff base above its max is refused', () => {
  const backoff = { base: 5000, max: 1000 }
  rejects({ backoff }, 'backoff.base', /backoff\.max/)
})

test('a fractional threshold is refused', () => {
  rejects({ failureThreshold: 1.5 }, 'failureThreshold', /whole/)
})

test('an empty endpoint, or one that is not a string, is an invalid option', () => {
  for (const endpoint of ['  ', undefined, new URL(ENDPOINT)]) {
    assert.throws(
      () => new HealthMonitor(endpoint),
      (error) =>
        error instanceof BackendHealthError &&
        error.kind === 'invalid-option' &&
        /endpoint/.test(error.message),
      String(endpoint),
    )
  }
})

test('valid options with request headers and credentials are accepted', () => {
  const monitor = new HealthMonitor(ENDPOINT, {
    interval: 15_000,
    timeout: 2_000,
    failureThreshold: 3,
    successThreshold: 2,
    backoff: { base: 500, max: 30_000, jitter: 'decorrelated' },
    respectRetryAfter: false,
    maxRetryAfter: 60_000,
    method: 'HEAD',
    maxBodyBytes: 1024,
    pauseWhenHidden: false,
    headers: { authorization: 'Bearer token' },
    credentials: 'include',
  })
  assert.equal(monitor.snapshot.status, 'unknown')
  assert.equal(monitor.snapshot.reason, 'pending')
  monitor.dispose()
})

test('shareAcrossTabs that is not a boolean is refused, naming it', () => {
  rejects({ shareAcrossTabs: 'yes' }, 'shareAcrossTabs', /true or false/)
  rejects({ shareAcrossTabs: 1 }, 'shareAcrossTabs', /true or false/)
})

test('shareAcrossTabs is taken on either value and never reaches the engine', () => {
  for (const shareAcrossTabs of [true, false]) {
    const monitor = new HealthMonitor(ENDPOINT, { shareAcrossTabs })
    assert.equal(monitor.snapshot.status, 'unknown')
    monitor.dispose()
  }
})

test('options left undefined keep their defaults', () => {
  const monitor = new HealthMonitor(ENDPOINT, {
    interval: undefined,
    headers: undefined,
  })
  monitor.dispose()
})

test('a value of the wrong type is refused, saying what the option takes', () => {
  rejects({ interval: '1000' }, 'interval', /number of milliseconds/)
  rejects({ method: 5 }, 'method', /string/)
  rejects({ respectRetryAfter: 'yes' }, 'respectRetryAfter', /true or false/)
  rejects({ backoff: [1000, 20000] }, 'backoff', /object/)
})

test('an object that is not a plain one is refused where options nest', () => {
  rejects({ backoff: new Map([['base', 1000]]) }, 'backoff', /object/)
  rejects({ backoff: new Date(0) }, 'backoff', /object/)
  rejects({ backoff: () => ({ base: 1000 }) }, 'backoff', /object/)
})

test(
  'options that refer to themselves are refused, not walked forever',
  { timeout: 30_000 },
  () => {
    // Three references per level: walked without a bound, 3^64 values.
    const options = {}
    options.backoff = { base: options, max: options, jitter: options }
    rejects(options, 'backoff.base', /number of milliseconds/)
  },
)
