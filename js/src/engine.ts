// Loads the wasm engine once per page and hands it to the rest of the
// package. Every failure to load says what to do about it.

import init, * as glue from './wasm/backend_health.js'
import type { InitOutput } from './wasm/backend_health.js'
import { BackendHealthError, engineError, guard } from './errors.js'
import { warn } from './warn.js'

/**
 * Where the engine's wasm can come from: its URL (a `file:` URL is read
 * from disk), a fetched `Response`, its bytes, or a compiled module.
 */
export type EngineSource =
  | string
  | URL
  | Response
  | BufferSource
  | WebAssembly.Module

/** The loaded engine's exports. */
export type Engine = typeof glue

/** Diagnostic counters of the engine; for tests and leak checks only. */
export interface EngineStats {
  /** Whether `loadEngine()` has succeeded. */
  readonly loaded: boolean
  /** Engines alive in this page: one per distinct endpoint and options. */
  readonly liveEngines: number
  /** The size of the engine's wasm memory in bytes (0 before loading). */
  readonly memoryBytes: number
  /** Bytes live on the engine's heap now (0 before loading). */
  readonly heapBytes: number
  /** Slots of the table holding the JavaScript values the engine keeps. */
  readonly tableSlots: number
}

let engine: Engine | null = null
let exported: InitOutput | null = null
let loading: Promise<void> | null = null
let loadingFrom: EngineSource | undefined

/**
 * Loads the engine. Call it once before creating monitors; later calls
 * return the same promise and ignore their argument (a different source
 * is warned about in development). After a failure the next call tries
 * again.
 *
 * Without a `source`, the wasm file is taken from beside the package's
 * JavaScript (`wasm/backend_health_bg.wasm`): fetched in browsers, where
 * bundlers that understand `new URL(..., import.meta.url)` copy it into the
 * build, and read from disk in Node.
 *
 * @throws a `BackendHealthError` of kind `engine` (as a rejection) when the
 * file is missing, is not wasm, or the page's Content Security Policy
 * forbids compiling it.
 */
export function loadEngine(source?: EngineSource): Promise<void> {
  if (loading) {
    if (source !== undefined && !isSame(source, loadingFrom)) {
      warn(
        'loadEngine() was called with a source after the engine had ' +
          'started loading from another; the new source is ignored. Call ' +
          'loadEngine(source) once, before anything else uses the engine.',
      )
    }
    return loading
  }

  loadingFrom = source
  loading = load(source).catch((error: unknown) => {
    loading = null
    throw error
  })
  return loading
}

function isSame(a: EngineSource, b: EngineSource | undefined): boolean {
  const isUrl = (s: unknown): boolean => typeof s === 'string' || isUrlLike(s)
  return a === b || (isUrl(a) && isUrl(b) && String(a) === String(b))
}

/**
 * Whether `s` is a `URL`, also one made in another realm (an iframe, a test
 * environment's window), where `instanceof URL` is false.
 */
function isUrlLike(s: unknown): s is URL {
  if (s instanceof URL) return true
  if (typeof s !== 'object' || s === null) return false
  const url = s as { href?: unknown; protocol?: unknown }
  return typeof url.href === 'string' && typeof url.protocol === 'string'
}

/** Whether `loadEngine()` has succeeded, so monitors can be created. */
export function isEngineLoaded(): boolean {
  return engine !== null
}

/**
 * Counters of the engine's state, for tests and leak checks. Diagnostic:
 * not part of the stable API, and its fields may change.
 */
export function engineStats(): EngineStats {
  const loaded = engine
  return {
    loaded: loaded !== null,
    liveEngines: loaded ? guard(() => loaded.liveEngines()) : 0,
    memoryBytes: exported?.memory.buffer.byteLength ?? 0,
    heapBytes: loaded ? guard(() => loaded.heapInUse()) : 0,
    tableSlots: exported?.__wbindgen_externrefs?.length ?? 0,
  }
}

/**
 * The loaded engine.
 *
 * @throws a `BackendHealthError` of kind `engine` saying to await
 * `loadEngine()` `before` doing what the caller was about to do.
 */
export function requireEngine(before: string): Engine {
  if (engine) return engine
  throw engineError(`await loadEngine() ${before}`)
}

async function load(source: EngineSource | undefined): Promise<void> {
  // The default location must stay written this way, in this module, for
  // bundlers to find the wasm file and emit it with the app.
  const where =
    source ?? new URL('./wasm/backend_health_bg.wasm', import.meta.url)
  const module = await obtain(where)

  try {
    exported = await init({ module_or_path: module })
  } catch (error) {
    throw compileError(error)
  }

  guard(() => glue.registerErrorClass(BackendHealthError))
  guard(() => glue.registerJsonReader(readJson))
  engine = glue
}

/**
 * `JSON.parse` that answers `undefined` for text that is not JSON instead
 * of throwing: an exception caught on the engine's side of the boundary
 * costs it a slot of its value table each time.
 */
function readJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

type Obtained = Response | BufferSource | WebAssembly.Module

/** Turns a source into something the glue can instantiate. */
async function obtain(source: EngineSource): Promise<Obtained> {
  if (isResponse(source)) return usable(source, source.url)
  if (isBytes(source)) return checked(asBytes(source), 'the bytes given')
  if (typeof source !== 'string' && !isUrlLike(source)) return source

  const url = String(source)
  if (url.startsWith('file:')) {
    return checked(await readFile(url), `the file at ${url}`)
  }
  return usable(await download(url), url)
}

async function download(url: string): Promise<Response> {
  try {
    return await fetch(url)
  } catch (error) {
    throw engineError(
      `the engine's wasm file could not be fetched from ${url} ` +
        `(${describe(error)}): ${WHAT_TO_DO}`,
      error,
    )
  }
}

const WHAT_TO_DO =
  'check that wasm/backend_health_bg.wasm is served with the app, ' +
  'or pass its URL to loadEngine()'

async function usable(response: Response, where: string): Promise<Obtained> {
  if (!response.ok) {
    throw engineError(
      `the engine's wasm file was not found at ${where || 'the given URL'} ` +
        `(HTTP ${response.status}): ${WHAT_TO_DO}`,
    )
  }

  // Streaming compilation needs the wasm media type; anything else is read
  // whole, which also shows what was served instead.
  const type = response.headers.get('content-type') ?? ''
  if (type.startsWith('application/wasm')) return response
  const bytes = new Uint8Array(await response.arrayBuffer())
  return checked(bytes, `the file at ${where || 'the given URL'}`)
}

/** The first bytes of every wasm module: `\0asm`. */
const MAGIC = [0x00, 0x61, 0x73, 0x6d]

function checked(bytes: Uint8Array, what: string): Uint8Array {
  if (MAGIC.every((byte, i) => bytes[i] === byte)) return bytes
  const start = new TextDecoder().decode(bytes.subarray(0, 16)).trim()
  const html = start.startsWith('<')
    ? ' but an HTML page, as servers send for a missing file'
    : ''
  throw engineError(`${what} is not a wasm module${html}: ${WHAT_TO_DO}`)
}

function isResponse(source: EngineSource): source is Response {
  return typeof Response === 'function' && source instanceof Response
}

function isBytes(source: EngineSource): source is BufferSource {
  return source instanceof ArrayBuffer || ArrayBuffer.isView(source)
}

function asBytes(source: BufferSource): Uint8Array {
  if (source instanceof ArrayBuffer) return new Uint8Array(source)
  const { buffer, byteOffset, byteLength } = source
  return new Uint8Array(buffer, byteOffset, byteLength)
}

/** Node's file reader, as far as it is used here. */
interface FileReader {
  readFile(path: URL): Promise<Uint8Array>
}

// Held in a variable so that bundlers building for browsers leave it alone.
const FS_MODULE = 'node:fs/promises'

async function readFile(url: string): Promise<Uint8Array> {
  try {
    const fs: FileReader = await import(
      /* @vite-ignore */ /* webpackIgnore: true */ FS_MODULE
    )
    return await fs.readFile(new URL(url))
  } catch (error) {
    throw engineError(
      `the engine's wasm file could not be read at ${url} ` +
        `(${describe(error)}): check that it ships beside the package's ` +
        'JavaScript, or pass its bytes or URL to loadEngine()',
      error,
    )
  }
}

/** Words a Content Security Policy violation is reported with. */
const CSP_WORDS = /content.security|unsafe-eval|wasm-eval|\bCSP\b/i

function compileError(error: unknown): BackendHealthError {
  const detail = describe(error)
  if (CSP_WORDS.test(detail)) {
    return engineError(
      "the page's Content Security Policy forbids compiling the engine: " +
        `allow 'wasm-unsafe-eval' in script-src (${detail})`,
      error,
    )
  }
  return engineError(
    `the engine's wasm could not be compiled (${detail}): check that the ` +
      'wasm file belongs to this version of vue-backend-health',
    error,
  )
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
