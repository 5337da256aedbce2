// The user list, kept outside any component so that it survives while the
// backend is away: the views that show it come and go with the backend's
// status, the last good answer stays.

import { reactive } from 'vue'
import { healthFetch } from 'vue-backend-health'

/** One row of `GET /api/v1/users`. */
export interface User {
  id: number
  name: string
  email: string
  role: string
}

interface UsersState {
  /** The last list the backend sent. */
  list: readonly User[]
  /** When that list arrived; `null` before the first one. */
  fetchedAt: Date | null
  /** Why the latest attempt failed; `null` after a success. */
  failure: string | null
  /** Whether a request is on its way. */
  loading: boolean
}

export const users: Readonly<UsersState> = reactive<UsersState>({
  list: [],
  fetchedAt: null,
  failure: null,
  loading: false,
})

// Longer than the backend's slow phase delays answers by default, so that
// phase shows as slow rather than as failing.
const REQUEST_TIMEOUT_MS = 8000

let pending: Promise<void> | null = null

/**
 * Fetches the list again, unless a fetch is already on its way, in which
 * case that one is joined. A failure keeps the list that was there.
 */
export function refreshUsers(api: string): Promise<void> {
  pending ??= load(api).finally(() => {
    pending = null
  })
  return pending
}

async function load(api: string): Promise<void> {
  const state = users as UsersState
  state.loading = true
  try {
    state.list = await request(`${api}/api/v1/users`)
    state.fetchedAt = new Date()
    state.failure = null
  } catch (error) {
    state.failure = describe(error)
  } finally {
    state.loading = false
  }
}

// Through healthFetch, so that a failure here reaches the health monitor
// before its next scheduled probe would.
async function request(url: string): Promise<User[]> {
  const response = await healthFetch(url, {
    headers: { accept: 'application/json' },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  })
  if (!response.ok) throw new Error(`the API answered HTTP ${response.status}`)

  // A gateway that sends the session to a sign-in page answers with HTML.
  const type = response.headers.get('content-type') ?? ''
  if (!type.includes('json')) throw new Error('the API answered with a page')
  const body: unknown = await response.json()
  if (!Array.isArray(body)) throw new Error('the API answered with no list')
  return body as User[]
}

function describe(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return 'the API did not answer in time'
  }
  if (error instanceof TypeError) return 'the API could not be reached'
  return error instanceof Error ? error.message : String(error)
}
