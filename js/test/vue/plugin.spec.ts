import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { h } from 'vue'
import { BackendHealthBoundary, createBackendHealth } from 'vue-backend-health'

import { mountHealth, useServer } from './harness.js'
import { FAST } from './server.js'

const server = useServer()

describe('createBackendHealth', () => {
  it('gives useBackendHealth() its endpoint and options', async () => {
    const { url, hits } = server.current
    const plugin = createBackendHealth({
      endpoint: url('/app-wide'),
      options: { ...FAST, method: 'HEAD', headers: { 'x-app': 'demo' } },
    })
    const { health } = mountHealth(undefined, undefined, [plugin])

    await expect.poll(() => health.status.value).toBe('healthy')
    expect(hits('/app-wide')[0]?.method).toBe('HEAD')
    expect(hits('/app-wide')[0]?.headers['x-app']).toBe('demo')
  })

  it("lets a call's own endpoint and options win, merging headers and backoff", async () => {
    const { url, hits, script } = server.current
    script('/own', { phase: 'unavailable' })
    const plugin = createBackendHealth({
      endpoint: url('/app-wide'),
      options: {
        ...FAST,
        method: 'HEAD',
        headers: { 'x-app': 'demo' },
        backoff: { base: 100, max: 400 },
      },
    })
    const { health } = mountHealth(
      url('/own'),
      {
        method: 'GET',
        headers: { 'x-call': 'own' },
        backoff: { jitter: 'none' },
      },
      [plugin],
    )

    await expect.poll(() => health.status.value).toBe('unavailable')
    expect(hits('/app-wide')).toHaveLength(0)
    const [first] = hits('/own')
    expect(first?.method).toBe('GET')
    expect(first?.headers['x-app']).toBe('demo')
    expect(first?.headers['x-call']).toBe('own')

    // Without the plugin's base and max the delay would be a second or more.
    const next = health.nextCheckAt.value?.getTime() ?? Infinity
    const last = health.lastChecked.value?.getTime() ?? 0
    expect(next - last).toBeLessThanOrEqual(400)
  })

  it("gives BackendHealthBoundary its endpoint", async () => {
    const { url, script } = server.current
    script('/boundary-default', { phase: 'unavailable' })
    const wrapper = mount(BackendHealthBoundary, {
      props: { options: FAST },
      slots: { default: () => h('main', 'the app') },
      global: {
        plugins: [createBackendHealth({ endpoint: url('/boundary-default') })],
      },
    })

    await expect.poll(() => wrapper.find('[role="alert"]').exists()).toBe(true)
    expect(wrapper.text()).toMatch(/unavailable/)
  })
})
