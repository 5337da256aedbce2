// How the console watches its backend.

import type { HealthStatus, UseBackendHealthOptions } from 'vue-backend-health'

/**
 * Tuned for a demo, so that every phase change shows within a few seconds:
 * a probe every 2 s while the backend serves, 1 s before a probe counts as
 * timed out, and retries from 0.5 s up to 4 s while it fails. Left to their
 * defaults (10 s, 3 s, 1 s to 20 s) the same changes take several times as
 * long to appear, and a production app would rather keep those.
 */
export const DEMO_OPTIONS: UseBackendHealthOptions = {
  interval: 2000,
  timeout: 1000,
  backoff: { base: 500, max: 4000 },
}

/** The health endpoint under an API origin. */
export function healthEndpoint(api: string): string {
  return `${api}/readyz`
}

/** Whether a status lets the app's own requests be served. */
export function isServing(status: HealthStatus): boolean {
  return status === 'healthy' || status === 'degraded'
}
