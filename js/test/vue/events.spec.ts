import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import {
  createBackendHealth,
  onReleaseChange,
  onStatusChange,
  useBackendHealth,
} from 'vue-backend-health'

import { mountHealth, useServer } from './harness.js'
import { FAST, sleep } from './server.js'

const server = useServer()

describe('onStatusChange', () => {
  it('fires for the first known status and for every change after it', async () => {
    const { url, script } = server.current
    const { health } = mountHealth(url('/status'), FAST)
    const changes = vi.fn()
    health.onStatusChange((status, previous, snapshot) =>
      changes(status, previous, snapshot.status),
    )

    await expect.poll(() => changes.mock.calls.length).toBe(1)
    script('/status', { phase: 'unavailable' })
    await expect.poll(() => changes.mock.calls.length).toBe(2)
    script('/status', { phase: 'healthy' })
    await expect.poll(() => changes.mock.calls.length).toBe(3)

    expect(changes.mock.calls).toEqual([
      ['healthy', 'unknown', 'healthy'],
      ['unavailable', 'healthy', 'unavailable'],
      ['healthy', 'unavailable', 'healthy'],
    ])
  })

  it('fires once per change however many components watch the endpoint', async () => {
    const { url } = server.current
    mountHealth(url('/twice'), FAST)
    mountHealth(url('/twice'), FAST)
    const changes = vi.fn()
    const stop = onStatusChange(changes, url('/twice'))

    await expect.poll(() => changes.mock.calls.length).toBe(1)
    await sleep(3 * FAST.interval)
    expect(changes).toHaveBeenCalledTimes(1)
    stop()
  })

  it('uses the plugin endpoint and stops with the component', async () => {
    const { url, script } = server.current
    const changes = vi.fn()
    const Listener = defineComponent({
      setup() {
        useBackendHealth(undefined, FAST)
        onStatusChange(changes)
        return () => h('p')
      },
    })
    const plugin = createBackendHealth({ endpoint: url('/scoped') })
    const wrapper = mount(Listener, { global: { plugins: [plugin] } })
    await expect.poll(() => changes.mock.calls.length).toBe(1)

    // Another component keeps the endpoint watched after this one leaves.
    const { health } = mountHealth(url('/scoped'), FAST)
    wrapper.unmount()
    script('/scoped', { phase: 'unavailable' })
    await expect.poll(() => health.status.value).toBe('unavailable')
    expect(changes).toHaveBeenCalledTimes(1)
  })
})

describe('onReleaseChange', () => {
  it('fires when the release changes, not on the first one nor during an outage', async () => {
    const { url, script } = server.current
    const { health } = mountHealth(url('/release'), FAST)
    const releases = vi.fn()
    onReleaseChange(releases, url('/release'))

    // At first release 1 is known: no event.
    await expect.poll(() => health.release.value?.version).toBe('1')
    await sleep(2 * FAST.interval)
    expect(releases).not.toHaveBeenCalled()

    // The rollout: an outage without a release, then release 2.
    script('/release', { phase: 'unavailable' })
    await expect.poll(() => health.status.value).toBe('unavailable')
    expect(releases).not.toHaveBeenCalled()
    script('/release', { phase: 'healthy', version: '2' })
    await expect.poll(() => releases.mock.calls.length).toBe(1)
    expect(releases).toHaveBeenCalledWith(
      { version: '2', releaseId: 'build-2' },
      { version: '1', releaseId: 'build-1' },
    )

    // Release 2 staying up fires nothing more.
    await sleep(3 * FAST.interval)
    expect(releases).toHaveBeenCalledTimes(1)
  })

  it('follows the endpoint of the composable it came from', async () => {
    const { url, script } = server.current
    const { health } = mountHealth(url('/release-method'), FAST)
    const releases = vi.fn()
    const stop = health.onReleaseChange(releases)
    await expect.poll(() => health.release.value?.version).toBe('1')

    script('/release-method', { version: '7' })
    await expect.poll(() => releases.mock.calls.length).toBe(1)
    expect(releases.mock.calls[0]?.[0]).toEqual({
      version: '7',
      releaseId: 'build-7',
    })

    stop()
    script('/release-method', { version: '8' })
    await expect.poll(() => health.release.value?.version).toBe('8')
    expect(releases).toHaveBeenCalledTimes(1)
  })
})
