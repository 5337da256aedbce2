// Shared setup of the Vue tests: one server per file, components that
// expose what `useBackendHealth` returned, and automatic unmounting.

import { enableAutoUnmount, mount, type VueWrapper } from '@vue/test-utils'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { defineComponent, h, type MaybeRefOrGetter, type Plugin } from 'vue'
import {
  engineStats,
  loadEngine,
  useBackendHealth,
  type UseBackendHealthOptions,
  type UseBackendHealthReturn,
} from 'vue-backend-health'

import { packageDir } from './provided.js'
import { startServer, type TestServer } from './server.js'

// After each test every component is unmounted (hooks run last-registered
// first), and then no engine may be left running.
afterEach(() => {
  expect(engineStats().liveEngines).toBe(0)
})
enableAutoUnmount(afterEach)

// In a client environment such as happy-dom, Vite rewrites the engine's
// `new URL('./wasm/…', import.meta.url)` into a dev-server address that no
// server answers here, so the tests name the file on disk themselves.
const WASM = pathToFileURL(
  join(packageDir(), 'wasm/backend_health_bg.wasm'),
).href

/** Starts the file's server (and the engine) before its tests. */
export function useServer(): { current: TestServer } {
  const holder = {} as { current: TestServer }
  beforeAll(async () => {
    holder.current = await startServer()
    await loadEngine(WASM)
  })
  afterEach(() => holder.current.reset())
  afterAll(() => holder.current.close())
  return holder
}

/** A mounted component that called `useBackendHealth(endpoint, options)`. */
export interface Mounted {
  wrapper: VueWrapper
  health: UseBackendHealthReturn
}

/** Mounts a component that uses `useBackendHealth` and renders its status. */
export function mountHealth(
  endpoint?: MaybeRefOrGetter<string | undefined>,
  options?: UseBackendHealthOptions,
  plugins: Plugin[] = [],
): Mounted {
  let health: UseBackendHealthReturn | undefined
  const Probe = defineComponent({
    setup() {
      const used = useBackendHealth(endpoint, options)
      health = used
      return () => h('p', used.status.value)
    },
  })
  const wrapper = mount(Probe, { global: { plugins } })
  if (!health) throw new Error('the component did not run its setup')
  return { wrapper, health }
}
