// Tabs of one origin share one request stream: one tab leads and probes,
// the others show what it learns, and leadership moves when the leader
// closes, hides or goes silent. Real Chromium pages of one browser context
// against a local /readyz; every interval is 1000 ms.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import {
  QUICK,
  busiest,
  changedAt,
  gaps,
  launchBrowser,
  leaderOf,
  openTabs,
  roleOf,
  rolesOf,
  senders,
  setHidden,
  sleep,
  startServer,
  statusOf,
  until,
} from './harness.mjs'

const INTERVAL = QUICK.interval
/** The most requests one tab sends in `ms`, its intervals spread by ±10 %. */
const oneStream = (ms) => Math.floor(ms / (INTERVAL * 0.9)) + 1

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

/** A fresh origin's worth of tabs: a context of its own, closed after. */
async function tabs(t, count, options = QUICK) {
  const context = await browser.newContext()
  t.after(() => context.close())
  await server.setStatus(200)
  const pages = await openTabs(context, server.origin, count, options)
  t.after(() => assert.deepEqual(context.pageErrors, []))
  return pages
}

/** Resolves once every page shows `status`. */
function everyTabShows(pages, status, ms) {
  return until(
    async () => (await Promise.all(pages.map(statusOf))).every(
      (s) => s === status,
    ),
    ms,
    `every tab showing ${status}`,
  )
}

test('five tabs send one request stream, from the one tab that leads', async (t) => {
  const pages = await tabs(t, 5)
  await everyTabShows(pages, 'healthy', 3000)

  const roles = await rolesOf(pages)
  assert.equal(roles.filter((r) => r === 'leader').length, 1)
  assert.equal(roles.filter((r) => r === 'follower').length, 4)

  const from = Date.now()
  await sleep(6 * INTERVAL)
  const requests = server.since(from)
  const leader = await leaderOf(pages)
  assert.deepEqual(senders(requests), [leader.tab])
  assert.ok(
    requests.length <= oneStream(6 * INTERVAL),
    `${requests.length} requests in 6 intervals`,
  )
})

test('every tab shows each status change within one interval of the leader', async (t) => {
  const pages = await tabs(t, 5)
  await everyTabShows(pages, 'healthy', 3000)
  const leader = await leaderOf(pages)

  for (const [code, status] of [
    [503, 'unavailable'],
    [200, 'healthy'],
  ]) {
    const from = Date.now()
    await server.setStatus(code)
    await everyTabShows(pages, status, 5 * INTERVAL)

    const led = await changedAt(leader, status, from)
    for (const page of pages) {
      const seen = await changedAt(page, status, from)
      assert.ok(
        Math.abs(seen - led) <= INTERVAL,
        `tab ${page.tab} showed ${status} ${seen - led} ms after the leader`,
      )
    }
  }
})

test('closing the leader hands the stream over within an interval, with no gap and no burst', async (t) => {
  const pages = await tabs(t, 5)
  await everyTabShows(pages, 'healthy', 3000)
  await sleep(2 * INTERVAL)
  const leader = await leaderOf(pages)
  const rest = pages.filter((page) => page !== leader)

  const closedAt = Date.now()
  await leader.close()
  await until(
    async () => (await rolesOf(rest)).includes('leader'),
    INTERVAL * 1.5,
    'a new leader',
  )
  await sleep(4 * INTERVAL)

  const around = server.since(closedAt - 3 * INTERVAL)
  const longest = Math.max(...gaps(around))
  assert.ok(longest <= 2 * INTERVAL, `a gap of ${longest} ms`)
  assert.ok(busiest(around, INTERVAL) <= 2, 'more than 2 requests in 1 s')

  const next = await leaderOf(rest)
  const after = server.since(closedAt)
  assert.deepEqual(senders(after), [next.tab])
  assert.equal(await statusOf(next), 'healthy')
})

test('a leader that navigates away or crashes hands the stream over within an interval', async (t) => {
  const pages = await tabs(t, 4)
  await everyTabShows(pages, 'healthy', 3000)
  const remaining = new Set(pages)

  for (const leave of [
    (page) => page.goto(`${server.origin}/blank`),
    async (page) => {
      // The renderer dies without a word; the answer to this command never
      // comes, so the crash event is what is awaited.
      const cdp = await page.context().newCDPSession(page)
      const crashed = new Promise((resolve) => page.once('crash', resolve))
      cdp.send('Page.crash').catch(() => {})
      await crashed
    },
  ]) {
    const leader = await leaderOf([...remaining])
    remaining.delete(leader)
    const rest = [...remaining]
    const leftAt = Date.now()
    await leave(leader)
    await until(
      async () => (await rolesOf(rest)).includes('leader'),
      INTERVAL * 1.5,
      'a new leader',
    )
    await sleep(2 * INTERVAL)
    const next = await leaderOf(rest)
    assert.deepEqual(senders(server.since(leftAt + INTERVAL)), [next.tab])
    const longest = Math.max(...gaps(server.since(leftAt - 2 * INTERVAL)))
    assert.ok(longest <= 2 * INTERVAL, `a gap of ${longest} ms`)
  }
})

test('a hidden leader hands the stream to a visible tab, which goes on without a burst', async (t) => {
  const pages = await tabs(t, 3)
  await everyTabShows(pages, 'healthy', 3000)
  await sleep(INTERVAL)
  const leader = await leaderOf(pages)

  const hiddenAt = Date.now()
  await setHidden(leader, true)
  await until(
    async () => (await roleOf(leader)) === 'follower',
    3 * INTERVAL,
    'the hidden leader stepping down',
  )
  const next = await until(
    async () => {
      const roles = await rolesOf(pages)
      return pages[roles.indexOf('leader')]
    },
    INTERVAL,
    'a visible leader',
  )
  assert.notEqual(next, leader)
  await sleep(4 * INTERVAL)

  // The hidden tab stays out of line while a visible one leads.
  assert.equal(await roleOf(leader), 'follower')
  const after = server.since(hiddenAt + 2 * INTERVAL)
  assert.deepEqual(senders(after), [next.tab])

  // Hidden, the old leader paused; the stream resumed within the grace of
  // a second and one interval.
  const around = server.since(hiddenAt - 2 * INTERVAL)
  const longest = Math.max(...gaps(around))
  assert.ok(longest <= 3 * INTERVAL, `a gap of ${longest} ms`)
  assert.ok(busiest(around, INTERVAL) <= 2, 'more than 2 requests in 1 s')
  assert.equal(await statusOf(leader), 'healthy')
})

test('a leader that goes silent loses the stream to a follower, and follows once it wakes', async (t) => {
  const pages = await tabs(t, 3)
  await everyTabShows(pages, 'healthy', 3000)
  const leader = await leaderOf(pages)
  const rest = pages.filter((page) => page !== leader)

  // A paused debugger stops the page's scripts, timers and messages, but
  // its lock stays held: the browser cannot tell it from a stuck tab.
  const cdp = await leader.context().newCDPSession(leader)
  await cdp.send('Debugger.enable')
  const pausedAt = Date.now()
  await cdp.send('Debugger.pause')
  await until(
    async () => (await rolesOf(rest)).includes('leader'),
    4 * INTERVAL,
    'a follower taking over',
  )
  // Two intervals of silence, counted from its last word, which came at
  // most an interval before the pause.
  const tookOver = Date.now() - pausedAt
  assert.ok(tookOver >= INTERVAL, `taken over after only ${tookOver} ms`)

  await cdp.send('Debugger.resume')
  await until(
    async () => (await roleOf(leader)) === 'follower',
    2 * INTERVAL,
    'the woken leader following',
  )
  const from = Date.now()
  await sleep(3 * INTERVAL)
  const next = await leaderOf(pages)
  assert.deepEqual(senders(server.since(from)), [next.tab])
  await cdp.detach()
})

test('hidden followers bear a silent leader for longer, and a visible one takes over', async (t) => {
  const pages = await tabs(t, 3)
  await everyTabShows(pages, 'healthy', 3000)
  const leader = await leaderOf(pages)
  const [first, second] = pages.filter((page) => page !== leader)
  await setHidden(first, true)
  await setHidden(second, true)

  const cdp = await leader.context().newCDPSession(leader)
  await cdp.send('Debugger.enable')
  await cdp.send('Debugger.pause')
  // Hidden, the browser would run their timers late: silence there is not
  // yet a sign of a stuck leader. (Visible, they would have taken over
  // within the leader's presence, 2.5 intervals, and two more.)
  await sleep(7 * INTERVAL)
  assert.deepEqual(await rolesOf([first, second]), ['follower', 'follower'])

  await setHidden(first, false)
  await until(
    async () => (await roleOf(first)) === 'leader',
    3 * INTERVAL,
    'the tab made visible taking over',
  )
  await cdp.send('Debugger.resume')
  await until(
    async () => (await roleOf(leader)) === 'follower',
    2 * INTERVAL,
    'the woken leader following',
  )
  assert.equal(await roleOf(second), 'follower')
  await cdp.detach()
})

test('disposing of the leader hands the stream over at once', async (t) => {
  const pages = await tabs(t, 3)
  await everyTabShows(pages, 'healthy', 3000)
  const leader = await leaderOf(pages)
  const rest = pages.filter((page) => page !== leader)

  await leader.evaluate(() => window.harness.monitor.dispose())
  assert.equal(await roleOf(leader), 'alone')
  await until(
    async () => (await rolesOf(rest)).includes('leader'),
    INTERVAL / 2,
    'a new leader',
  )
  const held = await leader.evaluate(async () => {
    const { held } = await navigator.locks.query()
    return held.length
  })
  assert.equal(held, 1, 'one lock, held by the new leader')
})
