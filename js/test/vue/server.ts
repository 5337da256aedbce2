// A real HTTP server for the tests: each path plays the phase a test gives
// it, and counts the requests it gets.

import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http'
import type { AddressInfo } from 'node:net'

/** What a path answers. */
export type Phase =
  | 'healthy'
  | 'degraded'
  | 'unavailable'
  | 'maintenance'
  | 'unauthorized'
  | 'bad-gateway'

/** How a path behaves: its phase, its release and how long it thinks. */
export interface Script {
  phase: Phase
  version: string
  delayMs: number
}

/** A request as the server saw it. */
export interface Hit {
  method: string
  headers: IncomingMessage['headers']
}

export interface TestServer {
  /** `http://127.0.0.1:<port>`. */
  origin: string
  /** The absolute URL of `path`. */
  url(path: string): string
  /** Changes how `path` behaves from its next request on. */
  script(path: string, change: Partial<Script>): void
  /** The requests `path` has had, preflights left out. */
  hits(path: string): Hit[]
  /** Forgets every script and count. */
  reset(): void
  close(): Promise<void>
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': '*',
  'access-control-allow-methods': 'GET, HEAD',
  'access-control-expose-headers': 'Retry-After, Date, Age',
  'cache-control': 'no-store',
}

function healthBody(script: Script): string {
  const cache = script.phase === 'degraded' ? 'warn' : 'pass'
  return JSON.stringify({
    status: script.phase === 'degraded' ? 'warn' : 'pass',
    version: script.version,
    releaseId: `build-${script.version}`,
    checks: {
      'database:responseTime': [
        { status: 'pass', observedValue: 4, observedUnit: 'ms' },
      ],
      cache: [{ status: cache, output: cache === 'warn' ? 'evicting' : '' }],
    },
  })
}

function answer(script: Script, res: ServerResponse): void {
  switch (script.phase) {
    case 'healthy':
    case 'degraded':
      res.writeHead(200, { ...CORS, 'content-type': 'application/health+json' })
      res.end(healthBody(script))
      return
    case 'unavailable':
      res.writeHead(503, { ...CORS, 'content-type': 'text/plain' })
      res.end('down')
      return
    case 'maintenance':
      res.writeHead(503, { ...CORS, 'retry-after': '1' })
      res.end()
      return
    case 'unauthorized':
      res.writeHead(401, CORS)
      res.end()
      return
    case 'bad-gateway':
      res.writeHead(502, { ...CORS, 'content-type': 'text/plain' })
      res.end('bad gateway')
  }
}

const DEFAULT: Script = { phase: 'healthy', version: '1', delayMs: 0 }

/** Starts a server on a free port of 127.0.0.1. */
export async function startServer(): Promise<TestServer> {
  const scripts = new Map<string, Script>()
  const hits = new Map<string, Hit[]>()

  const server = createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS)
      res.end()
      return
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const seen = hits.get(path) ?? []
    seen.push({ method: req.method ?? 'GET', headers: req.headers })
    hits.set(path, seen)
    const script = scripts.get(path) ?? DEFAULT
    const timer = setTimeout(() => answer(script, res), script.delayMs)
    res.on('close', () => clearTimeout(timer))
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  const origin = `http://127.0.0.1:${port}`

  return {
    origin,
    url: (path) => origin + path,
    script(path, change) {
      scripts.set(path, { ...(scripts.get(path) ?? DEFAULT), ...change })
    },
    hits: (path) => hits.get(path) ?? [],
    reset() {
      scripts.clear()
      hits.clear()
    },
    close() {
      server.closeAllConnections()
      return new Promise((done) => server.close(() => done()))
    },
  }
}

/** Waits `ms` of real time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms))
}

/** Options that make a monitor fast enough to test in real time. */
export const FAST = {
  interval: 300,
  timeout: 150,
  backoff: { base: 100, max: 400 },
  pauseWhenHidden: false,
} as const
