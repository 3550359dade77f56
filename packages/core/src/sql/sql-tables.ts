import { AlipayConfigError } from '../errors.js'

/** Letters, digits and underscores, starting with a letter: safe unquoted in both dialects. */
const PREFIX = /^[A-Za-z][A-Za-z0-9_]{0,39}$/

/** The names of the store's tables, under one prefix (`alipay_isv_` unless told otherwise). */
export class SqlTables {
  /** One row: the version of the tables below, so a later release can migrate them. */
  readonly schema: string
  /** One row per merchant app: its record as JSON, and the two columns the refresh sweep reads. */
  readonly tokens: string
  /** Per merchant: the latest fencing token issued, and who holds its refresh lease until when. */
  readonly leases: string
  /** Authorization states, until taken or expired. */
  readonly states: string
  /** Claim markers, until they expire. */
  readonly claims: string

  constructor(readonly prefix: string) {
    if (!PREFIX.test(prefix)) {
      throw new AlipayConfigError(
        `tablePrefix must be a letter followed by letters, digits or underscores (at most 40), e.g. alipay_isv_; got ${JSON.stringify(prefix)}.`,
      )
    }
    this.schema = `${prefix}schema`
    this.tokens = `${prefix}tokens`
    this.leases = `${prefix}refresh_leases`
    this.states = `${prefix}states`
    this.claims = `${prefix}claims`
  }

  /** Every table, in the order they are created. */
  get all(): string[] {
    return [this.schema, this.tokens, this.leases, this.states, this.claims]
  }
}
