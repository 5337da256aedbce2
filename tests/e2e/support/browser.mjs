// Debian's Chromium through playwright-core, and what the tests ask of the
// console's page: its status, its views, and whether it ever went blank.

import { mkdirSync } from 'node:fs'
import { join } from 'node:path'

import { chromium } from 'playwright-core'

import { SCREENSHOTS } from './paths.mjs'
import { CHROMIUM_LAUNCH } from '../../../scripts/chromium.mjs'

/**
 * How long the console may take to show a change, with the demo options
 * (interval 2000 ms, timeout 1000 ms, backoff 500 to 4000 ms):
 *
 *   the next scheduled probe     2 200 ms (the interval, +10 % jitter)
 *   its timeout                  1 000 ms (the slow phase needs all of it)
 *   one confirming probe         1 500 ms (within the backoff base, and
 *                                         its own timeout)
 *   margin                       2 300 ms (the engine loading, a loaded CI)
 *                                --------
 *                                7 000 ms
 *
 * A recovery takes at most one backoff delay (4 000 ms) and one probe, so
 * the same bound holds for coming back.
 */
export const SHOWS_WITHIN_MS = 7000

const VIEWPORT = { width: 1280, height: 900 }

/** Debian's Chromium, headless, without background traffic. */
export function launchBrowser() {
  return chromium.launch(CHROMIUM_LAUNCH)
}

/**
 * Opens the console at `url` in a fresh context. `problems` collects page
 * errors, console errors and Content Security Policy violations as they
 * happen, each as `{ kind, text }`.
 */
export async function openConsole(browser, url) {
  const context = await browser.newContext({ viewport: VIEWPORT })
  const page = await context.newPage()
  const problems = []

  page.on('pageerror', (error) => {
    problems.push({ kind: 'pageerror', text: error.message })
  })
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    problems.push({ kind: 'console', text: message.text() })
  })
  // Violations are also events in the page; these survive a muted console.
  await page.exposeFunction('reportViolation', (text) => {
    problems.push({ kind: 'csp', text })
  })
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const { violatedDirective, blockedURI } = event
      window.reportViolation(`${violatedDirective} blocked ${blockedURI}`)
    })
  })

  const response = await page.goto(url)
  return { context, page, problems, response }
}

/** The console's URL on `backend`, with its API given as `?api=`. */
export function consoleUrl(backend) {
  return `${backend.control}/?api=${encodeURIComponent(backend.api)}`
}

/** What the status bar says: `{ status, reason }`. */
export async function readStatus(page) {
  const element = page.getByTestId('status')
  const status = (await element.textContent())?.trim() ?? ''
  const reason = (await element.getAttribute('data-reason')) ?? ''
  return { status, reason }
}

/**
 * Waits until the status bar shows `status`, and returns how long it took
 * (ms). Fails naming the status and reason it showed instead.
 */
export async function waitForStatus(page, status, limitMs = SHOWS_WITHIN_MS) {
  const started = Date.now()
  let seen = { status: '', reason: '' }
  while (Date.now() - started < limitMs) {
    seen = await readStatus(page).catch(() => seen)
    if (seen.status === status) return Date.now() - started
    await page.waitForTimeout(100)
  }
  throw new Error(
    `the page did not show ${status} within ${limitMs} ms; ` +
      `it showed ${seen.status} (${seen.reason})`,
  )
}

/**
 * Samples the page every 100 ms until `stop()`, which returns how many
 * samples were taken and which of them found `[data-testid=app-root]`
 * missing or without text.
 *
 * A document still being parsed after a reload has no root yet, but the
 * browser keeps painting the previous page until the new one has content,
 * so such a sample is not counted as blank.
 */
export function watchForBlank(page) {
  const blanks = []
  let samples = 0
  let running = true

  const sample = async () => {
    const seen = await page
      .evaluate(() => {
        const root = document.querySelector('[data-testid="app-root"]')
        return {
          loading: document.readyState === 'loading',
          found: root !== null,
          text: root ? root.innerText.trim() : '',
        }
      })
      .catch(() => null)
    if (!seen || (seen.loading && !seen.found)) return
    samples++
    if (seen.text === '') blanks.push({ at: new Date().toISOString(), seen })
  }

  const loop = (async () => {
    while (running) {
      await sample()
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  })()

  return {
    async stop() {
      running = false
      await loop
      return { samples, blanks }
    },
  }
}

/** Saves what the page shows as `<name>.png` in `SCREENSHOTS`. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true })
  // The countdowns tick every 250 ms; let the last change settle first.
  await page.waitForTimeout(300)
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) })
}

/** The number of rows in the users table, or 0 without one. */
export async function userRows(page) {
  return page.getByTestId('user-row').count()
}
