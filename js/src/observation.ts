// Turns what the app's own requests produced (a Response, or what a failed
// fetch rejected with) into the passive signal the engine takes, and
// headers in any shape into the lowercase object the engine reads.

import type { PassiveObservation } from './wasm/backend_health.js'

/** Headers as `Headers`, or as a plain object with names in any case. */
export type HeadersInput = Headers | Record<string, string>

/** The part of a `Response` a passive observation reads. */
interface ResponseLike {
  status: number
  type?: string
  headers: { get(name: string): string | null }
}

/** The response headers the engine reads from the app's own traffic. */
const PASSIVE_HEADERS = ['retry-after', 'date', 'age', 'location']

/**
 * The passive observation for `value`: a response, an abort, a timeout, or
 * a failed request.
 */
export function toObservation(value: unknown): PassiveObservation {
  if (isResponseLike(value)) return fromResponse(value)

  // fetch rejects with something other than an error only when it was
  // aborted with a custom reason, which says nothing about the backend.
  if (!isNamed(value)) return { transport: 'aborted' }

  if (value.name === 'AbortError') return { transport: 'aborted' }
  if (value.name === 'TimeoutError') return { transport: 'timeout' }
  return { transport: isOffline() ? 'offline' : 'network' }
}

function fromResponse(response: ResponseLike): PassiveObservation {
  if (response.type === 'opaque') return { transport: 'opaque' }
  if (response.type === 'opaqueredirect') return { transport: 'opaqueredirect' }

  const headers: Record<string, string> = {}
  for (const name of PASSIVE_HEADERS) {
    const value = response.headers.get(name)
    if (value !== null) headers[name] = value
  }
  return { transport: 'response', status: response.status, headers }
}

/**
 * `headers` as a plain object with lowercase names; values of names that
 * differ only in case are joined with `, `, as HTTP combines them.
 */
export function normaliseHeaders(
  headers: HeadersInput | undefined,
): Record<string, string> {
  const out: Record<string, string> = {}
  const add = (value: unknown, name: string): void => {
    if (value === undefined || value === null) return
    const key = name.toLowerCase()
    const text = String(value)
    out[key] = Object.hasOwn(out, key) ? `${out[key]}, ${text}` : text
  }

  if (!headers) return out
  if (isHeaders(headers)) {
    headers.forEach(add)
    return out
  }
  for (const [name, value] of Object.entries(headers)) add(value, name)
  return out
}

function isHeaders(headers: HeadersInput): headers is Headers {
  const candidate = headers as Partial<Headers>
  return (
    typeof candidate.forEach === 'function' &&
    typeof candidate.get === 'function'
  )
}

function isResponseLike(value: unknown): value is ResponseLike {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Partial<ResponseLike>
  return (
    typeof candidate.status === 'number' &&
    typeof candidate.headers?.get === 'function'
  )
}

function isNamed(value: unknown): value is { name: string } {
  if (typeof value !== 'object' || value === null) return false
  return typeof (value as { name?: unknown }).name === 'string'
}

function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false
}
