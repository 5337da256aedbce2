import { describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, shallowRef, watch } from 'vue'
import {
  BackendHealthError,
  useBackendHealth,
  type HealthStatus,
} from 'vue-backend-health'

import { mountHealth, useServer } from './harness.js'
import { FAST, sleep } from './server.js'

const server = useServer()

/** Every value `read` takes from now on, in order, unchanged ones left out. */
function record<T>(read: () => T): T[] {
  const seen: T[] = [read()]
  watch(read, (value) => seen.push(value), { flush: 'sync' })
  return seen
}

describe('useBackendHealth', () => {
  it('goes from unknown to healthy, unavailable and healthy again', async () => {
    const { url, script } = server.current
    const { health } = mountHealth(url('/timeline'), FAST)

    // At 0 ms nothing is known.
    expect(health.status.value).toBe('unknown')
    expect(health.isHealthy.value).toBeNull()
    expect(health.lastChecked.value).toBeNull()
    expect(health.dependencies.value).toEqual([])

    // The first answer: healthy, with what the body says.
    await expect.poll(() => health.status.value).toBe('healthy')
    expect(health.isHealthy.value).toBe(true)
    expect(health.reason.value).toBe('ok')
    expect(health.lastChecked.value).toBeInstanceOf(Date)
    expect(health.httpStatus.value).toBe(200)
    expect(health.latencyMs.value).toBeTypeOf('number')
    expect(health.error.value).toBeNull()
    expect(health.release.value).toEqual({
      version: '1',
      releaseId: 'build-1',
    })
    expect(health.dependencies.value.map((d) => d.name)).toEqual(
      expect.arrayContaining(['cache']),
    )
    expect(health.nextCheckAt.value).toBeInstanceOf(Date)

    // The backend fails: two failures in a row turn it unavailable.
    script('/timeline', { phase: 'unavailable' })
    await expect.poll(() => health.status.value).toBe('unavailable')
    expect(health.isHealthy.value).toBe(false)
    expect(health.httpStatus.value).toBe(503)
    expect(health.consecutiveFailures.value).toBeGreaterThanOrEqual(2)
    expect(health.error.value).toBeInstanceOf(BackendHealthError)
    expect(health.error.value?.kind).toBe('http')

    // It recovers: one pass is enough.
    script('/timeline', { phase: 'healthy' })
    await expect.poll(() => health.status.value).toBe('healthy')
    expect(health.consecutiveFailures.value).toBe(0)
    expect(health.error.value).toBeNull()
  })

  it('shows degraded while a dependency warns', async () => {
    const { url, script } = server.current
    script('/degraded', { phase: 'degraded' })
    const { health } = mountHealth(url('/degraded'), FAST)

    await expect.poll(() => health.status.value).toBe('degraded')
    expect(health.isHealthy.value).toBe(true)
    const cache = health.dependencies.value.find((d) => d.name === 'cache')
    expect(cache?.status).toBe('warn')
  })

  it('discards the old endpoint and its late answer when the endpoint changes', async () => {
    const { url, script, hits } = server.current
    script('/slow', { delayMs: 300, version: 'old' })
    script('/fresh', { phase: 'maintenance' })
    const endpoint = shallowRef(url('/slow'))
    const options = { ...FAST, interval: 1000, timeout: 800 }
    const { health } = mountHealth(endpoint, options)
    const statuses = record(() => health.status.value)

    // The slow probe is on its way when the endpoint changes.
    await expect.poll(() => hits('/slow').length).toBe(1)
    endpoint.value = url('/fresh')
    await nextTick()
    expect(health.status.value).toBe('unknown')

    await expect.poll(() => health.status.value).toBe('maintenance')

    // Long after the slow answer was due, nothing of it has landed.
    await sleep(500)
    expect(health.status.value).toBe('maintenance')
    expect(health.release.value).toBeNull()
    expect(statuses).not.toContain<HealthStatus>('healthy')
    expect(hits('/slow')).toHaveLength(1)
  })

  it('resets the refs to unknown when the endpoint changes', async () => {
    const { url } = server.current
    const endpoint = shallowRef(url('/first'))
    const { health } = mountHealth(endpoint, FAST)
    await expect.poll(() => health.status.value).toBe('healthy')

    endpoint.value = url('/second')
    await nextTick()
    expect(health.status.value).toBe('unknown')
    expect(health.lastChecked.value).toBeNull()
    expect(health.release.value).toBeNull()
    expect(health.dependencies.value).toEqual([])
    await expect.poll(() => health.status.value).toBe('healthy')
  })

  it('sends no more requests once the component unmounts', async () => {
    const { url, hits } = server.current
    const { wrapper, health } = mountHealth(url('/unmount'), FAST)
    await expect.poll(() => health.status.value).toBe('healthy')

    wrapper.unmount()
    const before = hits('/unmount').length
    await sleep(4 * FAST.interval)
    expect(hits('/unmount')).toHaveLength(before)
  })

  it('stops with the effect scope it was created in', async () => {
    const { url, hits } = server.current
    const scope = effectScope()
    const health = scope.run(() => useBackendHealth(url('/scope'), FAST))
    await expect.poll(() => health?.status.value).toBe('healthy')

    scope.stop()
    const before = hits('/scope').length
    await sleep(4 * FAST.interval)
    expect(hits('/scope')).toHaveLength(before)
  })

  it('shares one request stream between components on one endpoint', async () => {
    const { url, hits } = server.current
    const first = mountHealth(url('/shared'), FAST)
    const second = mountHealth(url('/shared'), FAST)
    const alone = mountHealth(url('/alone'), FAST)
    await expect.poll(() => first.health.status.value).toBe('healthy')
    await expect.poll(() => second.health.status.value).toBe('healthy')
    await expect.poll(() => alone.health.status.value).toBe('healthy')

    // Over a few intervals, two components cost what one does.
    await sleep(5 * FAST.interval)
    const shared = hits('/shared').length
    const single = hits('/alone').length
    expect(shared).toBeGreaterThanOrEqual(3)
    expect(Math.abs(shared - single)).toBeLessThanOrEqual(1)
    expect(second.health.lastChecked.value?.getTime()).toBe(
      first.health.lastChecked.value?.getTime(),
    )

    // One of them leaving does not stop the other.
    first.wrapper.unmount()
    const before = hits('/shared').length
    await sleep(3 * FAST.interval)
    expect(hits('/shared').length).toBeGreaterThan(before)
  })

  it('requests nothing with immediate: false until start() or check()', async () => {
    const { url, hits } = server.current
    const { health } = mountHealth(url('/lazy'), { ...FAST, immediate: false })
    await sleep(2 * FAST.interval)
    expect(hits('/lazy')).toHaveLength(0)
    expect(health.status.value).toBe('unknown')

    const snapshot = await health.check()
    expect(snapshot?.status).toBe('healthy')
    expect(health.status.value).toBe('healthy')
    expect(hits('/lazy')).toHaveLength(1)

    health.start()
    await expect.poll(() => hits('/lazy').length).toBeGreaterThanOrEqual(3)
    health.stop()
    const before = hits('/lazy').length
    await sleep(3 * FAST.interval)
    expect(hits('/lazy')).toHaveLength(before)
  })

  it('shows an invalid-option error and warns when there is no endpoint', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { health } = mountHealth(undefined, FAST)

    expect(health.status.value).toBe('unknown')
    expect(health.error.value).toBeInstanceOf(BackendHealthError)
    expect(health.error.value?.kind).toBe('invalid-option')
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^\[vue-backend-health\] .*needs an endpoint/),
    )
    expect(await health.check()).toBeNull()
    warn.mockRestore()
  })

  it('shows a bad option as an invalid-option error instead of throwing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { url, hits } = server.current
    const { health } = mountHealth(url('/bad'), { interval: 10 })

    await expect.poll(() => health.error.value?.kind).toBe('invalid-option')
    expect(health.error.value?.message).toMatch(/interval/)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(hits('/bad')).toHaveLength(0)
    warn.mockRestore()
  })
})
