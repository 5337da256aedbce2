// One health stream per browser: of the tabs of an origin that monitor one
// endpoint with equal options, one leads and probes, and the others show
// what it posts. Within a page, monitors of an endpoint already share one
// engine; the coordinator here makes the engines of sibling tabs act as one.
//
// Leading
//
// Leading means holding an exclusive Web Lock named after the channel. The
// leader starts its engine; every other tab keeps its engine stopped and
// adopts each state the leader posts on the BroadcastChannel of the same
// name, so its listeners hear the same snapshot at the same moment. The
// browser releases the lock when its tab closes, crashes or navigates away,
// and grants it to the next tab in line. That tab's engine already holds the
// last state posted, so it goes on with the same schedule: thresholds,
// backoff and Retry-After carry over, and a probe that fell due while the
// lock moved is spread over the backoff floor instead of sent at once.
//
// Who waits in line
//
// Browsers throttle the timers of hidden tabs (Chromium to once a second,
// and to once a minute after five minutes), and by default a hidden engine
// does not probe at all, so a visible tab should lead whenever one wants
// to. Every tab says whether it is visible and whether it has a started
// monitor (its presence: every interval, and at once when either changes).
// Then:
//
// - a visible tab with a started monitor always waits for the lock;
// - a hidden one waits only while it knows of no such visible tab, and
//   withdraws its request as soon as it hears of one, so that visible tabs
//   are the first in line;
// - a hidden leader that knows of one steps down after STEP_DOWN_GRACE_MS
//   (a user switching back within it moves nothing), and a hidden tab
//   granted the lock meanwhile passes it on without starting.
//
// When every tab is hidden, whichever holds the lock keeps it.
//
//   tab A   visible, leads .. hidden ............. | steps down, follows
//   tab B   hidden, out of line | visible, in line | leads
//                               ^ B's presence     ^ the grace ends
//
// Silence
//
// A leader posts its state every interval, changed or not. A tab in line
// that hears nothing from a leader for SILENCE_INTERVALS intervals (longer
// while it is hidden itself, see #silenceLimit), plus a random part of half
// an interval so that followers do not all move at once, takes the lock
// with `steal`: its holder is frozen or stuck, and the browser would never
// release it. A leader robbed of its lock learns it from the rejection of
// its request, stops probing and follows.
//
// Trust
//
// Messages are versioned, name their channel and their sender, and are
// checked field by field (channel.ts); the engine checks a handover again,
// whole, before adopting it. A message that fails either is dropped.
//
// Known shortcomings
//
// - A page whose engine for an endpoint is also used by a monitor outside
//   this coordinator (one with `shareAcrossTabs: false`) no longer adopts other tabs' states, since
//   they would overwrite the schedule of an engine running for that
//   monitor: it shows what its own engine sees.
// - While every tab has been hidden for minutes, Chromium runs their timers
//   about once a minute, heartbeats included. So that hidden tabs do not
//   take the lock from each other for that, a hidden tab bears 75 s of
//   silence (HIDDEN_SILENCE_MS); a leader stuck while every tab is hidden
//   is replaced only that late.
// - A report or a check that a follower posts while its leader is closing
//   is lost; an unanswered check is made in the follower's own tab after
//   the time a probe could take.

import { channelName, MESSAGE_VERSION, parseMessage } from './channel.js'
import type { Body, TabMessage } from './channel.js'
import type { Engine } from './engine.js'
import { guard } from './errors.js'
import type { HealthOptions } from './types.js'
import type {
  Monitor,
  PassiveObservation,
  RawHandover,
  RawRequest,
  RawSnapshot,
} from './wasm/backend_health.js'
import { warn } from './warn.js'

/**
 * The part a page plays in its monitor's request stream.
 *
 * - `leader`: this tab probes, for every tab of the origin that watches the
 *   same endpoint with equal options.
 * - `follower`: another tab probes, or will once a monitor starts; this one
 *   shows what the leader posts.
 * - `alone`: this page probes for itself, as `shareAcrossTabs` is off or the
 *   environment has no Web Locks or no BroadcastChannel.
 */
export type TabRole = 'leader' | 'follower' | 'alone'

/** Called with the snapshot once a check's probe has settled. */
export type CheckDone = (snapshot: RawSnapshot) => void

/** What a monitor brings to the coordinator of its endpoint. */
export interface TabsInput {
  /** The loaded engine. */
  engine: Engine
  /** The endpoint, as the monitor was given it. */
  endpoint: string
  /** Every option of the monitor, `shareAcrossTabs` included. */
  options: HealthOptions
  /** The options the engine reads, as passed to its constructor. */
  core: Record<string, unknown>
  /** The engine's key for those and the request options, by meaning. */
  optionsKey: string
  /** The request options, as passed to the engine's constructor. */
  request: RawRequest | undefined
}

/**
 * How long a hidden leader keeps the lock once a visible tab wants it. The
 * hidden tab's throttled timers make it up to a second longer in practice.
 */
const STEP_DOWN_GRACE_MS = 1000

/**
 * Between posting its last state and releasing the lock, a resigning
 * leader waits this long, so that the state reaches the next holder before
 * the lock does: the two travel by different ways.
 */
const RELEASE_DELAY_MS = 50

/** Intervals without a word from a leader after which it counts as silent. */
const SILENCE_INTERVALS = 2

/** The least silence a hidden tab puts up with before taking the lock. */
const HIDDEN_SILENCE_MS = 75_000

/** Intervals for which a tab's presence counts without being renewed. */
const PRESENCE_INTERVALS = 2.5

/** The engine's defaults (see CoreOptions), which set the pace here too. */
const DEFAULT_INTERVAL_MS = 10_000
const DEFAULT_TIMEOUT_MS = 3000
const DEFAULT_BACKOFF_BASE_MS = 1000

type Timer = ReturnType<typeof setTimeout>

/** One request for the lock; its identity tells stale callbacks apart. */
interface Lock {
  /** Withdraws the request while it waits; `null` for a steal. */
  readonly abort: AbortController | null
  /** Whether the lock was granted and is still held. */
  held: boolean
  /** Ends the hold: resolves the promise the lock is held on. */
  release: (() => void) | null
}

/** What this tab last heard of another. */
interface Peer {
  visible: boolean
  wants: boolean
  at: number
}

interface PendingCheck {
  done: CheckDone
  timer: Timer
}

/** The page's coordinators, by endpoint as given and channel name. */
const coordinators = new Map<string, TabCoordinator>()

/**
 * The coordinator of the monitor described by `input`, joined; `null` when
 * it is to work alone: `shareAcrossTabs` is false, Web Locks or
 * BroadcastChannel is missing, or the endpoint cannot be resolved.
 */
export function joinTabs(input: TabsInput): TabCoordinator | null {
  if (input.options.shareAcrossTabs === false) return null
  const locks = lockManager()
  const name = channelName(input.endpoint, input.optionsKey)
  if (!locks || !name || typeof BroadcastChannel !== 'function') return null

  // Keyed by the endpoint as given too: the engine is chosen by it, and the
  // coordinator's handle must be on the same engine as its members'.
  const pageKey = `${input.endpoint}\u0000${name}`
  let coordinator = coordinators.get(pageKey)
  if (!coordinator) {
    const channel = openChannel(name)
    if (!channel) return null
    coordinator = new TabCoordinator(input, pageKey, name, locks, channel)
    coordinators.set(pageKey, coordinator)
  }
  coordinator.join()
  return coordinator
}

/**
 * The part of the page that takes part in the election for one endpoint
 * and options, on behalf of every monitor of the page that shares them.
 * Monitors route `start`, `stop`, `check` and `report` through it and keep
 * hearing their snapshots from the engine, which it drives.
 */
export class TabCoordinator {
  readonly #pageKey: string
  readonly #name: string
  readonly #locks: LockManager
  readonly #channel: BroadcastChannel
  readonly #id = randomId()
  readonly #interval: number
  /** How long a forwarded check waits for the leader's answer. */
  readonly #patience: number
  /** The coordinator's own handle on the page's engine for the endpoint. */
  readonly #handle: Monitor
  readonly #subscription: number
  readonly #tick: ReturnType<typeof setInterval>
  readonly #unlisten: () => void

  #members = 0
  #starters = 0
  #alone = false
  #closed = false
  #leading = false
  #quiet = false
  #lock: Lock | null = null
  #releasePending: (() => void) | null = null
  #stepDownTimer: Timer | null = null
  #watchdog: Timer | null = null
  #peers = new Map<string, Peer>()

  /** The sender of the last leading state heard, while it leads. */
  #leaderId: string | null = null
  /** When a leader was last heard from, or resigned. */
  #heardAt = 0
  /** When this tab got in line for the lock. */
  #inLineSince = 0
  /** The revision of this tab's state, and its last posted form. */
  #rev = 0
  #posted: RawHandover | null = null
  #postedText = ''
  /** `sender:rev` of the last state adopted, so repeats are skipped. */
  #adopted = ''
  #checks = new Map<number, PendingCheck>()
  #nextCheck = 1

  constructor(
    input: TabsInput,
    pageKey: string,
    name: string,
    locks: LockManager,
    channel: BroadcastChannel,
  ) {
    const { engine, endpoint, options, core, request } = input
    this.#pageKey = pageKey
    this.#name = name
    this.#locks = locks
    this.#channel = channel
    this.#interval = options.interval ?? DEFAULT_INTERVAL_MS
    const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS
    const base = options.backoff?.base ?? DEFAULT_BACKOFF_BASE_MS
    // A leader may hold a check back by up to the backoff base, then wait
    // for the probe's timeout.
    this.#patience = Math.max(this.#interval, timeout + base)

    const handle = guard(() => new engine.Monitor(endpoint, core, request))
    this.#handle = handle
    this.#subscription = guard(() =>
      handle.subscribe(() => this.#onSnapshot()),
    )
    channel.onmessage = (event: MessageEvent): void => this.#hear(event.data)
    this.#unlisten = listenToPage(
      () => this.#onVisibility(),
      (present) => this.#post(present ? hello() : { type: 'bye' }),
    )
    this.#tick = setInterval(() => this.#onTick(), this.#interval)
    this.#post(hello())
  }

  /** The part this page plays now. */
  get role(): TabRole {
    if (this.#alone) return 'alone'
    return this.#leading ? 'leader' : 'follower'
  }

  /**
   * Whether the engine's snapshots are passing moments of a change of role,
   * which monitors should not publish.
   */
  get isQuiet(): boolean {
    return this.#quiet
  }

  /** One more monitor of the page takes part. */
  join(): void {
    this.#members += 1
  }

  /** A monitor was disposed of; the last one out closes the coordinator. */
  leave(): void {
    this.#members -= 1
    if (this.#members === 0) this.#close()
  }

  /** A monitor of the page was started. */
  start(): void {
    this.#starters += 1
    if (this.#starters > 1) return
    if (this.#alone) return guard(() => this.#handle.start())
    this.#post({ type: 'presence', hello: false })
    this.#reconsider()
  }

  /** A started monitor of the page was stopped. */
  stop(): void {
    this.#starters -= 1
    if (this.#starters > 0) return
    if (this.#alone) return guard(() => this.#handle.stop())
    this.#settleChecks()
    this.#post({ type: 'presence', hello: false })
    this.#reconsider()
  }

  /**
   * Probes now: here when this tab leads or no tab does, else through the
   * leader, whose answer every tab adopts.
   */
  check(done: CheckDone): void {
    if (this.#alone || this.#leading) {
      return guard(() => this.#handle.check(done))
    }
    if (!this.#isLeaderAlive()) return this.#checkHere(done)

    const id = this.#nextCheck
    this.#nextCheck += 1
    const timer = setTimeout(() => {
      if (this.#checks.delete(id)) this.#checkHere(done)
    }, this.#patience)
    this.#checks.set(id, { done, timer })
    this.#post({ type: 'check', id })
  }

  /** Takes a passive observation, or passes it on to the leader. */
  report(observation: PassiveObservation): void {
    if (this.#alone || this.#leading || !this.#isLeaderAlive()) {
      return guard(() => this.#handle.report(observation))
    }
    this.#post({ type: 'report', observation })
  }

  // -------------------------------------------------------------------------
  // Deciding
  // -------------------------------------------------------------------------

  /**
   * Brings the tab's place in the election in line with what it knows: in
   * line or out of it, leading or stepping down. Called after every change.
   */
  #reconsider(): void {
    if (this.#alone || this.#closed) return
    if (this.#leading) return this.#reconsiderLead()

    const eligible = this.#starters > 0 && this.#mayLead()
    if (eligible && !this.#lock) this.#getInLine(false)
    else if (!eligible && this.#lock && !this.#lock.held) this.#withdraw()
  }

  #reconsiderLead(): void {
    if (this.#starters === 0) return this.#stepDown()
    if (this.#mayLead()) {
      this.#cancelStepDown()
      return
    }
    if (this.#stepDownTimer !== null) return
    this.#stepDownTimer = setTimeout(() => {
      this.#stepDownTimer = null
      if (this.#leading && !this.#mayLead()) this.#stepDown()
    }, STEP_DOWN_GRACE_MS)
  }

  /** Whether this tab may hold the lock: visible, or no visible rival. */
  #mayLead(): boolean {
    return isVisible() || !this.#hasVisibleRival()
  }

  /** Whether a visible tab with a started monitor was heard from lately. */
  #hasVisibleRival(): boolean {
    // One pass over all, so that tabs gone without a word are forgotten.
    const oldest = Date.now() - PRESENCE_INTERVALS * this.#interval
    let found = false
    for (const [id, peer] of this.#peers) {
      if (peer.at < oldest) this.#peers.delete(id)
      else found ||= peer.visible && peer.wants
    }
    return found
  }

  #isLeaderAlive(): boolean {
    if (this.#leaderId === null) return false
    return Date.now() - this.#heardAt < this.#silenceLimit()
  }

  /**
   * How long a leader may say nothing. A hidden tab waits longer than the
   * once-a-minute timers of tabs hidden for long: there, a late heartbeat
   * is the browser's doing, not a stuck leader's.
   */
  #silenceLimit(): number {
    const limit = SILENCE_INTERVALS * this.#interval
    return isVisible() ? limit : Math.max(limit, HIDDEN_SILENCE_MS)
  }

  // -------------------------------------------------------------------------
  // The lock
  // -------------------------------------------------------------------------

  /** Asks for the lock: in line, or taking it from a silent holder. */
  #getInLine(steal: boolean): void {
    const lock: Lock = {
      abort: steal ? null : new AbortController(),
      held: false,
      release: null,
    }
    this.#lock = lock
    this.#inLineSince = Date.now()
    const options: LockOptions = lock.abort
      ? { mode: 'exclusive', signal: lock.abort.signal }
      : { mode: 'exclusive', steal: true }

    let request: Promise<unknown>
    try {
      request = this.#locks.request(this.#name, options, () =>
        this.#granted(lock),
      )
    } catch {
      return this.#goAlone()
    }
    request.then(
      () => this.#lockEnded(lock, null),
      (error: unknown) => this.#lockEnded(lock, error),
    )
    this.#armWatchdog()
  }

  /** Leaves the line; a request granted meanwhile is let go at once. */
  #withdraw(): void {
    const lock = this.#lock
    this.#lock = null
    this.#clearWatchdog()
    lock?.abort?.abort()
  }

  /**
   * The lock was granted: the tab leads until the returned promise
   * resolves. A request withdrawn meanwhile, or a hidden tab that has heard
   * of a visible rival, lets it go at once.
   */
  #granted(lock: Lock): Promise<void> | undefined {
    if (this.#lock !== lock) return undefined
    if (this.#starters === 0 || !this.#mayLead()) {
      this.#lock = null
      this.#clearWatchdog()
      return undefined
    }
    return new Promise<void>((release) => {
      lock.held = true
      lock.release = release
      this.#lead()
    })
  }

  /**
   * The lock's request settled without this tab ending it: the lock was
   * taken from it (an `AbortError`), or locks cannot be used here at all.
   */
  #lockEnded(lock: Lock, error: unknown): void {
    if (this.#lock !== lock) return
    this.#lock = null
    this.#clearWatchdog()
    if (error !== null && !isAbortError(error)) return this.#goAlone()
    if (lock.held) this.#follow()
    this.#reconsider()
  }

  #armWatchdog(): void {
    this.#clearWatchdog()
    if (this.#leading || !this.#lock || this.#lock.held) return
    const since = Math.max(this.#heardAt, this.#inLineSince)
    const spread = (Math.random() * this.#interval) / 2
    const due = since + this.#silenceLimit() + spread
    this.#watchdog = setTimeout(
      () => this.#onSilence(),
      Math.max(0, due - Date.now()),
    )
  }

  #clearWatchdog(): void {
    if (this.#watchdog !== null) clearTimeout(this.#watchdog)
    this.#watchdog = null
  }

  /** No leader spoke for long while this tab waits: take the lock. */
  #onSilence(): void {
    this.#watchdog = null
    const lock = this.#lock
    if (this.#closed || this.#leading || !lock || lock.held) return
    const since = Math.max(this.#heardAt, this.#inLineSince)
    if (Date.now() - since < this.#silenceLimit()) return this.#armWatchdog()
    this.#withdraw()
    this.#getInLine(true)
  }

  // -------------------------------------------------------------------------
  // Changing roles
  // -------------------------------------------------------------------------

  /** Starts probing for every tab, from the last state adopted. */
  #lead(): void {
    this.#clearWatchdog()
    // Adopting its own state again spreads a probe that fell due while the
    // lock moved over the backoff floor; started afterwards, the engine
    // keeps that schedule.
    if (!this.#isEngineShared()) {
      const state = guard(() => this.#handle.handover())
      guard(() => this.#handle.adopt(state))
    }
    this.#leading = true
    this.#leaderId = this.#id
    guard(() => this.#handle.start())
    this.#postState(true)
    this.#reconsider()
  }

  /** Stops probing and shows the schedule the next leader will keep. */
  #follow(): void {
    this.#leading = false
    this.#leaderId = null
    this.#cancelStepDown()
    const state = guard(() => this.#handle.handover())
    this.#quietly(() => guard(() => this.#handle.stop()))
    guard(() => this.#handle.adopt(state))
  }

  /** Hands the stream over: posts the last state, then releases the lock. */
  #stepDown(): void {
    const lock = this.#lock
    this.#lock = null
    this.#follow()
    this.#heardAt = Date.now()
    this.#postState(false)

    const release = (): void => {
      if (this.#releasePending !== release) return
      this.#releasePending = null
      lock?.release?.()
    }
    this.#releasePending = release
    setTimeout(release, RELEASE_DELAY_MS)
  }

  #cancelStepDown(): void {
    if (this.#stepDownTimer !== null) clearTimeout(this.#stepDownTimer)
    this.#stepDownTimer = null
  }

  /**
   * Gives up on sharing, for good: locks failed other than by being taken
   * (an opaque origin, say). The page then works alone, as it would
   * without Web Locks.
   */
  #goAlone(): void {
    if (this.#alone) return
    this.#stopTakingPart()
    this.#alone = true
    this.#leading = false
    this.#lock = null
    this.#settleChecks()
    if (this.#starters > 0) guard(() => this.#handle.start())
  }

  #close(): void {
    coordinators.delete(this.#pageKey)
    if (this.#leading) this.#stepDown()
    else if (this.#lock) this.#withdraw()
    this.#releasePending?.()
    if (!this.#alone) {
      this.#post({ type: 'bye' })
      this.#stopTakingPart()
    }
    this.#closed = true
    this.#settleChecks()
    guard(() => {
      this.#handle.stop()
      this.#handle.unsubscribe(this.#subscription)
      this.#handle.free()
    })
  }

  /** Removes every timer and listener, and closes the channel. */
  #stopTakingPart(): void {
    clearInterval(this.#tick)
    this.#cancelStepDown()
    this.#clearWatchdog()
    this.#unlisten()
    this.#channel.onmessage = null
    this.#channel.close()
  }

  // -------------------------------------------------------------------------
  // Speaking
  // -------------------------------------------------------------------------

  #post(body: Body): void {
    if (this.#alone || this.#closed) return
    const message: TabMessage = {
      v: MESSAGE_VERSION,
      key: this.#name,
      from: this.#id,
      visible: isVisible(),
      wants: this.#starters > 0,
      ...body,
    }
    try {
      this.#channel.postMessage(message)
    } catch {
      // A channel closed under the page (it is being unloaded): the tabs
      // that follow will notice the silence.
    }
  }

  /** The engine's state, with a new revision whenever it changed. */
  #state(): RawHandover {
    const state = guard(() => this.#handle.handover())
    const text = JSON.stringify(state)
    if (text !== this.#postedText) {
      this.#rev += 1
      this.#postedText = text
    }
    this.#posted = state
    return state
  }

  #postState(leading: boolean): void {
    const handover = this.#state()
    this.#post({ type: 'state', leading, rev: this.#rev, handover })
  }

  #onSnapshot(): void {
    if (this.#leading && !this.#quiet) this.#postState(true)
  }

  #onTick(): void {
    if (this.#leading && this.#posted) {
      // The state last posted, not a fresh one: while a probe is in flight
      // the engine has no next probe, which followers need not see.
      const handover = this.#posted
      this.#post({ type: 'state', leading: true, rev: this.#rev, handover })
    } else {
      this.#post({ type: 'presence', hello: false })
    }
    this.#reconsider()
  }

  #onVisibility(): void {
    this.#post({ type: 'presence', hello: false })
    this.#reconsider()
    // Visible, a tab bears less silence (see #silenceLimit).
    this.#armWatchdog()
  }

  /** A check made in this tab; its answer goes to tabs that follow none. */
  #checkHere(done: CheckDone): void {
    guard(() =>
      this.#handle.check((snapshot) => {
        done(snapshot)
        if (!this.#leading) this.#postState(false)
      }),
    )
  }

  /** Resolves the checks still waiting on a leader with what is known. */
  #settleChecks(): void {
    if (this.#checks.size === 0) return
    const snapshot = guard(() => this.#handle.snapshot())
    for (const { done, timer } of this.#checks.values()) {
      clearTimeout(timer)
      done(snapshot)
    }
    this.#checks.clear()
  }

  #quietly(change: () => void): void {
    this.#quiet = true
    try {
      change()
    } finally {
      this.#quiet = false
    }
  }

  // -------------------------------------------------------------------------
  // Listening
  // -------------------------------------------------------------------------

  #hear(data: unknown): void {
    const message = parseMessage(data, this.#name)
    if (!message || message.from === this.#id || this.#closed) return
    this.#notePeer(message)

    switch (message.type) {
      case 'presence':
        if (message.hello) this.#onTick()
        break
      case 'state':
        this.#hearState(message.from, message.leading, message)
        break
      case 'checked':
        if (message.to !== this.#id) break
        this.#hearState(message.from, true, message)
        this.#answered(message.id)
        break
      case 'check':
        if (this.#leading) this.#answer(message.from, message.id)
        break
      case 'report':
        if (this.#leading) this.#take(message.observation)
        break
      case 'bye':
        if (message.from === this.#leaderId) this.#leaderId = null
        break
    }
    this.#reconsider()
  }

  #notePeer(message: TabMessage): void {
    if (message.type === 'bye') {
      this.#peers.delete(message.from)
      return
    }
    const { visible, wants } = message
    this.#peers.set(message.from, { visible, wants, at: Date.now() })
  }

  /**
   * Adopts a state another tab posted, unless this tab leads: the leader's
   * own engine is the truth. A state the engine refuses is dropped whole,
   * so a malformed message cannot pass for a leader's heartbeat either.
   */
  #hearState(
    from: string,
    leading: boolean,
    message: { rev: number; handover: unknown },
  ): void {
    if (this.#leading) return
    const tag = `${from}:${message.rev}`
    if (tag !== this.#adopted && !this.#isEngineShared()) {
      try {
        guard(() => this.#handle.adopt(message.handover))
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error)
        warn(
          `a state posted by another tab was ignored (${why}); ` +
            'do all tabs run the same build?',
        )
        return
      }
      this.#adopted = tag
    }

    // Only a leader's word counts against its silence: a state from a tab
    // that checked on its own says nothing of whether the leader is alive.
    if (!leading && from !== this.#leaderId) return
    this.#heardAt = Date.now()
    this.#leaderId = leading ? from : null
    this.#armWatchdog()
  }

  /**
   * Whether a handle outside this coordinator shares its engine (see the
   * known shortcomings above).
   */
  #isEngineShared(): boolean {
    const own = 1 + this.#members
    return guard(() => this.#handle.sharedBy()) > own
  }

  /** The leader probes for a follower's check and answers it. */
  #answer(to: string, id: number): void {
    guard(() =>
      this.#handle.check(() => {
        const handover = this.#state()
        this.#post({ type: 'checked', to, id, rev: this.#rev, handover })
      }),
    )
  }

  #answered(id: number): void {
    const pending = this.#checks.get(id)
    if (!pending) return
    this.#checks.delete(id)
    clearTimeout(pending.timer)
    pending.done(guard(() => this.#handle.snapshot()))
  }

  /** The leader takes a follower's observation; a malformed one is dropped. */
  #take(observation: PassiveObservation): void {
    try {
      guard(() => this.#handle.report(observation))
    } catch {
      // The engine refused it: not something a follower of this build posts.
    }
  }
}

function hello(): Body {
  return { type: 'presence', hello: true }
}

function lockManager(): LockManager | null {
  if (typeof navigator === 'undefined') return null
  const locks = (navigator as Partial<Navigator>).locks
  return locks && typeof locks.request === 'function' ? locks : null
}

/** The channel, or `null` where the page may not open one. */
function openChannel(name: string): BroadcastChannel | null {
  try {
    return new BroadcastChannel(name)
  } catch {
    return null
  }
}

/** Whether the page is visible; a scope without a document counts as one. */
function isVisible(): boolean {
  return (
    typeof document === 'undefined' || document.visibilityState !== 'hidden'
  )
}

/**
 * Calls `onVisibility` when the page's visibility changes, and `onPresence`
 * when the page goes away (false) or comes back from the back-forward
 * cache (true). Returns the function that removes the listeners.
 */
function listenToPage(
  onVisibility: () => void,
  onPresence: (present: boolean) => void,
): () => void {
  const hasDocument = typeof document !== 'undefined'
  const hasWindow = typeof addEventListener === 'function'
  const hide = (): void => onPresence(false)
  const show = (event: PageTransitionEvent): void => {
    if (event.persisted) onPresence(true)
  }
  if (hasDocument) document.addEventListener('visibilitychange', onVisibility)
  if (hasWindow) {
    addEventListener('pagehide', hide)
    addEventListener('pageshow', show)
  }
  return () => {
    if (hasDocument) {
      document.removeEventListener('visibilitychange', onVisibility)
    }
    if (hasWindow) {
      removeEventListener('pagehide', hide)
      removeEventListener('pageshow', show)
    }
  }
}

function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'AbortError'
  )
}

/** An id for this coordinator's messages; unique enough among tabs. */
function randomId(): string {
  const random = Math.random().toString(36).slice(2, 12)
  return `${Date.now().toString(36)}-${random}`
}
