// The health monitor of one endpoint: a handle on an engine inside the
// wasm, which monitors of the same endpoint and options share, and, through
// the coordinator in tabs.ts, one request stream for every tab of an origin.

import { requireEngine } from './engine.js'
import { BackendHealthError, engineError, guard } from './errors.js'
import { toObservation } from './observation.js'
import { toSnapshot } from './snapshot.js'
import { joinTabs } from './tabs.js'
import type { TabCoordinator, TabRole } from './tabs.js'
import type { HealthOptions, HealthSnapshot, RequestOptions } from './types.js'
import type { Monitor, RawSnapshot } from './wasm/backend_health.js'

/** Called with every new snapshot of a monitor. */
export type HealthListener = (snapshot: HealthSnapshot) => void

/**
 * Watches whether the backend behind `endpoint` can serve the app: probes
 * it every `interval` while it serves, backs off with jitter while it
 * fails, honours `Retry-After`, and pauses while the page is hidden.
 *
 * Monitors created with the same endpoint and equal options share one
 * engine and one stream of requests; each must be disposed of, and the
 * last one disposed of stops the requests. With `shareAcrossTabs` (the
 * default), so do the tabs of the origin: one of them probes, the others
 * show what it posts (see {@link HealthMonitor.tabRole}).
 *
 * ```ts
 * await loadEngine()
 * const monitor = new HealthMonitor('/readyz')
 * monitor.subscribe((s) => banner.toggle(s.isHealthy === false))
 * monitor.start()
 * // ...
 * monitor.dispose()
 * ```
 */
export class HealthMonitor {
  /** The URL probed, as given. */
  readonly endpoint: string

  #handle: Monitor | null
  #subscription: number
  /** The coordinator across tabs, while this page shares its stream. */
  #tabs: TabCoordinator | null
  /** Whether this monitor is started, as far as its coordinator knows. */
  #started = false
  #current: HealthSnapshot
  #listeners = new Set<HealthListener>()

  /**
   * A stopped monitor of `endpoint`; call `start()` to begin probing.
   *
   * @param endpoint - the readiness URL, e.g. `/readyz`; in Node it must be
   * absolute.
   * @param options - see {@link HealthOptions}; every option has a default.
   * @throws a `BackendHealthError` of kind `engine` when `loadEngine()` has
   * not finished, or of kind `invalid-option`, naming the option, when an
   * option breaks a rule or is unknown, or when the endpoint is empty or
   * not a string.
   */
  constructor(endpoint: string, options: HealthOptions = {}) {
    const engine = requireEngine('before creating a HealthMonitor')
    if (typeof endpoint !== 'string') {
      throw new BackendHealthError(
        "the endpoint must be a URL string, e.g. '/readyz'",
        { kind: 'invalid-option' },
      )
    }
    const given = options ?? {}
    // Sharing is this layer's business: the engine refuses keys it does not
    // know, so the option stops here.
    const { headers, credentials, shareAcrossTabs, ...core } = given
    if (shareAcrossTabs !== undefined && typeof shareAcrossTabs !== 'boolean') {
      throw new BackendHealthError(
        'invalid option `shareAcrossTabs`: must be true or false',
        { kind: 'invalid-option' },
      )
    }

    this.endpoint = endpoint
    const raw = request(headers, credentials)
    const handle = guard(() => new engine.Monitor(endpoint, core, raw))
    this.#handle = handle
    this.#current = toSnapshot(guard(() => handle.snapshot()))
    this.#subscription = guard(() =>
      handle.subscribe((snapshot) => this.#publish(snapshot)),
    )
    this.#tabs = joinTabs({
      engine,
      endpoint,
      options: given,
      core,
      optionsKey: guard(() => handle.optionsKey()),
      request: raw,
    })
  }

  /**
   * What the monitor knows now: a frozen object, replaced by a new one on
   * every change. After `dispose()` it stays the last one known.
   */
  get snapshot(): HealthSnapshot {
    return this.#current
  }

  /** Whether `dispose()` has been called. */
  get isDisposed(): boolean {
    return this.#handle === null
  }

  /**
   * The part this page plays in the request stream it shares with the
   * origin's other tabs: `leader` (it probes for all), `follower` (it shows
   * what the leader posts) or `alone` (`shareAcrossTabs` is off, the
   * environment has no Web Locks or BroadcastChannel, or the monitor was
   * disposed of). Diagnostic, for tests and debugging panels; it changes
   * without notice as tabs open, close and hide.
   */
  get tabRole(): TabRole {
    return this.#tabs?.role ?? 'alone'
  }

  /**
   * Calls `listener` with every new snapshot (not with the current one:
   * read `snapshot` for that). Returns the function that unsubscribes it.
   * A listener that throws does not stop the others; its error is rethrown
   * in a microtask.
   *
   * @throws a `BackendHealthError` of kind `engine` after `dispose()`.
   */
  subscribe(listener: HealthListener): () => void {
    this.#live('subscribe')
    // Wrapped, so that one function subscribed twice is two subscriptions.
    const subscription = (snapshot: HealthSnapshot): void => listener(snapshot)
    this.#listeners.add(subscription)
    return () => {
      this.#listeners.delete(subscription)
    }
  }

  /**
   * Starts probing: the first probe goes out at once, unless a shared engine
   * is already running. Starting a started monitor does nothing.
   *
   * @throws a `BackendHealthError` of kind `engine` after `dispose()`.
   */
  start(): void {
    const handle = this.#live('start')
    if (!this.#tabs) return guard(() => handle.start())
    if (this.#started) return
    this.#started = true
    this.#tabs.start()
  }

  /**
   * Stops probing for this monitor; a shared engine goes on while another
   * of its monitors is started. The snapshot is kept.
   *
   * @throws a `BackendHealthError` of kind `engine` after `dispose()`.
   */
  stop(): void {
    const handle = this.#live('stop')
    if (!this.#tabs) return guard(() => handle.stop())
    if (!this.#started) return
    this.#started = false
    this.#tabs.stop()
  }

  /**
   * Probes now, even while stopped, or joins the probe in flight. Resolves
   * with the snapshot once that probe has settled, or at `stop()` or
   * `dispose()` if they come first. Checks closer together than half the
   * backoff base are folded into one probe. In a tab that follows another,
   * the leading tab probes, and every tab hears the answer.
   *
   * @throws a `BackendHealthError` of kind `engine` after `dispose()`
   * (synchronously: it is a mistake in the calling code, not an outcome).
   */
  check(): Promise<HealthSnapshot> {
    const handle = this.#live('check')
    const tabs = this.#tabs
    return new Promise((resolve) => {
      const done = (raw: RawSnapshot): void => resolve(toSnapshot(raw))
      if (tabs) tabs.check(done)
      else guard(() => handle.check(done))
    })
  }

  /**
   * Tells the monitor what one of the app's own requests to the backend
   * produced: the `Response`, or what `fetch` rejected with. A failure while
   * serving brings the next probe forward to confirm it; a success while
   * failing brings it forward to confirm recovery; at most once per half
   * interval, and never before a `Retry-After` ends, so app traffic cannot
   * set off a burst of probes.
   *
   * An `AbortError` counts as nothing; a `TimeoutError` as a timeout; any
   * other error as a network failure (offline when `navigator.onLine` is
   * false). A value that is neither a response nor an error, which `fetch`
   * rejects with only when aborted with a custom reason, counts as nothing.
   * A tab that follows another passes the observation on to the leader.
   *
   * @throws a `BackendHealthError` of kind `engine` after `dispose()`.
   */
  report(responseOrError: Response | Error | unknown): void {
    const handle = this.#live('report')
    const observation = toObservation(responseOrError)
    if (this.#tabs) this.#tabs.report(observation)
    else guard(() => handle.report(observation))
  }

  /**
   * Releases the monitor: its listeners are dropped, and when it was the
   * last monitor of its engine, the engine stops, its timer is cleared and
   * its request aborted. The last monitor of the page sharing a stream
   * across tabs hands the stream over to another tab, releases its lock and
   * closes its channel. Calling it again does nothing; any other method
   * called afterwards throws.
   */
  dispose(): void {
    const handle = this.#handle
    if (!handle) return
    this.#handle = null
    this.#listeners.clear()
    const tabs = this.#tabs
    this.#tabs = null
    if (tabs && this.#started) tabs.stop()
    this.#started = false
    guard(() => {
      handle.unsubscribe(this.#subscription)
      handle.free()
    })
    tabs?.leave()
  }

  #live(method: string): Monitor {
    if (this.#handle) return this.#handle
    throw engineError(
      `${method}() was called on a disposed HealthMonitor of ${this.endpoint}`,
    )
  }

  #publish(raw: RawSnapshot): void {
    // A tab changing roles passes through snapshots that are not news.
    if (this.#tabs?.isQuiet) return
    const snapshot = toSnapshot(raw)
    if (snapshot === this.#current) return
    this.#current = snapshot

    // Over a copy, so that listeners may subscribe and unsubscribe while
    // being called; one removed meanwhile is not called.
    for (const listener of [...this.#listeners]) {
      if (!this.#listeners.has(listener)) continue
      try {
        listener(snapshot)
      } catch (error) {
        queueMicrotask(() => {
          throw error
        })
      }
    }
  }
}

/** The request options the engine takes, or nothing when all are defaults. */
function request(
  headers: RequestOptions['headers'],
  credentials: RequestOptions['credentials'],
): RequestOptions | undefined {
  if (headers === undefined && credentials === undefined) return undefined
  return {
    ...(headers === undefined ? {} : { headers }),
    ...(credentials === undefined ? {} : { credentials }),
  }
}
