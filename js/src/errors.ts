// The package's one error class. The engine builds its errors through it
// too (it is registered with the wasm at load), so every error, thrown or
// reported in a snapshot, passes `instanceof BackendHealthError`.

/**
 * The stable category of an error or of a failed probe.
 *
 * - `invalid-option`: an option breaks a rule or does not exist.
 * - `engine`: the engine could not load, or was used before loading or
 *   after `dispose()`.
 * - `timeout`: the probe got no answer within `timeout`.
 * - `network`: the request failed without an answer (refused, reset, DNS,
 *   CORS), or the answer was opaque.
 * - `offline`: the browser says it has no network.
 * - `http`: the server answered with a status that is not a pass.
 * - `body`: the body says the service fails, or could not be read.
 * - `redirect`: the endpoint redirected, usually to a sign-in page.
 */
export type BackendHealthErrorKind =
  | 'invalid-option'
  | 'engine'
  | 'timeout'
  | 'network'
  | 'offline'
  | 'http'
  | 'body'
  | 'redirect'

/** What a `BackendHealthError` is made of besides its message. */
export interface BackendHealthErrorOptions {
  /**
   * The error's category.
   * @defaultValue 'engine'
   */
  kind?: BackendHealthErrorKind
  /**
   * The HTTP status involved, if any.
   * @defaultValue null
   */
  httpStatus?: number | null
  /** The error that caused this one. */
  cause?: unknown
}

/**
 * An error of this package: check it with `instanceof` and branch on
 * `kind`, never on the message, which is written for developers and may
 * change.
 */
export class BackendHealthError extends Error {
  /** Always `'BackendHealthError'`. */
  override readonly name = 'BackendHealthError'

  /** The stable category. */
  readonly kind: BackendHealthErrorKind

  /** The HTTP status involved, or `null`. */
  readonly httpStatus: number | null

  /**
   * @param message - a sentence saying what went wrong and what to do.
   * @param options - kind (default `'engine'`), HTTP status and cause.
   */
  constructor(message: string, options: BackendHealthErrorOptions = {}) {
    const { kind = 'engine', httpStatus = null, cause } = options
    super(message, cause === undefined ? undefined : { cause })
    this.kind = kind
    this.httpStatus = httpStatus
  }
}

/** An `engine` error: the engine is missing, broken or used wrongly. */
export function engineError(
  message: string,
  cause?: unknown,
): BackendHealthError {
  return new BackendHealthError(message, { kind: 'engine', cause })
}

/**
 * Runs a call into the engine. A `BackendHealthError` passes through; any
 * other exception (a trap inside the wasm, say) becomes an `engine` error.
 */
export function guard<T>(call: () => T): T {
  try {
    return call()
  } catch (error) {
    if (error instanceof BackendHealthError) throw error
    const detail = error instanceof Error ? error.message : String(error)
    throw engineError(`the engine failed: ${detail}`, error)
  }
}
