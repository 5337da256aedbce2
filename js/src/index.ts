// vue-backend-health: tells a Vue app whether its backend can serve it.
// The Vue layer (composable, plugin, boundary, passive reporting, events)
// over the framework-free core, which is re-exported whole.

export * from './core.js'

export { BackendHealthBoundary } from './vue/BackendHealthBoundary.js'
export type { BackendHealthSlotProps } from './vue/BackendHealthBoundary.js'
export { onReleaseChange, onStatusChange } from './vue/events.js'
export type {
  BackendHealthDefaults,
  UseBackendHealthOptions,
} from './vue/options.js'
export { backendHealthKey, createBackendHealth } from './vue/plugin.js'
export type { BackendHealthPlugin } from './vue/plugin.js'
export { healthFetch, reportResponse } from './vue/registry.js'
export type {
  ReleaseChangeListener,
  StatusChangeListener,
} from './vue/registry.js'
export { useBackendHealth } from './vue/useBackendHealth.js'
export type { UseBackendHealthReturn } from './vue/useBackendHealth.js'
