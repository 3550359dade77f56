import type { MerchantToken } from '../stores/types.js'

/**
 * One renewal per merchant and refused token, shared by every caller that met the refusal at the
 * same time: a hundred calls meeting a timed-out token ask Alipay once, not a hundred times.
 */
export class TokenRenewals {
  private renewedCount = 0
  private readonly inFlight = new Map<string, { token: string; renewal: Promise<MerchantToken> }>()

  constructor(
    private readonly renew: (authAppId: string, rejectedToken: string) => Promise<MerchantToken>,
  ) {}

  /** How many renewals ended with another token than the one refused. */
  get renewed(): number {
    return this.renewedCount
  }

  run(authAppId: string, rejectedToken: string): Promise<MerchantToken> {
    const pending = this.inFlight.get(authAppId)
    if (pending?.token === rejectedToken) return pending.renewal
    const renewal = this.renew(authAppId, rejectedToken)
      .then((record) => {
        if (record.appAuthToken !== rejectedToken) this.renewedCount++
        return record
      })
      .finally(() => {
        if (this.inFlight.get(authAppId)?.renewal === renewal) this.inFlight.delete(authAppId)
      })
    this.inFlight.set(authAppId, { token: rejectedToken, renewal })
    return renewal
  }
}
