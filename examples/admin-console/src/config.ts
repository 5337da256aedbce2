// Where the console finds its backend, decided when the page loads rather
// than when it is built, so one build serves a backend on any port.

/** The two addresses the console talks to. */
export interface ConsoleConfig {
  /** The API origin: `/readyz` and `/api/v1/users` live there. */
  api: string
  /**
   * The control origin, which switches the backend's phase. Empty means the
   * page's own origin, since the backend serves the console from there.
   */
  control: string
}

/** The shape of `config.json`; every key is optional. */
interface ConfigFile {
  api?: unknown
  control?: unknown
}

/** Why the console could not start; shown on the page instead of it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

/** `value` as an origin-like base URL without a trailing slash. */
function baseUrl(value: unknown, source: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new ConfigError(`${source} gives no API address`)
  }
  try {
    const url = new URL(value, location.href)
    return url.href.replace(/\/+$/, '')
  } catch {
    throw new ConfigError(`${source} gives "${value}", which is not a URL`)
  }
}

/** `config.json` beside `index.html`, as the demo script writes it. */
async function readFile(): Promise<ConfigFile> {
  let response: Response
  try {
    response = await fetch('config.json', { cache: 'no-store' })
  } catch {
    throw new ConfigError('config.json could not be fetched')
  }
  if (!response.ok) {
    throw new ConfigError(`config.json answered HTTP ${response.status}`)
  }
  try {
    return (await response.json()) as ConfigFile
  } catch {
    throw new ConfigError('config.json is not JSON')
  }
}

/**
 * The console's configuration. A `?api=` query parameter wins, so a test or
 * a second backend can be pointed at without touching any file; otherwise
 * `config.json` next to the page says where the API is.
 *
 * @throws a {@link ConfigError} when neither names a usable API address.
 */
export async function loadConfig(): Promise<ConsoleConfig> {
  const query = new URLSearchParams(location.search)
  const fromQuery = query.get('api')
  if (fromQuery) {
    const control = query.get('control') ?? ''
    return {
      api: baseUrl(fromQuery, 'the ?api= parameter'),
      control: control && baseUrl(control, 'the ?control= parameter'),
    }
  }

  const file = await readFile()
  return {
    api: baseUrl(file.api, 'config.json'),
    control: file.control ? baseUrl(file.control, 'config.json') : '',
  }
}
