// A component that shows its content only while the backend can serve it,
// and a fallback (never a blank page) while it cannot or while the content
// itself fails to render.

import { defineComponent, h, onErrorCaptured, shallowRef } from 'vue'
import type { PropType, SlotsType, VNode, VNodeChild } from 'vue'

import type { Dependency, HealthStatus } from '../core.js'
import type { UseBackendHealthOptions } from './options.js'
import { useBackendHealth } from './useBackendHealth.js'

/** The props of the `#degraded` and `#fallback` slots. */
export interface BackendHealthSlotProps {
  /** The backend's status; still `healthy` when the content itself failed. */
  status: HealthStatus
  /**
   * What went wrong: the error the content threw while rendering, else the
   * last probe's error; `null` when there is neither.
   */
  error: Error | null
  /** The dependencies the last health body listed, failing ones among them. */
  dependencies: readonly Dependency[]
  /** Renders the content again and probes the backend now. */
  retry: () => void
  /** When the next probe is due on its own, if one is scheduled. */
  nextCheckAt: Date | null
}

/** The built-in fallback's words for each status that cannot serve. */
const WORDS: Partial<Record<HealthStatus, string>> = {
  maintenance: 'Down for maintenance.',
  unavailable: 'Service unavailable.',
  unauthorized: 'Your session has ended.',
  offline: 'You are offline.',
}

/** The fallback shown when no `#fallback` slot is given. */
function builtInFallback(props: BackendHealthSlotProps): VNode {
  return h('div', { role: 'alert' }, [
    h('p', WORDS[props.status] ?? 'Something went wrong.'),
    h('button', { type: 'button', onClick: props.retry }, 'Retry'),
  ])
}

/** Any thrown value as an `Error`. */
function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown))
}

/**
 * Renders its content while the backend serves, and a fallback while it
 * cannot.
 *
 * - `unknown` (before the first answer, and during server-side rendering):
 *   the `#pending` slot if given, else the content. Showing the content
 *   optimistically keeps a healthy backend from costing a flash of a
 *   loading state on every page load.
 * - `healthy`: the content.
 * - `degraded`: the `#degraded` slot (if given) as a banner before the
 *   content.
 * - `maintenance`, `unavailable`, `unauthorized`, `offline`: the
 *   `#fallback` slot, or a small built-in one (`role="alert"`, the status
 *   in words, a Retry button).
 *
 * Both slots get {@link BackendHealthSlotProps}. An error thrown while
 * rendering the content, or captured from any component inside it, stops
 * there and shows the fallback with that error; `retry` renders the content
 * again. Everything renders inside one `div` whose `data-status` attribute
 * carries the status.
 *
 * `endpoint` defaults to the plugin's; `options` is read once, at setup.
 */
export const BackendHealthBoundary = defineComponent({
  name: 'BackendHealthBoundary',
  props: {
    /** The health endpoint. @defaultValue the plugin's endpoint */
    endpoint: String,
    /** Options of `useBackendHealth`, read once. @defaultValue the plugin's */
    options: Object as PropType<UseBackendHealthOptions>,
  },
  // Every slot is optional; typed as functions so that a missing one is
  // `undefined` rather than slot props that may be `undefined`.
  slots: Object as SlotsType<{
    default?: () => VNodeChild
    pending?: () => VNodeChild
    degraded?: (props: BackendHealthSlotProps) => VNodeChild
    fallback?: (props: BackendHealthSlotProps) => VNodeChild
  }>,
  setup(props, { slots }) {
    const health = useBackendHealth(() => props.endpoint, props.options)
    const caught = shallowRef<Error | null>(null)

    onErrorCaptured((thrown) => {
      caught.value = asError(thrown)
      return false
    })

    const retry = (): void => {
      caught.value = null
      void health.check()
    }

    const content = (props: BackendHealthSlotProps): VNodeChild => {
      const fallback = slots.fallback ?? builtInFallback
      if (caught.value || health.isHealthy.value === false) {
        return fallback(props)
      }
      if (props.status === 'unknown' && slots.pending) return slots.pending()

      // Rendering the content here runs the slot's own expressions, whose
      // errors no hook of this component would see.
      try {
        const degraded = props.status === 'degraded' && slots.degraded
        return [degraded && degraded(props), slots.default?.()]
      } catch (thrown) {
        caught.value = asError(thrown)
        return fallback({ ...props, error: caught.value })
      }
    }

    return (): VNode => {
      const status = health.status.value
      const slotProps = {
        status,
        error: caught.value ?? health.error.value,
        dependencies: health.dependencies.value,
        retry,
        nextCheckAt: health.nextCheckAt.value,
      }
      return h('div', { 'data-status': status }, [content(slotProps)])
    }
  },
})
