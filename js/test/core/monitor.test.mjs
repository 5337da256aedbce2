// HealthMonitor against a real local backend: what each kind of answer
// shows, how monitors share an engine, and that dispose leaves nothing
// running.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { after, before, test } from 'node:test'
import { promisify } from 'node:util'

import {
  BackendHealthError,
  HealthMonitor,
  engineStats,
  loadEngine,
} from 'vue-backend-health/core'

import {
  FAST,
  closedPort,
  empty,
  json,
  sleep,
  snapshotWhere,
  startBackend,
} from './helpers.mjs'

const HEALTH_JSON = {
  status: 'pass',
  version: '2.3.0',
  releaseId: 'build-981',
  checks: {
    'postgres:responseTime': [
      {
        componentId: 'primary',
        status: 'pass',
        observedValue: 12,
        observedUnit: 'ms',
      },
    ],
    'redis:connections': [{ status: 'warn', output: 'near the limit' }],
  },
}

const run = promisify(execFile)

/** Probes far apart, so that any early probe is one that was asked for. */
const SLOW = { ...FAST, interval: 5000, timeout: 1000 }

let backend

before(async () => {
  await loadEngine()
  backend = await startBackend({
    '/health': json(HEALTH_JSON, 'application/health+json'),
    '/ok': empty(200),
    '/maintenance': empty(503, { 'Retry-After': '120' }),
    '/session': empty(302, { Location: '/login?next=%2Fsession' }),
    '/slow': (request, response) => {
      const timer = setTimeout(() => response.writeHead(200).end(), 1000)
      request.on('close', () => clearTimeout(timer))
    },
    '/shared': empty(200),
    '/apart': empty(200),
    '/disposed': empty(200),
    '/reported': empty(200),
  })
})

after(async () => {
  assert.equal(engineStats().liveEngines, 0, 'every engine was released')
  await backend.close()
})

/** A monitor of `path` on the test backend, disposed of after the test. */
function monitorOf(t, path, options = FAST) {
  const monitor = new HealthMonitor(backend.url(path), options)
  t.after(() => monitor.dispose())
  return monitor
}

test('check() probes once and resolves with the snapshot after the probe', async (t) => {
  const monitor = monitorOf(t, '/ok')
  assert.equal(monitor.snapshot.lastChecked, null)
  assert.equal(monitor.snapshot.nextCheckAt, null, 'stopped, it plans nothing')

  const before = Date.now()
  const snapshot = await monitor.check()
  assert.equal(backend.count('/ok'), 1)
  assert.equal(snapshot.status, 'healthy')
  assert.equal(snapshot.reason, 'ok')
  assert.equal(snapshot.isHealthy, true)
  assert.equal(snapshot.httpStatus, 200)
  assert.equal(snapshot.error, null)
  assert.ok(snapshot.lastChecked instanceof Date)
  assert.ok(snapshot.lastChecked.getTime() >= before)
  assert.equal(typeof snapshot.latencyMs, 'number')
  assert.ok(Object.isFrozen(snapshot))
})

test('a 200 health+json answer is healthy or degraded, with dependencies and release', async (t) => {
  const snapshot = await monitorOf(t, '/health').check()
  // The service passes, but one dependency warns.
  assert.equal(snapshot.status, 'degraded')
  assert.equal(snapshot.reason, 'warn')
  assert.equal(snapshot.isHealthy, true)
  assert.deepEqual(snapshot.release, {
    version: '2.3.0',
    releaseId: 'build-981',
  })
  const verdicts = snapshot.dependencies.map((d) => `${d.name} ${d.status}`)
  assert.deepEqual(verdicts, ['postgres pass', 'redis warn'])
  assert.equal(snapshot.dependencies[0].latencyMs, 12)
  assert.equal(snapshot.dependencies[1].output, 'near the limit')
  assert.ok(Object.isFrozen(snapshot.dependencies))
  assert.ok(Object.isFrozen(snapshot.dependencies[0]))
  assert.ok(Object.isFrozen(snapshot.release))
})

test('a 503 with Retry-After shows maintenance at once, with an http error', async (t) => {
  const snapshot = await monitorOf(t, '/maintenance').check()
  assert.equal(snapshot.status, 'maintenance')
  assert.equal(snapshot.reason, 'maintenance')
  assert.equal(snapshot.isHealthy, false)
  assert.ok(snapshot.error instanceof BackendHealthError)
  assert.equal(snapshot.error.kind, 'http')
  assert.equal(snapshot.error.httpStatus, 503)
})

test('a 302 to /login is unauthorized, with a redirect error', async (t) => {
  const snapshot = await monitorOf(t, '/session').check()
  assert.equal(snapshot.status, 'unauthorized')
  assert.equal(snapshot.reason, 'login-redirect')
  assert.ok(snapshot.error instanceof BackendHealthError)
  assert.equal(snapshot.error.kind, 'redirect')
})

test('an answer slower than the timeout fails with a timeout error', async (t) => {
  const started = Date.now()
  const snapshot = await monitorOf(t, '/slow').check()
  assert.ok(Date.now() - started < 900, 'the probe gave up at its timeout')
  assert.equal(snapshot.status, 'unavailable')
  assert.equal(snapshot.reason, 'timeout')
  assert.ok(snapshot.error instanceof BackendHealthError)
  assert.equal(snapshot.error.kind, 'timeout')
})

test('a closed port turns a healthy monitor unavailable only at the failure threshold', async (t) => {
  // Healthy first, against a backend of its own, which then goes away.
  const own = await startBackend({ '/readyz': empty(200) })
  const monitor = new HealthMonitor(own.url('/readyz'), FAST)
  t.after(() => monitor.dispose())
  assert.equal((await monitor.check()).status, 'healthy')
  await own.close()

  const seen = []
  monitor.subscribe((s) => seen.push(s))
  monitor.start()
  const down = await snapshotWhere(monitor, (s) => s.status === 'unavailable')

  const first = seen.find((s) => s.consecutiveFailures === 1)
  assert.equal(first.status, 'healthy', 'one failure is not yet an outage')
  assert.equal(first.error?.kind, 'network', 'but its error shows at once')
  assert.equal(down.consecutiveFailures, 2)
  assert.equal(down.reason, 'network')
  assert.ok(down.error instanceof BackendHealthError)
  assert.equal(down.error.kind, 'network')
})

test('a port that was never open is unavailable (network) from the first probe', async (t) => {
  const port = await closedPort()
  const monitor = new HealthMonitor(`http://127.0.0.1:${port}/readyz`, FAST)
  t.after(() => monitor.dispose())
  const snapshot = await monitor.check()
  assert.equal(snapshot.status, 'unavailable')
  assert.equal(snapshot.reason, 'network')
})

test('listeners get a new frozen snapshot per change, one object for all of them', async (t) => {
  const monitor = monitorOf(t, '/ok')
  const a = []
  const b = []
  monitor.subscribe((s) => a.push(s))
  const unsubscribe = monitor.subscribe((s) => b.push(s))
  const initial = monitor.snapshot

  await monitor.check()
  assert.ok(a.length > 0)
  assert.deepEqual(a, b)
  a.forEach((s, i) => assert.equal(s, b[i], 'the same object, not a copy'))
  assert.ok(a.every((s) => Object.isFrozen(s) && s !== initial))
  assert.equal(monitor.snapshot, a.at(-1))

  unsubscribe()
  unsubscribe()
  await monitor.check()
  assert.ok(a.length > b.length, 'an unsubscribed listener hears nothing more')
})

test('a listener that throws does not keep the others from hearing, and its error is not lost', async () => {
  // In a process of its own, where the rethrown error may go uncaught.
  const core = import.meta.resolve('vue-backend-health/core')
  const script = `
    const { HealthMonitor, loadEngine } = await import(${JSON.stringify(core)})
    await loadEngine()
    let heard = 0
    process.on('uncaughtException', (error) => {
      process.stdout.write(\`heard \${heard}, uncaught: \${error.message}\`)
      process.exit(0)
    })
    const monitor = new HealthMonitor(process.argv[1])
    monitor.subscribe(() => { throw new Error('listener bug') })
    monitor.subscribe(() => { heard += 1 })
    await monitor.check()
  `
  const { stdout } = await run(process.execPath, [
    '--input-type=module',
    '--eval',
    script,
    backend.url('/ok'),
  ])
  assert.match(stdout, /^heard [1-9]\d*, uncaught: listener bug$/)
})

test('two monitors of one endpoint and equal options share one engine and one request stream', async (t) => {
  const stats = engineStats().liveEngines
  const a = monitorOf(t, '/shared', { ...FAST })
  const b = monitorOf(t, '/shared', { ...FAST, backoff: { ...FAST.backoff } })
  assert.equal(engineStats().liveEngines, stats + 1)

  // A check while another is in flight joins it, and both monitors hear
  // of every change through one shared snapshot object.
  const heard = []
  b.subscribe((s) => heard.push(s))
  const [sa, sb] = await Promise.all([a.check(), b.check()])
  assert.equal(backend.count('/shared'), 1)
  assert.equal(sa.status, 'healthy')
  assert.equal(sb.status, 'healthy')
  assert.equal(a.snapshot, b.snapshot)
  assert.equal(heard.at(-1), a.snapshot)

  // Both started for 1.2 s at 450-550 ms apart: three probes, not six.
  a.start()
  b.start()
  await sleep(1200)
  const probes = backend.count('/shared') - 1
  assert.ok(probes >= 2 && probes <= 3, `${probes} probes`)
})

test('without Web Locks, as in Node, a sharing monitor works alone as before', async (t) => {
  assert.equal(globalThis.navigator?.locks, undefined)
  const before = backend.count('/ok')
  const shared = monitorOf(t, '/ok', FAST)
  const apart = monitorOf(t, '/ok', { ...FAST, shareAcrossTabs: false })
  assert.equal(shared.tabRole, 'alone')
  assert.equal(apart.tabRole, 'alone')

  // The option is not the engine's: both monitors share one engine.
  const [a, b] = await Promise.all([shared.check(), apart.check()])
  assert.equal(backend.count('/ok') - before, 1)
  assert.equal(a.status, 'healthy')
  assert.equal(b, a)

  shared.start()
  await sleep(700)
  assert.ok(backend.count('/ok') - before >= 2, 'started, it probes')
  shared.stop()
})

test('monitors with different options get engines and request streams of their own', async (t) => {
  const stats = engineStats().liveEngines
  const a = monitorOf(t, '/apart', FAST)
  const b = monitorOf(t, '/apart', { ...FAST, interval: 600 })
  assert.equal(engineStats().liveEngines, stats + 2)
  await Promise.all([a.check(), b.check()])
  assert.equal(backend.count('/apart'), 2)
})

test('dispose is idempotent, later calls throw, and the last one stops the requests', async () => {
  const stats = engineStats().liveEngines
  const a = new HealthMonitor(backend.url('/disposed'), FAST)
  const b = new HealthMonitor(backend.url('/disposed'), FAST)
  a.start()
  b.start()
  await snapshotWhere(b, (s) => s.status === 'healthy')

  a.dispose()
  a.dispose()
  assert.equal(a.isDisposed, true)
  assert.equal(a.snapshot.status, 'healthy', 'the last snapshot stays readable')
  for (const call of [
    () => a.start(),
    () => a.stop(),
    () => a.check(),
    () => a.report(new Response(null, { status: 200 })),
    () => a.subscribe(() => {}),
  ]) {
    assert.throws(
      call,
      (error) =>
        error instanceof BackendHealthError &&
        error.kind === 'engine' &&
        /disposed HealthMonitor/.test(error.message),
    )
  }

  // b still runs the shared engine.
  const before = backend.count('/disposed')
  await sleep(700)
  assert.ok(backend.count('/disposed') > before, 'b keeps probing')
  assert.equal(engineStats().liveEngines, stats + 1)

  b.dispose()
  assert.equal(engineStats().liveEngines, stats)
  const last = backend.count('/disposed')
  await sleep(1200)
  assert.equal(backend.count('/disposed'), last, 'none after the last dispose')
})

test('dispose resolves a check still in flight', async () => {
  const monitor = new HealthMonitor(backend.url('/slow'), FAST)
  const pending = monitor.check()
  monitor.dispose()
  const snapshot = await pending
  assert.equal(typeof snapshot.status, 'string')
})

test('a 503 reported from app traffic brings the next probe forward', async (t) => {
  const monitor = monitorOf(t, '/reported', SLOW)
  monitor.start()
  await snapshotWhere(monitor, (s) => s.status === 'healthy')
  assert.equal(backend.count('/reported'), 1)

  // An abort says nothing about the backend.
  monitor.report(new DOMException('The operation was aborted.', 'AbortError'))
  await sleep(200)
  assert.equal(backend.count('/reported'), 1)
  assert.equal(monitor.snapshot.consecutiveFailures, 0)

  monitor.report(new Response('bad gateway', { status: 503 }))
  assert.equal(monitor.snapshot.consecutiveFailures, 1)
  await sleep(300)
  assert.equal(backend.count('/reported'), 2, 'a probe went out early')
  assert.equal(monitor.snapshot.status, 'healthy', 'the probe found it serving')
})

test('reporting a network failure from app traffic counts towards the threshold', async (t) => {
  const monitor = monitorOf(t, '/reported', SLOW)
  monitor.start()
  await snapshotWhere(monitor, (s) => s.status === 'healthy')
  monitor.report(new TypeError('fetch failed'))
  assert.equal(monitor.snapshot.consecutiveFailures, 1)
  assert.equal(monitor.snapshot.status, 'healthy')
})
