// Watches the console in headless Chromium while a rolling-backend plays a
// rolling update, and prints what the page showed at each moment next to
// what the backend was doing.
//
//   node scripts/play-rolling-update.mjs --api URL --control URL [--until S]
//
// The backend must already be running with its --script; this only looks.
// Every 250 ms it reads the page's status word and the backend's phase, and
// prints a line whenever either changes. Exits 1 if the page was ever blank
// or did not end healthy, 2 on a usage or start-up error.

import { parseArgs } from 'node:util'

import { chromium } from 'playwright-core'
import { CHROMIUM_LAUNCH } from '../../../scripts/chromium.mjs'

const SAMPLE_MS = 250

function print(text) {
  process.stdout.write(`${text}\n`)
}

// What the page should settle on in each phase of the update.
const EXPECTED = {
  healthy: 'healthy',
  draining: 'unavailable',
  stopped: 'unavailable',
  starting: 'unavailable',
  'starting-retry-after': 'maintenance',
  maintenance: 'maintenance',
  degraded: 'degraded',
  upgraded: 'healthy',
  slow: 'unavailable',
  expired: 'unauthorized',
  'login-redirect': 'unauthorized',
}

function usage(message) {
  process.stderr.write(`play-rolling-update: ${message}\n`)
  process.stderr.write(
    'usage: node scripts/play-rolling-update.mjs --api URL --control URL ' +
      '[--until SECONDS]\n',
  )
  process.exit(2)
}

function readOptions() {
  const { values } = parseArgs({
    options: {
      api: { type: 'string' },
      control: { type: 'string' },
      until: { type: 'string', default: '48' },
    },
  })
  if (!values.api || !values.control) usage('--api and --control are needed')
  const until = Number(values.until)
  if (!(until > 0)) usage(`--until ${values.until} is not a number of seconds`)
  return { api: values.api, control: values.control, untilMs: until * 1000 }
}

/** The backend's phase and uptime, or null once it has gone. */
async function backendState(control) {
  try {
    const response = await fetch(`${control}/control/state`)
    return response.ok ? await response.json() : null
  } catch {
    return null
  }
}

/** What the page shows now; runs inside the page. */
function readPage() {
  const find = (id) => document.querySelector(`[data-testid="${id}"]`)
  const root = find('app-root')
  const status = find('status')
  return {
    status: status?.textContent.trim() ?? '(none)',
    reason: status?.getAttribute('data-reason') ?? '',
    blank: !root || root.innerText.trim() === '',
    releasePrompt: find('release-prompt') !== null,
  }
}

async function samplePage(page) {
  try {
    return await page.evaluate(readPage)
  } catch {
    // A reload in progress: nothing to read, and nothing shown yet either.
    return null
  }
}

function seconds(ms) {
  return (ms / 1000).toFixed(1).padStart(5)
}

function line(ms, phase, view) {
  const status = view.blank ? 'BLANK' : view.status
  const reason = view.blank || !view.reason ? '' : `(${view.reason})`
  const note = view.releasePrompt ? '  + new version offered' : ''
  const page = `page ${status.padEnd(12)} ${reason.padEnd(16)}`.trimEnd()
  return `t=${seconds(ms)} s  backend ${phase.padEnd(21)} ${page}${note}`
}

/**
 * How long the page took to show what each phase should show: one entry
 * per phase change. The switch happened between the last sample of the
 * phase before and the first of the new one, so the delay is measured from
 * the earlier: an upper bound, within one sampling period. `already` marks
 * a page that showed the status before the switch (or, for the first
 * phase, from the first sample); `delayMs` is null if
 * the page never showed it during the phase.
 */
function reactions(samples) {
  const changes = []
  samples.forEach((sample, index) => {
    const previous = samples[index - 1]
    if (previous && previous.phase === sample.phase) return
    const expected = EXPECTED[sample.phase]
    const rest = samples.slice(index)
    const end = rest.findIndex((later) => later.phase !== sample.phase)
    const during = end === -1 ? rest : rest.slice(0, end)
    const seen = during.find((later) => later.view.status === expected)
    const from = previous ?? sample
    changes.push({
      phase: sample.phase,
      expected,
      already: from.view.status === expected,
      delayMs: seen ? seen.ms - from.ms : null,
    })
  })
  return changes
}

async function watch(page, control, untilMs) {
  print(`t is the backend's uptime; the page is read every ${SAMPLE_MS} ms`)
  const samples = []
  let last = ''
  for (;;) {
    const [state, view] = await Promise.all([
      backendState(control),
      samplePage(page),
    ])
    if (!state) break
    if (view) {
      const sample = { ms: state.uptimeMs, phase: state.phase, view }
      samples.push(sample)
      const text = line(sample.ms, sample.phase, view)
      const key = text.slice(text.indexOf('backend'))
      if (key !== last) print(text)
      last = key
    }
    if (state.uptimeMs >= untilMs) break
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS))
  }
  return samples
}

function report(samples) {
  print('')
  for (const { phase, expected, already, delayMs } of reactions(samples)) {
    let shown = `showed ${expected} within ${(delayMs / 1000).toFixed(1)} s`
    if (already) shown = `was already showing ${expected}`
    if (delayMs === null) shown = `never showed ${expected}`
    print(`  ${phase.padEnd(21)} ${shown}`)
  }

  const blanks = samples.filter((sample) => sample.view.blank).length
  const final = samples.at(-1)?.view.status
  const offered = samples.some((sample) => sample.view.releasePrompt)
  print('')
  print(`  ${samples.length} samples, ${blanks} of them blank`)
  print(`  new version offered: ${offered ? 'yes' : 'no'}`)
  print(`  last status: ${final ?? '(none)'}`)
  return blanks === 0 && final === 'healthy'
}

async function main() {
  const { api, control, untilMs } = readOptions()
  const browser = await chromium.launch(CHROMIUM_LAUNCH)
  try {
    const page = await browser.newPage({
      viewport: { width: 1280, height: 860 },
    })
    await page.goto(`${control}/?api=${encodeURIComponent(api)}`)
    const samples = await watch(page, control, untilMs)
    return report(samples)
  } finally {
    await browser.close()
  }
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error) => {
    process.stderr.write(`play-rolling-update: ${error.message}\n`)
    process.exit(2)
  },
)
