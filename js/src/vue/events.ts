// Status and release events of an endpoint, for code that reacts to a
// change rather than renders a state: a toast when the backend comes back,
// an offer to reload when a new release is out.

import { toValue, watch } from 'vue'
import type { MaybeRefOrGetter } from 'vue'

import { isServer, onDispose } from './context.js'
import { injectDefaults } from './plugin.js'
import {
  endpointKey,
  join,
  type ReleaseChangeListener,
  type StatusChangeListener,
} from './registry.js'

/**
 * Attaches a listener to the endpoint `endpoint` names (the plugin's when
 * it names none) and moves it when the endpoint changes. Stops with the
 * current effect scope, or when the returned function is called.
 */
function follow(
  endpoint: MaybeRefOrGetter<string | undefined> | undefined,
  attach: (key: string) => () => void,
): () => void {
  if (isServer()) return () => {}

  const fallback = injectDefaults().endpoint
  let detach: (() => void) | undefined
  const unwatch = watch(
    () => toValue(endpoint) || fallback,
    (url) => {
      detach?.()
      detach = url ? attach(endpointKey(url)) : undefined
    },
    { immediate: true },
  )
  const stop = (): void => {
    unwatch()
    detach?.()
  }
  onDispose(stop)
  return stop
}

/**
 * Calls `listener(status, previous, snapshot)` whenever the status of an
 * endpoint changes: the first known status (with `previous` `'unknown'`)
 * and every change after it. The endpoint defaults to the plugin's.
 *
 * It listens to the monitors that `useBackendHealth` keeps on that endpoint
 * and starts none of its own: while no component watches the endpoint,
 * nothing fires. Inside setup it stops with the component; it also returns
 * a function that stops it.
 */
export function onStatusChange(
  listener: StatusChangeListener,
  endpoint?: MaybeRefOrGetter<string | undefined>,
): () => void {
  return follow(endpoint, (key) => join(key, 'onStatus', listener))
}

/**
 * Calls `listener(release, previous)` when the version or the release id
 * in the endpoint's health body changes from a known value to another: the
 * moment to offer a reload. The first known release does not fire, nor
 * does a release that disappears during an outage. Like
 * {@link onStatusChange} it needs a live `useBackendHealth` on the
 * endpoint, stops with the current scope, and returns a stop function.
 */
export function onReleaseChange(
  listener: ReleaseChangeListener,
  endpoint?: MaybeRefOrGetter<string | undefined>,
): () => void {
  return follow(endpoint, (key) => join(key, 'onRelease', listener))
}
