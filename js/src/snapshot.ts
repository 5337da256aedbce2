// Builds the frozen snapshots listeners receive from the engine's raw ones.

import { BackendHealthError } from './errors.js'
import type { BackendHealthErrorKind as ErrorKind } from './errors.js'
import type { Dependency, HealthSnapshot } from './types.js'
import type { RawSnapshot } from './wasm/backend_health.js'

// The engine hands one raw object to every listener of a change, so a
// snapshot built once per raw object is shared by all of them, even across
// monitors that share an engine.
const built = new WeakMap<RawSnapshot, HealthSnapshot>()

/** The frozen snapshot for `raw`, built on first use. */
export function toSnapshot(raw: RawSnapshot): HealthSnapshot {
  const known = built.get(raw)
  if (known) return known

  const snapshot: HealthSnapshot = Object.freeze({
    status: raw.status,
    reason: raw.reason,
    isHealthy: raw.isHealthy,
    lastChecked: toDate(raw.lastChecked),
    nextCheckAt: toDate(raw.nextCheckAt),
    consecutiveFailures: raw.consecutiveFailures,
    latencyMs: raw.latencyMs,
    httpStatus: raw.httpStatus,
    error: toError(raw.error, raw.httpStatus),
    dependencies: Object.freeze(raw.dependencies.map(freezeDependency)),
    release: raw.release ? Object.freeze({ ...raw.release }) : null,
  })
  built.set(raw, snapshot)
  return snapshot
}

function toDate(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms)
}

function freezeDependency(dependency: Dependency): Dependency {
  return Object.freeze({ ...dependency })
}

/**
 * The snapshot's error as a `BackendHealthError`. The engine builds its
 * errors with the registered class, so this only rebuilds an error that
 * came from elsewhere.
 */
function toError(
  error: unknown,
  httpStatus: number | null,
): BackendHealthError | null {
  if (error === null || error === undefined) return null
  if (error instanceof BackendHealthError) return error
  const { message, kind } = error as { message?: unknown; kind?: unknown }
  return new BackendHealthError(String(message ?? error), {
    kind: (typeof kind === 'string' ? kind : 'engine') as ErrorKind,
    httpStatus,
  })
}
