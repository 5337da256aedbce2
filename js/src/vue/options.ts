// The options of `useBackendHealth`, and how app-wide defaults merge under
// the options of one call.

import type { HealthOptions } from '../core.js'

/**
 * The options of `useBackendHealth`: every option of the engine's
 * `HealthOptions` (interval, timeout, thresholds, backoff, Retry-After,
 * method, body limit, pausing while hidden, headers, credentials; their
 * defaults are the engine's), plus how the composable itself behaves.
 */
export interface UseBackendHealthOptions extends HealthOptions {
  /**
   * Whether probing starts as soon as the monitor exists. With `false` the
   * refs stay unknown until `start()` or `check()` is called.
   * @defaultValue true
   */
  immediate?: boolean
}

/** The app-wide defaults given to `createBackendHealth`. */
export interface BackendHealthDefaults {
  /**
   * The endpoint of every `useBackendHealth()` and `BackendHealthBoundary`
   * that names none. Without it, each call must name its own.
   * @defaultValue undefined
   */
  endpoint?: string
  /**
   * Options merged under each call's own options: a call's value wins, and
   * `backoff` and `headers` merge key by key.
   * @defaultValue `{}`
   */
  options?: UseBackendHealthOptions
}

/** The keys of `base` and then of `own` that are not `undefined`. */
function merge<T extends object>(base: T | undefined, own: T | undefined): T {
  const merged = {} as T
  for (const source of [base, own]) {
    for (const key in source) {
      if (source[key] !== undefined) merged[key] = source[key]
    }
  }
  return merged
}

/**
 * `own` over `base`, with `backoff` and `headers` merged key by key; a key
 * set to `undefined` in `own` keeps the value from `base`.
 */
export function mergeOptions(
  base: UseBackendHealthOptions = {},
  own: UseBackendHealthOptions = {},
): UseBackendHealthOptions {
  const merged = merge(base, own)
  if (base.backoff || own.backoff) {
    merged.backoff = merge(base.backoff, own.backoff)
  }
  if (base.headers || own.headers) {
    merged.headers = merge(base.headers, own.headers)
  }
  return merged
}
