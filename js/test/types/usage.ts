// How the Vue API reads to a typed caller: every line here must type-check,
// and every `@ts-expect-error` line must fail to.

import { computed, defineComponent, h, shallowRef, type Ref } from 'vue'
import {
  BackendHealthBoundary,
  BackendHealthError,
  backendHealthKey,
  createBackendHealth,
  healthFetch,
  loadEngine,
  onReleaseChange,
  onStatusChange,
  reportResponse,
  useBackendHealth,
  type BackendHealthDefaults,
  type BackendHealthSlotProps,
  type Dependency,
  type HealthReason,
  type HealthSnapshot,
  type HealthStatus,
  type Release,
  type UseBackendHealthOptions,
  type UseBackendHealthReturn,
} from 'vue-backend-health'

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
    ? true
    : false
function assertType<T extends true>(): T | void {}

export const Usage = defineComponent({
  setup() {
    // The endpoint may be a string, a ref or a getter, or left to the plugin.
    const fixed: UseBackendHealthReturn = useBackendHealth('/health')
    const endpoint = shallowRef('/health')
    useBackendHealth(endpoint, { interval: 30_000, immediate: false })
    useBackendHealth(() => endpoint.value)
    useBackendHealth()
    // A tab may keep its own request stream.
    useBackendHealth('/health', { shareAcrossTabs: false })

    // Every ref has its exact type; none is `any`.
    assertType<Equal<typeof fixed.isHealthy.value, boolean | null>>()
    assertType<Equal<typeof fixed.status.value, HealthStatus>>()
    assertType<Equal<typeof fixed.reason.value, HealthReason>>()
    assertType<Equal<typeof fixed.lastChecked.value, Date | null>>()
    assertType<Equal<typeof fixed.nextCheckAt.value, Date | null>>()
    assertType<Equal<typeof fixed.error.value, BackendHealthError | null>>()
    assertType<Equal<typeof fixed.latencyMs.value, number | null>>()
    assertType<Equal<typeof fixed.release.value, Release | null>>()
    assertType<Equal<typeof fixed.consecutiveFailures.value, number>>()
    assertType<
      Equal<typeof fixed.dependencies.value, readonly Dependency[]>
    >()
    assertType<
      Equal<ReturnType<typeof fixed.check>, Promise<HealthSnapshot | null>>
    >()

    // A status is one of the seven words.
    const down = computed(() => fixed.status.value === 'unavailable')
    // @ts-expect-error 'down' is not a status
    const typo = fixed.status.value === 'down'

    // The refs are read-only.
    // @ts-expect-error a readonly ref cannot be assigned
    fixed.status.value = 'healthy'
    // @ts-expect-error a readonly ref cannot be assigned
    fixed.isHealthy.value = true

    // Options are checked.
    // @ts-expect-error interval is a number of ms
    useBackendHealth('/health', { interval: '10s' })
    // @ts-expect-error only GET and HEAD probe
    useBackendHealth('/health', { method: 'POST' })
    // @ts-expect-error jitter is one of four strategies
    useBackendHealth('/health', { backoff: { jitter: 'lots' } })
    // @ts-expect-error there is no such option
    useBackendHealth('/health', { intervall: 1000 })
    // @ts-expect-error sharing is on or off
    useBackendHealth('/health', { shareAcrossTabs: 'auto' })
    // @ts-expect-error the endpoint is a string
    useBackendHealth(42)

    // Events get typed arguments and hand back a stop function.
    const stop: () => void = onStatusChange((status, previous, snapshot) => {
      assertType<Equal<typeof status, HealthStatus>>()
      assertType<Equal<typeof previous, HealthStatus>>()
      assertType<Equal<typeof snapshot, HealthSnapshot>>()
    }, endpoint)
    onReleaseChange((release, previous) => {
      const version: string | undefined = release.version
      const id: string | undefined = previous.releaseId
      return [version, id]
    })
    fixed.onStatusChange((status) => status === 'offline')
    // @ts-expect-error a release is not a status
    fixed.onReleaseChange((release: HealthStatus) => release)

    return { down, typo, stop }
  },
})

// The plugin takes an endpoint and options, and nothing else.
const defaults: BackendHealthDefaults = {
  endpoint: '/health',
  options: { backoff: { base: 500 }, headers: { 'x-app': 'demo' } },
}
export const plugin = createBackendHealth(defaults)
// @ts-expect-error the default endpoint is a string
createBackendHealth({ endpoint: new URL('https://example.com') })
export const key = backendHealthKey

// The boundary takes typed props and typed slots.
export const Boundary = defineComponent({
  setup: () => () =>
    h(
      BackendHealthBoundary,
      { endpoint: '/health', options: { interval: 5000 } },
      {
        default: () => h('main'),
        fallback: (props: BackendHealthSlotProps) =>
          h('button', { onClick: props.retry }, props.status),
      },
    ),
})

// Passive reporting has fetch's signature.
export const fetched: Promise<Response> = healthFetch('/api/orders', {
  method: 'POST',
})
reportResponse('/health', new Response(null, { status: 502 }))
export const loaded: Promise<void> = loadEngine()

// Options compose as plain objects.
const base: UseBackendHealthOptions = { failureThreshold: 3 }
export const merged: UseBackendHealthOptions = { ...base, immediate: true }
export const someRef: Ref<number> = shallowRef(1)
