// The world of the tabs tests and benchmark: a local server with a test page
// that runs the built package (../../../pkg) and a /readyz that records
// every request, and headless Chromium, whose pages of one browser context
// are the tabs of one origin.

import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'

import { chromium } from 'playwright-core'
import { CHROMIUM_LAUNCH } from '../../../scripts/chromium.mjs'

/** The built package, served at /pkg/. */
const PKG = fileURLToPath(new URL('../../../pkg/', import.meta.url))

/** Options quick enough for a suite of about a minute. */
export const QUICK = Object.freeze({ interval: 1000, timeout: 500 })

const TYPES = {
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
}

/**
 * The test page. Its query names the tab (`tab`, which its requests carry
 * in their Referer) and the monitor's options (`options`, JSON). It records
 * every change of status with the time it was heard.
 */
const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>loading</title>
<script type="module">
  import { HealthMonitor, loadEngine } from '/pkg/core.js'

  const query = new URLSearchParams(location.search)
  const options = JSON.parse(query.get('options') ?? '{}')
  await loadEngine()
  const monitor = new HealthMonitor('/readyz', options)
  const changes = []
  monitor.subscribe((snapshot) => {
    if (changes.at(-1)?.status === snapshot.status) return
    changes.push({ status: snapshot.status, at: Date.now() })
  })
  window.harness = { monitor, changes }
  monitor.start()
  document.title = 'ready'
</script>
`

/**
 * A backend on 127.0.0.1 at a free port. `/readyz` answers with the status
 * set by `POST /control/status/<code>` (200 at first) and records each
 * request's time and tab; `/` is the test page, `/blank` a page without a
 * monitor, `/pkg/*` the package.
 */
export async function startServer() {
  const requests = []
  let status = 200

  const server = createServer(async (request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1')
    if (url.pathname === '/readyz') {
      requests.push({ at: Date.now(), tab: tabOf(request.headers.referer) })
      const body = JSON.stringify({ status: status < 300 ? 'pass' : 'fail' })
      response.writeHead(status, {
        'content-type': 'application/health+json',
        'cache-control': 'no-store',
      })
      return response.end(body)
    }
    const control = /^\/control\/status\/(\d{3})$/.exec(url.pathname)
    if (control && request.method === 'POST') {
      status = Number(control[1])
      return response.writeHead(204).end()
    }
    if (url.pathname === '/' || url.pathname === '/blank') {
      response.writeHead(200, { 'content-type': 'text/html' })
      return response.end(url.pathname === '/' ? PAGE : '<!doctype html>')
    }
    if (url.pathname.startsWith('/pkg/')) return servePackage(url, response)
    response.writeHead(404).end()
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${server.address().port}`

  return {
    origin,
    /** Every request to /readyz so far: `{ at, tab }`. */
    requests,
    /** The requests made from `from` (ms since the epoch) on. */
    since: (from) => requests.filter((r) => r.at >= from),
    /** Makes /readyz answer `code` from now on. */
    async setStatus(code) {
      const answer = await fetch(`${origin}/control/status/${code}`, {
        method: 'POST',
      })
      if (answer.status !== 204) throw new Error('the control route failed')
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(resolve)
      }),
  }
}

async function servePackage(url, response) {
  const path = normalize(join(PKG, url.pathname.slice('/pkg/'.length)))
  if (!path.startsWith(PKG)) return response.writeHead(403).end()
  try {
    const bytes = await readFile(path)
    const type = TYPES[extname(path)] ?? 'application/octet-stream'
    response.writeHead(200, { 'content-type': type }).end(bytes)
  } catch {
    response.writeHead(404).end()
  }
}

/** The `tab` parameter of the page a request came from. */
function tabOf(referer) {
  if (!referer) return null
  return new URL(referer).searchParams.get('tab')
}

/** Debian's Chromium, headless, with nothing running in the background. */
export function launchBrowser() {
  return chromium.launch(CHROMIUM_LAUNCH)
}

/**
 * Opens `count` tabs of the test page in `context`, named from `first` on,
 * each with `options`; resolves once every one runs its monitor. Errors
 * thrown in a page are collected in `context.pageErrors`.
 */
export async function openTabs(context, origin, count, options, first = 0) {
  context.pageErrors ??= []
  const tabs = []
  for (let i = first; i < first + count; i++) {
    const page = await context.newPage()
    page.on('pageerror', (error) => context.pageErrors.push(error))
    const query = new URLSearchParams({
      tab: String(i),
      options: JSON.stringify(options),
    })
    await page.goto(`${origin}/?${query}`)
    await page.waitForFunction(() => document.title === 'ready')
    page.tab = String(i)
    tabs.push(page)
  }
  return tabs
}

/** What the tab's monitor says about its part in the stream. */
export function roleOf(page) {
  return page.evaluate(() => window.harness.monitor.tabRole)
}

/** The roles of `pages`, in order. */
export function rolesOf(pages) {
  return Promise.all(pages.map(roleOf))
}

/** The status the tab's monitor shows. */
export function statusOf(page) {
  return page.evaluate(() => window.harness.monitor.snapshot.status)
}

/** When the tab first showed `status` after `from`, or null. */
export function changedAt(page, status, from) {
  return page.evaluate(
    ([status, from]) => {
      const change = window.harness.changes.find(
        (c) => c.status === status && c.at >= from,
      )
      return change ? change.at : null
    },
    [status, from],
  )
}

/** The one leading tab among `pages`; rejects unless there is exactly one. */
export async function leaderOf(pages) {
  const roles = await rolesOf(pages)
  const leaders = pages.filter((_, i) => roles[i] === 'leader')
  if (leaders.length !== 1) {
    throw new Error(`expected one leader, got roles ${roles.join(', ')}`)
  }
  return leaders[0]
}

/**
 * Makes the page hidden or visible as far as its scripts can tell, and
 * tells them with a `visibilitychange`. Headless Chromium keeps every page
 * visible whatever is done to its window, and it freezes no visible page,
 * so this is how a tab in the background is played.
 */
export function setHidden(page, hidden) {
  return page.evaluate((hidden) => {
    const state = hidden ? 'hidden' : 'visible'
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => state,
    })
    Object.defineProperty(document, 'hidden', {
      configurable: true,
      get: () => hidden,
    })
    document.dispatchEvent(new Event('visibilitychange'))
  }, hidden)
}

/** Resolves after `ms`. */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * Resolves with the first truthy value of `probe()`, tried every 50 ms;
 * rejects after `ms`, saying what was awaited.
 */
export async function until(probe, ms, what) {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`)
    await sleep(50)
  }
}

/** The time between each request of `requests` and the next. */
export function gaps(requests) {
  return requests.slice(1).map((r, i) => r.at - requests[i].at)
}

/** The most requests of `requests` that fall within any `width` ms. */
export function busiest(requests, width) {
  let most = 0
  let start = 0
  for (let end = 0; end < requests.length; end++) {
    while (requests[end].at - requests[start].at >= width) start++
    most = Math.max(most, end - start + 1)
  }
  return most
}

/** The distinct tabs that sent `requests`. */
export function senders(requests) {
  return [...new Set(requests.map((r) => r.tab))]
}
