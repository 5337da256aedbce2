// The rolling-backend's control port: which phase it plays, and switching
// it. Plain fetch, not healthFetch: the control port stays up in every
// phase, so its answers say nothing about the API's health.

/** One phase the backend can play. */
export interface PhaseInfo {
  name: string
  description: string
}

/** `GET /control/state`. */
export interface BackendState {
  phase: string
  releaseId: string
  version: string
  uptimeMs: number
  apiPort: number
  apiListening: boolean
  slowMs: number
  phases: PhaseInfo[]
}

/** `GET /control/stats`: counters of `/readyz` requests. */
export interface ProbeStats {
  requests: number
  maxInFlight: number
  inFlight: number
  perSecond: number
  windowSeconds: number
}

async function call<T>(url: string, method: 'GET' | 'POST'): Promise<T> {
  const response = await fetch(url, { method, cache: 'no-store' })
  if (!response.ok) {
    throw new Error(`the control port answered HTTP ${response.status}`)
  }
  return (await response.json()) as T
}

/** The backend's state. */
export function fetchState(control: string): Promise<BackendState> {
  return call(`${control}/control/state`, 'GET')
}

/** The `/readyz` counters. */
export function fetchStats(control: string): Promise<ProbeStats> {
  return call(`${control}/control/stats`, 'GET')
}

/** Switches the backend to `phase`; resolves with the state after it. */
export function switchPhase(
  control: string,
  phase: string,
): Promise<BackendState> {
  const name = encodeURIComponent(phase)
  return call(`${control}/control/phase/${name}`, 'POST')
}
