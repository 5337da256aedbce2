// The admin console in headless Chromium against the real rolling-backend,
// taken through every phase of a rolling update and back. One backend and
// one page for the whole file, so the checks at the end (never blank, one
// health check in flight at most) cover everything before them.
//
// Each test switches a phase and waits for the view it should bring, within
// SHOWS_WITHIN_MS (the demo's interval + timeout + one confirming probe +
// a margin). The tests run in order; each starts by bringing the backend
// back to healthy, so one failure does not take the others with it.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { startBackend } from './support/backend.mjs'
import {
  SHOWS_WITHIN_MS,
  consoleUrl,
  launchBrowser,
  openConsole,
  readStatus,
  screenshot,
  userRows,
  waitForStatus,
  watchForBlank,
} from './support/browser.mjs'
import { DIST, requireBuilt } from './support/paths.mjs'

const USERS = 5

let backend
let browser
let page
let context
let blank

before(async () => {
  requireBuilt()
  backend = await startBackend({ staticDir: DIST })
  browser = await launchBrowser()
  ;({ page, context } = await openConsole(browser, consoleUrl(backend)))
  blank = watchForBlank(page)
})

after(async () => {
  await blank?.stop()
  await browser?.close()
  await backend?.stop()
})

/** Switches to healthy and waits for the page to show it. */
async function healthyAgain() {
  await backend.phase('healthy')
  await waitForStatus(page, 'healthy')
}

/** Switches to `phase` and returns the view the page settles on. */
async function enter(phase, status) {
  await backend.phase(phase)
  await waitForStatus(page, status)
  return readStatus(page)
}

async function visible(testId) {
  return page.getByTestId(testId).isVisible()
}

/** The times the status bar gives for the last and the next check (ms). */
async function checkTimes() {
  const at = async (id) =>
    Number(await page.getByTestId(id).getAttribute('data-at'))
  return { last: await at('last-checked'), next: await at('next-check') }
}

test('the console starts healthy, with the dependencies and the users', async () => {
  await waitForStatus(page, 'healthy')
  await page.getByTestId('user-row').first().waitFor()

  assert.equal(await page.getByTestId('dependency-row').count(), 3)
  assert.equal(await userRows(page), USERS)
  assert.equal(await visible('fallback'), false)
  assert.match(await page.getByTestId('release').innerText(), /v1/)
  await screenshot(page, 'healthy')
})

test('a degraded backend shows the banner above the working console', async () => {
  await healthyAgain()
  const { reason } = await enter('degraded', 'degraded')

  assert.equal(reason, 'warn')
  const banner = await page.getByTestId('degraded-banner').innerText()
  assert.match(banner, /cache/)
  assert.equal(await userRows(page), USERS)
  await screenshot(page, 'degraded')
})

test('offline shows the notice over the kept users, and online recovers', async () => {
  await healthyAgain()
  await page.getByTestId('users-table').waitFor()

  await context.setOffline(true)
  try {
    await waitForStatus(page, 'offline')
    await page.getByTestId('offline-notice').waitFor()
    assert.equal(await userRows(page), USERS)
    const note = await page.getByTestId('stale-note').innerText()
    assert.match(note, /^Showing data from \d\d:\d\d:\d\d/)
    await screenshot(page, 'offline')
  } finally {
    await context.setOffline(false)
  }

  await waitForStatus(page, 'healthy')
  assert.equal(await visible('offline-notice'), false)
  assert.equal(await userRows(page), USERS)
})

test('a draining instance shows the unavailable page while its API still answers', async () => {
  await healthyAgain()
  const { reason } = await enter('draining', 'unavailable')

  assert.equal(reason, 'server-error')
  await page.getByTestId('fallback').waitFor()
  const kind = await page.getByTestId('fallback').getAttribute('data-status')
  assert.equal(kind, 'unavailable')
  assert.match(await page.getByTestId('next-try').innerText(), /Next try at/)
  const users = await fetch(`${backend.api}/api/v1/users`)
  assert.equal(users.status, 200, 'a draining instance still serves its API')
  await screenshot(page, 'unavailable')
})

test('recovery brings the normal view back with the users intact', async () => {
  await backend.phase('draining')
  await waitForStatus(page, 'unavailable')
  await healthyAgain()

  await page.getByTestId('users-table').waitFor()
  assert.equal(await userRows(page), USERS)
  assert.equal(await visible('fallback'), false)
})

test('a stopped instance, refusing connections, shows the unavailable page', async () => {
  await healthyAgain()
  const { reason } = await enter('stopped', 'unavailable')

  assert.equal(reason, 'network')
  assert.equal(await visible('fallback'), true)
  await healthyAgain()
  assert.equal(await userRows(page), USERS)
})

test('a starting instance shows its failing database and cache', async () => {
  await healthyAgain()
  const { reason } = await enter('starting', 'unavailable')

  assert.equal(reason, 'server-error')
  const failing = page.locator(
    '[data-testid="fallback"] [data-testid="dependency-row"][data-status="fail"]',
  )
  await failing.nth(1).waitFor()
  assert.equal(await failing.count(), 2)
})

test('a starting instance with Retry-After shows maintenance and waits 5 s', async () => {
  await healthyAgain()
  const { reason } = await enter('starting-retry-after', 'maintenance')

  assert.equal(reason, 'maintenance')
  const { last, next } = await checkTimes()
  assert.ok(next - last >= 4500, `next check ${next - last} ms after the last`)
  await backend.phase('healthy')
  await waitForStatus(page, 'healthy', 5000 + SHOWS_WITHIN_MS)
})

test('maintenance shows the next try 30 s away, and Retry checks at once', async () => {
  await healthyAgain()
  await enter('maintenance', 'maintenance')

  const kind = await page.getByTestId('fallback').getAttribute('data-status')
  assert.equal(kind, 'maintenance')
  const { last, next } = await checkTimes()
  assert.ok(
    next - last >= 25_000,
    `next check ${next - last} ms after the last`,
  )
  await screenshot(page, 'maintenance')

  await backend.phase('healthy')
  await page.getByTestId('retry').click()
  const took = await waitForStatus(page, 'healthy', 3000)
  assert.ok(took < 3000)
})

test('an expired session shows the login prompt', async () => {
  await healthyAgain()
  const { reason } = await enter('expired', 'unauthorized')

  assert.equal(reason, 'unauthorized')
  await page.getByTestId('login-prompt').waitFor()
  const link = await page.getByTestId('sign-in').getAttribute('href')
  assert.equal(link, `${backend.api}/login`)
  await screenshot(page, 'unauthorized')
})

test('a redirect to the sign-in page shows the login prompt', async () => {
  await healthyAgain()
  const { reason } = await enter('login-redirect', 'unauthorized')

  assert.equal(reason, 'login-redirect')
  assert.equal(await visible('login-prompt'), true)
})

test('answers slower than the timeout count as unavailable', async () => {
  await healthyAgain()
  const { reason } = await enter('slow', 'unavailable')

  assert.equal(reason, 'timeout')
  await healthyAgain()
})

test('a new release offers a reload, and reloading takes it', async () => {
  await healthyAgain()
  await backend.phase('upgraded')

  const prompt = page.getByTestId('release-prompt')
  await prompt.waitFor({ timeout: SHOWS_WITHIN_MS })
  assert.match(await prompt.innerText(), /v2/)
  assert.equal((await readStatus(page)).status, 'healthy')
  await screenshot(page, 'release-prompt')

  await Promise.all([
    page.waitForEvent('load'),
    page.getByTestId('reload').click(),
  ])
  await waitForStatus(page, 'healthy')
  assert.match(await page.getByTestId('release').innerText(), /v2/)
  assert.equal(await prompt.count(), 0, 'the first release seen is no change')
})

test('back online after a Retry-After that Retry got past, the page recovers at once', async () => {
  await healthyAgain()
  await enter('maintenance', 'maintenance')
  await backend.phase('healthy')
  await page.getByTestId('retry').click()
  await waitForStatus(page, 'healthy', 3000)

  await context.setOffline(true)
  await waitForStatus(page, 'offline')
  await context.setOffline(false)
  await waitForStatus(page, 'healthy')
})

test('the page was never blank, through every phase and the reload', async () => {
  const { samples, blanks } = await blank.stop()
  blank = null
  assert.ok(samples > 100, `only ${samples} samples`)
  assert.deepEqual(blanks, [])
})

test('never more than one health check was in flight', async () => {
  const stats = await backend.stats()
  assert.ok(stats.requests > 20, `only ${stats.requests} health checks`)
  assert.equal(stats.maxInFlight, 1)
})
