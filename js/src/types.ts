// The shapes the core API speaks in: options going in, snapshots and
// classifications coming out.

import type { BackendHealthError } from './errors.js'

/**
 * What the UI should show; a closed set every page can render.
 *
 * - `unknown`: nothing is known yet.
 * - `healthy`: the backend serves and says all is well.
 * - `degraded`: it serves, with a concern (a warning, a failing non-critical
 *   dependency, rate limiting).
 * - `maintenance`: it is deliberately out of service and said so.
 * - `unavailable`: it cannot serve (errors, timeouts, refused connections).
 * - `unauthorized`: it answers, but not to this session (expired login).
 * - `offline`: the browser has no network.
 */
export type HealthStatus =
  | 'unknown'
  | 'healthy'
  | 'degraded'
  | 'maintenance'
  | 'unavailable'
  | 'unauthorized'
  | 'offline'

/**
 * Why an observation got its status; finer than {@link HealthStatus}, with
 * stable names.
 *
 * - `pending`: no probe has completed yet.
 * - `ok`: 2xx, and the body, if any, passes.
 * - `warn`: 2xx, and the body or one of its dependencies warns.
 * - `dependency-failing`: 2xx, the service passes, a dependency fails.
 * - `body-reports-failure`: 2xx, but the body says the service fails.
 * - `unrecognized-body`, `malformed-body`, `body-too-large`: 2xx with a body
 *   that could not be used, judged by the status code alone.
 * - `rate-limited`: 429.
 * - `maintenance`: 503 with Retry-After, or a body saying out of service.
 * - `server-error`: other 5xx.
 * - `request-timeout`: 408.
 * - `misconfigured`: 400, 404, 405 and similar, or an unexpected 1xx/3xx:
 *   the health endpoint is wrong, not down.
 * - `client-error`: another 4xx.
 * - `unauthorized`: 401. `forbidden`: 403.
 * - `login-redirect`: a redirect, opaque or to a sign-in page.
 * - `timeout`: no answer within the timeout.
 * - `network`: the request failed without an answer (refused, reset, DNS,
 *   CORS).
 * - `offline`: the browser is offline.
 * - `opaque-response`: a `no-cors` answer whose status cannot be read.
 * - `aborted`: the request was cancelled on purpose; never a failure.
 */
export type HealthReason =
  | 'pending'
  | 'ok'
  | 'warn'
  | 'dependency-failing'
  | 'body-reports-failure'
  | 'unrecognized-body'
  | 'malformed-body'
  | 'body-too-large'
  | 'rate-limited'
  | 'maintenance'
  | 'server-error'
  | 'request-timeout'
  | 'misconfigured'
  | 'client-error'
  | 'unauthorized'
  | 'forbidden'
  | 'login-redirect'
  | 'timeout'
  | 'network'
  | 'offline'
  | 'opaque-response'
  | 'aborted'

/** The verdict of one dependency check: `fail` is worse than `warn`. */
export type CheckStatus = 'pass' | 'warn' | 'fail'

/** One dependency the backend reported on (a database, a cache, ...). */
export interface Dependency {
  /** The name the backend gave it, e.g. `database` or `db/primary`. */
  readonly name: string
  /** Its verdict. */
  readonly status: CheckStatus
  /** How long the backend's own check of it took, when reported. */
  readonly latencyMs?: number
  /** Free text the backend attached, typically why it fails. */
  readonly output?: string
}

/** Which build of the backend answered. */
export interface Release {
  /** The public version, e.g. `1.4.2`. */
  readonly version?: string
  /** The release or build id, e.g. a commit or a deployment id. */
  readonly releaseId?: string
}

/**
 * How randomness spreads the delays between failing probes.
 *
 * - `full`: uniform between half the base and the capped exponential delay.
 * - `equal`: half the capped delay, plus a uniform share of the other half.
 * - `decorrelated`: uniform between the base and three times the previous
 *   delay.
 * - `none`: the capped exponential delay itself; clients stay in lockstep.
 */
export type Jitter = 'full' | 'equal' | 'decorrelated' | 'none'

/** Delays between probes while the backend is failing. */
export interface BackoffOptions {
  /**
   * The first delay after a failure, and the ceiling of the quick probe that
   * confirms a first failure (ms). At least 100, at most `max`.
   * @defaultValue 1000
   */
  base?: number
  /**
   * The longest delay between two failing probes (ms). It is also the
   * longest a client waits to notice a recovery.
   * @defaultValue 20000
   */
  max?: number
  /**
   * How the delays are randomised.
   * @defaultValue 'full'
   */
  jitter?: Jitter
}

/**
 * The options the engine itself reads. Every duration is in milliseconds;
 * a value that breaks a rule throws a `BackendHealthError` of kind
 * `invalid-option` naming the option, and an unknown key does too.
 */
export interface CoreOptions {
  /**
   * Time between probes while the backend serves, spread by ±10 % (ms). At
   * least 100, at most one day.
   * @defaultValue 10000
   */
  interval?: number
  /**
   * How long a probe may take before it counts as a timeout (ms). Must be
   * below `interval`.
   * @defaultValue 3000
   */
  timeout?: number
  /**
   * Failing probes in a row before a serving status turns `unavailable`.
   * A whole number from 1 to 100.
   * @defaultValue 2
   */
  failureThreshold?: number
  /**
   * Passing probes in a row before a failing status turns `healthy`. A
   * whole number from 1 to 100.
   * @defaultValue 1
   */
  successThreshold?: number
  /**
   * Delays while the backend fails.
   * @defaultValue `{ base: 1000, max: 20000, jitter: 'full' }`
   */
  backoff?: BackoffOptions
  /**
   * Whether a `Retry-After` header delays the next probe. Cross-origin, the
   * header is only readable when the server lists it in
   * `Access-Control-Expose-Headers`.
   * @defaultValue true
   */
  respectRetryAfter?: boolean
  /**
   * The longest `Retry-After` honoured (ms); longer requests are capped.
   * @defaultValue 300000
   */
  maxRetryAfter?: number
  /**
   * The probe's HTTP method. `HEAD` is cheaper but reads no body, so no
   * dependencies and no release.
   * @defaultValue 'GET'
   */
  method?: 'GET' | 'HEAD'
  /**
   * The most body bytes read from a probe; a longer body is left unread and
   * the answer judged by its status code. At most 16 MiB.
   * @defaultValue 65536
   */
  maxBodyBytes?: number
  /**
   * Whether probing pauses while the page is hidden. A probe that fell due
   * meanwhile goes out as soon as the page is visible again.
   * @defaultValue true
   */
  pauseWhenHidden?: boolean
}

/** How the probe's request is sent. */
export interface RequestOptions {
  /**
   * Extra request headers, e.g. an `Authorization` header. Cross-origin,
   * anything but a few safelisted headers makes the browser send a CORS
   * preflight first.
   * @defaultValue `{}`
   */
  headers?: Record<string, string>
  /**
   * Whether cookies go with the probe.
   * @defaultValue 'same-origin'
   */
  credentials?: RequestCredentials
}

/** How a monitor works with the other tabs of its origin. */
export interface SharingOptions {
  /**
   * Whether the tabs of this origin that monitor the same endpoint with
   * equal options share one stream of requests: one tab probes and every
   * other shows what it learns, the same status at the same moment. The
   * probing moves to another tab when its tab closes or stays hidden, and
   * carries on from the last state. Where Web Locks or BroadcastChannel is
   * missing (older browsers, Node), each page probes alone.
   * @defaultValue true
   */
  shareAcrossTabs?: boolean
}

/** Everything that tunes a `HealthMonitor`. */
export interface HealthOptions
  extends CoreOptions,
    RequestOptions,
    SharingOptions {}

/**
 * What a monitor knows at one moment. Every snapshot is frozen and a new
 * object whenever anything in it changes, so it can be compared by identity.
 */
export interface HealthSnapshot {
  /** What to show. */
  readonly status: HealthStatus
  /** Why, per the last observation applied. */
  readonly reason: HealthReason
  /** `true` while healthy or degraded, `false` otherwise, `null` if unknown. */
  readonly isHealthy: boolean | null
  /** When the last probe's answer was applied. */
  readonly lastChecked: Date | null
  /** When the next probe is due; `null` while stopped or paused. */
  readonly nextCheckAt: Date | null
  /** Failing observations in a row. */
  readonly consecutiveFailures: number
  /** How long the last applied probe took (ms). */
  readonly latencyMs: number | null
  /** The last applied probe's HTTP status. */
  readonly httpStatus: number | null
  /**
   * What went wrong in the last applied observation; `null` after a clean
   * answer. It can be set while `status` still says healthy: the status
   * waits for `failureThreshold`, the error does not.
   */
  readonly error: BackendHealthError | null
  /** The dependencies of the last body that listed any. */
  readonly dependencies: readonly Dependency[]
  /** The release of the last body that named one. */
  readonly release: Release | null
}

/** An answer to classify. */
export interface ClassifyInput {
  /** The HTTP status code. */
  status: number
  /**
   * The response headers, as a `Headers` object or a plain object with
   * names in any case. `Retry-After`, `Date`, `Age`, `Content-Type` and
   * `Location` are read.
   */
  headers?: Headers | Record<string, string>
  /** The body: text (JSON is parsed), an already parsed object, or none. */
  body?: string | object | null
}

/** What one answer means. */
export interface Classification {
  /** The status it points to. */
  readonly status: HealthStatus
  /** Why. */
  readonly reason: HealthReason
  /** The HTTP status code. */
  readonly httpStatus: number | null
  /** The dependencies the body listed. */
  readonly dependencies: readonly Dependency[]
  /** The release the body named. */
  readonly release: Release | null
  /**
   * How long the server asked clients to wait (ms), from `Retry-After` as
   * seconds or as an HTTP-date measured from the answer's `Date` (else from
   * now); uncapped.
   */
  readonly retryAfterMs: number | null
}
