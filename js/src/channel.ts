// What the tabs of one origin say to each other about one endpoint: the
// name of their channel and lock, the messages' shapes, and the checks a
// message passes before anything in it is used.

import type { PassiveObservation } from './wasm/backend_health.js'

/**
 * The version of the messages below. It is part of the channel's name too:
 * tabs running builds that speak different versions (during a deployment,
 * say) then form separate groups, each with its own leader, instead of
 * ignoring each other's messages on one lock and taking it from each other
 * for silence.
 */
export const MESSAGE_VERSION = 1

/** What every message carries besides its own fields. */
export interface Envelope {
  /** Always {@link MESSAGE_VERSION}. */
  v: typeof MESSAGE_VERSION
  /** The channel's name, so that a message meant for another is refused. */
  key: string
  /** The sending coordinator's random id. */
  from: string
  /** Whether the sender's page is visible. */
  visible: boolean
  /** Whether the sender has a started monitor: it may lead. */
  wants: boolean
}

/** What one message says, by `type`. */
export type Body =
  /** I am here; `hello` on joining, so that a leader answers at once. */
  | { type: 'presence'; hello: boolean }
  /**
   * The sender's engine state. `rev` grows whenever the state does, so an
   * unchanged state repeated as a heartbeat is not adopted again; a
   * `leading: false` state is a resigning leader's last word, or the result
   * of a check made while no tab leads.
   */
  | { type: 'state'; leading: boolean; rev: number; handover: unknown }
  /** A follower asks the leader to probe now. */
  | { type: 'check'; id: number }
  /** The leader's state once the probe a check asked for has settled. */
  | { type: 'checked'; to: string; id: number; rev: number; handover: unknown }
  /** A follower passes on what one of its own requests produced. */
  | { type: 'report'; observation: PassiveObservation }
  /** The sender's page goes away. */
  | { type: 'bye' }

/** A message as posted and as received once checked. */
export type TabMessage = Envelope & Body

/** Every name the channels and locks of this package start with. */
const PREFIX = 'vue-backend-health:'

/**
 * The name of the channel and of the lock shared by the tabs monitoring
 * `endpoint` with the options the engine's `optionsKey` describes: the
 * endpoint resolved against the page's address, and that key, which is
 * equal for options that mean the same however they are written (`{}` and
 * `{ interval: 10000 }` alike). `null` when the endpoint cannot be
 * resolved, so there is nothing to share.
 */
export function channelName(
  endpoint: string,
  optionsKey: string,
): string | null {
  let url: string
  try {
    url = new URL(endpoint, globalThis.location?.href).href
  } catch {
    return null
  }
  return `${PREFIX}${MESSAGE_VERSION}:${url} ${optionsKey}`
}

/**
 * `data` as a message of channel `key`, or `null` when it is not one: of
 * another version or channel, or with a field missing or of the wrong
 * kind. A handover is only checked to be an object here; the engine checks
 * every field of it before adopting it.
 */
export function parseMessage(data: unknown, key: string): TabMessage | null {
  if (!isRecord(data) || data.v !== MESSAGE_VERSION || data.key !== key) {
    return null
  }
  const { from, visible, wants } = data
  if (!isId(from) || !isBoolean(visible) || !isBoolean(wants)) return null

  const body = parseBody(data)
  if (!body) return null
  return { v: MESSAGE_VERSION, key, from, visible, wants, ...body }
}

function parseBody(data: Record<string, unknown>): Body | null {
  switch (data.type) {
    case 'presence':
      if (!isBoolean(data.hello)) return null
      return { type: 'presence', hello: data.hello }
    case 'state':
      if (!isBoolean(data.leading) || !isCount(data.rev)) return null
      if (!isRecord(data.handover)) return null
      return {
        type: 'state',
        leading: data.leading,
        rev: data.rev,
        handover: data.handover,
      }
    case 'check':
      return isCount(data.id) ? { type: 'check', id: data.id } : null
    case 'checked':
      if (!isId(data.to) || !isCount(data.id) || !isCount(data.rev)) return null
      if (!isRecord(data.handover)) return null
      return {
        type: 'checked',
        to: data.to,
        id: data.id,
        rev: data.rev,
        handover: data.handover,
      }
    case 'report':
      return isObservation(data.observation)
        ? { type: 'report', observation: data.observation }
        : null
    case 'bye':
      return { type: 'bye' }
    default:
      return null
  }
}

/**
 * Whether `value` has the shape of a passive observation. The engine
 * checks the transport's name and the status again when it takes one.
 */
function isObservation(value: unknown): value is PassiveObservation {
  if (!isRecord(value) || typeof value.transport !== 'string') return false
  if (value.status !== undefined && !isCount(value.status)) return false
  const { headers } = value
  if (headers === undefined) return true
  return (
    isRecord(headers) &&
    Object.values(headers).every((text) => typeof text === 'string')
  )
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isBoolean(value: unknown): value is boolean {
  return typeof value === 'boolean'
}

/** A whole number from 0, as ids, revisions and status codes are. */
function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0
}

/** A sender's id: short, non-empty text. */
function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 64
}
