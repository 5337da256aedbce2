// Classifying a single answer with the engine's rules, without a monitor.

import { requireEngine } from './engine.js'
import { guard } from './errors.js'
import { normaliseHeaders } from './observation.js'
import type { Classification, ClassifyInput } from './types.js'

/**
 * What one answer of a health endpoint means, by the same rules a monitor
 * applies to its probes: the status and reason, the dependencies and
 * release the body reports, and how long `Retry-After` asks to wait.
 *
 * ```ts
 * classifyResponse({ status: 503, headers: { 'Retry-After': '120' } })
 * // { status: 'maintenance', reason: 'maintenance', retryAfterMs: 120000 }
 * ```
 *
 * @throws a `BackendHealthError` of kind `engine` when `loadEngine()` has
 * not finished.
 */
export function classifyResponse(input: ClassifyInput): Classification {
  const engine = requireEngine('before calling classifyResponse()')
  const answer = {
    status: input.status,
    headers: normaliseHeaders(input.headers),
    body: input.body ?? null,
  }
  return guard(() => engine.classifyResponse(answer))
}
