import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { AuthorizationKind } from '../stores/types.js'

/**
 * An authorization's state is self-contained: what the callback must know (the kind, when it
 * started, which browser, which context) travels in the state itself, authenticated with a
 * secret derived from the app's private key. So starting an authorization writes nothing, and
 * any instance of a fleet (same private key) reads a state any other issued.
 *
 * Layout, 68 bytes, base64url (91 characters, within `isStateShaped`):
 * version 1 · kind 1 · createdAt 6 (ms) · nonce 16 (128 random bits) · binding tag 12 ·
 * context digest 16 · MAC 16.
 */
const VERSION = 1
const SIZE = 68
const TAG_AT = 24
const DIGEST_AT = 36
const MAC_AT = 52
const KINDS: readonly AuthorizationKind[] = ['browser', 'qr']
const NO_CONTEXT = Buffer.alloc(16)

/** What a state says about its authorization, once its MAC checked out. */
export interface StateClaims {
  kind: AuthorizationKind
  /** Epoch ms. */
  createdAt: number
  /** Tag of the browser binding it was started with (see `StateTokens.bindingTag`). */
  bindingTag: Buffer
  /** SHA-256 prefix of the context's JSON; undefined when started without one. */
  contextDigest?: Buffer
}

export class StateTokens {
  constructor(private readonly secret: Buffer) {}

  issue(claims: StateClaims): string {
    const token = Buffer.alloc(SIZE)
    token[0] = VERSION
    token[1] = KINDS.indexOf(claims.kind)
    token.writeUIntBE(claims.createdAt, 2, 6)
    randomBytes(16).copy(token, 8)
    claims.bindingTag.copy(token, TAG_AT, 0, 12)
    ;(claims.contextDigest ?? NO_CONTEXT).copy(token, DIGEST_AT, 0, 16)
    this.mac(token.subarray(0, MAC_AT)).copy(token, MAC_AT)
    return token.toString('base64url')
  }

  /**
   * The claims of a state this app issued, whatever its age; undefined for anything else.
   * Only the spelling `issue` gave is read: base64url leaves spare bits in the last character,
   * and a state spelled another way but decoding to the same bytes would pass the MAC while
   * escaping the once-only check, which is keyed on the string.
   */
  read(state: string): StateClaims | undefined {
    const token = Buffer.from(state, 'base64url')
    if (token.length !== SIZE || token[0] !== VERSION) return undefined
    if (token.toString('base64url') !== state) return undefined
    const kind = KINDS[token[1] ?? -1]
    const given = token.subarray(MAC_AT)
    if (kind === undefined || !timingSafeEqual(given, this.mac(token.subarray(0, MAC_AT)))) {
      return undefined
    }
    const contextDigest = token.subarray(DIGEST_AT, MAC_AT)
    return {
      kind,
      createdAt: token.readUIntBE(2, 6),
      bindingTag: Buffer.from(token.subarray(TAG_AT, DIGEST_AT)),
      ...(contextDigest.equals(NO_CONTEXT) ? {} : { contextDigest: Buffer.from(contextDigest) }),
    }
  }

  /** A binding's tag: the state names its browser without carrying the cookie's value. */
  bindingTag(browserBinding: string): Buffer {
    return this.mac(Buffer.from(`binding:${browserBinding}`, 'utf8')).subarray(0, 12)
  }

  /** Whether any of `bindings` is the one the state was started with, in constant time. */
  presentsBinding(claims: StateClaims, bindings: readonly string[]): boolean {
    return bindings.some((binding) => timingSafeEqual(this.bindingTag(binding), claims.bindingTag))
  }

  private mac(data: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(data).digest().subarray(0, 16)
  }
}
