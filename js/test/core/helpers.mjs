// Shared pieces of the core tests: a local backend that counts the requests
// it gets, and waits on real time with deadlines.

import { createServer } from 'node:http'

/** The directory of the real health bodies, given by the test runner. */
export const BODIES = process.env.BACKEND_HEALTH_BODIES ?? ''

/**
 * Options small enough for tests to run in real time: probes every 500 ms
 * while serving, a 200 ms timeout, retries from 50-100 ms.
 */
export const FAST = Object.freeze({
  interval: 500,
  timeout: 200,
  backoff: { base: 100, max: 400 },
})

/**
 * A backend on 127.0.0.1 at a free port. `routes` maps a path to a handler
 * `(request, response) => void`; other paths answer 404. Every request is
 * counted by its path.
 */
export async function startBackend(routes) {
  const counts = new Map()
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://localhost').pathname
    counts.set(path, (counts.get(path) ?? 0) + 1)
    const route = routes[path]
    if (route) return route(request, response)
    response.writeHead(404).end()
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    count: (path) => counts.get(path) ?? 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(resolve)
      }),
  }
}

/** A port nothing listens on: bound once, then released. */
export async function closedPort() {
  const server = createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Resolves after `ms` of real time. */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * The first snapshot of `monitor` (the current one included) for which
 * `predicate` holds; rejects after `ms` with the last status seen.
 */
export function snapshotWhere(monitor, predicate, ms = 3000) {
  if (predicate(monitor.snapshot)) return Promise.resolve(monitor.snapshot)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe()
      const { status, reason } = monitor.snapshot
      const last = `${status}/${reason}`
      reject(new Error(`no matching snapshot in ${ms} ms (last ${last})`))
    }, ms)
    const unsubscribe = monitor.subscribe((snapshot) => {
      if (!predicate(snapshot)) return
      clearTimeout(timer)
      unsubscribe()
      resolve(snapshot)
    })
  })
}

/** Answers 200 with `body` as JSON of media type `type`. */
export function json(body, type = 'application/json', status = 200) {
  return (request, response) => {
    response.writeHead(status, { 'content-type': type })
    response.end(JSON.stringify(body))
  }
}

/** Answers `status` with `headers` and no body. */
export function empty(status, headers = {}) {
  return (request, response) => response.writeHead(status, headers).end()
}
