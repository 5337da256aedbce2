// The live monitors of the page, grouped by endpoint: where passive reports
// from the app's own traffic go, and where status and release events come
// from.
//
// Every `useBackendHealth` registers its monitor here while it lives and
// passes each snapshot through `observe`. Events are per endpoint, not per
// monitor: two components on one endpoint share one request stream, see the
// same snapshots, and a listener hears each change once.

import type {
  HealthMonitor,
  HealthSnapshot,
  HealthStatus,
  Release,
} from '../core.js'

/** Called when an endpoint's status changes from one value to another. */
export type StatusChangeListener = (
  status: HealthStatus,
  previous: HealthStatus,
  snapshot: HealthSnapshot,
) => void

/** Called when the release an endpoint runs changes from a known one. */
export type ReleaseChangeListener = (
  release: Release,
  previous: Release,
) => void

interface Hub {
  monitors: Set<HealthMonitor>
  onStatus: Set<StatusChangeListener>
  onRelease: Set<ReleaseChangeListener>
  /** The last known status, `unknown` until one is known. */
  status: HealthStatus
  /** The last known release, kept through an outage. */
  release: Release | null
}

/** The sets of a hub that something can join. */
type Members = 'monitors' | 'onStatus' | 'onRelease'
type Member<K extends Members> = Hub[K] extends Set<infer T> ? T : never

const hubs = new Map<string, Hub>()

/** `url` resolved against the page's address, when it can be. */
function resolve(url: string): URL | null {
  try {
    return new URL(url, globalThis.location?.href)
  } catch {
    return null
  }
}

/** The name an endpoint is known by: its absolute URL when it resolves. */
export function endpointKey(endpoint: string): string {
  return resolve(endpoint)?.href ?? endpoint
}

/**
 * Adds `member` (a live monitor or a listener) to the hub of `key`. The
 * returned function removes it, and forgets the hub once nothing uses it.
 */
export function join<K extends Members>(
  key: string,
  set: K,
  member: Member<K>,
): () => void {
  const hub: Hub = hubs.get(key) ?? {
    monitors: new Set(),
    onStatus: new Set(),
    onRelease: new Set(),
    status: 'unknown',
    release: null,
  }
  hubs.set(key, hub)
  const members = hub[set] as Set<Member<K>>
  members.add(member)

  return () => {
    members.delete(member)
    const { monitors, onStatus, onRelease } = hub
    if (monitors.size + onStatus.size + onRelease.size === 0) hubs.delete(key)
  }
}

/**
 * Calls every listener with `args`, each in a microtask of its own: after
 * every monitor has its snapshot, and so that one that throws reaches the
 * page's error reporting without stopping the others. One removed
 * meanwhile is not called.
 */
function emit<A extends unknown[]>(
  listeners: Set<(...args: A) => void>,
  ...args: A
): void {
  for (const listener of listeners) {
    queueMicrotask(() => listeners.has(listener) && listener(...args))
  }
}

/** Whether one field went from a known value to another known value. */
function moved(previous?: string, next?: string): boolean {
  return previous != null && next != null && previous !== next
}

/**
 * Takes a snapshot of a monitor of `key` and tells the listeners what
 * changed. `unknown` is skipped: it says only that a monitor is new, not
 * what the backend does. A release that turns `null` (an outage, a HEAD
 * probe) keeps the last known one, so the next known one is compared to it.
 */
export function observe(key: string, snapshot: HealthSnapshot): void {
  const hub = hubs.get(key)
  if (!hub) return

  const { status, release } = snapshot
  const previous = hub.status
  if (status !== 'unknown' && status !== previous) {
    hub.status = status
    emit(hub.onStatus, status, previous, snapshot)
  }

  const known = hub.release
  if (!release) return
  hub.release = release
  const changed =
    known &&
    (moved(known.version, release.version) ||
      moved(known.releaseId, release.releaseId))
  if (!changed) return
  emit(hub.onRelease, release, known)
}

/**
 * Reports an outcome of the app's own traffic to every live monitor of
 * `endpoint`. The engine decides what it means and rate-limits the probes
 * it brings forward, so reporting every request is fine.
 */
export function reportResponse(
  endpoint: string,
  responseOrError: unknown,
): void {
  hubs.get(endpointKey(endpoint))?.monitors.forEach((monitor) => {
    monitor.report(responseOrError)
  })
}

/** Reports an outcome to the monitors of every endpoint on `origin`. */
function reportOrigin(origin: string | undefined, outcome: unknown): void {
  // `null` is the origin of data: and file: URLs, and no origin at all.
  if (!origin || origin === 'null') return
  for (const [key, hub] of hubs) {
    if (resolve(key)?.origin !== origin) continue
    hub.monitors.forEach((monitor) => monitor.report(outcome))
  }
}

/**
 * A drop-in `fetch` that also reports each outcome, response or thrown
 * error, to the live monitors whose endpoint has the request's origin, so
 * that a failing backend is noticed before the next scheduled probe. The
 * response is returned and the error rethrown unchanged.
 */
export async function healthFetch(
  input: RequestInfo | URL,
  init?: RequestInit,
): Promise<Response> {
  const url = typeof input === 'object' && 'url' in input ? input.url : input
  const origin = resolve(String(url))?.origin
  try {
    const response = await fetch(input, init)
    reportOrigin(origin, response)
    return response
  } catch (error) {
    reportOrigin(origin, error)
    throw error
  }
}
