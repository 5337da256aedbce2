import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h, shallowRef } from 'vue'
import {
  BackendHealthBoundary,
  BackendHealthError,
  type BackendHealthSlotProps,
} from 'vue-backend-health'

import { useServer } from './harness.js'
import { FAST } from './server.js'

const server = useServer()

const Content = defineComponent({
  setup: () => () => h('main', 'the app'),
})

/** Mounts a boundary on `path` with `slots`. */
function boundary(
  path: string,
  slots: Record<string, (props: never) => unknown> = {},
): ReturnType<typeof mount> {
  return mount(BackendHealthBoundary, {
    props: { endpoint: server.current.url(path), options: FAST },
    slots: { default: () => h(Content), ...slots },
  })
}

describe('BackendHealthBoundary', () => {
  it('shows its content optimistically while unknown, then while healthy', async () => {
    const wrapper = boundary('/content')
    expect(wrapper.attributes('data-status')).toBe('unknown')
    expect(wrapper.find('main').text()).toBe('the app')

    await expect.poll(() => wrapper.attributes('data-status')).toBe('healthy')
    expect(wrapper.find('main').exists()).toBe(true)
  })

  it('shows the pending slot, if given, until the first answer', async () => {
    const wrapper = boundary('/pending', { pending: () => h('b', 'wait') })
    expect(wrapper.find('b').text()).toBe('wait')
    expect(wrapper.find('main').exists()).toBe(false)

    await expect.poll(() => wrapper.find('main').exists()).toBe(true)
    expect(wrapper.find('b').exists()).toBe(false)
  })

  it('puts the degraded slot before the content while degraded', async () => {
    server.current.script('/banner', { phase: 'degraded' })
    const seen = vi.fn()
    const wrapper = boundary('/banner', {
      degraded: (props: BackendHealthSlotProps) => {
        seen(props)
        return h('aside', `slow: ${props.status}`)
      },
    })

    await expect.poll(() => wrapper.find('aside').exists()).toBe(true)
    expect(wrapper.find('aside').text()).toBe('slow: degraded')
    expect(wrapper.find('main').exists()).toBe(true)
    expect(wrapper.element.firstElementChild?.tagName).toBe('ASIDE')
    const props: BackendHealthSlotProps = seen.mock.lastCall?.[0]
    expect(props.dependencies.map((d) => d.status)).toContain('warn')
  })

  it('shows the fallback slot with status, error, retry and nextCheckAt', async () => {
    const { script, hits } = server.current
    script('/fallback', { phase: 'unavailable' })
    let last: BackendHealthSlotProps | undefined
    const wrapper = boundary('/fallback', {
      fallback: (props: BackendHealthSlotProps) => {
        last = props
        return h('section', `down: ${props.status}`)
      },
    })

    await expect.poll(() => wrapper.find('section').exists()).toBe(true)
    expect(wrapper.find('section').text()).toBe('down: unavailable')
    expect(wrapper.find('main').exists()).toBe(false)
    expect(last?.error).toBeInstanceOf(BackendHealthError)
    expect(last?.nextCheckAt).toBeInstanceOf(Date)

    // Retry probes at once and brings the content back.
    script('/fallback', { phase: 'healthy' })
    const before = hits('/fallback').length
    last?.retry()
    await expect.poll(() => wrapper.find('main').exists()).toBe(true)
    expect(hits('/fallback').length).toBeGreaterThan(before)
  })

  it('shows the fallback during maintenance and while signed out', async () => {
    const { script } = server.current
    script('/maintenance', { phase: 'maintenance' })
    script('/signed-out', { phase: 'unauthorized' })
    const fallback = (props: BackendHealthSlotProps): unknown =>
      h('section', props.status)
    const maintenance = boundary('/maintenance', { fallback })
    const signedOut = boundary('/signed-out', { fallback })

    await expect.poll(() => maintenance.text()).toBe('maintenance')
    await expect.poll(() => signedOut.text()).toBe('unauthorized')
  })

  it('has an accessible built-in fallback with a working Retry button', async () => {
    const { script, hits } = server.current
    script('/built-in', { phase: 'unauthorized' })
    const wrapper = boundary('/built-in')

    await expect.poll(() => wrapper.find('[role="alert"]').exists()).toBe(true)
    expect(wrapper.find('[role="alert"]').text()).toMatch(/session has ended/)
    const button = wrapper.find('button')
    expect(button.attributes('type')).toBe('button')
    expect(button.text()).toBe('Retry')

    script('/built-in', { phase: 'healthy' })
    const before = hits('/built-in').length
    await button.trigger('click')
    await expect.poll(() => wrapper.find('main').exists()).toBe(true)
    expect(hits('/built-in').length).toBeGreaterThan(before)
  })

  it('catches a child that throws while rendering and recovers on retry', async () => {
    const broken = shallowRef(true)
    const Fragile = defineComponent({
      setup: () => () => {
        if (broken.value) throw new Error('cannot render')
        return h('main', 'recovered')
      },
    })
    const outside = vi.fn(() => false)
    const Parent = defineComponent({
      errorCaptured: outside,
      setup: () => () =>
        h(
          BackendHealthBoundary,
          { endpoint: server.current.url('/fragile'), options: FAST },
          { default: () => h(Fragile) },
        ),
    })
    const wrapper = mount(Parent)

    // The fallback shows instead of a blank page, and the error stops there.
    await expect.poll(() => wrapper.find('[role="alert"]').exists()).toBe(true)
    expect(wrapper.text()).toMatch(/Something went wrong/)
    expect(outside).not.toHaveBeenCalled()

    broken.value = false
    await wrapper.find('button').trigger('click')
    await expect.poll(() => wrapper.find('main').text()).toBe('recovered')
  })

  it('passes the caught error to the fallback slot', async () => {
    const Fragile = defineComponent({
      setup: () => () => {
        throw new TypeError('no data')
      },
    })
    let error: Error | null = null
    const wrapper = mount(BackendHealthBoundary, {
      props: { endpoint: server.current.url('/caught'), options: FAST },
      slots: {
        default: () => h(Fragile),
        fallback: (props: BackendHealthSlotProps) => {
          error = props.error
          return h('section', props.status)
        },
      },
    })

    await expect.poll(() => wrapper.find('section').exists()).toBe(true)
    expect(error).toBeInstanceOf(TypeError)
  })
})
