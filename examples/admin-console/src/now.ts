// A clock for countdowns: the current time as a ref, ticking while the
// component that asked for it lives.

import { onScopeDispose, shallowRef } from 'vue'
import type { Ref } from 'vue'

/** `Date.now()`, refreshed every `periodMs`. */
export function useNow(periodMs = 250): Readonly<Ref<number>> {
  const now = shallowRef(Date.now())
  const timer = setInterval(() => {
    now.value = Date.now()
  }, periodMs)
  onScopeDispose(() => clearInterval(timer))
  return now
}
