// What stays out of a shared stream: a tab that opts out polls on its own,
// and messages that are malformed, foreign or of another version change
// nothing. Real Chromium pages of one browser context against /readyz.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import {
  QUICK,
  launchBrowser,
  leaderOf,
  openTabs,
  rolesOf,
  senders,
  sleep,
  startServer,
  statusOf,
  until,
} from './harness.mjs'

const INTERVAL = QUICK.interval

let server
let browser

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.close()
})

async function context(t) {
  const context = await browser.newContext()
  t.after(() => context.close())
  await server.setStatus(200)
  t.after(() => assert.deepEqual(context.pageErrors ?? [], []))
  return context
}

test('a tab with shareAcrossTabs false polls on its own beside a shared stream', async (t) => {
  const ctx = await context(t)
  const shared = await openTabs(ctx, server.origin, 3, QUICK)
  const [alone] = await openTabs(
    ctx,
    server.origin,
    1,
    { ...QUICK, shareAcrossTabs: false },
    3,
  )
  await sleep(INTERVAL)
  assert.deepEqual(await rolesOf([alone]), ['alone'])

  const from = Date.now()
  await sleep(5 * INTERVAL)
  const requests = server.since(from)
  const leader = await leaderOf(shared)
  assert.deepEqual(senders(requests).sort(), [leader.tab, alone.tab].sort())

  const own = requests.filter((r) => r.tab === alone.tab).length
  const led = requests.length - own
  assert.ok(own >= 4 && own <= 6, `${own} requests of its own in 5 s`)
  assert.ok(led >= 4 && led <= 6, `${led} shared requests in 5 s`)
})

test('tabs whose options mean the same share one stream, however they are written', async (t) => {
  const ctx = await context(t)
  const spellings = [
    QUICK,
    { ...QUICK, failureThreshold: 2, backoff: { jitter: 'full' } },
    { timeout: QUICK.timeout, interval: QUICK.interval, method: 'get' },
  ]
  const tabs = []
  for (const [i, options] of spellings.entries()) {
    tabs.push(...(await openTabs(ctx, server.origin, 1, options, i)))
  }
  const followers = async () =>
    (await rolesOf(tabs)).filter((role) => role === 'follower').length === 2
  await until(followers, 5 * INTERVAL, 'one leader and two followers')

  const from = Date.now()
  await sleep(5 * INTERVAL)
  const leader = await leaderOf(tabs)
  assert.deepEqual(senders(server.since(from)), [leader.tab])
})

/** A well-formed state in which the backend is in maintenance. */
function maintenance() {
  return {
    snapshot: {
      status: 'maintenance',
      reason: 'maintenance',
      isHealthy: false,
      lastChecked: Date.now(),
      nextCheckAt: null,
      consecutiveFailures: 1,
      latencyMs: 3,
      httpStatus: 503,
      error: null,
      dependencies: [],
      release: null,
    },
    successes: 0,
    notBefore: null,
    nextProbe: null,
  }
}

test('malformed, foreign and other-version messages on the channel change nothing', async (t) => {
  const ctx = await context(t)
  const pages = await openTabs(ctx, server.origin, 3, QUICK)
  await until(
    async () => (await Promise.all(pages.map(statusOf))).every(
      (s) => s === 'healthy',
    ),
    3000,
    'every tab healthy',
  )
  const leader = await leaderOf(pages)
  const rolesBefore = await rolesOf(pages)
  // The channel is named as the lock is; the leader holds it.
  const name = await leader.evaluate(async () => {
    const { held } = await navigator.locks.query()
    return held[0].name
  })
  assert.match(name, /^vue-backend-health:/)

  const intruder = await ctx.newPage()
  await intruder.goto(`${server.origin}/blank`)
  const good = maintenance()
  const envelope = { v: 1, key: name, from: 'intruder', visible: true }
  const state = { ...envelope, wants: false, type: 'state', leading: true }
  const messages = [
    'not an object',
    null,
    [1, 2],
    { ...envelope },
    { ...envelope, wants: true, type: 'unheard-of' },
    // Well-formed states, but of another version, another channel, no
    // sender, or a negative revision.
    { ...state, rev: 1, handover: good, v: 2 },
    { ...state, rev: 1, handover: good, key: 'elsewhere' },
    { ...state, rev: 1, handover: good, from: '' },
    { ...state, rev: -1, handover: good },
    // Envelopes in order around a handover the engine refuses.
    ...[
      { ...good, snapshot: { ...good.snapshot, status: 'bogus' } },
      { ...good, successes: -1 },
      { ...good, nextProbe: 'tomorrow' },
      { ...good, snapshot: { ...good.snapshot, dependencies: 'none' } },
      { ...good, snapshot: { ...good.snapshot, error: { kind: 'gremlin' } } },
      { snapshot: null },
    ].map((handover, i) => ({ ...state, rev: 10 + i, handover })),
    { ...envelope, wants: false, type: 'check', id: 'soon' },
    { ...envelope, wants: false, type: 'report', observation: { status: 1 } },
    {
      ...envelope,
      wants: false,
      type: 'report',
      observation: { transport: 'pigeon', status: 503 },
    },
  ]
  const refusals = []
  for (const page of pages) {
    page.on('console', (message) => {
      if (message.text().includes('posted by another tab was ignored')) {
        refusals.push(message.text())
      }
    })
  }
  await intruder.evaluate(
    ([name, messages]) => {
      const channel = new BroadcastChannel(name)
      for (const message of messages) channel.postMessage(message)
      channel.close()
    },
    [name, messages],
  )
  await sleep(INTERVAL / 2)

  assert.deepEqual(await rolesOf(pages), rolesBefore)
  for (const page of pages) assert.equal(await statusOf(page), 'healthy')
  // The refused handovers reached the engine, which said why it refused
  // them (in development builds).
  assert.ok(refusals.length >= 2, `${refusals.length} refusals warned of`)

  // The same channel does carry a well-formed state: followers show it
  // until the leader's next word. So the messages above reached them.
  await intruder.evaluate(
    ([name, good]) => {
      const channel = new BroadcastChannel(name)
      channel.postMessage({
        v: 1,
        key: name,
        from: 'intruder',
        visible: true,
        wants: false,
        type: 'state',
        leading: false,
        rev: 99,
        handover: good,
      })
      channel.close()
    },
    [name, good],
  )
  const follower = pages.find((page) => page !== leader)
  await until(
    async () => (await statusOf(follower)) === 'maintenance',
    INTERVAL,
    'a follower showing the well-formed state',
  )
  assert.equal(await statusOf(leader), 'healthy')
  await until(
    async () => (await statusOf(follower)) === 'healthy',
    2 * INTERVAL,
    'the follower back on the leader',
  )
})
