import { AlipayResponseError } from '../errors.js'

/** Reads typed fields out of a verified response node, naming the field when one is missing or malformed. */
export class ResponseFields {
  constructor(
    private readonly data: Record<string, unknown>,
    private readonly operation: string,
  ) {}

  string(name: string): string {
    const value = this.data[name]
    if (typeof value === 'string' && value !== '') return value
    if (typeof value === 'number') return String(value)
    throw this.malformed(name, 'a non-empty string')
  }

  optionalString(name: string): string | undefined {
    const value = this.data[name]
    return value === undefined || value === null ? undefined : this.string(name)
  }

  /** docs/protocol.md §3: numbers arrive as numbers or as numeric strings. */
  number(name: string): number {
    const value = this.data[name]
    if (typeof value === 'number' && Number.isFinite(value)) return value
    if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value)
    throw this.malformed(name, 'a number')
  }

  private malformed(name: string, expected: string): AlipayResponseError {
    return new AlipayResponseError(
      `Alipay's response to ${this.operation} has no valid "${name}" (expected ${expected}); nothing was stored. Report it with the trace id if it persists.`,
    )
  }
}
