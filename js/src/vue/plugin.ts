// The plugin: app-wide defaults, provided to every component of the app.

import { hasInjectionContext, inject } from 'vue'
import type { App, InjectionKey } from 'vue'

import type { BackendHealthDefaults } from './options.js'

/** The key under which `createBackendHealth` provides its defaults. */
export const backendHealthKey: InjectionKey<BackendHealthDefaults> = Symbol(
  'vue-backend-health',
)

/** What `createBackendHealth` returns: a plugin for `app.use()`. */
export interface BackendHealthPlugin {
  /** Provides the defaults to the whole app; called by `app.use()`. */
  install(app: App): void
}

/**
 * A plugin that gives every `useBackendHealth()` and
 * `BackendHealthBoundary` in the app a default endpoint and default
 * options, merged under each call's own.
 *
 * ```ts
 * const health = createBackendHealth({
 *   endpoint: '/health',
 *   options: { interval: 30_000 },
 * })
 * app.use(health)
 * ```
 */
export function createBackendHealth(
  defaults: BackendHealthDefaults = {},
): BackendHealthPlugin {
  return {
    install(app: App): void {
      app.provide(backendHealthKey, defaults)
    },
  }
}

/** The app's defaults, or none outside setup or without the plugin. */
export function injectDefaults(): BackendHealthDefaults {
  return (hasInjectionContext() && inject(backendHealthKey, null)) || {}
}
