#!/usr/bin/env node
// The herd: thousands of pages, each running the built package's real
// engine at its default options, on a virtual clock, against a simulated
// backend that goes through trouble. It prints what the backend would feel
// (load, peaks) and what users would see (detection delays, status
// changes), measured as the Rust fleet simulation (examples/fleet) does.
//
//   node js/bench/herd.mjs [--clients N] [--scenario NAME|all] [--seed N]
//       [--json] [--check]
//
// Timeline of every scenario (seconds):
//
//    0 ....... 30 ........ 60 ==================== 137 ............... 300
//    pages open (uniform)  |  scenario-specific trouble |  healthy again
//
// Not a test: --check only makes the exit code say whether every target
// was met.

import { HealthMonitor, engineStats, loadEngine } from '../../pkg/core.js'

/** When the trouble starts and ends, and when the run ends (ms). */
const TROUBLE_START_MS = 60_000
const TROUBLE_END_MS = 137_000
const END_MS = 300_000
/** Pages open at times spread uniformly over this span (ms). */
const OPEN_SPAN_MS = 30_000
/** How long every request takes (ms). */
const REQUEST_MS = 20
/** Requests are counted in bins of this width (ms); peaks slide over them. */
const BIN_MS = 100
/** How long after recovery the herd is measured (ms). */
const AFTER_RECOVERY_MS = 30_000
/** Virtual time 0, as a wall-clock date, so that `Date` values look real. */
const EPOCH_MS = Date.UTC(2025, 0, 6, 9, 0, 0)

const SCENARIOS = ['rolling', 'maintenance', 'flap', 'outage']

/** What the backend answers to a request reaching it at `t` ms. */
function answer(scenario, t) {
  if (t < TROUBLE_START_MS || t >= TROUBLE_END_MS) return { status: 200 }
  const into = t - TROUBLE_START_MS
  switch (scenario) {
    case 'rolling':
      return t < 80_000 ? { refused: true } : { status: 503 }
    case 'maintenance':
      return { status: 503, headers: { 'retry-after': '40' } }
    case 'flap':
      return into % 5000 < 2000 ? { status: 503 } : { status: 200 }
    default:
      return { refused: true }
  }
}

// ---------------------------------------------------------------------------
// The virtual clock: setTimeout, clearTimeout and Date.now over one queue
// ---------------------------------------------------------------------------

/** The real functions, kept before the virtual ones replace them. */
const real = {
  setTimeout: globalThis.setTimeout,
  clearTimeout: globalThis.clearTimeout,
  setImmediate: globalThis.setImmediate,
  dateNow: Date.now,
  fetch: globalThis.fetch,
}

/** A min-heap of timers, earliest first, ties in the order they were set. */
class TimerQueue {
  #heap = []

  get size() {
    return this.#heap.length
  }

  push(timer) {
    const heap = this.#heap
    heap.push(timer)
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!earlier(heap[i], heap[parent])) break
      ;[heap[i], heap[parent]] = [heap[parent], heap[i]]
      i = parent
    }
  }

  pop() {
    const heap = this.#heap
    const top = heap[0]
    const last = heap.pop()
    if (heap.length === 0) return top
    heap[0] = last
    let i = 0
    for (;;) {
      const left = 2 * i + 1
      const right = left + 1
      let first = i
      const size = heap.length
      if (left < size && earlier(heap[left], heap[first])) first = left
      if (right < size && earlier(heap[right], heap[first])) first = right
      if (first === i) return top
      ;[heap[i], heap[first]] = [heap[first], heap[i]]
      i = first
    }
  }
}

function earlier(a, b) {
  return a.at < b.at || (a.at === b.at && a.id < b.id)
}

/** Discrete-event time: nothing happens between two timers. */
class VirtualClock {
  now = 0
  #queue = new TimerQueue()
  #live = new Map()
  #nextId = 1

  setTimeout = (callback, ms = 0, ...args) => {
    const id = this.#nextId++
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0
    const timer = { id, at: this.now + delay, callback, args }
    this.#live.set(id, timer)
    this.#queue.push(timer)
    return id
  }

  clearTimeout = (id) => {
    this.#live.delete(id)
  }

  dateNow = () => EPOCH_MS + this.now

  /**
   * Runs every timer due up to `end`, in time order. After each one the
   * promise jobs it started (fetch answers, the engine's futures) all run
   * before the next timer, as they would in a page.
   */
  async run(end) {
    while (this.#queue.size > 0) {
      const timer = this.#queue.pop()
      if (!this.#live.delete(timer.id)) continue
      if (timer.at > end) break
      this.now = timer.at
      timer.callback(...timer.args)
      await new Promise((resolve) => real.setImmediate(resolve))
    }
    this.now = end
  }
}

function install(clock, backend) {
  globalThis.setTimeout = clock.setTimeout
  globalThis.clearTimeout = clock.clearTimeout
  Date.now = clock.dateNow
  globalThis.fetch = backend.fetch
}

function uninstall() {
  globalThis.setTimeout = real.setTimeout
  globalThis.clearTimeout = real.clearTimeout
  Date.now = real.dateNow
  globalThis.fetch = real.fetch
}

// ---------------------------------------------------------------------------
// The simulated backend, and what every page did
// ---------------------------------------------------------------------------

/** Per-page bookkeeping beside the page's monitor. */
function newPage() {
  return {
    monitor: null,
    inFlight: 0,
    maxInFlight: 0,
    status: 'unknown',
    detectedAt: null,
    failingAtEnd: false,
    recoveredAt: null,
    changesDuring: 0,
  }
}

/** A `fetch` that answers from `scenario` after REQUEST_MS of virtual time. */
function simulatedBackend(scenario, clock, pages, bins) {
  const fetch = (input, init = {}) => {
    const url = new URL(typeof input === 'string' ? input : input.url)
    const page = pages[Number(url.searchParams.get('c'))]
    const sentAt = clock.now
    const bin = Math.floor(sentAt / BIN_MS)
    if (bin < bins.length) bins[bin] += 1
    page.inFlight += 1
    page.maxInFlight = Math.max(page.maxInFlight, page.inFlight)

    return new Promise((resolve, reject) => {
      let open = true
      const settle = () => {
        if (!open) return false
        open = false
        page.inFlight -= 1
        return true
      }
      const timer = clock.setTimeout(() => {
        if (!settle()) return
        const reply = answer(scenario, sentAt + REQUEST_MS / 2)
        if (reply.refused) reject(new TypeError('fetch failed'))
        else resolve(new Response(null, reply))
      }, REQUEST_MS)
      init.signal?.addEventListener('abort', () => {
        if (!settle()) return
        clock.clearTimeout(timer)
        reject(init.signal.reason)
      })
    })
  }
  return { fetch }
}

const SERVING = new Set(['healthy', 'degraded'])

/** Notes a page's new status, as the fleet simulation's record_status. */
function record(page, status, now) {
  if (status === page.status) return
  const before = page.status
  page.status = status
  if (now < TROUBLE_START_MS) return
  if (now < TROUBLE_END_MS) {
    if (before !== 'unknown') page.changesDuring += 1
    const lost = SERVING.has(before) && !SERVING.has(status)
    if (lost && page.detectedAt === null) page.detectedAt = now
    page.failingAtEnd = !SERVING.has(status)
  } else if (
    page.failingAtEnd &&
    SERVING.has(status) &&
    page.recoveredAt === null
  ) {
    page.recoveredAt = now
  }
}

// ---------------------------------------------------------------------------
// One run
// ---------------------------------------------------------------------------

/** Runs `clients` pages through `scenario` and measures them. */
async function run(scenario, clients, seed) {
  const clock = new VirtualClock()
  const pages = Array.from({ length: clients }, newPage)
  const bins = new Array(Math.floor(END_MS / BIN_MS) + 1).fill(0)
  const random = splitMix32(seed)

  install(clock, simulatedBackend(scenario, clock, pages, bins))
  try {
    pages.forEach((page, i) => {
      clock.setTimeout(() => open(page, i, clock), random() * OPEN_SPAN_MS)
    })
    await clock.run(END_MS)
  } finally {
    for (const page of pages) page.monitor?.dispose()
    uninstall()
  }
  const leaked = engineStats().liveEngines
  if (leaked !== 0) throw new Error(`${leaked} engines outlived their pages`)
  return { scenario, clients, ...summarise(pages, bins) }
}

function open(page, i, clock) {
  const endpoint = `http://backend.invalid/readyz?c=${i}`
  page.monitor = new HealthMonitor(endpoint)
  page.monitor.subscribe((snapshot) => record(page, snapshot.status, clock.now))
  page.monitor.start()
}

/** A seeded generator of uniform numbers in [0, 1). */
function splitMix32(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x9e3779b9) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return ((z ^ (z >>> 16)) >>> 0) / 4_294_967_296
  }
}

// ---------------------------------------------------------------------------
// The measures, defined as in examples/fleet/sim.rs
// ---------------------------------------------------------------------------

function summarise(pages, bins) {
  const n = pages.length
  const bin = (ms) => Math.floor(ms / BIN_MS)
  const sum = (from, to) =>
    bins.slice(bin(from), bin(to)).reduce((a, b) => a + b, 0)

  // Healthy with every page open: 30-60 s, and from 30 s after recovery.
  const healthyRequests =
    sum(OPEN_SPAN_MS, TROUBLE_START_MS) +
    sum(TROUBLE_END_MS + AFTER_RECOVERY_MS, END_MS)
  const healthySeconds =
    (TROUBLE_START_MS - OPEN_SPAN_MS +
      END_MS - TROUBLE_END_MS - AFTER_RECOVERY_MS) / 1000

  const detect = pages.map((p) =>
    p.detectedAt === null ? Infinity : p.detectedAt - TROUBLE_START_MS,
  )
  const recover = pages
    .filter((p) => p.failingAtEnd)
    .map((p) =>
      p.recoveredAt === null ? Infinity : p.recoveredAt - TROUBLE_END_MS,
    )
  const afterEnd = TROUBLE_END_MS + AFTER_RECOVERY_MS

  return {
    healthyRate: healthyRequests / n / healthySeconds,
    peakDuring: peak(bins, bin(TROUBLE_START_MS), bin(TROUBLE_END_MS)) / n,
    peakAfter: peak(bins, bin(TROUBLE_END_MS), bin(afterEnd)) / n,
    requestsDuring: sum(TROUBLE_START_MS, TROUBLE_END_MS) / n,
    detectP50: percentile(detect, 0.5),
    detectP95: percentile(detect, 0.95),
    recoverP50: percentile(recover, 0.5),
    recoverP95: percentile(recover, 0.95),
    changesDuring: pages.reduce((a, p) => a + p.changesDuring, 0) / n,
    maxInFlight: Math.max(...pages.map((p) => p.maxInFlight)),
  }
}

/** The most requests in any 1 s window starting within bins [from, to). */
function peak(bins, from, to) {
  const width = 1000 / BIN_MS
  let most = 0
  for (let start = from; start < to; start++) {
    const end = Math.min(start + width, bins.length)
    let count = 0
    for (let i = start; i < end; i++) count += bins[i]
    most = Math.max(most, count)
  }
  return most
}

/** The `q` quantile by nearest rank; NaN for no values. */
function percentile(values, q) {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil(q * sorted.length)
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1]
}

// ---------------------------------------------------------------------------
// Targets and printing
// ---------------------------------------------------------------------------

/** The targets the defaults are held to, with what the runs measured. */
function targets(results) {
  const of = (name) => results.find((r) => r.scenario === name)
  const verdicts = []
  const add = (name, measured, met) => verdicts.push({ name, measured, met })

  const rolling = of('rolling')
  if (rolling) {
    const { healthyRate, detectP95, recoverP95, peakAfter } = rolling
    add(
      'rolling: healthy load <= 0.11 req/s',
      healthyRate.toFixed(3),
      healthyRate <= 0.11,
    )
    add(
      'rolling: p95 outage detection <= 12 s',
      seconds(detectP95),
      detectP95 <= 12_000,
    )
    add(
      'rolling: p95 recovery detection <= 20 s',
      seconds(recoverP95),
      recoverP95 <= 20_000,
    )
    add(
      'rolling: busiest 1 s after recovery <= 0.2 req',
      peakAfter.toFixed(3),
      peakAfter <= 0.2,
    )
  }
  const flap = of('flap')
  if (flap) {
    add(
      'flap: <= 4 status changes per client',
      flap.changesDuring.toFixed(2),
      flap.changesDuring <= 4,
    )
  }
  const maintenance = of('maintenance')
  if (maintenance) {
    add(
      'maintenance: <= 4 requests per client in the window',
      maintenance.requestsDuring.toFixed(2),
      maintenance.requestsDuring <= 4,
    )
  }
  if (results.length > 0) {
    const worst = Math.max(...results.map((r) => r.maxInFlight))
    add('never two probes in flight for one page', `max ${worst}`, worst <= 1)
  }
  return verdicts
}

function seconds(ms) {
  if (Number.isNaN(ms)) return 'n/a'
  if (!Number.isFinite(ms)) return 'never'
  return `${(ms / 1000).toFixed(1)} s`
}

const COLUMNS = [
  ['healthy', 'req/s', (r) => r.healthyRate.toFixed(3)],
  ['peak/1s', 'during', (r) => r.peakDuring.toFixed(3)],
  ['peak/1s', 'after', (r) => r.peakAfter.toFixed(3)],
  ['requests', 'during', (r) => r.requestsDuring.toFixed(2)],
  ['detect', 'p50', (r) => seconds(r.detectP50)],
  ['detect', 'p95', (r) => seconds(r.detectP95)],
  ['recover', 'p50', (r) => seconds(r.recoverP50)],
  ['recover', 'p95', (r) => seconds(r.recoverP95)],
  ['changes', 'during', (r) => r.changesDuring.toFixed(2)],
  ['max', 'flight', (r) => String(r.maxInFlight)],
]

function table(results, clients, wallSeconds) {
  const cell = (text) => String(text).padStart(9)
  const line = (first, cells) =>
    `${first.padEnd(12)}${cells.map(cell).join(' ')}\n`
  let out =
    `herd: ${clients} clients of the built engine, pages open over 0-30 s, ` +
    `trouble 60-137 s, end 300 s (${wallSeconds.toFixed(1)} s of wall time)\n\n`
  out += line('scenario', COLUMNS.map(([top]) => top))
  out += line('', COLUMNS.map(([, bottom]) => bottom))
  for (const r of results) {
    out += line(r.scenario, COLUMNS.map(([, , measure]) => measure(r)))
  }
  out +=
    '\nper client: healthy req/s over 30-60 s and 167-300 s; peaks are the ' +
    'busiest 1 s during the trouble\nand in the 30 s after it; changes are ' +
    'status changes during it\n'

  const verdicts = targets(results)
  if (verdicts.length > 0) out += '\ntargets (defaults):\n'
  for (const v of verdicts) {
    const mark = v.met ? 'met   ' : 'MISSED'
    out += `  ${mark} ${v.name.padEnd(52)} ${v.measured}\n`
  }
  return out
}

/** The JSON names of the measures: those of the fleet simulation's --json. */
const JSON_NAMES = {
  scenario: 'scenario',
  clients: 'clients',
  healthyRate: 'healthyRequestsPerSecond',
  peakDuring: 'peakDuring',
  peakAfter: 'peakAfterRecovery',
  requestsDuring: 'requestsDuring',
  detectP50: 'detectP50Ms',
  detectP95: 'detectP95Ms',
  recoverP50: 'recoverP50Ms',
  recoverP95: 'recoverP95Ms',
  changesDuring: 'statusChangesDuring',
  maxInFlight: 'maxInFlight',
}

function json(results, clients, wallSeconds) {
  // Infinite delays (never detected) become null.
  const number = (x) => (Number.isFinite(x) ? Number(x.toFixed(4)) : null)
  const rows = results.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([key, value]) => [
        JSON_NAMES[key],
        typeof value === 'number' ? number(value) : value,
      ]),
    ),
  )
  const document = {
    clients,
    wallSeconds: number(wallSeconds),
    results: rows,
    targets: targets(results),
  }
  return JSON.stringify(document, null, 2) + '\n'
}

// ---------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------

function parseArgs(argv) {
  const args = {
    clients: 2000,
    scenarios: SCENARIOS,
    seed: 1,
    json: false,
    check: false,
  }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`)
      return argv[++i]
    }
    if (flag === '--clients') args.clients = positive(value(), flag)
    else if (flag === '--seed') args.seed = positive(value(), flag)
    else if (flag === '--scenario') args.scenarios = scenarios(value())
    else if (flag === '--json') args.json = true
    else if (flag === '--check') args.check = true
    else throw new Error(`unknown argument ${flag}`)
  }
  return args
}

function positive(text, flag) {
  const n = Number(text)
  if (!Number.isInteger(n) || n <= 0) {
    throw new Error(`${flag} takes a positive whole number`)
  }
  return n
}

function scenarios(name) {
  if (name === 'all') return SCENARIOS
  if (SCENARIOS.includes(name)) return [name]
  const known = SCENARIOS.join(', ')
  throw new Error(`unknown scenario ${name}: use ${known} or all`)
}

async function main() {
  let args
  try {
    args = parseArgs(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(
      `herd: ${error.message}\nusage: herd.mjs [--clients N] ` +
        '[--scenario rolling|maintenance|flap|outage|all] [--seed N] ' +
        '[--json] [--check]\n',
    )
    process.exit(2)
  }

  await loadEngine()
  const started = performance.now()
  const results = []
  for (const scenario of args.scenarios) {
    results.push(await run(scenario, args.clients, args.seed))
  }
  const wallSeconds = (performance.now() - started) / 1000

  const print = args.json ? json : table
  process.stdout.write(print(results, args.clients, wallSeconds))
  if (args.check && targets(results).some((v) => !v.met)) process.exit(1)
}

await main()
