// The composable: one monitor of one endpoint, its snapshot as refs, and
// its life tied to the component (or effect scope) that created it.

import { shallowReadonly, shallowRef, toValue, watch } from 'vue'
import type { MaybeRefOrGetter, ShallowRef } from 'vue'

import {
  BackendHealthError,
  HealthMonitor,
  loadEngine,
  type Dependency,
  type HealthReason,
  type HealthSnapshot,
  type HealthStatus,
  type Release,
} from '../core.js'
import { onReleaseChange, onStatusChange } from './events.js'
import { mergeOptions, type UseBackendHealthOptions } from './options.js'
import { isServer, onDispose } from './context.js'
import { injectDefaults } from './plugin.js'
import {
  endpointKey,
  join,
  observe,
  type ReleaseChangeListener,
  type StatusChangeListener,
} from './registry.js'
import { warn } from '../warn.js'

/** A ref the caller reads and never writes. */
type Out<T> = Readonly<ShallowRef<T>>

/** The refs of `UseBackendHealthReturn` that mirror the snapshot. */
type SnapshotRefs = { [K in keyof HealthSnapshot]: Out<HealthSnapshot[K]> }

/** What `useBackendHealth` returns: the snapshot as refs, and controls. */
export interface UseBackendHealthReturn {
  /**
   * `true` while the backend serves (healthy or degraded), `false` while it
   * cannot, `null` while unknown. Starts `null`.
   */
  isHealthy: Out<boolean | null>
  /** What to show. Starts `'unknown'`. */
  status: Out<HealthStatus>
  /** Why, in finer and stable terms. Starts `'pending'`. */
  reason: Out<HealthReason>
  /** When the last probe's answer was applied. Starts `null`. */
  lastChecked: Out<Date | null>
  /** When the next probe is due; `null` while stopped. Starts `null`. */
  nextCheckAt: Out<Date | null>
  /**
   * What went wrong last: a failed probe, an engine that did not load, a
   * missing endpoint or a bad option. `null` after a clean answer. It can
   * be set while the status still shows healthy, since the status waits
   * for the failure threshold. Starts `null`.
   */
  error: Out<BackendHealthError | null>
  /** The dependencies the last health body listed. Starts `[]`. */
  dependencies: Out<readonly Dependency[]>
  /** How long the last probe took (ms). Starts `null`. */
  latencyMs: Out<number | null>
  /** The last probe's HTTP status; `null` without an answer. Starts `null`. */
  httpStatus: Out<number | null>
  /** The release the last health body named. Starts `null`. */
  release: Out<Release | null>
  /** Failing observations in a row. Starts `0`. */
  consecutiveFailures: Out<number>
  /**
   * Probes now, even while stopped, and resolves with the snapshot after
   * it; `null` when there is no monitor (no endpoint, the engine failed to
   * load, server-side rendering, or the endpoint changed meanwhile).
   */
  check(): Promise<HealthSnapshot | null>
  /** Starts probing on the interval (a no-op while running). */
  start(): void
  /** Stops probing; the refs keep their last values. */
  stop(): void
  /**
   * {@link onStatusChange} on this composable's endpoint, following it
   * when it changes; stops with the current scope and returns a stop
   * function.
   */
  onStatusChange(listener: StatusChangeListener): () => void
  /**
   * {@link onReleaseChange} on this composable's endpoint, following it
   * when it changes; stops with the current scope and returns a stop
   * function.
   */
  onReleaseChange(listener: ReleaseChangeListener): () => void
}

/** What the refs read before anything is known (and after a reset). */
const EMPTY: HealthSnapshot = {
  status: 'unknown',
  reason: 'pending',
  isHealthy: null,
  lastChecked: null,
  nextCheckAt: null,
  consecutiveFailures: 0,
  latencyMs: null,
  httpStatus: null,
  error: null,
  dependencies: [],
  release: null,
}

type Field = keyof HealthSnapshot

/** The `ready` of a composable without a monitor. */
const NONE: Promise<null> = Promise.resolve(null)

/** The snapshot fields mirrored as refs. */
const FIELDS = Object.keys(EMPTY) as Field[]

/**
 * Watches whether the backend behind `endpoint` can serve the app, as
 * refs. The endpoint may be a ref or a getter; when it changes, the old
 * monitor is disposed and the refs start again from unknown. Without one,
 * the plugin's default endpoint is used; with neither, `error` holds an
 * `invalid-option` error.
 *
 * The wasm engine loads on first use, once per page, from beside the
 * package's JavaScript (call `loadEngine(source)` first to load it from
 * elsewhere); until then, and during server-side rendering (where nothing
 * starts), the refs read unknown. A failure to load shows in `error`.
 *
 * Monitors of one endpoint with equal options share one request stream.
 * Everything stops with the component or effect scope.
 */
export function useBackendHealth(
  endpoint?: MaybeRefOrGetter<string | undefined>,
  options: UseBackendHealthOptions = {},
): UseBackendHealthReturn {
  const defaults = injectDefaults()
  const { immediate = true, ...engineOptions } = mergeOptions(
    defaults.options,
    options,
  )
  const resolved = (): string | undefined =>
    toValue(endpoint) || defaults.endpoint

  // One writable ref per field, each exposed read-only.
  const refs = {} as Record<Field, ShallowRef<unknown>>
  const exposed = {} as Record<Field, Readonly<ShallowRef<unknown>>>
  for (const key of FIELDS) {
    exposed[key] = shallowReadonly((refs[key] = shallowRef(EMPTY[key])))
  }
  const apply = (snapshot: HealthSnapshot): void => {
    for (const key of FIELDS) refs[key].value = snapshot[key]
  }

  let monitor: HealthMonitor | null = null
  let ready: Promise<HealthMonitor | null> = NONE
  let running = immediate
  let generation = 0
  let unregister: (() => void) | undefined

  const result: UseBackendHealthReturn = {
    ...(exposed as SnapshotRefs),
    async check() {
      const current = await ready
      return current && current === monitor ? current.check() : null
    },
    start() {
      running = true
      monitor?.start()
    },
    stop() {
      running = false
      monitor?.stop()
    },
    onStatusChange: (listener) => onStatusChange(listener, resolved),
    onReleaseChange: (listener) => onReleaseChange(listener, resolved),
  }
  if (isServer()) return result

  // Drops the current monitor; a new generation keeps its late answers out.
  const detach = (): void => {
    generation++
    unregister?.()
    monitor?.dispose()
    monitor = null
  }

  const attach = async (
    url: string,
    own: number,
  ): Promise<HealthMonitor | null> => {
    try {
      await loadEngine()
      if (own !== generation) return null

      const created = new HealthMonitor(url, engineOptions)
      const key = endpointKey(url)
      monitor = created
      unregister = join(key, 'monitors', created)
      const push = (snapshot: HealthSnapshot): void => {
        if (own !== generation) return
        apply(snapshot)
        observe(key, snapshot)
      }
      created.subscribe(push)
      push(created.snapshot)
      if (running) created.start()
      return created
    } catch (error) {
      // Both loadEngine() and the constructor fail only with a
      // BackendHealthError (`engine`, or `invalid-option` for a bad option).
      if (own !== generation) return null
      refs.error.value = error
      warn((error as BackendHealthError).message)
      return null
    }
  }

  watch(
    resolved,
    (url) => {
      detach()
      apply(EMPTY)
      if (!url) {
        const message =
          'useBackendHealth() needs an endpoint: pass one, or give ' +
          'createBackendHealth() a default'
        refs.error.value = new BackendHealthError(message, {
          kind: 'invalid-option',
        })
        warn(message)
        ready = NONE
        return
      }
      ready = attach(url, generation)
    },
    { immediate: true },
  )
  onDispose(detach)
  return result
}
