import type { AppAuth } from '@alipay-isv/core'
import { AuthMetrics } from './auth-metrics.js'
import type { ExampleConfig } from './config.js'
import type { ActionResult } from './error-page.js'
import type { PageResponse } from './html.js'
import { queryAction, refreshAction } from './merchant-actions.js'
import { merchantsPage } from './pages.js'

/** Merchants on one page: the list is read a page at a time, however many there are. */
export const MERCHANTS_PER_PAGE = 50

/**
 * GET /merchants and its two buttons, over the adapter's `AppAuth`. A button's result (or its
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

  /**
   * `authorized`: the page is where a completed authorization lands. `after`: the page of
   * merchants after this `authAppId` (the previous page's last), the first page without it.
   */
  async show(
    options: { authorized?: boolean; result?: ActionResult; after?: string } = {},
  ): Promise<PageResponse> {
    const { after } = options
    const page = await this.appAuth.listMerchants({ after, limit: MERCHANTS_PER_PAGE })
    return merchantsPage({
      merchants: page.merchants,
      paging: { after, next: page.next },
      metrics: await this.metrics.snapshot(),
      trust: this.config.trust,
      result: options.result,
      notice: options.authorized ? 'Authorization complete.' : undefined,
    })
  }

  async refresh(authAppId: string): Promise<PageResponse> {
    return this.show({ result: await refreshAction(this.appAuth, authAppId) })
  }

  async query(authAppId: string): Promise<PageResponse> {
    return this.show({ result: await queryAction(this.appAuth, authAppId) })
  }
}
