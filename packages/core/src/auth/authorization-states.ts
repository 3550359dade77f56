import { createHash } from 'node:crypto'
import type { Clock } from '../clock.js'
import type { AuthorizationKind, JsonValue, StateStore } from '../stores/types.js'
import { checkContext } from './authorization-context.js'
import { isStateShaped, randomToken } from './authorize-url.js'
import { reusableBinding } from './browser-binding.js'
import { sortedJson } from './sorted-json.js'
import { type StateClaims, StateTokens } from './state-token.js'

/** An authorization some browser started, read back from its state. */
export interface StartedAuthorization extends StateClaims {
  /** Epoch ms after which its callback is refused. */
  expiresAt: number
}

/**
 * docs/architecture.md "State": starting an authorization writes nothing a visitor could pile
 * up. The state is a signed token (`StateTokens`); only its context is stored, once per distinct
 * context per lifetime (contexts name the app's customers, not its visitors), and the callback
 * consumes the state with a claim in the shared state store: exactly once across a fleet.
 */
export class AuthorizationStates {
  private readonly tokens: StateTokens

  constructor(
    secret: Buffer,
    private readonly store: StateStore,
    private readonly clock: Clock,
    readonly ttlMs: number,
  ) {
    this.tokens = new StateTokens(secret)
  }

  /**
   * A new state of `kind`, and the browser binding it is tied to: the browser's one verified
   * binding, reused (several tabs each complete), or a fresh one.
   */
  async start(
    kind: AuthorizationKind,
    options: { context?: JsonValue; browserBindings?: readonly string[] | undefined },
  ): Promise<{ state: string; browserBinding: string; createdAt: number }> {
    const context = checkContext(options.context)
    const browserBinding = reusableBinding(options.browserBindings) ?? randomToken()
    const createdAt = this.clock()
    const contextDigest = context === undefined ? undefined : await this.keepContext(context)
    const state = this.tokens.issue({
      kind,
      createdAt,
      bindingTag: this.tokens.bindingTag(browserBinding),
      ...(contextDigest === undefined ? {} : { contextDigest }),
    })
    return { state, browserBinding, createdAt }
  }

  /**
   * The authorization `state` stands for, while it may still be completed: issued by this app,
   * not expired. Reads nothing; whether it was completed already is `isConsumed`.
   */
  verify(state: string): StartedAuthorization | undefined {
    const started = this.read(state)
    return started !== undefined && this.clock() < started.expiresAt ? started : undefined
  }

  /** Like `verify`, expired or not: for the QR status, which reports an expiry. */
  read(state: string): StartedAuthorization | undefined {
    const claims = isStateShaped(state) ? this.tokens.read(state) : undefined
    return claims === undefined
      ? undefined
      : { ...claims, expiresAt: claims.createdAt + this.ttlMs }
  }

  presentsBinding(started: StartedAuthorization, bindings: readonly string[]): boolean {
    return this.tokens.presentsBinding(started, bindings)
  }

  isConsumed(state: string): Promise<boolean> {
    return this.store.isClaimed(consumedKey(state))
  }

  /** True for the one caller that completes the authorization; false for any other, ever. */
  consume(state: string, started: StartedAuthorization): Promise<boolean> {
    const ttlMs = Math.max(1, started.expiresAt - this.clock())
    return this.store.claim(consumedKey(state), ttlMs)
  }

  /**
   * The context the authorization was started with: undefined when it had none; `null` when its
   * record is gone (it outlives every state it serves, so only a store that lost it does that).
   */
  async contextOf(started: StartedAuthorization): Promise<{ context?: JsonValue } | null> {
    if (started.contextDigest === undefined) return {}
    const kept = await this.store.peek(contextKey(started.contextDigest))
    if (kept?.context === undefined) return null
    return digest(kept.context).equals(started.contextDigest) ? { context: kept.context } : null
  }

  /**
   * Stores `context` under its digest, unless it is stored already for at least one more state
   * lifetime: starting many authorizations for one customer writes once per lifetime.
   */
  private async keepContext(context: JsonValue): Promise<Buffer> {
    const contextDigest = digest(context)
    const key = contextKey(contextDigest)
    const kept = await this.store.peek(key)
    const now = this.clock()
    if (kept === undefined || kept.createdAt + this.ttlMs <= now) {
      // The value is shaped as a state so that every StateStore holds it; no callback can name
      // it (a ':' never occurs in a state).
      const value = {
        kind: 'browser' as const,
        browserBinding: '',
        redirectUri: '',
        createdAt: now,
      }
      await this.store.put(key, { ...value, context }, 2 * this.ttlMs)
    }
    return contextDigest
  }
}

/** Of the JSON with object keys sorted: a store may give the keys back in another order. */
function digest(context: JsonValue): Buffer {
  return createHash('sha256').update(sortedJson(context), 'utf8').digest().subarray(0, 16)
}

const contextKey = (contextDigest: Buffer) => `context:${contextDigest.toString('base64url')}`

/** Fixed-size whatever the state: a hash of it. */
const consumedKey = (state: string) =>
  `state-used:${createHash('sha256').update(state, 'utf8').digest('base64url')}`
