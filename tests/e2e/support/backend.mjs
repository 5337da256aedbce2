// Starts the real rolling-backend for a test file and drives it through its
// control port. Every backend started here is killed when the test process
// ends, whatever happens to the test.

import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'

import { BACKEND } from './paths.mjs'

const READY =
  /api on http:\/\/127\.0\.0\.1:(\d+), control on http:\/\/127\.0\.0\.1:(\d+)/
const START_LIMIT_MS = 10_000

const running = new Set()
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

/**
 * A backend on free ports, serving `staticDir` on its control port.
 *
 * @param {{ staticDir: string, csp?: string, slowMs?: number }} options
 */
export async function startBackend({ staticDir, csp, slowMs }) {
  const args = ['--port', '0', '--control-port', '0', '--static', staticDir]
  if (csp) args.push('--csp', csp)
  if (slowMs) args.push('--slow-ms', String(slowMs))
  // A safety net: a test run that hangs still leaves no server behind.
  args.push('--exit-after', '600')

  const child = spawn(BACKEND, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  running.add(child)
  child.on('exit', () => running.delete(child))

  const [apiPort, controlPort] = await announced(child)
  return new Backend(child, apiPort, controlPort)
}

/** The ports from the backend's first line. */
function announced(child) {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout })
    const timer = setTimeout(() => {
      reject(new Error(`the backend did not start within ${START_LIMIT_MS} ms`))
    }, START_LIMIT_MS)
    lines.on('line', (line) => {
      const match = READY.exec(line)
      if (!match) return
      clearTimeout(timer)
      resolve([Number(match[1]), Number(match[2])])
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the backend exited with ${code} before it listened`))
    })
  })
}

class Backend {
  constructor(child, apiPort, controlPort) {
    this.child = child
    /** The API origin. */
    this.api = `http://127.0.0.1:${apiPort}`
    /** The control origin, which also serves the console. */
    this.control = `http://127.0.0.1:${controlPort}`
  }

  async #call(path, method = 'GET') {
    const response = await fetch(`${this.control}${path}`, { method })
    if (!response.ok) {
      throw new Error(`${method} ${path} answered HTTP ${response.status}`)
    }
    return response.json()
  }

  /** Switches to `phase`; resolves once the API port is open or closed. */
  phase(name) {
    return this.#call(`/control/phase/${name}`, 'POST')
  }

  /** `GET /control/state`. */
  state() {
    return this.#call('/control/state')
  }

  /** `GET /control/stats`: the `/readyz` counters. */
  stats() {
    return this.#call('/control/stats')
  }

  /** Stops the backend and waits for it to exit. */
  async stop() {
    if (this.child.exitCode !== null) return
    const exited = new Promise((resolve) => this.child.once('exit', resolve))
    this.child.kill('SIGINT')
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000)
    await exited
    clearTimeout(timer)
  }
}
