#!/usr/bin/env node
// What the backend feels from one browser with many tabs open on the app:
// requests per interval with 1, 5 and 10 tabs, sharing one stream across
// tabs (the default) and each tab on its own (`shareAcrossTabs: false`).
// Headless Chromium against a local /readyz, the built package (pkg/).
//
//   node js/bench/tabs.mjs [--interval MS] [--intervals N] [--json]
//
// Each row opens its tabs in a fresh browser context (a fresh origin, as
// far as locks and channels go), lets them settle for two intervals, then
// counts the requests over N intervals (10 by default): in all, per
// interval, how many tabs sent them, and the most within any window one
// interval wide (a burst would show there).

import {
  busiest,
  launchBrowser,
  openTabs,
  senders,
  sleep,
  startServer,
} from '../test/tabs/harness.mjs'

const TAB_COUNTS = [1, 5, 10]

function parseArgs(argv) {
  const value = (flag, fallback) => {
    const at = argv.indexOf(flag)
    return at === -1 ? fallback : Number(argv[at + 1])
  }
  const interval = value('--interval', 1000)
  const intervals = value('--intervals', 10)
  if (!(interval >= 200) || !(intervals >= 1)) {
    const usage = 'usage: tabs.mjs [--interval MS>=200] [--intervals N]'
    process.stderr.write(`${usage}\n`)
    process.exit(2)
  }
  return { interval, intervals, json: argv.includes('--json') }
}

/** One row: `tabs` tabs, sharing or not, measured over `intervals`. */
async function measure(browser, server, { tabs, share, interval, intervals }) {
  const context = await browser.newContext()
  try {
    const options = { interval, timeout: Math.floor(interval / 2) }
    if (!share) options.shareAcrossTabs = false
    await openTabs(context, server.origin, tabs, options)
    await sleep(2 * interval)

    const from = Date.now()
    const until = from + intervals * interval
    await sleep(until - from)
    const requests = server.since(from).filter((r) => r.at < until)
    return {
      tabs,
      shareAcrossTabs: share,
      requests: requests.length,
      perInterval: requests.length / intervals,
      sendingTabs: senders(requests).length,
      busiestInterval: busiest(requests, interval),
    }
  } finally {
    await context.close()
  }
}

function table(rows, { interval, intervals }) {
  const lines = [
    `requests to /readyz, interval ${interval} ms, over ${intervals} intervals`,
    '',
    '| tabs | shareAcrossTabs | requests | per interval | tabs sending ' +
      '| busiest interval |',
    '|-----:|:----------------|---------:|-------------:|-------------:' +
      '|-----------------:|',
  ]
  for (const row of rows) {
    lines.push(
      `| ${row.tabs} | ${row.shareAcrossTabs} | ${row.requests} | ` +
        `${row.perInterval.toFixed(2)} | ${row.sendingTabs} | ` +
        `${row.busiestInterval} |`,
    )
  }
  return lines.join('\n') + '\n'
}

async function main() {
  const settings = parseArgs(process.argv.slice(2))
  const server = await startServer()
  const browser = await launchBrowser()
  try {
    const rows = []
    for (const share of [true, false]) {
      for (const tabs of TAB_COUNTS) {
        rows.push(await measure(browser, server, { ...settings, tabs, share }))
      }
    }
    const text = settings.json
      ? JSON.stringify({ ...settings, rows }, null, 2) + '\n'
      : table(rows, settings)
    process.stdout.write(text)
  } finally {
    await browser.close()
    await server.close()
  }
}

await main()
