/** Where RedisStore keeps what, under one prefix. */
export class RedisKeys {
  /** Hash: authAppId → the record's JSON. */
  readonly tokens: string
  /** Sorted set: the active records' authAppIds, scored by expiresAt. */
  readonly expiring: string
  /** Hash: authAppId → the latest fencing token issued for it. Never shrinks, so tokens only grow. */
  readonly fences: string
  /** Sorted set: every record's authAppId, all scored 0, so that ZRANGE BYLEX pages them in order. */
  readonly ids: string
  /** The keys every token-changing script takes, in its KEYS order. */
  readonly tokenKeys: string[]

  constructor(private readonly prefix: string) {
    this.tokens = `${prefix}tokens`
    this.expiring = `${prefix}tokens:expiring`
    this.fences = `${prefix}fences`
    this.ids = `${prefix}tokens:ids`
    this.tokenKeys = [this.tokens, this.expiring, this.fences, this.ids]
  }

  state(state: string): string {
    return `${this.prefix}state:${state}`
  }

  claim(key: string): string {
    return `${this.prefix}claim:${key}`
  }

  lease(authAppId: string): string {
    return `${this.prefix}lease:${authAppId}`
  }
}
