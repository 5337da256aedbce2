// vue-backend-health/core: the framework-free API. It tells a single-page
// app whether its backend can serve it, with no dependency on Vue.

export { classifyResponse } from './classify.js'
export { engineStats, isEngineLoaded, loadEngine } from './engine.js'
export type { EngineSource, EngineStats } from './engine.js'
export { BackendHealthError } from './errors.js'
export type {
  BackendHealthErrorKind,
  BackendHealthErrorOptions,
} from './errors.js'
export { HealthMonitor } from './monitor.js'
export type { HealthListener } from './monitor.js'
export type { HeadersInput } from './observation.js'
export type { TabRole } from './tabs.js'
export type {
  BackoffOptions,
  CheckStatus,
  Classification,
  ClassifyInput,
  CoreOptions,
  Dependency,
  HealthOptions,
  HealthReason,
  HealthSnapshot,
  HealthStatus,
  Jitter,
  Release,
  RequestOptions,
  SharingOptions,
} from './types.js'
