// Where the layer runs: on a server or in a page, and in which effect
// scope its cleanup belongs.

import { getCurrentScope, onScopeDispose } from 'vue'

/**
 * Whether this is server-side rendering (or any place without `window`):
 * there the layer returns inert state, starts no timer and loads no wasm.
 * Asked at each call, so a DOM installed after import (tests) counts.
 */
export function isServer(): boolean {
  return typeof window === 'undefined'
}

/** Runs `cleanup` when the current effect scope stops, if there is one. */
export function onDispose(cleanup: () => void): void {
  if (getCurrentScope()) onScopeDispose(cleanup)
}
