import type { AlipaySdkCommonResult } from 'alipay-sdk'

/**
 * A business failure `sdk.exec` answered (it does not throw them), thrown so that the recovery
 * reads its `code` and `subCode` like any refusal, and turned back into the SDK's result after.
 * Reads `sub_code` too: the SDK's `camelcase: false` leaves Alipay's names as they are.
 */
export class ReturnedFailure extends Error {
  override name = 'ReturnedFailure'
  readonly code: string
  readonly subCode?: string
  readonly traceId?: string

  constructor(readonly result: AlipaySdkCommonResult) {
    const subCode = text(result.subCode) ?? text(result.sub_code)
    super(`Alipay answered ${result.code}${subCode ? ` ${subCode}` : ''}`)
    this.code = String(result.code)
    this.subCode = subCode
    this.traceId = text(result.traceId)
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}
