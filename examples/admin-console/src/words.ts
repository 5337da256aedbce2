// What the console says about each status and reason the library reports.

import type { HealthReason, HealthStatus } from 'vue-backend-health'

/** One line per status, for the status bar's tooltip and headings. */
export const STATUS_WORDS: Record<HealthStatus, string> = {
  unknown: 'Waiting for the first answer from the backend.',
  healthy: 'The backend serves and reports all is well.',
  degraded: 'The backend serves, with a concern.',
  maintenance: 'The backend is down for maintenance.',
  unavailable: 'The backend cannot serve right now.',
  unauthorized: 'The backend answers, but not to this session.',
  offline: 'This browser has no network.',
}

/** Why, in a sentence, for each reason. */
export const REASON_WORDS: Record<HealthReason, string> = {
  pending: 'No health check has finished yet.',
  ok: 'The health check passed.',
  warn: 'The health check passed with a warning.',
  'dependency-failing': 'The service passes, but a dependency fails.',
  'body-reports-failure': 'The health check says the service fails.',
  'unrecognized-body': 'The health check answered in an unknown format.',
  'malformed-body': 'The health check answered with a broken body.',
  'body-too-large': 'The health check answered with a body too large to read.',
  'rate-limited': 'The backend asks clients to slow down.',
  maintenance: 'The backend said it is out of service and when to ask again.',
  'server-error': 'The health check answered with a server error.',
  'request-timeout': 'The backend gave up waiting for the request.',
  misconfigured: 'The health endpoint looks wrong rather than down.',
  'client-error': 'The backend refused the health check.',
  unauthorized: 'The backend no longer accepts this session.',
  forbidden: 'The backend does not allow this session.',
  'login-redirect': 'The backend sent this session to its sign-in page.',
  timeout: 'The health check got no answer in time.',
  network: 'The backend could not be reached.',
  offline: 'The browser is offline.',
  'opaque-response': 'The answer could not be read.',
  aborted: 'The health check was cancelled.',
}
