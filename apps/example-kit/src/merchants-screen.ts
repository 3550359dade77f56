import type { AppAuth } from '@alipay-isv/core'
import { AuthMetrics } from './auth-metrics.js'
import type { ExampleConfig } from './config.js'
import type { ActionResult } from './error-page.js'
import type { PageResponse } from './html.js'
import { queryAction, refreshAction } from './merchant-actions.js'
import { merchantsPage } from './pages.js'
import { reencryptAction, tokenKeysPanel } from './reencrypt-action.js'

/**
 * GET /merchants, its two buttons per merchant and Re-encrypt tokens, over the adapter's `AppAuth`. A button's result (or its
 * error) is shown at the top of the merchants page, so the table below already reflects it.
 */
export class MerchantsScreen {
  /** Counts every AppAuth event from now on: shown on the page and served at GET /metrics. */
  readonly metrics: AuthMetrics

  constructor(
    private readonly appAuth: AppAuth,
    private readonly config: ExampleConfig,
  ) {
    this.metrics = new AuthMetrics(appAuth)
  }

  /** `authorized`: the page is where a completed authorization lands. */
  async show(options: { authorized?: boolean; result?: ActionResult } = {}): Promise<PageResponse> {
    return merchantsPage({
      merchants: await this.appAuth.listMerchants(),
      metrics: await this.metrics.snapshot(),
      trust: this.config.trust,
      result: options.result,
      notice: options.authorized ? 'Authorization complete.' : undefined,
      tokenKeys: tokenKeysPanel(this.config.alipay.tokenKeys?.map((key) => key.id)),
    })
  }

  async refresh(authAppId: string): Promise<PageResponse> {
    return this.show({ result: await refreshAction(this.appAuth, authAppId) })
  }

  async query(authAppId: string): Promise<PageResponse> {
    return this.show({ result: await queryAction(this.appAuth, authAppId) })
  }

  async reencrypt(): Promise<PageResponse> {
    return this.show({ result: await reencryptAction(this.appAuth) })
  }
}
